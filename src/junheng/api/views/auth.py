"""The API token: a user name and password exchanged for the user's token, throttled per
client address and locked out per user name and per address (django-axes,
`junheng.accounts.lockout`) as the login page is. A wrong user name or password is 401: the
request was well formed, the credentials were refused."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate, user_logged_in
from drf_spectacular.utils import extend_schema
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from junheng.api.errors import Refused, error_item, error_responses, refused
from junheng.api.serializers import CredentialsSerializer, TokenSerializer
from junheng.api.views.base import ApiView, body_of


class TokenThrottle(AnonRateThrottle):
    """Token requests per client address, against password spraying across user names;
    django-axes locks out one user name after repeated failures. The rate is
    REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api_token"] when set."""

    scope = "api_token"
    default_rate = "30/hour"

    def get_rate(self) -> str:
        return self.THROTTLE_RATES.get(self.scope) or self.default_rate


class WrongCredentials(Refused):
    """401 for a wrong user name or password, with the scheme a client authenticates by."""

    def __init__(self) -> None:
        super().__init__(401, [error_item(None, "用户名或密码错误", "wrong user name or password")])
        self.auth_header = "Token"


class TokenView(ApiView):
    """Exchange a user name and password for the user's API token."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (TokenThrottle,)

    @extend_schema(
        operation_id="token_create",
        tags=["token"],
        summary="Obtain the API token",
        request=CredentialsSerializer,
        responses={
            200: TokenSerializer,
            **error_responses(
                415,
                e401="wrong user name or password, or the account is inactive",
                e429="too many token requests from the address, or too many failed logins "
                "(the user name, or the address across names, is locked for a while)",
            ),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        credentials = body_of(CredentialsSerializer, request)
        # `authenticate` with the request, so that django-axes counts failures and locks out
        user = authenticate(request=request, **credentials)
        if user is None:
            if getattr(request, "axes_locked_out", False):
                minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
                raise refused(
                    settings.AXES_HTTP_RESPONSE_CODE,
                    f"登录失败次数过多，该账号（或您所在的网络地址）已被暂时锁定，"
                    f"请 {minutes} 分钟后再试或联系管理员",
                    f"too many failed logins: the account (or your network address) is locked "
                    f"for {minutes} minutes",
                )
            raise WrongCredentials()
        user_logged_in.send(sender=type(user), request=request, user=user)  # axes resets failures
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key, "username": user.username, "role": user.role})
