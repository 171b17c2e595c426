"""What the reports say: the yearly report of a unit or the organisation and the mandate-period review.

Everything is organised by the strategy's directions and read through the same indicator functions
as the dashboard, so a report's figures are the figures on the pages. The renderers in this package
only lay out what is gathered here.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from utblick.core import formatting, maps
from utblick.engagements.choices import EU_PROGRAMMES, Currency, Kind, ProjectStage, Status
from utblick.engagements.models import (
    AgreementReview,
    BudgetLine,
    Engagement,
    EngagementQuerySet,
    ProjectStageChange,
)
from utblick.organisations.models import Organisation, Unit
from utblick.organisations.selectors import unit_ids_below
from utblick.strategies.models import Direction, Strategy, StrategyVersion

from .. import indicators
from ..models import Deviation
from .exchange_rates import rate_notes, rate_text
from .partner_map import map_of_partners

FUNDED_STAGES = (ProjectStage.GRANTED, ProjectStage.ONGOING, ProjectStage.COMPLETED)
KIND_RELATIONS: dict[str, str] = {
    Kind.PROJECT: "project",
    Kind.MEMBERSHIP: "membership",
    Kind.AGREEMENT: "agreement",
    Kind.VISIT: "visit",
    Kind.TRIP: "trip",
    Kind.TRAINING: "training",
    Kind.REPRESENTATION: "representation",
    Kind.ADVOCACY: "advocacy",
}


def number(value: Decimal | int | float | None, decimals: int = 0) -> str:
    """A figure as the report's language writes it: 1 250 000, 12,5."""
    return formatting.number(value, decimals, empty="–")


def listing_note() -> str:
    return _("Every engagement, with its details and results, is listed in the report's spreadsheet (XLSX).")


def more_text(count: int) -> str:
    return ngettext(
        "And %(count)s more in the report's spreadsheet (XLSX).",
        "And %(count)s more in the report's spreadsheet (XLSX).",
        count,
    ) % {"count": count}


def direction_count_text(count: int, *, single_year: bool) -> str:
    if single_year:
        return ngettext("%(count)s engagement during the year.", "%(count)s engagements during the year.", count) % {
            "count": count
        }
    return ngettext("%(count)s engagement during the period.", "%(count)s engagements during the period.", count) % {
        "count": count
    }


@dataclass
class Row:
    """One engagement as a line of a report table."""

    engagement: Engagement
    period: str
    details: str
    results: str


@dataclass
class Section:
    """A part of the report (ongoing EU projects, memberships, …): how many, and in the full listing the rows."""

    title: str
    rows: list[Row] = field(default_factory=list)
    total: int | None = None  # in the summary: the number, without the rows

    @property
    def engagements(self) -> list[Engagement]:
        return [row.engagement for row in self.rows]

    @property
    def count(self) -> int:
        return len(self.rows) if self.total is None else self.total


@dataclass
class DirectionBlock:
    name: str
    sections: list[Section]
    goals: list[str] = field(default_factory=list)
    total: int | None = None  # engagements under the direction (one may sit in several sections)

    @property
    def count(self) -> int:
        if self.total is not None:
            return self.total
        return len({row.engagement.pk for section in self.sections for row in section.rows})


@dataclass
class Figure:
    label: str
    value: Decimal | None

    @property
    def text(self) -> str:
        return number(self.value)


HIGHLIGHTS = 25  # rows a document lists of results, applications and deviations; the XLSX lists all


