"""DRF authentication with API tokens that expire API_TOKEN_LIFETIME_HOURS after they are issued.

Kept apart from the token view (core.tokens): DRF imports this module while loading its views.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from core.models import User


def token_expires_at(token: Token) -> datetime:
    return token.created + timedelta(hours=settings.API_TOKEN_LIFETIME_HOURS)


def token_issue(*, user: User) -> Token:
    """The user's token; an expired one is replaced (it would be refused at once)."""
    Token.objects.filter(
        user=user, created__lte=timezone.now() - timedelta(hours=settings.API_TOKEN_LIFETIME_HOURS)
    ).delete()
    token, _created = Token.objects.get_or_create(user=user)
    return token


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token, valid API_TOKEN_LIFETIME_HOURS after it was issued; then deleted."""

    def authenticate_credentials(self, key: str) -> tuple[User, Token]:
        user, token = super().authenticate_credentials(key)
        if token_expires_at(token) <= timezone.now():
            token.delete()
            raise exceptions.AuthenticationFailed(
                _("Mã truy cập đã hết hạn; hãy đăng nhập lại để lấy mã mới.")
            )
        return user, token


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """django-axes' answer to a locked account (AXES_LOCKOUT_CALLABLE): 429, the login page's
    sentence, as JSON for the API's sign-in and as the page for the login form."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": locked_out_message()}, status=429)
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)


def locked_out_message() -> str:
    """The sentence of templates/registration/locked_out.html."""
    return _(
        "Tài khoản tạm bị khóa do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau 1 giờ "
        "hoặc liên hệ quản trị hệ thống."
    )
