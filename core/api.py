"""API foundations: a viewset that cannot forget scoping, and Django errors mapped to HTTP."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from rest_framework import exceptions, permissions, viewsets
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


def exception_handler(exc, context) -> Response | None:
    """Map Django's ValidationError/PermissionDenied/Http404 to 400/403/404."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)
