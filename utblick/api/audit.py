"""Every API write says in its history which token made it (X-4, X-6).

The authentication of an API request sets the change reason for the rest of the request
("API: <token name>"); each historical row created meanwhile gets it, whichever service or
model wrote the row. A context variable rather than an argument, because the reason belongs
to the request, not to the services, which the pages call too.
"""

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from .models import ApiToken

_reason: contextvars.ContextVar[str | None] = contextvars.ContextVar("utblick_api_change_reason", default=None)


def reason_for(auth: Any) -> str:
    if isinstance(auth, ApiToken):
        return f"API: {auth.name}"
    return "API: session"


@contextlib.contextmanager
def api_request() -> Iterator[None]:
    """Around one API request: whatever reason it sets is gone when it ends (threads are reused)."""
    marker = _reason.set(None)
    try:
        yield
    finally:
        _reason.reset(marker)


def set_reason(reason: str) -> None:
    _reason.set(reason)


def current_reason() -> str | None:
    return _reason.get()


def stamp_historical_record(sender: Any, history_instance: Any, **kwargs: Any) -> None:
    """simple-history's ``pre_create_historical_record``: add the API reason to the row."""
    reason = _reason.get()
    if not reason:
        return
    existing = history_instance.history_change_reason
    history_instance.history_change_reason = f"{reason} – {existing}" if existing else reason