@dataclass
class YearReport:
    """What the yearly report says. The documents (PDF, DOCX, HTML) hold the summary, the directions'
    figures, the indicators, and the first results, applications and deviations; their size grows with
    what a committee reads, not with the register. The full listing is the XLSX's (``listing``)."""

    organisation: Organisation
    unit: Unit | None
    year: int
    strategy_name: str
    summary: list[Figure]
    by_kind: list[tuple[str, int]]
    directions: list[DirectionBlock]
    applications: list[tuple[Engagement, str, datetime.date]]
    results: list[Row]
    deviations: list[Deviation]
    indicators: list[indicators.Series]
    generated: datetime.datetime
    total: int = 0
    applications_total: int = 0
    results_total: int = 0
    deviations_by_rule: list[tuple[str, int]] = field(default_factory=list)
    unit_ids: set[int] | None = None
    # Where the year's work went: the partners of the engagements counted in the year, on a map.
    partner_map: maps.MapPicture | None = None
    partner_map_alt: str = ""
    # How each grant in EUR is converted to SEK (rate, its date and source) or that it is not (no rate).
    rate_notes: list[str] = field(default_factory=list)

    @cached_property
    def listing(self) -> list[DirectionBlock]:
        """Every engagement of the year, direction by direction, with its details (for the XLSX)."""
        with translation.override(self.organisation.report_language):
            _strategy, version = _strategy_version(self.organisation, datetime.date(self.year, 12, 31))
            engagements = list(_engagements(self.organisation, self.unit_ids).counted_in(self.year))
            return _by_direction(engagements, _directions(version, self.organisation), self.organisation, [self.year])

    @cached_property
    def all_results(self) -> list[Row]:
        """Every result of the year (for the XLSX; the documents show the first ``HIGHLIGHTS``)."""
        with translation.override(self.organisation.report_language):
            return [_row(e, [self.year]) for e in _with_results(self.organisation, self.unit_ids, self.year)]

    @cached_property
    def all_applications(self) -> list[tuple[Engagement, str, datetime.date]]:
        with translation.override(self.organisation.report_language):
            return _applications(_submitted(self.organisation, self.unit_ids, self.year))

    @property
    def partner_map_svg(self) -> str:
        """The map for the HTML report: the same picture as the documents', named by its alternative text."""
        if self.partner_map is None:
            return ""
        return mark_safe(maps.picture_svg(self.partner_map, label=self.partner_map_alt))  # numbers and escaped text

    @property
    def deviations_shown(self) -> list[Deviation]:
        return self.deviations[:HIGHLIGHTS]

    @property
    def more_results(self) -> int:
        return self.results_total - len(self.results)

    @property
    def more_applications(self) -> int:
        return self.applications_total - len(self.applications)

    @property
    def more_deviations(self) -> int:
        return len(self.deviations) - len(self.deviations_shown)

    @property
    def title(self) -> str:
        who = self.unit.name if self.unit else self.organisation.name
        with translation.override(self.organisation.report_language):  # the report's language, whoever asks
            return _("International work %(year)s – %(who)s") % {"year": self.year, "who": who}

    @property
    def subtitle(self) -> str:
        with translation.override(self.organisation.report_language):
            return _("Yearly report on the international work, followed up against the strategy")


def _period(engagement: Engagement) -> str:
    starts = engagement.starts_on.isoformat() if engagement.starts_on else ""
    ends = engagement.ends_on.isoformat() if engagement.ends_on else ""
    if not starts and not ends:
        return "–"
    return f"{starts} – {ends}".strip()


def _part(engagement: Engagement) -> Any:
    """The kind's own record, or None for an engagement whose kind has none yet."""
    try:
        return getattr(engagement, KIND_RELATIONS[engagement.kind])
    except ObjectDoesNotExist:
        return None


def _details(engagement: Engagement, years: list[int]) -> str:
    """The kind's own facts a committee asks about, in one line."""
    parts: list[str] = []
    kind = engagement.kind if _part(engagement) is not None else None
    if kind == Kind.PROJECT:
        project = engagement.project
        if project.programme:
            parts.append(project.get_programme_display())
        parts.append(_("role: %(role)s") % {"role": project.get_role_display()})
        parts.append(project.get_stage_display())
        if project.funding_granted and project.currency == Currency.EUR:
            parts.append(rate_text(project))
        elif project.funding_granted:
            parts.append(_("granted %(amount)s SEK") % {"amount": number(project.funding_granted)})
        if project.is_aid:
            parts.append(_("aid project"))
    elif kind == Kind.MEMBERSHIP:
        membership = engagement.membership
        parts.append(membership.get_arena_level_display())
        evaluations = sorted(membership.evaluations.all(), key=lambda e: e.evaluated_on)
        if evaluations:
            last = evaluations[-1]
            parts.append(
                _("last evaluated %(date)s: %(verdict)s")
                % {"date": last.evaluated_on.isoformat(), "verdict": last.get_verdict_display()}
            )
        else:
            parts.append(_("not yet evaluated"))
    elif kind == Kind.AGREEMENT:
        agreement = engagement.agreement
        parts.append(agreement.get_agreement_type_display())
        parts.append(agreement.get_agreement_status_display())
        exchanges = [x for x in agreement.exchanges.all() if x.happened_on.year in years]
        count = len(exchanges)
        if len(years) == 1:
            text = ngettext("%(count)s exchange during the year", "%(count)s exchanges during the year", count)
        else:
            text = ngettext("%(count)s exchange during the period", "%(count)s exchanges during the period", count)
        parts.append(text % {"count": count})
        reviews = sorted(agreement.reviews.all(), key=lambda r: r.deadline)
        if reviews:
            review = reviews[-1]
            if review.decision:
                parts.append(
                    _("review: %(decision)s (%(decided)s)")
                    % {"decision": review.get_decision_display(), "decided": _decided(review)}
                )
            else:
                parts.append(_("review due %(date)s") % {"date": review.deadline.isoformat()})
    elif kind == Kind.VISIT:
        visit = engagement.visit
        parts.append(visit.get_direction_display())
        if visit.requester:
            parts.append(visit.requester)
        if visit.group_size:
            parts.append(_("%(count)s visitors") % {"count": visit.group_size})
        if visit.decision:
            parts.append(_("decision: %(decision)s") % {"decision": visit.get_decision_display()})
    elif kind == Kind.TRIP:
        trip = engagement.trip
        parts.append(_("%(kg)s kg CO2e") % {"kg": number(trip.co2e_kg)})
        if trip.flight_co2e_kg and trip.flight_co2e_kg != trip.co2e_kg:
            parts.append(_("of which flights %(kg)s kg") % {"kg": number(trip.flight_co2e_kg)})
        parts.append(trip.get_compensation_display())
    elif kind == Kind.TRAINING:
        training = engagement.training
        parts.append(
            _("%(total)s participants: %(p)s elected, %(m)s management, %(s)s staff")
            % {
                "total": number(training.participants),
                "p": number(training.politicians),
                "m": number(training.management),
                "s": number(training.staff),
            }
        )
    elif kind == Kind.REPRESENTATION:
        seat = engagement.representation
        parts.append(f"{seat.body} ({seat.get_holder_display()})")
    elif kind == Kind.ADVOCACY:
        advocacy = engagement.advocacy
        if advocacy.file_reference:
            parts.append(advocacy.file_reference)
        if advocacy.outcome:
            parts.append(_("outcome: %(outcome)s") % {"outcome": advocacy.outcome})
    return "; ".join(part for part in parts if part)


