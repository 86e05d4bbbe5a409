"""The API token: a user name and password exchanged for the user's token, throttled per
client address and locked out per user name (django-axes) as the login page is."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate, user_logged_in
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from junheng.api.errors import ERRORS, ErrorSerializer, refused
from junheng.api.serializers import TokenRequestSerializer, TokenSerializer
from junheng.api.views.base import ApiView, body_of


class TokenThrottle(AnonRateThrottle):
    """Token requests per client address, against password spraying across user names;
    django-axes locks out one user name after repeated failures. The rate is
    REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api_token"] when set."""

    scope = "api_token"
    default_rate = "30/hour"

    def get_rate(self) -> str:
        return self.THROTTLE_RATES.get(self.scope) or self.default_rate


class TokenView(ApiView):
    """Exchange a user name and password for the user's API token."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (TokenThrottle,)

    @extend_schema(
        operation_id="token_create",
        tags=["token"],
        summary="Obtain the API token",
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: ERRORS[400],
            429: OpenApiResponse(ErrorSerializer, description="throttled or locked out"),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        credentials = body_of(TokenRequestSerializer, request)
        # `authenticate` with the request, so that django-axes counts failures and locks out
        user = authenticate(request=request, **credentials)
        if user is None:
            if getattr(request, "axes_locked_out", False):
                minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
                raise refused(
                    settings.AXES_HTTP_RESPONSE_CODE,
                    f"登录失败次数过多，该账号已被暂时锁定，请 {minutes} 分钟后再试或联系管理员",
                    f"too many failed logins: the account is locked for {minutes} minutes",
                )
            raise refused(400, "用户名或密码错误", "wrong user name or password")
        user_logged_in.send(sender=type(user), request=request, user=user)  # axes resets failures
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key, "username": user.username, "role": user.role})
