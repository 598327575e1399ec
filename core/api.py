"""API foundations: a viewset that cannot forget scoping, and Django errors mapped to HTTP."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler


class ScopedViewSet(viewsets.GenericViewSet):
    """Lists and details come only from `scoped_queryset()`, which starts from a scoped selector.

    Subclasses may not override get_queryset (PostHog's guard): scoping fails closed.
    """

    permission_classes = [permissions.IsAuthenticated]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "get_queryset" in cls.__dict__:
            raise TypeError(f"{cls.__name__} must define scoped_queryset(), not get_queryset()")

    def scoped_queryset(self) -> QuerySet:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet:
        return self.scoped_queryset()


def validated(view: ScopedViewSet, serializer_class: type[serializers.Serializer]) -> dict:
    """The request body checked for shape; ids are resolved within the caller's scope."""
    data = serializer_class(data=view.request.data, context=view.get_serializer_context())
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


def shown(view: ScopedViewSet, obj: Model, code: int = status.HTTP_200_OK) -> Response:
    """The written row as the list shows it: read back through the scoped queryset."""
    row = view.scoped_queryset().get(pk=obj.pk)
    return Response(view.get_serializer(row).data, status=code)


class ReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """List (filtered, paginated) and detail; a row outside the scope is a 404."""


class ErrorOutputSerializer(serializers.Serializer):
    """Every error but a validation error: one message, in Vietnamese."""

    detail = serializers.CharField()


class ApiSchema(AutoSchema):
    """Each operation documents every status it can answer, not only its success (issue 9):
    400 where it reads input or filters, 401/403 where it needs a signed-in user, 404 where
    it reads a row or a page, 429 where it is throttled."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description in self._error_codes().items():
            if code in responses:
                continue
            body = OpenApiTypes.OBJECT if code == "400" else ErrorOutputSerializer
            answer = OpenApiResponse(body, description=description)
            responses[code] = self._get_response_for_code(answer, code, direction=direction)
        return responses

    def _error_codes(self) -> dict[str, str]:
        codes = {}
        reads_input = (
            self.method in ("POST", "PUT", "PATCH")
            or self._get_filter_parameters()
            or self._get_pagination_parameters()  # a page number out of range, a bad cursor
            or self.get_override_parameters()  # query parameters an action declares and checks
        )
        if reads_input:
            codes["400"] = _("Dữ liệu không hợp lệ; lỗi theo từng trường.")
        public = all(isinstance(p, permissions.AllowAny) for p in self.view.get_permissions())
        if not public:
            codes["401"] = _("Thông tin xác thực không đúng.")
            codes["403"] = _("Chưa đăng nhập, hoặc không có quyền thực hiện.")
        if "{" in self.path or self._get_pagination_parameters():
            codes["404"] = _("Không tìm thấy (hoặc ngoài phạm vi được xem), hoặc trang không có.")
        if self.view.get_throttles():
            codes["429"] = _("Quá nhiều yêu cầu; thử lại sau.")
        return codes


def exception_handler(exc, context) -> Response | None:
    """Map Django's ValidationError/PermissionDenied/Http404 to 400/403/404."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, exceptions.AuthenticationFailed):
        # A token was sent but refused (unknown, expired): 401, whatever the first authenticator.
        exc.status_code, exc.auth_header = status.HTTP_401_UNAUTHORIZED, "Token"
    return drf_exception_handler(exc, context)