def _decided(review: AgreementReview) -> str:
    """Who decided, when, under which case number."""
    return ", ".join(
        part
        for part in (review.decided_by, review.decided_on.isoformat() if review.decided_on else "", review.case_number)
        if part
    )


def _results(engagement: Engagement) -> str:
    if engagement.achieved_results.strip():
        return engagement.achieved_results.strip()
    if engagement.expected_results.strip():
        return _("Expected: %(results)s") % {"results": engagement.expected_results.strip()}
    return ""


def _row(engagement: Engagement, years: list[int]) -> Row:
    return Row(engagement, _period(engagement), _details(engagement, years), _results(engagement))


def _engagements(organisation: Organisation, unit_ids: set[int] | None) -> EngagementQuerySet:
    engagements = Engagement.objects.in_organisation(organisation).of_units(unit_ids).counted()
    return engagements.select_related(
        "owner_unit",
        "project",
        "trip",
        "training",
        "membership",
        "agreement",
        "visit",
        "representation",
        "advocacy",
    ).prefetch_related("directions", "membership__evaluations", "agreement__exchanges", "agreement__reviews")


def _section_titles(years: list[int]) -> dict[str, str]:
    """The report's parts, in the order a committee reads them (VX-9)."""
    return {
        "eu_ongoing": _("Ongoing EU projects"),
        "eu_completed": _("EU projects completed during the year")
        if len(years) == 1
        else _("EU projects completed during the period"),
        "other_projects": _("Other international projects"),
        Kind.MEMBERSHIP: _("Memberships"),
        Kind.AGREEMENT: _("Agreements and twin cities"),
        Kind.VISIT: _("Visits"),
        Kind.TRIP: _("Trips"),
        Kind.TRAINING: _("Trainings"),
        Kind.REPRESENTATION: _("Representation"),
        Kind.ADVOCACY: _("Advocacy"),
    }


def _section_key(
    kind: str, status: str, ends_on: datetime.date | None, stage: str | None, programme: str | None, years: list[int]
) -> str | None:
    """Which part of the report an engagement belongs in; projects without funding are in none."""
    if kind != Kind.PROJECT:
        return kind
    if stage not in FUNDED_STAGES:
        return None
    if programme in EU_PROGRAMMES:
        completed = status == Status.COMPLETED and ends_on is not None and ends_on.year in years
        return "eu_completed" if completed else "eu_ongoing"
    return "other_projects"


