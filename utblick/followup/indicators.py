"""Indicators computed from the register by SQL aggregation, per year (and unit).

Each indicator of the registry (``utblick.strategies.registry.INDICATORS``) has a function here
that returns one number for an organisation, a year and optionally a set of units. Every
function runs a fixed number of aggregate queries, so a dashboard costs the same for ten
engagements as for ten thousand.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, DecimalField, Exists, F, OuterRef, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from utblick.engagements.choices import (
    EU_PROGRAMMES,
    AgreementType,
    Compensation,
    Currency,
    Kind,
    ProjectStage,
    SeatHolder,
)
from utblick.engagements.models import Engagement, Evaluation, Exchange, ProjectStageChange
from utblick.organisations.models import Organisation
from utblick.strategies.models import Direction, Indicator, Strategy, Theme
from utblick.strategies.registry import INDICATORS

FUNDED_STAGES = [ProjectStage.GRANTED, ProjectStage.ONGOING, ProjectStage.COMPLETED]
DEFAULT_EUR_RATE = Decimal("11.5")


def _active(queryset: QuerySet, year: int, prefix: str = "") -> QuerySet:
    return queryset.filter(
        Q(**{f"{prefix}starts_on__isnull": True}) | Q(**{f"{prefix}starts_on__year__lte": year})
    ).filter(Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__year__gte": year}))


def _engagements(organisation: Organisation, units: Iterable[int] | None) -> QuerySet[Engagement]:
    engagements = Engagement.objects.filter(organisation=organisation)
    return engagements.filter(owner_unit_id__in=list(units)) if units is not None else engagements


def _year_end(year: int) -> datetime.date:
    return min(datetime.date(year, 12, 31), timezone.localdate())


def eu_funded_projects(organisation, year, units=None) -> Decimal:
    projects = _engagements(organisation, units).filter(
        kind=Kind.PROJECT, project__programme__in=list(EU_PROGRAMMES), project__stage__in=FUNDED_STAGES
    )
    return Decimal(_active(projects, year).count())


def other_funded_projects(organisation, year, units=None) -> Decimal:
    projects = (
        _engagements(organisation, units)
        .filter(kind=Kind.PROJECT, project__stage__in=FUNDED_STAGES)
        .exclude(project__programme__in=list(EU_PROGRAMMES))
        .exclude(project__programme="")
    )
    return Decimal(_active(projects, year).count())


def _stage_changes(organisation, year, units) -> QuerySet:
    changes = ProjectStageChange.objects.filter(project__engagement__organisation=organisation, changed_on__year=year)
    return changes.filter(project__engagement__owner_unit_id__in=list(units)) if units is not None else changes


def applications_submitted(organisation, year, units=None) -> Decimal:
    return Decimal(_stage_changes(organisation, year, units).filter(stage=ProjectStage.SUBMITTED).count())


def application_success_rate(organisation, year, units=None) -> Decimal | None:
    counts = _stage_changes(organisation, year, units).aggregate(
        granted=Count("pk", filter=Q(stage=ProjectStage.GRANTED)),
        rejected=Count("pk", filter=Q(stage=ProjectStage.REJECTED)),
    )
    decided = counts["granted"] + counts["rejected"]
    return Decimal(100 * counts["granted"] / decided).quantize(Decimal("1")) if decided else None


def external_funding_granted_sek(organisation, year, units=None) -> Decimal:
    projects = _active(_engagements(organisation, units).filter(kind=Kind.PROJECT), year)
    in_sek = Case(
        When(
            project__currency=Currency.EUR,
            then=F("project__funding_granted") * Coalesce(F("project__exchange_rate"), Value(DEFAULT_EUR_RATE)),
        ),
        default=F("project__funding_granted"),
        output_field=DecimalField(max_digits=20, decimal_places=4),
    )
    total = projects.aggregate(total=Sum(in_sek))["total"]
    return Decimal(total or 0).quantize(Decimal("1"))


def memberships_evaluated_on_time_pct(organisation, year, units=None) -> Decimal | None:
    end = _year_end(year)
    window_start = datetime.date(end.year - 2, end.month, min(end.day, 28))  # the usual two-year interval
    memberships = _active(_engagements(organisation, units).filter(kind=Kind.MEMBERSHIP), year)
    evaluated = Evaluation.objects.filter(
        membership__engagement=OuterRef("pk"), evaluated_on__gte=window_start, evaluated_on__lte=end
    )
    counts = memberships.aggregate(total=Count("pk"), on_time=Count("pk", filter=Exists(evaluated)))
    return Decimal(100 * counts["on_time"] / counts["total"]).quantize(Decimal("1")) if counts["total"] else None


def twin_agreements_active_12m(organisation, year, units=None) -> Decimal:
    end = _year_end(year)
    start = end - datetime.timedelta(days=365)
    recent = Exchange.objects.filter(agreement__engagement=OuterRef("pk"), happened_on__gt=start, happened_on__lte=end)
    agreements = _engagements(organisation, units).filter(
        kind=Kind.AGREEMENT,
        agreement__agreement_type__in=[AgreementType.TWIN, AgreementType.FRIENDSHIP, AgreementType.SISTER],
    )
    return Decimal(agreements.filter(Exists(recent)).count())


def _seats(holder: str) -> Callable[..., Decimal]:
    def count(organisation, year, units=None) -> Decimal:
        seats = _engagements(organisation, units).filter(kind=Kind.REPRESENTATION, representation__holder=holder)
        return Decimal(_active(seats, year).count())

    return count


def eu_training_participants(organisation, year, units=None) -> Decimal:
    trainings = _engagements(organisation, units).filter(
        kind=Kind.TRAINING, training__is_eu_training=True, starts_on__year=year
    )
    total = trainings.aggregate(
        total=Sum(F("training__politicians") + F("training__management") + F("training__staff"))
    )["total"]
    return Decimal(total or 0)


def eu_training_participants_by_level(organisation, year, units=None) -> dict[str, int]:
    trainings = _engagements(organisation, units).filter(
        kind=Kind.TRAINING, training__is_eu_training=True, starts_on__year=year
    )
    sums = trainings.aggregate(
        politicians=Sum("training__politicians"), management=Sum("training__management"), staff=Sum("training__staff")
    )
    return {level: int(value or 0) for level, value in sums.items()}


def _flights(organisation, year, units) -> QuerySet:
    return _engagements(organisation, units).filter(kind=Kind.TRIP, trip__flight_km__gt=0, starts_on__year=year)


def flight_co2e_kg(organisation, year, units=None) -> Decimal:
    total = _flights(organisation, year, units).aggregate(total=Sum("trip__co2e_kg"))["total"]
    return Decimal(total or 0).quantize(Decimal("1"))


def flights_compensated_pct(organisation, year, units=None) -> Decimal | None:
    counts = _flights(organisation, year, units).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(trip__compensation=Compensation.COMPENSATED))
    )
    return Decimal(100 * counts["done"] / counts["total"]).quantize(Decimal("1")) if counts["total"] else None


YEARLY: dict[str, Callable[..., Decimal | None]] = {
    "eu_funded_projects": eu_funded_projects,
    "other_funded_projects": other_funded_projects,
    "applications_submitted": applications_submitted,
    "application_success_rate": application_success_rate,
    "external_funding_granted_sek": external_funding_granted_sek,
    "memberships_evaluated_on_time_pct": memberships_evaluated_on_time_pct,
    "twin_agreements_active_12m": twin_agreements_active_12m,
    "representation_seats_politicians": _seats(SeatHolder.POLITICIAN),
    "representation_seats_officials": _seats(SeatHolder.OFFICIAL),
    "eu_training_participants": eu_training_participants,
    "flight_co2e_kg": flight_co2e_kg,
    "flights_compensated_pct": flights_compensated_pct,
}


@dataclass
class Series:
    """An indicator over the years, with the strategy's target and whether it moves the good way."""

    key: str
    title: str
    unit: str
    good_direction: str
    points: list[tuple[int, Decimal | None]]
    target: Decimal | None = None
    target_year: int | None = None
    breakdown: dict[str, int] = field(default_factory=dict)

    @property
    def latest(self) -> Decimal | None:
        return self.points[-1][1] if self.points else None

    @property
    def previous(self) -> Decimal | None:
        return self.points[-2][1] if len(self.points) > 1 else None

    @property
    def trend(self) -> str:
        """'up', 'down' or 'flat' from the year before to the latest year."""
        if self.latest is None or self.previous is None or self.latest == self.previous:
            return "flat"
        return "up" if self.latest > self.previous else "down"

    @property
    def trend_is_good(self) -> bool | None:
        if self.trend == "flat":
            return None
        return (self.trend == "up") == (self.good_direction == "rise")

    @property
    def bars(self) -> list[dict[str, Any]]:
        """Bar heights (0–100) for the small chart."""
        values = [float(value) for _, value in self.points if value is not None]
        top = max([*values, float(self.target or 0), 1.0])
        bars = []
        for index, (year, value) in enumerate(self.points):
            height = 0.0 if value is None else round(75 * float(value) / top, 1)
            bars.append(
                {
                    "year": year,
                    "value": value,
                    "x": 8 + index * 48,
                    "y": round(82 - height, 1),
                    "height": height,
                    "label_x": 26 + index * 48,
                }
            )
        return bars


