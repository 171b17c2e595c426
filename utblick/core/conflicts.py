"""Resolving an edit conflict (ADR 0003, ADR 0026): keep yours, take the other person's, or choose field by field.

A save refused because someone else saved first answers with the conflict page. The page compares,
field by field, three versions of the record: the one the user loaded (``base``, from the history by
the version the form carried), the one saved meanwhile (``theirs``) and what the user sent (``mine``):

- a field only the user changed keeps the user's value;
- a field only the other person changed takes theirs (the page says so), so saving does not undo it;
- a field both changed differently is a choice: the page offers both, the user's value by default.

The page's form holds all of that (everything the user typed is still there) with the version of the
row saved meanwhile, so saving it is an ordinary save; a choice "take theirs" sent with it
(``resolve-<field>``) puts the other person's value in before the form reads the data.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext as _

CHOICE_PREFIX = "resolve-"
MINE, THEIRS = "mine", "theirs"


@dataclass
class Part:
    """One form of the page (an engagement's shared fields, or its kind's) and the row it edits."""

    form: forms.BaseForm  # the bound form that met the conflict
    make: Callable[[Any], forms.BaseForm]  # an unbound form of the same kind showing an instance
    current: models.Model  # the row as saved meanwhile
    base: models.Model | None  # the row as the user loaded it, when the history has it
    legend: str = ""


@dataclass
class FieldConflict:
    name: str  # the field's name in the posted data (with the form's prefix)
    label: str
    theirs: str
    mine: str
    both: bool  # both changed it: the user chooses; otherwise theirs was taken over


@dataclass
class Resolution:
    data: QueryDict
    conflicts: list[FieldConflict] = field(default_factory=list)

    @property
    def choices(self) -> list[FieldConflict]:
        return [conflict for conflict in self.conflicts if conflict.both]

    @property
    def taken_over(self) -> list[FieldConflict]:
        return [conflict for conflict in self.conflicts if not conflict.both]


def base_of(current: models.Model, version: int | None) -> models.Model | None:
    """The row as it was at ``version``, from its history."""
    if version is None or not hasattr(current, "history"):
        return None
    field = getattr(current, "version_field", "version")
    record = current.history.filter(**{field: version}).order_by("-history_date", "-history_id").first()
    return record.instance if record is not None else None


def before(model: type[models.Model], pk: Any, moment: datetime.datetime | None) -> models.Model | None:
    """A (not versioned) row as it was just before ``moment``: the kind's record of an engagement when the
    other person's save (the engagement's next version) began."""
    if moment is None or not hasattr(model, "history"):
        return None
    pk_name = model._meta.pk.attname
    record = (
        model.history.filter(**{pk_name: pk, "history_date__lt": moment})
        .order_by("-history_date", "-history_id")
        .first()
    )
    return record.instance if record is not None and record.history_type != "-" else None


def version_time(current: models.Model, version: int | None) -> datetime.datetime | None:
    if version is None:
        return None
    field = getattr(current, "version_field", "version")
    history = current.history  # type: ignore[attr-defined]
    record = history.filter(**{field: version}).order_by("-history_date", "-history_id").first()
    return record.history_date if record is not None else None


def resolve(parts: list[Part], data: QueryDict, *, version: int) -> Resolution:
    """The data of the conflict page's form(s), and what differs, field by field."""
    merged = data.copy()
    conflicts: list[FieldConflict] = []
    for part in parts:
        theirs_form = part.make(part.current)
        base_form = part.make(part.base) if part.base is not None else None
        many = {f.name for f in type(part.current)._meta.many_to_many}
        for name, bound in ((name, part.form[name]) for name in part.form.fields):
            if name == "version" or isinstance(bound.field, forms.FileField):
                continue
            mine = data.getlist(bound.html_name)
            theirs = _as_data(theirs_form[name])
            if _same(mine, theirs):
                continue
            base = _as_data(base_form[name]) if base_form is not None and name not in many else None
            if base is not None and _same(base, theirs):
                continue  # only the user changed it
            label = str(bound.label)
            if base is not None and _same(base, mine):  # only the other person changed it
                merged.setlist(bound.html_name, theirs)
                conflicts.append(FieldConflict(bound.html_name, label, _shown(bound, theirs), "", both=False))
                continue
            conflicts.append(
                FieldConflict(bound.html_name, label, _shown(bound, theirs), _shown(bound, mine), both=True)
            )
    merged["version"] = str(version)
    for key in [key for key in merged if key.startswith(CHOICE_PREFIX)]:
        del merged[key]
    return Resolution(merged, conflicts)


def apply_choices(data: QueryDict, parts: list[tuple[Callable[[Any], forms.BaseForm], models.Model]]) -> QueryDict:
    """Posted data with the other person's value wherever the conflict page's choice says "theirs"."""
    chosen = [
        key[len(CHOICE_PREFIX) :] for key, value in data.items() if key.startswith(CHOICE_PREFIX) and value == THEIRS
    ]
    if not chosen:
        return data
    data = data.copy()
    for make, current in parts:
        form = make(current)
        for name in form.fields:
            bound = form[name]
            if bound.html_name in chosen:
                data.setlist(bound.html_name, _as_data(bound))
    return data


def _as_data(bound: forms.BoundField) -> list[str]:
    """What a browser sends for the field while it shows the form's initial value."""
    widget, value = bound.field.widget, bound.value()
    if isinstance(widget, forms.CheckboxInput):
        return ["on"] if value else []
    if isinstance(widget, forms.NullBooleanSelect):
        return [{True: "true", False: "false"}.get(value, "unknown")]
    formatted = widget.format_value(value)
    if formatted is None:
        return []
    if isinstance(formatted, list | tuple):
        return [str(item) for item in formatted if item not in (None, "")]
    return [str(formatted)]


def _normal(values: list[str]) -> list[str]:
    return sorted(text for text in (value.replace("\r\n", "\n").strip() for value in values) if text)


def _same(first: list[str], second: list[str]) -> bool:
    return _normal(first) == _normal(second)


def _shown(bound: forms.BoundField, values: list[str]) -> str:
    """Values as the user reads them: choices by their labels, a tick box as yes or no."""
    field = bound.field
    if isinstance(field.widget, forms.CheckboxInput):
        return _("yes") if values else _("no")
    if isinstance(field.widget, forms.NullBooleanSelect):
        return {"true": _("yes"), "false": _("no")}.get(values[0] if values else "", "—")
    if hasattr(field, "choices"):
        labels = {}
        for key, label in field.choices:
            if isinstance(label, list | tuple):  # grouped choices
                labels.update({str(k): str(v) for k, v in label})
            else:
                labels[str(key)] = str(label)
        return ", ".join(labels.get(value, value) for value in values if value) or "—"
    return ", ".join(value for value in values if value) or "—"
