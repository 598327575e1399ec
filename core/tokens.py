"""API tokens for scripts: issued through django-axes, throttled, limited in time, revocable.

The token view signs in like the login page: the same lockout (django-axes, answered 429 with
the login page's message), and a success resets the failure count (the `user_logged_in` signal).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping

from django.contrib.auth import authenticate, user_logged_in
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from core.authentication import token_expires_at, token_issue
from core.serializers import DetailSerializer, TokenInputSerializer, TokenOutputSerializer


class AccountRateThrottle(SimpleRateThrottle):
    """Sign-in attempts per account name, whatever address they come from."""

    scope = "token_account"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        data = request.data if request.method == "POST" else None
        username = data.get("username") if isinstance(data, Mapping) else None  # "[null]": none
        if not isinstance(username, str) or not username:
            return None
        # Hashed: a user name may hold anything (spaces, control characters, any length), and a
        # cache key must not (memcached refuses them; Redis keys should stay short).
        ident = hashlib.sha256(username.strip().lower().encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AddressRateThrottle(SimpleRateThrottle):
    """Sign-in attempts per client address (a password spray over many accounts)."""

    scope = "token_address"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class SignInThrottled(exceptions.Throttled):
    """DRF's 429 (with Retry-After), its message in Vietnamese."""

    def __init__(self, wait: float | None) -> None:
        seconds = math.ceil(wait or 60)
        detail = _("Đăng nhập quá nhiều lần; thử lại sau %(seconds)s giây.") % {"seconds": seconds}
        super().__init__(wait=None, detail=detail)
        self.wait = wait


class TokenView(APIView):
    """POST signs in and returns the token; DELETE revokes the caller's own token."""

    throttle_classes = [AccountRateThrottle, AddressRateThrottle]

    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "DELETE" else [AllowAny()]

    def throttled(self, request: Request, wait: float | None) -> None:
        raise SignInThrottled(wait)

    @extend_schema(
        request=TokenInputSerializer,
        responses={
            200: TokenOutputSerializer,
            400: OpenApiResponse(description="Wrong or missing user name or password."),
            429: OpenApiResponse(DetailSerializer, description="Account locked or throttled."),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = TokenInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # django-axes flags a lockout on Django's request; its middleware then answers 429
        # (core.authentication.lockout_response).
        http_request = request._request
        user = authenticate(request=http_request, **data.validated_data)
        if user is None:
            raise exceptions.ValidationError(
                {"non_field_errors": [_("Tên đăng nhập hoặc mật khẩu không đúng.")]},
                code="invalid_credentials",
            )
        user_logged_in.send(sender=user.__class__, request=http_request, user=user)
        token = token_issue(user=user)
        return Response(
            TokenOutputSerializer({"token": token.key, "expires_at": token_expires_at(token)}).data
        )

    @extend_schema(
        request=None, responses={204: None, 401: DetailSerializer, 403: DetailSerializer}
    )
    def delete(self, request: Request) -> Response:
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
