"""What Utblick holds about a person, and what the retention rules would remove today."""

import datetime
import decimal
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from utblick.core.models import User, Visitor
from utblick.engagements.choices import Status
from utblick.engagements.models import Engagement
from utblick.organisations.models import Organisation, Person, UnitRole

from . import scan
from .choices import ANONYMISED, RecordKind
from .models import RetentionRule

SECRET_PARTS = ("password", "hash", "secret", "token", "session_data")
# The user account's own tables: searched on erasure only when the account goes with the person.
ACCOUNT_MODELS = frozenset(
    {"core.user", "core.historicaluser", "account.emailaddress", "socialaccount.socialaccount", "mfa.authenticator"}
)


def plain(value: Any) -> Any:
    """A value as JSON and CSV can hold it."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, bytes | memoryview):
        return None
    return value


def is_secret(name: str) -> bool:
    return any(part in name for part in SECRET_PARTS)


def row_values(obj: models.Model) -> dict[str, Any]:
    """Every stored column of a row, but secrets (password hashes, token hashes, calendar tokens)."""
    return {f.attname: plain(getattr(obj, f.attname)) for f in obj._meta.concrete_fields if not is_secret(f.attname)}


# -- A person's holdings -------------------------------------------------------------------------


@dataclass
class Record:
    """One row that concerns the person, and why it is listed."""

    model: type[models.Model]
    obj: models.Model
    reasons: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # the texts that name them, by column label

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    @property
    def label(self) -> str:
        meta = (self.model.instance_type if scan.is_history(self.model) else self.model)._meta  # type: ignore[attr-defined]
        return str(meta.verbose_name)

    @property
    def title(self) -> str:
        obj: Any = self.obj
        try:
            if scan.is_history(self.model):
                return f"{obj.instance} ({timezone.localtime(obj.history_date):%Y-%m-%d %H:%M})"
            return str(obj)
        except ObjectDoesNotExist:  # a history row whose related rows were removed since
            return f"{self.label} {obj.pk}"

    @property
    def url(self) -> str:
        getter = getattr(self.obj, "get_absolute_url", None)
        try:
            return getter() if getter and not scan.is_history(self.model) else ""
        except Exception:
            return ""

    def as_json(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "model": self.model._meta.label_lower,
            "kind": self.label,
            "id": plain(self.obj.pk),
            "record": self.title,
            "why": self.reasons,
            "texts_naming_them": self.texts,
            "values": row_values(self.obj),
        }


@dataclass
class Holdings:
    """Everything the organisation's part of Utblick holds about one person, in three parts."""

    person: Person
    needles: list[scan.Needle]
    records: list[Record]  # rows that link to or name the person, the person row first
    account: list[Record]  # the user account and what belongs to it
    history: list[Record]  # history rows: the person's own, and every other that links to or names them

    @property
    def total(self) -> int:
        return len(self.records) + len(self.account) + len(self.history)

    def groups(self, records: list[Record]) -> list[tuple[str, list[Record]]]:
        grouped: dict[str, list[Record]] = {}
        for record in records:
            grouped.setdefault(record.label, []).append(record)
        return list(grouped.items())


def person_needles(person: Person, *, with_account: bool = True) -> list[scan.Needle]:
    """The person's identifiers: today's, the ones their history remembers, and their account's."""
    values: set[tuple[str, str]] = set()
    for row in [person, *person.history.all()]:
        values |= {("name", row.name), ("email", row.email), ("phone", row.phone)}
    user = person.user
    if with_account and user is not None:
        values |= {("name", user.name), ("email", user.email)}
        values |= {("email", address) for address in _account_addresses(user)}
    anonymised = {ANONYMISED.casefold(), _(ANONYMISED).casefold()}
    needles = {scan.usable(kind, value) for kind, value in values if (value or "").casefold() not in anonymised}
    return sorted((n for n in needles if n), key=lambda n: (n.kind, n.value))


def _account_addresses(user: Visitor) -> list[str]:
    from allauth.account.models import EmailAddress

    return list(EmailAddress.objects.filter(user=user).values_list("email", flat=True))