def _summary_blocks(
    engagements: QuerySet[Engagement], directions: list[Direction], organisation: Organisation, years: list[int]
) -> list[DirectionBlock]:
    """How many engagements each direction has in each part: two light queries, no rows loaded."""
    sections: dict[int, str | None] = {
        pk: _section_key(kind, status, ends_on, stage, programme, years)
        for pk, kind, status, ends_on, stage, programme in engagements.values_list(
            "pk", "kind", "status", "ends_on", "project__stage", "project__programme"
        )
    }
    links = Engagement.directions.through.objects.filter(engagement__in=engagements.values("pk"))
    by_direction: dict[int, set[int]] = {}
    for engagement_id, direction_id in links.values_list("engagement_id", "direction_id"):
        by_direction.setdefault(direction_id, set()).add(engagement_id)
    titles = _section_titles(years)

    def block(name: str, members: set[int], goals: list[str]) -> DirectionBlock:
        counts = Counter(sections[pk] for pk in members if sections.get(pk))
        parts = [Section(title, total=counts[key]) for key, title in titles.items() if counts[key]]
        return DirectionBlock(name, parts, goals, total=len(members))

    blocks: list[DirectionBlock] = []
    placed: set[int] = set()
    for direction in directions:
        members = by_direction.get(direction.pk, set()) & sections.keys()
        placed |= members
        blocks.append(block(direction.name, members, _goals(direction, organisation)))
    rest = set(sections) - placed
    if rest:
        blocks.append(block(_("Not linked to a direction"), rest, []))
    return blocks


def _sections(engagements: list[Engagement], years: list[int]) -> list[Section]:
    """The report's parts with their rows, for the full listing."""

    def rows(chosen: list[Engagement]) -> list[Row]:
        return [_row(e, years) for e in chosen]

    def kind(*kinds: str) -> list[Engagement]:
        return [e for e in engagements if e.kind in kinds]

    grouped: dict[str, list[Engagement]] = {}
    for engagement in engagements:
        project = engagement.project if engagement.kind == Kind.PROJECT and _part(engagement) is not None else None
        if engagement.kind == Kind.PROJECT and project is None:
            continue
        key = _section_key(
            engagement.kind,
            engagement.status,
            engagement.ends_on,
            project.stage if project else None,
            project.programme if project else None,
            years,
        )
        if key is not None:
            grouped.setdefault(key, []).append(engagement)
    return [
        Section(title, [_row(e, years) for e in grouped[key]])
        for key, title in _section_titles(years).items()
        if grouped.get(key)
    ]


def _strategy_version(organisation: Organisation, day: datetime.date) -> tuple[Strategy | None, StrategyVersion | None]:
    strategy = Strategy.objects.filter(ownerships__organisation=organisation).distinct().first()
    return strategy, (strategy.current_version(day) if strategy else None)


def _directions(version: StrategyVersion | None, organisation: Organisation) -> list[Direction]:
    if version is None:
        return []
    return list(
        Direction.objects.filter(version=version)
        .for_organisation(organisation)
        .prefetch_related("goals")
        .order_by("order", "pk")
    )


def _goals(direction: Direction, organisation: Organisation) -> list[str]:
    return [goal.text for goal in direction.goals.for_organisation(organisation)]


def _by_direction(
    engagements: list[Engagement], directions: list[Direction], organisation: Organisation, years: list[int]
) -> list[DirectionBlock]:
    blocks: list[DirectionBlock] = []
    placed: set[int] = set()
    for direction in directions:
        mine = [e for e in engagements if direction in e.directions.all()]
        placed.update(e.pk for e in mine)
        blocks.append(DirectionBlock(direction.name, _sections(mine, years), _goals(direction, organisation)))
    rest = [e for e in engagements if e.pk not in placed]
    if rest:
        blocks.append(DirectionBlock(_("Not linked to a direction"), _sections(rest, years)))
    return blocks


def _open_deviations(organisation: Organisation, unit_ids: set[int] | None, at: datetime.datetime) -> QuerySet:
    deviations = Deviation.objects.filter(organisation=organisation, first_seen__lte=at).filter(
        Q(resolved_at__isnull=True) | Q(resolved_at__gt=at)
    )
    if unit_ids is not None:
        deviations = deviations.filter(unit_id__in=unit_ids)
    return deviations.select_related("unit")


def _of_the_year(deviations: QuerySet[Deviation], counted: QuerySet[Engagement]) -> QuerySet[Deviation]:
    """The deviations that belong to the year: one about an engagement only when the engagement counts in the
    year (not one planned for the next year); those about units and the strategy as they are."""
    engagement_type = ContentType.objects.get_for_model(Engagement)
    return deviations.exclude(Q(subject_type=engagement_type) & ~Q(subject_id__in=counted.values("pk")))


