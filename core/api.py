"""API foundations: a viewset that cannot forget scoping, and Django errors mapped to HTTP."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
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
