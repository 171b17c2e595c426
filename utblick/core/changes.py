"""Listeners told when a service changed a record, so later apps can react in the same transaction.

Services call ``changed(obj)`` (``core.services.model_save`` does it for every save); the follow-up
app listens and re-evaluates the strategy's rules that watch the record's model. This is an
explicit call from the write path, not a model signal: bulk imports and fixtures that bypass the
services are re-evaluated by ``manage.py evaluate_rules``.
"""

from collections.abc import Callable
from typing import Any

_listeners: list[Callable[[Any], None]] = []


def listen(listener: Callable[[Any], None]) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def changed(obj: Any) -> None:
    for listener in _listeners:
        listener(obj)
