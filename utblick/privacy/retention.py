"""Retention runs (gallring): archive what the rules say, then remove exactly that.

For each of the organisation's rules the records due are gathered with everything their removal
takes along (Django's own deletion collector: the kind's record, legs, exchanges, evaluations,
resources, attachments, links), plus the deviations that concern them and, always, their
history rows. All of it is written to one archive package first; the package is read back and
checked; only then are the rows removed, their history with them where the rule says so, and the
attachments' files last, once the database has committed (docs/personal-data.md).
"""

import datetime
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models.deletion import Collector
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from utblick.core.models import User
from utblick.organisations.models import Organisation

from . import scan
from .models import RetentionRule, RetentionRun
from .packages import Package
from .selectors import retention_due, retention_rules


class ArchiveError(RuntimeError):
    """The archive package could not be written or read back; nothing was removed."""


@dataclass
class Removal:
    """What one rule removes: the records due and every row that goes with them."""

    rule: RetentionRule
    cutoff: datetime.date
    roots: list[models.Model]
    collector: Collector
    rows: dict[type[models.Model], list[models.Model]] = field(default_factory=dict)
    history: dict[type[models.Model], list[models.Model]] = field(default_factory=dict)

    @property
    def history_count(self) -> int:
        return sum(len(rows) for rows in self.history.values())

    @property
    def row_count(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


def _generic_dependents(collector: Collector) -> list[models.Model]:
    """Rows that point at collected rows through a generic relation (a deviation's subject)."""
    found: list[models.Model] = []
    for model in scan.searchable_models():
        for generic in [f for f in model._meta.private_fields if isinstance(f, GenericForeignKey)]:
            for target, objects in list(collector.data.items()):
                content_type = ContentType.objects.get_for_model(target)
                rows = model._base_manager.filter(
                    **{generic.ct_field: content_type, f"{generic.fk_field}__in": [obj.pk for obj in objects]}
                )
                found.extend(row for row in rows if row not in collector.data.get(model, ()))
    return found


def plan(rule: RetentionRule, today: datetime.date) -> Removal | None:
    roots = retention_due(rule=rule, today=today)
    if not roots:
        return None
    collector = Collector(using=DEFAULT_DB_ALIAS)
    collector.collect(roots)
    while dependents := _generic_dependents(collector):
        collector.collect(dependents)
    removal = Removal(rule, rule.cutoff(today), roots, collector)  # type: ignore[arg-type]
    for model, objects in collector.data.items():
        removal.rows[model] = sorted(objects, key=lambda obj: obj.pk)
    for rows in collector.fast_deletes:  # link tables, deleted without loading
        removal.rows.setdefault(rows.model, []).extend(rows)
    for model, objects in removal.rows.items():
        history = getattr(model, "history", None)
        if history is not None and scan.is_history(history.model) and objects:
            pk_name = model._meta.pk.attname
            removal.history[history.model] = list(
                history.model._base_manager.filter(**{f"{pk_name}__in": [obj.pk for obj in objects]}).order_by(
                    "history_id"
                )
            )
    return removal


def plans(organisation: Organisation, today: datetime.date) -> list[Removal]:
    found = [plan(rule, today) for rule in retention_rules(organisation=organisation).values() if rule.years]
    return [removal for removal in found if removal is not None]


def _files(removal: Removal) -> list[tuple[models.Model, models.FileField, Any]]:
    found = []
    for model, objects in removal.rows.items():
        for file_field in [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]:
            found += [(obj, file_field, getattr(obj, file_field.attname)) for obj in objects]
    return [(obj, file_field, value) for obj, file_field, value in found if value]


def archive_package(organisation: Organisation, today: datetime.date, removals: list[Removal]) -> bytes:
    package = Package("utblick-archive-package")
    tables: dict[type[models.Model], list[models.Model]] = {}
    for removal in removals:
        for store in (removal.rows, removal.history):
            for model, rows in store.items():
                tables.setdefault(model, []).extend(rows)
    for model in sorted(tables, key=lambda m: (scan.is_history(m), m._meta.db_table)):
        package.add_table(model, tables[model], folder="history" if scan.is_history(model) else "data")
    attachments = []
    for removal in removals:
        for obj, file_field, value in _files(removal):
            try:
                with value.open("rb") as handle:
                    data = handle.read()
            except OSError:
                attachments.append(
                    {"record": obj.pk, "table": obj._meta.db_table, "stored_as": value.name, "missing": True}
                )
                continue
            entry = package.add(
                f"files/{obj._meta.db_table}/{obj.pk}/{value.name.rsplit('/', 1)[-1]}",
                data,
                _("The file of %(record)s (column %(column)s in %(table)s).")
                % {"record": obj, "column": file_field.attname, "table": obj._meta.db_table},
            )
            attachments.append(
                {"record": obj.pk, "table": obj._meta.db_table, "stored_as": value.name, "path": entry["path"]}
            )
    rules = [
        {
            "records": removal.rule.record_kind,
            "label": str(removal.rule.get_record_kind_display()),
            "years": removal.rule.years,
            "decided_in": removal.rule.basis,
            "ended_before": removal.cutoff.isoformat(),
            "removes_history": removal.rule.removes_history,
            "records_removed": [
                {"table": root._meta.db_table, "id": root.pk, "record": str(root)} for root in removal.roots
            ],
        }
        for removal in removals
    ]
    intro = _(
        "Records removed from Utblick by %(organisation)s's retention rules on %(day)s (gallring). The "
        "package holds every removed row of every table, the change history of each, and the files "
        "attached to them, as they were just before the removal."
    ) % {"organisation": organisation.name, "day": today.isoformat()}
    return package.close(
        title=_("Archive package from Utblick"),
        readme_intro=intro,
        organisation={"name": organisation.name, "slug": organisation.slug, "number": organisation.organisation_number},
        run_on=today.isoformat(),
        rules=rules,
        attachments=attachments,
    )


def _check(data: bytes, expected: int) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if archive.testzip() is not None:
            raise ArchiveError("a file in the archive package is damaged")
        manifest = json.loads(archive.read("manifest.json"))
        rows = sum(entry.get("rows", 0) for entry in manifest["files"])
        if rows != expected:
            raise ArchiveError(f"the archive package holds {rows} rows, {expected} were to be archived")


def _remove(removal: Removal, reason: str) -> tuple[int, int]:
    # The deletion forgets the rows' numbers; their history is found by them afterwards.
    numbers = {model: [obj.pk for obj in rows] for model, rows in removal.rows.items()}
    for objects in removal.collector.data.values():
        for obj in objects:
            obj._change_reason = reason  # type: ignore[attr-defined]
    removed, _counts = removal.collector.delete()
    history_removed = 0
    if removal.rule.removes_history:
        for model, pks in numbers.items():
            history = getattr(model, "history", None)
            if history is None or not scan.is_history(history.model) or not pks:
                continue
            # Every version, the removal's own row included.
            rows = history.model._base_manager.filter(**{f"{model._meta.pk.attname}__in": pks})
            history_removed += rows.delete()[0]
    return removed, history_removed


def retention_run(
    *,
    organisation: Organisation,
    today: datetime.date | None = None,
    user: User | None = None,
    dry_run: bool = False,
) -> tuple[RetentionRun | None, list[Removal]]:
    """Apply the organisation's rules as of ``today``: archive, check the archive, then remove.

    ``dry_run`` only says what would be removed: nothing is written. Nor is anything when nothing is
    due, so the list of runs shows the nights that removed something.
    """
    today = today or timezone.localdate()
    removals = plans(organisation, today)
    if dry_run or not removals:
        return None, removals
    with translation.override(organisation.report_language):
        data = archive_package(organisation, today, removals)
        reason = _("Removed by the retention rules (archived on %(day)s)") % {"day": today.isoformat()}
    _check(data, sum(removal.row_count + removal.history_count for removal in removals))
    run = RetentionRun(
        organisation=organisation, run_on=today, started_by=user if getattr(user, "is_authenticated", False) else None
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    run.archive.save(f"gallring-{slugify(organisation.slug)}-{stamp}.zip", ContentFile(data), save=False)
    run.archive_sha256 = hashlib.sha256(data).hexdigest()
    run.archive_size = len(data)
    files = [(value.storage, value.name) for removal in removals for _obj, _field, value in _files(removal)]
    try:
        with transaction.atomic():
            counts: dict[str, int] = {"rows": 0, "history": 0, "files": len(files)}
            for removal in removals:
                counts[removal.rule.record_kind] = len(removal.roots)
                removed, history_removed = _remove(removal, reason)
                counts["rows"] += removed
                counts["history"] += history_removed
            run.counts = counts
            run.save()
            # The files go only once the removal is committed; a failed run keeps them.
            transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    except Exception:
        run.archive.delete(save=False)
        raise
    return run, removals