@dataclass
class Coverage:
    """Engagements per direction or theme in a year; a direction with none shows as zero."""

    title: str
    rows: list[tuple[str, int]]


def indicator_settings(organisation: Organisation) -> list[Indicator]:
    settings: list[Indicator] = []
    for strategy in Strategy.objects.filter(ownerships__organisation=organisation).distinct():
        version = strategy.current_version()
        if version is not None:
            settings.extend(
                Indicator.objects.filter(version=version).for_organisation(organisation).order_by("order", "pk")
            )
    return settings


def series_for(
    organisation: Organisation,
    key: str,
    years: list[int],
    *,
    units: Iterable[int] | None = None,
    setting: Indicator | None = None,
) -> Series | None:
    compute = YEARLY.get(key)
    definition = INDICATORS.get(key)
    if compute is None or definition is None:
        return None
    points = [(year, compute(organisation, year, units)) for year in years]
    series = Series(
        key=key,
        title=str(definition.title),
        unit=str(definition.unit),
        good_direction=setting.good_direction if setting else definition.good_direction,
        points=points,
        target=setting.target if setting else None,
        target_year=setting.target_year if setting else None,
    )
    if key == "eu_training_participants":
        series.breakdown = eu_training_participants_by_level(organisation, years[-1], units)
    return series