def _resources(engagements: QuerySet[Engagement]) -> list[Figure]:
    """What the year's engagements record as resources (ST-7); a dash where none recorded any."""
    sums = BudgetLine.objects.filter(engagement__in=engagements.values("pk")).aggregate(
        planned=Sum("planned"), decided=Sum("decided"), spent=Sum("spent")
    )
    return [
        Figure(_("Resources planned (SEK)"), sums["planned"]),
        Figure(_("Resources decided (SEK)"), sums["decided"]),
        Figure(_("Resources spent (SEK)"), sums["spent"]),
    ]


def _summary(
    organisation: Organisation,
    year: int,
    units: list[int] | None,
    engagements: QuerySet[Engagement],
    total: int,
    open_deviations: int,
) -> list[Figure]:
    figures = indicators.figures([organisation], [year], units=units)[organisation.pk][year]
    return [
        Figure(_("Engagements during the year"), Decimal(total)),
        Figure(_("EU-funded projects"), figures["eu_funded_projects"]),
        Figure(_("Other externally funded projects"), figures["other_funded_projects"]),
        Figure(_("Applications submitted"), figures["applications_submitted"]),
        Figure(_("External funding granted (SEK)"), figures["external_funding_granted_sek"]),
        Figure(_("Emissions from flights (kg CO2e)"), figures["flight_co2e_kg"]),
        Figure(_("Flights climate-compensated (%)"), figures["flights_compensated_pct"]),
        *_resources(engagements),
        Figure(_("Deviations open at the end of the year"), Decimal(open_deviations)),
    ]


def _submitted(organisation: Organisation, unit_ids: set[int] | None, year: int) -> QuerySet[ProjectStageChange]:
    submitted = ProjectStageChange.objects.filter(
        project__engagement__organisation=organisation, changed_on__year=year, stage=ProjectStage.SUBMITTED
    ).select_related("project__engagement")
    if unit_ids is not None:
        submitted = submitted.filter(project__engagement__owner_unit_id__in=unit_ids)
    return submitted.order_by("changed_on", "pk")


def _applications(changes: QuerySet[ProjectStageChange]) -> list[tuple[Engagement, str, datetime.date]]:
    return [(c.project.engagement, c.project.get_stage_display(), c.changed_on) for c in changes]


def _with_results(organisation: Organisation, unit_ids: set[int] | None, year: int) -> QuerySet[Engagement]:
    engagements = _engagements(organisation, unit_ids).counted_in(year).exclude(achieved_results="")
    return engagements.exclude(achieved_results__regex=r"^\s*$").order_by("-ends_on", "title", "pk")


def build_year_report(*, organisation: Organisation, year: int, unit: Unit | None = None) -> YearReport:
    """Everything the yearly report of a unit (with the units below it) or the organisation says (VX-9).

    A fixed number of queries, and rows loaded only for what a document lists (the first results,
    applications and deviations); the full listing is read when the XLSX asks for ``listing``.
    """
    with translation.override(organisation.report_language):
        unit_ids = unit_ids_below(unit) if unit is not None else None
        units = sorted(unit_ids) if unit_ids is not None else None
        counted = Engagement.objects.in_organisation(organisation).of_units(unit_ids).counted_in(year)
        strategy, version = _strategy_version(organisation, datetime.date(year, 12, 31))
        submitted = _submitted(organisation, unit_ids, year)
        end = timezone.make_aware(datetime.datetime(year, 12, 31, 23, 59))
        deviations = list(
            _of_the_year(_open_deviations(organisation, unit_ids, end), counted).order_by("first_seen", "pk")
        )
        kinds = dict(counted.values("kind").order_by().annotate(n=Count("pk")).values_list("kind", "n"))
        total = sum(kinds.values())
        with_results = _with_results(organisation, unit_ids, year)
        return YearReport(
            organisation=organisation,
            unit=unit,
            year=year,
            strategy_name=strategy.local_name(organisation) if strategy else "",
            summary=_summary(organisation, year, units, counted, total, len(deviations)),
            rate_notes=rate_notes(counted),
            by_kind=[(str(label), kinds[value]) for value, label in Kind.choices if kinds.get(value)],
            directions=_summary_blocks(counted, _directions(version, organisation), organisation, [year]),
            applications=_applications(submitted[:HIGHLIGHTS]),
            applications_total=submitted.count(),
            results=[_row(e, [year]) for e in with_results[:HIGHLIGHTS]],
            results_total=with_results.count(),
            deviations=deviations,
            deviations_by_rule=sorted(Counter(d.rule_title for d in deviations).items(), key=lambda x: (-x[1], x[0])),
            indicators=indicators.dashboard_indicators(organisation, year=year, units=units),
            generated=timezone.now(),
            total=total,
            unit_ids=unit_ids,
            **map_of_partners(organisation, counted),
        )


def is_year_report(report: Any) -> bool:
    return isinstance(report, YearReport)
