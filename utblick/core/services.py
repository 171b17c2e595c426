"""Writes every app shares: validate, save with a version check, and attribute the change."""

from django.db import models, transaction

from . import changes
from .concurrency import save_versioned
from .models import VersionedModel, Visitor


@transaction.atomic
def model_save[M: models.Model](
    obj: M, *, user: Visitor | None, expected_version: int | None = None, reason: str = "", notify: bool = True
) -> M:
    """Validate ``obj`` fully and save it; versioned models refuse a stale ``expected_version``.

    ``notify=False`` lets a service that saves several rows announce the change once, at the end.
    """
    obj.full_clean()
    _attribute(obj, user)
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]
    if isinstance(obj, VersionedModel):
        save_versioned(obj, expected_version=expected_version if expected_version is not None else obj.edit_version)
    else:
        obj.save()
    if notify:
        changes.changed(obj)
    return obj


@transaction.atomic
def model_delete(obj: models.Model, *, user: Visitor | None, notify: bool = True) -> None:
    """Delete ``obj``; its history keeps the last state and who removed it."""
    _attribute(obj, user)
    obj.delete()
    if notify:
        changes.changed(obj)


def _attribute(obj: models.Model, user: Visitor | None) -> None:
    obj._history_user = user if getattr(user, "is_authenticated", False) else None  # type: ignore[attr-defined]
