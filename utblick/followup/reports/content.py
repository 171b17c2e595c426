"""What the reports say: the yearly report of a unit or the organisation and the mandate-period review.

Everything is organised by the strategy's directions and read through the same indicator functions
as the dashboard, so a report's figures are the figures on the pages. The renderers in this package
only lay out what is gathered here.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet, Sum
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from utblick.engagements.choices import EU_PROGRAMMES, Kind, ProjectStage, Status
from utblick.engagements.models import AgreementReview, BudgetLine, Engagement, Evaluation, ProjectStageChange
from utblick.organisations.models import Organisation, Unit
from utblick.organisations.selectors import unit_ids_below
from utblick.strategies.models import Direction, MandatePeriod, Strategy, StrategyReview, StrategyVersion

from .. import indicators
from ..models import Deviation

FUNDED_STAGES = (ProjectStage.GRANTED, ProjectStage.ONGOING, ProjectStage.COMPLETED)
KIND_RELATIONS = {
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
    if value is None:
        return "–"
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@dataclass
class Row:
    """One engagement as a line of a report table."""

    engagement: Engagement
    period: str
    details: str
    results: str


@dataclass
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)

    @property
    def engagements(self) -> list[Engagement]:
        return [row.engagement for row in self.rows]


@dataclass
class DirectionBlock:
    name: str
    sections: list[Section]
    goals: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len({row.engagement.pk for section in self.sections for row in section.rows})


@dataclass
class Figure:
    label: str
    value: Decimal | None

    @property
    def text(self) -> str:
        return number(self.value)


@dataclass
class YearReport:
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

    @property
    def title(self) -> str:
        who = self.unit.name if self.unit else self.organisation.name
        return _("International work %(year)s – %(who)s") % {"year": self.year, "who": who}

    @property
    def subtitle(self) -> str:
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
        granted = project.in_sek(project.funding_granted)
        if granted:
            parts.append(_("granted %(amount)s SEK") % {"amount": number(granted)})
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
                parts.append(_("review: %(decision)s") % {"decision": review.get_decision_display()})
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
        parts.append(trip.get_compensation_display())
    elif kind == Kind.TRAINING:
        training = engagement.training
        parts.append(
            _("%(total)s participants: %(p)s elected, %(m)s management, %(s)s staff")
            % {"total": training.participants, "p": training.politicians, "m": training.management, "s": training.staff}
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


def _results(engagement: Engagement) -> str:
    if engagement.achieved_results.strip():
        return engagement.achieved_results.strip()
    if engagement.expected_results.strip():
        return _("Expected: %(results)s") % {"results": engagement.expected_results.strip()}
    return ""


def _row(engagement: Engagement, years: list[int]) -> Row:
    return Row(engagement, _period(engagement), _details(engagement, years), _results(engagement))


def _engagements(organisation: Organisation, unit_ids: set[int] | None) -> QuerySet[Engagement]:
    engagements = Engagement.objects.filter(organisation=organisation).exclude(status=Status.CANCELLED)
    if unit_ids is not None:
        engagements = engagements.filter(owner_unit_id__in=unit_ids)
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


def _completed_in(engagement: Engagement, years: list[int]) -> bool:
    return engagement.status == Status.COMPLETED and bool(engagement.ends_on) and engagement.ends_on.year in years


def _sections(engagements: list[Engagement], years: list[int]) -> list[Section]:
    """The report's parts, in the order a committee reads them (VX-9)."""

    def rows(chosen: list[Engagement]) -> list[Row]:
        return [_row(e, years) for e in chosen]

    def kind(*kinds: str) -> list[Engagement]:
        return [e for e in engagements if e.kind in kinds]

    funded = [e for e in kind(Kind.PROJECT) if _part(e) is not None and e.project.stage in FUNDED_STAGES]
    eu = [e for e in funded if e.project.programme in EU_PROGRAMMES]
    sections = [
        Section(_("Ongoing EU projects"), rows([e for e in eu if not _completed_in(e, years)])),
        Section(
            _("EU projects completed during the year")
            if len(years) == 1
            else _("EU projects completed during the period"),
            rows([e for e in eu if _completed_in(e, years)]),
        ),
        Section(_("Other international projects"), rows([e for e in funded if e not in eu])),
        Section(_("Memberships"), rows(kind(Kind.MEMBERSHIP))),
        Section(_("Agreements and twin cities"), rows(kind(Kind.AGREEMENT))),
        Section(_("Visits"), rows(kind(Kind.VISIT))),
        Section(_("Trips"), rows(kind(Kind.TRIP))),
        Section(_("Trainings"), rows(kind(Kind.TRAINING))),
        Section(_("Representation"), rows(kind(Kind.REPRESENTATION))),
        Section(_("Advocacy"), rows(kind(Kind.ADVOCACY))),
    ]
    return [section for section in sections if section.rows]


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
    blocks, placed = [], set()
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


