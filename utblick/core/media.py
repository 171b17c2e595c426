"""Uploaded files against the database: what is missing, what is orphaned (docs/operations.md).

The database and the uploads (``MEDIA_ROOT`` or the configured storage) are backed up and restored
together; ``manage.py media_check`` uses this module to show where they disagree: a record pointing
to a file that storage lacks (a restore without the uploads: its download would fail), or a file
that no record points to (left behind by a crash, or restored from an older backup).
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.core.files.storage import Storage
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalChanges


@dataclass(frozen=True)
class Reference:
    """One record's file: ``engagements.Attachment 12 file: attachments/2026/ansokan.pdf``."""

    model: str
    pk: object
    field: str
    name: str

    def __str__(self) -> str:
        return f"{self.model} {self.pk} {self.field}: {self.name}"


@dataclass
class MediaReport:
    references: int = 0
    stored: int = 0
    missing: list[Reference] = field(default_factory=list)
    orphans: list[tuple[Storage, str]] = field(default_factory=list)
    recent: int = 0  # unreferenced but younger than the grace period: an upload on its way in

    @property
    def orphan_names(self) -> list[str]:
        return [name for _storage, name in self.orphans]


def file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    """Every file field of the current records (histories only remember names of earlier files)."""
    for model in apps.get_models():
        if issubclass(model, HistoricalChanges):
            continue
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                yield model, model_field


def stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from stored_names(storage, f"{folder}/{sub}" if folder else sub)


def media_check(*, grace: timedelta = timedelta(hours=1)) -> MediaReport:
    """Compare every file field's value with what storage holds; nothing is changed."""
    report = MediaReport()
    referenced: dict[int, set[str]] = {}
    storages: dict[int, Storage] = {}
    for model, file_field in file_fields():
        storage = file_field.storage
        storages[id(storage)] = storage
        names = referenced.setdefault(id(storage), set())
        rows = model._default_manager.exclude(**{file_field.name: ""}).exclude(**{f"{file_field.name}__isnull": True})
        for pk, name in rows.values_list("pk", file_field.name).iterator():
            report.references += 1
            names.add(name)
            if not storage.exists(name):
                report.missing.append(Reference(model._meta.label, pk, file_field.name, name))
    cutoff = timezone.now() - grace
    for key, storage in storages.items():
        try:
            stored = list(stored_names(storage))
        except FileNotFoundError:  # no upload yet: the folder does not exist
            continue
        for name in stored:
            report.stored += 1
            if name in referenced[key]:
                continue
            if storage.get_modified_time(name) > cutoff:
                report.recent += 1
            else:
                report.orphans.append((storage, name))
    return report
