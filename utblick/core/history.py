"""Field-by-field change history from django-simple-history (X-4)."""

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import formatting

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
HIDDEN_FIELDS = {"version", "revision", "updated_at", "created_at"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    when: Any
    who: str
    action: str
    reason: str
    changes: list[Change]
    subject: str = ""  # the record the entry is about, where a page shows several records' histories


def _value(model: type[models.Model], field_name: str, raw: Any) -> str:
    # A model whose field holds structured data (an assessment's grades) says how it reads.
    custom = getattr(model, "history_text", None)
    text = custom(field_name, raw) if custom is not None else None
    if text is not None:
        return text
    try:
        field = model._meta.get_field(field_name)
    except Exception:
        return "" if raw is None else str(raw)
    if raw in (None, "", []):
        return "—"
    if isinstance(raw, list):  # JSON lists (deadlines, countries): their values, not Python's notation
        return ", ".join(str(value) for value in raw)
    if getattr(field, "choices", None):
        return str(dict(getattr(field, "flatchoices", ())).get(raw, raw))
    if isinstance(field, models.ForeignKey):
        related = field.related_model._default_manager.filter(pk=raw).first()
        return str(related) if related else f"#{raw}"
    if isinstance(field, models.BooleanField):
        return str(_("yes") if raw else _("no"))
    if isinstance(field, models.IntegerField) and not field.name.endswith("year"):
        return formatting.number(raw)  # counts and amounts grouped; years ("target_year") as written
    return formatting.value_text(raw)


def _label(model: type[models.Model], field_name: str) -> str:
    try:
        return str(getattr(model._meta.get_field(field_name), "verbose_name", field_name))
    except Exception:
        return field_name


def history_entries(obj: models.Model) -> list[Entry]:
    """Newest first. The first record lists every filled-in field as its change."""
    records = obj.history.select_related("history_user").order_by("-history_date", "-history_id")  # type: ignore[attr-defined]
    return _entries(type(obj), list(records))


def history_entries_of(
    model: type[models.Model], history: Any, subject: Any = None, hidden: frozenset[str] = frozenset()
) -> list[Entry]:
    """The entries of every row in ``history`` (a historical queryset, removed rows included), newest first.

    ``subject(record)`` names the row an entry is about, e.g. "Översyn 2017-12-31", for a page that
    shows the history of a record and the records under it together; ``hidden`` fields (the link to
    that record) are left out.
    """
    by_row: dict[Any, list[Any]] = {}
    for record in history.select_related("history_user").order_by("-history_date", "-history_id"):
        by_row.setdefault(getattr(record, model._meta.pk.attname), []).append(record)
    entries: list[Entry] = []
    for records in by_row.values():
        label = str(subject(records[0])) if subject else ""
        for entry in _entries(model, records, hidden):
            entry.subject = label
            entries.append(entry)
    return entries


def merged(*lists: list[Entry]) -> list[Entry]:
    """Several histories as one, newest first."""
    return sorted((entry for entries in lists for entry in entries), key=lambda entry: entry.when, reverse=True)


def _entries(model: type[models.Model], records: list[Any], hidden: frozenset[str] = frozenset()) -> list[Entry]:
    hidden = frozenset(HIDDEN_FIELDS) | hidden
    entries = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        if previous is not None:
            delta = record.diff_against(previous)
            changes = [
                Change(_label(model, c.field), _value(model, c.field, c.old), _value(model, c.field, c.new))
                for c in delta.changes
                if c.field not in hidden
            ]
            # diff_against leaves out fields no form edits; those the system sets (who published an
            # engagement and when, a trip's computed CO2e) belong in the history too.
            for field in record.tracked_fields:
                old, new = getattr(previous, field.attname), getattr(record, field.attname)
                if not field.editable and field.name not in hidden and old != new:
                    changes.append(
                        Change(
                            _label(model, field.name), _value(model, field.name, old), _value(model, field.name, new)
                        )
                    )
        else:
            changes = [
                Change(_label(model, f.name), "", _value(model, f.name, getattr(record, f.attname)))
                for f in model._meta.concrete_fields
                if f.name not in hidden and f.name != "id" and getattr(record, f.attname) not in (None, "")
            ]
        entries.append(
            Entry(
                when=record.history_date,
                who=str(record.history_user) if record.history_user else str(_("the system")),
                action=str(ACTIONS.get(record.history_type, record.history_type)),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries
