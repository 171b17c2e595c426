"""Helpers for idempotent demo loaders: running ``load_demo`` twice must change nothing."""

from typing import Any

from django.db import models


def ensure[M: models.Model](model: type[M], defaults: dict[str, Any] | None = None, **lookup: Any) -> M:
    """Get the row matching ``lookup``; create it, or save it only when a default differs.

    Unlike ``update_or_create`` this writes nothing (and so adds no history row) when the
    row already holds the wanted values.
    """
    defaults = defaults or {}
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return model._default_manager.create(**lookup, **defaults)
    changed = [name for name, value in defaults.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, defaults[name])
        obj.save()
    return obj
