"""Finding a person anywhere in the database: the rows that refer to them and the texts that name them.

Utblick keeps little about people, but their names end up in free text (an evaluation "by Anna
Lindqvist", a note, a comment) and django-simple-history keeps every old value of every row. So
the register extract, the correction and the erasure do not list where personal data may be:
they search every table Django knows, history tables included (ADR 0020):

- references: foreign keys and many-to-many links to the person or to their user account;
- mentions: text and JSON columns containing one of their identifiers (name, e-mail, phone).

Each organisation is its own controller (X-1): only rows of the organisation are searched, plus
rows that belong to no organisation (the user account, sign-in data, history of removed records),
never another organisation's rows, where a namesake may live.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Cast
from simple_history.models import HistoricalChanges

from utblick.core.models import VersionedModel


def is_history(model: type[models.Model]) -> bool:
    return issubclass(model, HistoricalChanges)


def searchable_models() -> list[type[models.Model]]:
    """Every model with a table of its own (history models included), in a stable order."""
    found = [m for m in apps.get_models() if not m._meta.proxy and m._meta.managed]
    return sorted(found, key=lambda m: m._meta.label_lower)


def scope(model: type[models.Model], organisation: Any) -> Q | None:
    """Rows of the organisation, and rows no organisation can be told for; ``None``: every row.

    A history row is placed through the same path as its live row. Where that path starts with a
    relation the history table lacks (a strategy's owners), it goes through the live row; a history
    row whose live row was removed belongs to no organisation that can still be told.
    """
    original = model.instance_type if is_history(model) else model  # type: ignore[attr-defined]
    path = getattr(original, "scope_organisation_field", None)
    if not path:
        return None
    if path == "pk":
        return Q(**{"id" if is_history(model) else "pk": organisation.pk})
    names = {f.name for f in model._meta.get_fields()}
    manager = model._base_manager
    if path.split("__")[0] in names:
        rows = manager.filter(Q(**{path: organisation.pk}) | Q(**{f"{path}__isnull": True}))
        return Q(pk__in=rows.values("pk"))
    live = original._base_manager
    return Q(id__in=live.filter(**{path: organisation.pk}).values("pk")) | ~Q(id__in=live.values("pk"))


def in_scope(model: type[models.Model], organisation: Any) -> models.QuerySet:
    rows = model._base_manager.all()
    condition = scope(model, organisation)
    return rows if condition is None else rows.filter(condition)


# -- Identifiers and how they are searched -----------------------------------------------------


@dataclass(frozen=True)
class Needle:
    """One identifier of a person: their name, an e-mail address or a phone number."""

    kind: str  # "name", "email" or "phone"
    value: str

    @property
    def forms(self) -> set[str]:
        """The value as written, and as a JSON column may hold it (non-ASCII escaped); case is the lookup's."""
        return {self.value, json.dumps(self.value)[1:-1]}

    @property
    def pattern(self) -> re.Pattern[str]:
        """The value as a whole word; a name also in the Swedish genitive ("Anna Lindqvists")."""
        genitive = "s?" if self.kind == "name" else ""
        return re.compile(r"(?<!\w)" + re.escape(self.value) + f"({genitive})" + r"(?!\w)", re.IGNORECASE)


def usable(kind: str, value: str | None) -> Needle | None:
    """Identifiers too short or too general to search for are left out (a first name alone, "–")."""
    value = (value or "").strip()
    if kind == "name" and (len(value) < 5 or " " not in value):
        return None
    if kind == "email" and "@" not in value:
        return None
    if kind == "phone" and sum(char.isdigit() for char in value) < 6:
        return None
    return Needle(kind, value)


def text_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and not f.choices and not f.primary_key
    ]


def column_label(model: type[models.Model], name: str) -> str:
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


def json_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.JSONField)]


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def names(value: Any, needles: list[Needle]) -> bool:
    return any(needle.pattern.search(text) for text in _strings(value) for needle in needles)


# -- Mentions ------------------------------------------------------------------------------------


