"""Middleware of the project's own."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import get_resolver


class NotFoundPageMiddleware:
    """A 404 that a view raises answers with the site's own page in development too.

    Such a 404 is the answer for another organisation's address or a record that is gone, and a
    developer trying the personas should see what users see. With ``DEBUG`` on, Django would show
    its technical page instead (English, listing the URL patterns); that page stays for addresses
    no route knows, where it helps. Without ``DEBUG`` Django uses the same handler anyway.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if settings.DEBUG and isinstance(exception, Http404):
            handler: Any = get_resolver().resolve_error_handler(404)  # stubs know only the 500 handler's shape
            return handler(request, exception)
        return None


class NulCharacterMiddleware:
    """A request whose address parameters or form fields hold a NUL character answers 400.

    No text a user means holds one, and PostgreSQL cannot store or compare it: a filter or search
    handed such a value would fail with a server error deep in a query. Django's form fields refuse
    it already; this refuses it for every value a view reads directly too, on both databases alike.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):  # the API validates its parameters itself and answers in JSON
            return self.get_response(request)
        if "\x00" in request.path or _holds_nul(request.GET) or _holds_nul(_form_data(request)):
            raise SuspiciousOperation("A NUL character in the request's parameters.")
        return self.get_response(request)


def _form_data(request: HttpRequest) -> Any:
    if request.method != "POST" or not (request.content_type or "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        return {}
    return request.POST


def _holds_nul(data: Any) -> bool:
    return (
        any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())
        if data
        else False
    )
