"""Request bodies: JSON (and TOML for strategy files), never larger than the configured limit."""

import io
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers, status

from utblick.core.library_errors import json_problem


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "too_large"


def too_large_message() -> str:
    return _("The request body is larger than %(limit)s bytes.") % {"limit": settings.UTBLICK_API_MAX_BODY_BYTES}


def read_limited(stream: Any, meta: dict) -> bytes:
    """At most ``UTBLICK_API_MAX_BODY_BYTES``: refused by its declared length, or while reading."""
    limit = settings.UTBLICK_API_MAX_BODY_BYTES
    try:
        declared = int(meta.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        raise RequestTooLarge(too_large_message())
    body = stream.read(limit + 1) if stream is not None else b""
    if len(body) > limit:
        raise RequestTooLarge(too_large_message())
    return body


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict | None = None) -> Any:
        request = (parser_context or {}).get("request")
        body = read_limited(stream, request.META if request is not None else {})
        try:
            return super().parse(io.BytesIO(body), media_type, parser_context)
        except RecursionError as error:  # "[[[[…": Python's JSON decoder recurses once per level
            raise exceptions.ParseError(_("The JSON is nested too deeply.")) from error
        except exceptions.ParseError as error:
            # DRF passes json's English message on ("JSON parse error - Expecting value: line 1 …").
            cause = error.__context__ or error
            raise exceptions.ParseError(
                _("The body is not valid JSON: %(problem)s.") % {"problem": json_problem(cause, data=body)}
            ) from error


class TomlTextParser(parsers.BaseParser):
    """A strategy file sent as it is (``Content-Type: application/toml``); parsed by the importer."""

    media_type = "application/toml"

    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict | None = None) -> str:
        request = (parser_context or {}).get("request")
        body = read_limited(stream, request.META if request is not None else {})
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise exceptions.ParseError(_("The file is not UTF-8 text.")) from error
