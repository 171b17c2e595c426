"""Reads for the follow-up pages: open deviations, counts by rule and unit, coming deadlines."""

import dataclasses
import datetime
import hashlib
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from utblick.core.models import Visitor
from utblick.engagements.models import Engagement
from utblick.organisations.models import Organisation, Unit
from utblick.organisations.register_stamps import stamps
from utblick.organisations.selectors import unit_ids_below
from utblick.watch.selectors import user_unit_ids, watch_deadlines

from .models import Deviation
from .registry import REGISTRY


def deviation_list_open(*, organisation: Organisation, user: Visitor, unit: Unit | None = None) -> QuerySet[Deviation]:
    deviations = Deviation.objects.visible_to(user).open().filter(organisation=organisation)
    if unit is not None:
        deviations = deviations.filter(unit=unit)
    return deviations.select_related("unit", "subject_type").order_by("rule_key", "unit__name", "subject_label")


def deviation_counts_by_rule(*, organisation: Organisation, user: Visitor) -> list[dict[str, Any]]:
    rows = (
        Deviation.objects.visible_to(user)
        .open()
        .filter(organisation=organisation)
        .values("rule_key")
        .annotate(count=Count("pk"))
        .order_by("-count", "rule_key")
    )
    return [
        {
            "key": row["rule_key"],
            "title": REGISTRY[row["rule_key"]].title if row["rule_key"] in REGISTRY else row["rule_key"],
            "count": row["count"],
        }
        for row in rows
    ]


def deviation_counts_by_unit(*, organisation: Organisation, user: Visitor) -> list[dict[str, Any]]:
    rows = (
        Deviation.objects.visible_to(user)
        .open()
        .filter(organisation=organisation)
        .values("unit_id", "unit__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "unit__name")
    )
    return [{"unit_id": row["unit_id"], "name": row["unit__name"], "count": row["count"]} for row in rows]


CALL_DEADLINE = "watch_deadline"  # a call's application deadline; the other kinds are the organisation's own duties


@dataclass(frozen=True)
class Deadline:
    day: datetime.date
    title: str
    kind: str
    unit: str
    url: str
    confidential: bool = False
    overdue: bool = False


def deadlines_upcoming(
    *,
    organisation: Organisation,
    user: Visitor | None,
    days: int = 90,
    units: list[int] | None = None,
    today=None,
    public_only: bool = False,
) -> list[Deadline]:
    """Deadlines of the coming ``days`` days from every source that has them.

    ``user=None`` with ``public_only`` is for digests and feeds built outside a request: they
    read the whole organisation but never confidential records.
    """
    today = today or timezone.localdate()
    until = today + datetime.timedelta(days=days)
    found: list[Deadline] = []
    for source in DEADLINE_SOURCES:
        found.extend(source(organisation=organisation, user=user, start=today, end=until, units=units))
    if public_only:
        found = [deadline for deadline in found if not deadline.confidential]
    found = [dataclasses.replace(deadline, overdue=deadline.day < today) for deadline in found]
    return sorted(found, key=lambda deadline: (deadline.day, deadline.title))


def _deviation_deadlines(*, organisation, user, start, end, units):
    deviations = Deviation.objects.all() if user is None else Deviation.objects.visible_to(user)
    deviations = deviations.open().filter(organisation=organisation, due_on__isnull=False, due_on__lte=end)
    if units is not None:
        deviations = deviations.filter(unit_id__in=units)
    return [
        Deadline(d.due_on, d.message, "deviation", d.unit.name if d.unit else "", "", d.is_confidential)
        for d in deviations.select_related("unit")
    ]


def _project_report_deadlines(*, organisation, user, start, end, units):
    engagements = Engagement.objects.all() if user is None else Engagement.objects.visible_to(user)
    engagements = engagements.filter(
        organisation=organisation, project__next_report_due__gte=start, project__next_report_due__lte=end
    ).select_related("owner_unit", "project", "organisation")
    if units is not None:
        engagements = engagements.filter(owner_unit_id__in=units)
    return [
        Deadline(
            e.project.next_report_due,
            _("%(title)s: report to the funder") % {"title": e.title},
            "project_report",
            e.owner_unit.name,
            e.get_absolute_url(),
            e.is_confidential,
        )
        for e in engagements
    ]


def _watch_deadlines(*, organisation, user, start, end, units):
    """Deadlines of calls the user's units marked relevant, or that were shared with them (KR-5)."""
    if units is None and user is not None:
        units = user_unit_ids(user=user, organisation=organisation)
    return [
        Deadline(
            deadline.day,
            _("%(title)s: application deadline") % {"title": deadline.item.title},
            CALL_DEADLINE,
            deadline.unit.name if deadline.unit else "",
            deadline.item.get_absolute_url(),
            False,  # calls are public information
        )
        for deadline in watch_deadlines(organisation=organisation, units=units, start=start, end=end)
    ]


# Deadlines from every source: deviations that fall due (evaluations, reviews), project reports and
# the deadlines of calls marked relevant on the watch desk.
DEADLINE_SOURCES = [_deviation_deadlines, _project_report_deadlines, _watch_deadlines]


def rule_compliance(*, organisation: Organisation) -> Counter:
    return Counter(Deviation.objects.open().filter(organisation=organisation).values_list("rule_key", flat=True))


def report_data_stamp(*, organisation: Organisation) -> str:
    """A stamp of everything a report of the organisation reads: it changes when any of it changes.

    The organisation's stamp (``organisations.register_stamps``) rises with every change to its
    register, units, strategy and deviations; the day counts too (reports say "today"), and the
    organisation's own name and report language. A built report is reused for as long as the stamp
    and the parameters stay the same.
    """
    parts = [
        timezone.localdate().isoformat(),
        organisation.report_language,
        organisation.name,
        str(stamps([organisation.pk])[organisation.pk]),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def report_size(*, organisation: Organisation, parameters: Any) -> int:
    """How many engagements the report asked for would read: the organisation's, or the unit's and below."""
    engagements = Engagement.objects.in_organisation(organisation)
    unit_id = str(parameters.get("unit") or "")
    if parameters.get("kind", "year") != "mandate" and unit_id.isdigit():
        unit = Unit.objects.filter(organisation=organisation, pk=int(unit_id)).first()
        if unit is not None:
            engagements = engagements.of_units(unit_ids_below(unit))
    return engagements.count()