def person_holdings(*, person: Person) -> Holdings:
    organisation = person.organisation
    user = person.user
    needles = person_needles(person)
    live: dict[tuple[str, Any], Record] = {}
    past: dict[tuple[str, Any], Record] = {}
    account: dict[tuple[str, Any], Record] = {}

    def add(store: dict, model: type[models.Model], pk: Any, reason: str, texts: dict | None = None) -> None:
        key = (model._meta.label_lower, pk)
        if key not in store:
            obj = model._base_manager.filter(pk=pk).first()
            if obj is None:
                return
            store[key] = Record(model, obj)
        if reason not in store[key].reasons:
            store[key].reasons.append(reason)
        store[key].texts.update(texts or {})

    add(live, Person, person.pk, _("the person"))
    for ref in scan.references(Person, person.pk, organisation, history=False):
        add(live, ref.model, ref.pk, ", ".join(ref.fields))
    for ref in scan.references(Person, person.pk, organisation, history=True):
        add(past, ref.model, ref.pk, ", ".join(ref.fields))
    for row in person.history.all():
        add(past, type(row), row.pk, _("the person"))
    if user is not None:
        add(account, User, user.pk, _("the user account"))
        for ref in scan.references(User, user.pk, organisation, history=False):
            if ref.model is not Person:
                add(account, ref.model, ref.pk, ", ".join(ref.fields))
        for ref in scan.references(User, user.pk, organisation, history=True):
            reason = _("changed by their account") if ref.names == ["history_user"] else ", ".join(ref.fields)
            add(past, ref.model, ref.pk, reason)
    for mention in scan.mentions(organisation, needles):
        texts = {
            scan.column_label(mention.model, name): value if isinstance(value, str) else json.dumps(value)
            for name, value in mention.fields.items()
        }
        reason = _("names them in: %(fields)s") % {"fields": ", ".join(texts)}
        key = (mention.model._meta.label_lower, mention.pk)
        if scan.is_history(mention.model):
            add(past, mention.model, mention.pk, reason, texts)
        elif key in account or mention.model._meta.label_lower in ACCOUNT_MODELS:
            add(account, mention.model, mention.pk, reason, texts)
        else:
            add(live, mention.model, mention.pk, reason, texts)
    history = sorted(past.values(), key=lambda r: (r.label, r.obj.history_date, r.obj.pk))  # type: ignore[attr-defined]
    return Holdings(person, needles, list(live.values()), list(account.values()), history)


def person_is_referenced(person: Person) -> bool:
    """Whether a record that must stay links to the person (an engagement, a seat, a membership).

    Roles in units are the person's own and go with them; history rows do not count.
    """
    for ref in scan.references(Person, person.pk, person.organisation, history=False):
        if ref.model is not UnitRole:
            return True
    return False


def person_list_for_privacy(*, organisation: Organisation, query: str = "") -> models.QuerySet[Person]:
    people = Person.objects.in_organisation(organisation).select_related("user")
    if query:
        people = people.filter(Q(name__icontains=query) | Q(email__icontains=query) | Q(phone__icontains=query))
    return people.order_by("name", "pk")


# -- Retention -----------------------------------------------------------------------------------


def retention_rules(*, organisation: Organisation) -> dict[str, RetentionRule]:
    """The organisation's rules by kind of record; a kind without a stored rule is kept (years empty)."""
    return retention_rules_for([organisation])[organisation.pk]


def retention_rules_for(organisations: list[Organisation]) -> dict[int, dict[str, RetentionRule]]:
    """The rules of several organisations, read at once."""
    stored: dict[int, dict[str, RetentionRule]] = {organisation.pk: {} for organisation in organisations}
    for rule in RetentionRule.objects.filter(organisation__in=organisations):
        stored[rule.organisation_id][rule.record_kind] = rule
    return {
        organisation.pk: {
            kind: stored[organisation.pk].get(kind) or RetentionRule(organisation=organisation, record_kind=kind)
            for kind in RecordKind.values
        }
        for organisation in organisations
    }


def _ended_before(cutoff: datetime.date) -> Q:
    """Finished work whose last day (or, without one, its first day or last change) is before ``cutoff``."""
    return Q(status__in=[Status.COMPLETED, Status.CANCELLED]) & (
        Q(ends_on__lt=cutoff)
        | Q(ends_on__isnull=True, starts_on__lt=cutoff)
        | Q(ends_on__isnull=True, starts_on__isnull=True, updated_at__date__lt=cutoff)
    )


def retention_due(*, rule: RetentionRule, today: datetime.date) -> list[models.Model]:
    """The records ``rule`` removes on ``today``: nothing when it keeps them."""
    cutoff = rule.cutoff(today)
    if cutoff is None:
        return []
    if rule.record_kind != RecordKind.PERSON:
        engagements = Engagement.objects.in_organisation(rule.organisation).filter(kind=rule.record_kind)
        return list(engagements.filter(_ended_before(cutoff)).order_by("pk"))
    current_or_recent = UnitRole.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=cutoff)).values("person")
    people = (
        Person.objects.in_organisation(rule.organisation)
        .filter(updated_at__date__lt=cutoff)
        .filter(Q(user__isnull=True) | Q(user__is_active=False))
        .exclude(pk__in=current_or_recent)
        .order_by("pk")
    )
    return [person for person in people if not person_is_referenced(person)]