@dataclass
class Mention:
    """A row whose text columns name the person: the columns and their values."""

    model: type[models.Model]
    pk: Any
    fields: dict[str, Any] = field(default_factory=dict)


def mentions(organisation: Any, needles: list[Needle], *, exclude: frozenset[str] = frozenset()) -> list[Mention]:
    """Every row of the organisation (or of no organisation) with a text or JSON column naming a needle."""
    if not needles:
        return []
    found = []
    for model in searchable_models():
        if model._meta.label_lower in exclude:
            continue
        texts, documents = text_fields(model), json_fields(model)
        if not texts and not documents:
            continue
        condition = Q()
        aliases = {f"privacy_text_{f.name}": Cast(f.name, models.TextField()) for f in documents}
        for needle in needles:
            for form in needle.forms:
                for f in texts:
                    condition |= Q(**{f"{f.name}__icontains": form})
                for alias in aliases:
                    condition |= Q(**{f"{alias}__icontains": form})
        rows = in_scope(model, organisation).alias(**aliases).filter(condition)
        columns = [*texts, *documents]
        for row in rows.only("pk", *(f.name for f in columns)):
            matched = {f.name: getattr(row, f.attname) for f in columns if names(getattr(row, f.attname), needles)}
            if matched:
                found.append(Mention(model, row.pk, matched))
    return found


def _rewrite_text(text: str, replacements: list[tuple[Needle, str, str]]) -> str:
    for needle, whole, inside in replacements:
        if text.strip().casefold() == needle.value.casefold():
            return whole
        text = needle.pattern.sub(lambda match, inside=inside: inside + match.group(1), text)  # type: ignore[misc]
    return text


def _rewrite(value: Any, replacements: list[tuple[Needle, str, str]]) -> Any:
    if isinstance(value, str):
        return _rewrite_text(value, replacements)
    if isinstance(value, dict):
        return {_rewrite(key, replacements): _rewrite(item, replacements) for key, item in value.items()}
    if isinstance(value, list):
        return [_rewrite(item, replacements) for item in value]
    return value


def rewrite(found: list[Mention], replacements: list[tuple[Needle, str, str]]) -> int:
    """Replace each needle in the rows found: ``whole`` where a column holds just the needle,
    ``inside`` where the needle stands in a longer text. Returns the number of rows changed.

    The rows are updated in place, without a new history row (which would hold the old value
    again) and, for edited records, with their version raised so an open form cannot save it back.
    """
    changed = 0
    for mention in found:
        values = {}
        for name, old in mention.fields.items():
            new = _rewrite(old, replacements)
            model_field = mention.model._meta.get_field(name)
            max_length = getattr(model_field, "max_length", None)
            if isinstance(new, str) and max_length:
                new = new[:max_length]
            if new != old:
                values[name] = new
        if not values:
            continue
        if issubclass(mention.model, VersionedModel):
            values["version"] = F("version") + 1
        mention.model._base_manager.filter(pk=mention.pk).update(**values)
        changed += 1
    return changed


# -- References ----------------------------------------------------------------------------------


@dataclass
class Reference:
    """A row that links to the person (or their account) through one or more of its fields."""

    model: type[models.Model]
    pk: Any
    fields: list[str] = field(default_factory=list)  # the links' labels
    names: list[str] = field(default_factory=list)  # and their names in the code


def references(target: type[models.Model], pk: Any, organisation: Any, *, history: bool) -> list[Reference]:
    """Rows of the organisation (or of none) whose foreign keys or links point at ``target`` row ``pk``."""
    found: dict[tuple[str, Any], Reference] = {}
    for model in searchable_models():
        if is_history(model) != history:
            continue
        links = [
            f
            for f in model._meta.get_fields()
            if (isinstance(f, models.ForeignKey | models.ManyToManyField)) and f.related_model is target
        ]
        for link in links:
            rows = in_scope(model, organisation).filter(**{link.name: pk}).values_list("pk", flat=True)
            for row in rows.distinct():
                key = (model._meta.label_lower, row)
                reference = found.setdefault(key, Reference(model, row))
                reference.fields.append(str(link.verbose_name))
                reference.names.append(link.name)
    return list(found.values())
