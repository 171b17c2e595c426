"""Errors answer as JSON with the same meaning as on the pages (400 invalid, 403 role, 404 outside, 409 conflict)."""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from utblick.core.concurrency import EditConflict

from .parsers import RequestTooLarge, too_large_message


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Someone else saved this record after you read it. Nothing of yours was saved.")
    default_code = "conflict"


def validation_error_detail(error: DjangoValidationError) -> Any:
    """A Django ValidationError (from ``full_clean`` in the services) as DRF's error body."""
    if hasattr(error, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): messages
            for field, messages in error.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: error.messages}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, RequestDataTooBig):
        # Django refuses the body before the API's parser sees it (DATA_UPLOAD_MAX_MEMORY_SIZE); the
        # answer is still the API's documented JSON 413, not Django's HTML 400.
        exc = RequestTooLarge(too_large_message())
    elif isinstance(exc, Http404):
        # Django's message names the model in English; the API says "not found" in the asker's language.
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied) and not str(exc):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_error_detail(exc))
    elif isinstance(exc, EditConflict):
        response = drf_exception_handler(Conflict(), context)
        if response is not None:
            response.data["version"] = getattr(exc.current, "edit_version", None)
        return response
    return drf_exception_handler(exc, context)