def _resources(engagements: list[Engagement]) -> list[Figure]:
    """What the year's engagements record as resources (ST-7); a dash where none recorded any."""
    sums = BudgetLine.objects.filter(engagement__in=[e.pk for e in engagements]).aggregate(
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
    engagements: list[Engagement],
    open_deviations: int,
) -> list[Figure]:
    total = len(engagements)
    return [
        Figure(_("Engagements during the year"), Decimal(total)),
        Figure(_("EU-funded projects"), indicators.eu_funded_projects(organisation, year, units)),
        Figure(_("Other externally funded projects"), indicators.other_funded_projects(organisation, year, units)),
        Figure(_("Applications submitted"), indicators.applications_submitted(organisation, year, units)),
        Figure(_("External funding granted (SEK)"), indicators.external_funding_granted_sek(organisation, year, units)),
        Figure(_("Emissions from flights (kg CO2e)"), indicators.flight_co2e_kg(organisation, year, units)),
        Figure(_("Flights climate-compensated (%)"), indicators.flights_compensated_pct(organisation, year, units)),
        *_resources(engagements),
        Figure(_("Deviations open at the end of the year"), Decimal(open_deviations)),
    ]


def build_year_report(*, organisation: Organisation, year: int, unit: Unit | None = None) -> YearReport:
    """Everything the yearly report of a unit (with the units below it) or the organisation says (VX-9)."""
    with translation.override(organisation.report_language):
        unit_ids = unit_ids_below(unit) if unit is not None else None
        units = sorted(unit_ids) if unit_ids is not None else None
        engagements = list(_engagements(organisation, unit_ids).active_in(year))
        strategy, version = _strategy_version(organisation, datetime.date(year, 12, 31))
        submitted = ProjectStageChange.objects.filter(
            project__engagement__organisation=organisation, changed_on__year=year, stage=ProjectStage.SUBMITTED
        ).select_related("project__engagement")
        if unit_ids is not None:
            submitted = submitted.filter(project__engagement__owner_unit_id__in=unit_ids)
        end = timezone.make_aware(datetime.datetime(year, 12, 31, 23, 59))
        deviations = list(_open_deviations(organisation, unit_ids, end))
        kinds = Counter(e.kind for e in engagements)
        return YearReport(
            organisation=organisation,
            unit=unit,
            year=year,
            strategy_name=strategy.local_name(organisation) if strategy else "",
            summary=_summary(organisation, year, units, engagements, len(deviations)),
            by_kind=[(str(label), kinds[value]) for value, label in Kind.choices if kinds[value]],
            directions=_by_direction(engagements, _directions(version, organisation), organisation, [year]),
            applications=[
                (c.project.engagement, c.project.get_stage_display(), c.changed_on)
                for c in submitted.order_by("changed_on")
            ],
            results=[_row(e, [year]) for e in engagements if e.achieved_results.strip()],
            deviations=deviations,
            indicators=indicators.dashboard_indicators(organisation, year=year, units=units),
            generated=timezone.now(),
            total=len(engagements),
        )


# -- The mandate-period review (VX-11, LN-12) -----------------------------------------------------


@dataclass
class Trend:
    series: indicators.Series

    @property
    def first(self) -> Decimal | None:
        return self.series.points[0][1] if self.series.points else None

    @property
    def text(self) -> str:
        """From the first year to the last, and whether that is the way the strategy wants."""
        first, last = self.first, self.series.latest
        if first is None or last is None:
            return _("Not enough figures for a trend.")
        values = {
            "first": number(first, 0 if first == first.to_integral_value() else 1),
            "last": number(last, 0 if last == last.to_integral_value() else 1),
            "from": self.series.points[0][0],
            "to": self.series.points[-1][0],
        }
        if last == first:
            return _("Unchanged at %(last)s from %(from)s to %(to)s.") % values
        rising = last > first
        good = rising == (self.series.good_direction == "rise")
        if rising:
            text = _("Rose from %(first)s (%(from)s) to %(last)s (%(to)s)") % values
        else:
            text = _("Fell from %(first)s (%(from)s) to %(last)s (%(to)s)") % values
        verdict = _("as the strategy wants") if good else _("against the strategy")
        return f"{text}, {verdict}."


@dataclass
class MandateReview:
    organisation: Organisation
    period: MandatePeriod
    strategy_name: str
    directions: list[DirectionBlock]
    trends: list[Trend]
    compliance: list[tuple[int, int, int]]  # year, deviations opened, deviations resolved
    open_at_end: list[tuple[str, int]]  # rule, deviations open when the period ended
    reviews: list[StrategyReview]
    agreement_reviews: list[AgreementReview]
    evaluations: list[Evaluation]
    conclusions: str
    generated: datetime.datetime

    @property
    def title(self) -> str:
        return _("Review of the strategy for the mandate period %(period)s – %(who)s") % {
            "period": self.period.label,
            "who": self.organisation.name,
        }

    @property
    def subtitle(self) -> str:
        return _("The strategy followed up once per mandate period")

    @property
    def indicators(self) -> list[indicators.Series]:
        return [trend.series for trend in self.trends]


def build_mandate_review(*, organisation: Organisation, period: MandatePeriod, conclusions: str = "") -> MandateReview:
    with translation.override(organisation.report_language):
        years = list(range(period.starts_on.year + 1, period.ends_on.year + 1))
        strategy, version = _strategy_version(organisation, period.ends_on)
        in_period = list(
            _engagements(organisation, None)
            .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=period.ends_on))
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=period.starts_on))
        )
        trends = []
        for setting in indicators.indicator_settings(organisation):
            found = indicators.series_for(organisation, setting.key, years, setting=setting)
            if found is not None:
                trends.append(Trend(found))
        compliance = [
            (
                year,
                Deviation.objects.filter(organisation=organisation, first_seen__year=year).count(),
                Deviation.objects.filter(organisation=organisation, resolved_at__year=year).count(),
            )
            for year in years
        ]
        end = timezone.make_aware(datetime.datetime.combine(period.ends_on, datetime.time(23, 59)))
        open_at_end = Counter(d.rule_title for d in _open_deviations(organisation, None, end))
        return MandateReview(
            organisation=organisation,
            period=period,
            strategy_name=strategy.local_name(organisation) if strategy else "",
            directions=_by_direction(in_period, _directions(version, organisation), organisation, years),
            trends=trends,
            compliance=compliance,
            open_at_end=sorted(open_at_end.items()),
            reviews=list(StrategyReview.objects.filter(organisation=organisation, period=period)),
            agreement_reviews=list(
                AgreementReview.objects.filter(
                    agreement__engagement__organisation=organisation,
                    deadline__gte=period.starts_on,
                    deadline__lte=period.ends_on,
                )
                .select_related("agreement__engagement")
                .order_by("deadline")
            ),
            evaluations=list(
                Evaluation.objects.filter(
                    membership__engagement__organisation=organisation,
                    evaluated_on__gte=period.starts_on,
                    evaluated_on__lte=period.ends_on,
                )
                .select_related("membership__engagement")
                .order_by("evaluated_on")
            ),
            conclusions=conclusions,
            generated=timezone.now(),
        )


Report = YearReport | MandateReview


def is_year_report(report: Any) -> bool:
    return isinstance(report, YearReport)