def coverage_for(organisation: Organisation, year: int, units: Iterable[int] | None = None) -> list[Coverage]:
    """Engagements per direction and per theme of the strategy in force (ST-2, KR-2)."""
    active = _active(_engagements(organisation, units), year).exclude(status="cancelled")
    versions = [s.current_version() for s in Strategy.objects.filter(ownerships__organisation=organisation).distinct()]
    versions = [v for v in versions if v is not None]
    directions = (
        Direction.objects.filter(version__in=versions)
        .for_organisation(organisation)
        .annotate(count=Count("engagements", filter=Q(engagements__in=active), distinct=True))
        .order_by("order", "pk")
    )
    result = [Coverage("directions", [(d.name, d.count) for d in directions])]
    themes = (
        Theme.objects.filter(dimension__version__in=versions)
        .annotate(count=Count("engagements", filter=Q(engagements__in=active), distinct=True))
        .select_related("dimension")
        .order_by("dimension__order", "order", "pk")
    )
    if themes:
        result.append(Coverage("themes", [(f"{t.dimension.name}: {t.name}", t.count) for t in themes]))
    return result


def dashboard_indicators(
    organisation: Organisation, *, year: int | None = None, units: Iterable[int] | None = None
) -> list[Series]:
    year = year or timezone.localdate().year
    years = list(range(year - 3, year + 1))
    found = []
    for setting in indicator_settings(organisation):
        series = series_for(organisation, setting.key, years, units=units, setting=setting)
        if series is not None:
            found.append(series)
    return found


def comparison(
    organisations: Iterable[Organisation], *, year: int | None = None
) -> dict[str, dict[int, Decimal | None]]:
    """The same indicators side by side for organisations that take part (LN-2)."""
    year = year or timezone.localdate().year
    table: dict[str, dict[int, Decimal | None]] = {}
    for key, compute in YEARLY.items():
        table[key] = {organisation.pk: compute(organisation, year) for organisation in organisations}
    return table
