"""The form a respondent opens from a QR code or an open link: no login, never cached, not
indexed. A token is consumed when the answers are stored; submissions and misses are rate
limited (`throttle`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods

from junheng.surveys import selectors, services, throttle
from junheng.surveys.forms.public import ResponseForm

PUBLIC_MESSAGES = {
    "invalid": (404, "链接无效", "此链接无效或已作废。请核对二维码，或联系发放问卷的学校。"),
    "used": (
        410,
        "此二维码已使用",
        "每个二维码只能提交一次，此二维码已经提交过问卷。感谢您的参与！",
    ),
    "closed": (403, "调查未开放", "本次调查当前不在作答时间内。"),
    "limited": (429, "请稍后再试", "提交过于频繁，请稍后再试。"),
}


def _public(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200):
    response = render(request, template, context, status=status)
    add_never_cache_headers(response)
    # the site's Referrer-Policy (same-origin) keeps the token's address from other sites;
    # no-referrer would make browsers send "Origin: null", which the CSRF check refuses
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _message(request: HttpRequest, key: str) -> HttpResponse:
    status, title, text = PUBLIC_MESSAGES[key]
    return _public(request, "surveys/public_message.html", {"title": title, "text": text}, status)


def _answer_page(request: HttpRequest, target: Any, form: Any, status: int = 200) -> HttpResponse:
    context = {"target": target, "survey": target.survey, "form": form}
    return _public(request, "surveys/public_form.html", context, status)


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The form a one-time QR code opens; its token is consumed when the answers are stored."""
    if throttle.blocked(request, "miss"):
        return _message(request, "limited")
    if request.method == "POST" and not throttle.allow(request, "submit"):
        return _message(request, "limited")
    target = selectors.token_target(token=token)
    if target is None or target.state == "used":
        throttle.allow(request, "miss")
        return _message(request, "invalid" if target is None else "used")
    if target.state != "ok":
        return _message(request, "closed")
    form = ResponseForm(request.POST or None, survey=target.survey, questions=target.questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit_token(token=token, answers=form.answers())
        except services.InvalidAnswers as error:
            form.add_problems(error.problems)
        except services.TokenUnusable:
            return _message(request, "used")
        except services.NotAccepting:
            return _message(request, "closed")
        else:
            return redirect("surveys:done")
    return _answer_page(request, target, form, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def open_answer(request: HttpRequest, slug: str) -> HttpResponse:
    """A group's open link: anyone may answer, as often as they like (不防重复作答)."""
    if throttle.blocked(request, "miss"):
        return _message(request, "limited")
    if request.method == "POST" and not throttle.allow(request, "open"):
        return _message(request, "limited")
    target = selectors.open_target(slug=slug)
    if target is None:
        throttle.allow(request, "miss")
        return _message(request, "invalid")
    if target.state != "ok":
        return _message(request, "closed")
    form = ResponseForm(
        request.POST or None,
        survey=target.survey,
        questions=target.questions,
        schools=selectors.answer_schools(target=target),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit_open(
                slug=slug, school=form.cleaned_data.get("school"), answers=form.answers()
            )
        except services.InvalidAnswers as error:
            form.add_problems(error.problems)
        except services.TokenUnusable:
            return _message(request, "invalid")
        except services.NotAccepting:
            return _message(request, "closed")
        else:
            return redirect("surveys:done")
    return _answer_page(request, target, form, status=400 if form.errors else 200)


@require_GET
def done(request: HttpRequest) -> HttpResponse:
    return _public(
        request,
        "surveys/public_message.html",
        {
            "title": "提交成功",
            "text": "您的问卷已提交，感谢您的参与！您可以关闭此页面。",
            "ok": True,
        },
    )
