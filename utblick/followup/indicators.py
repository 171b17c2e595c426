"""Indicators computed from the register by SQL aggregation, per year (and unit).

Each indicator of the registry (``utblick.strategies.registry.INDICATORS``) is computed here for
an organisation (or several), some years and optionally a set of units. All of them come from two
grouped queries — one over the engagements with a ``FILTER`` clause per indicator and year, one over
the projects' stage changes — grouped by organisation for the comparison page. A dashboard, a report
or the comparison of every organisation therefore costs two queries, whatever the register holds.

Which engagements count for a year is the register's one definition
(``engagements.models.counted_in_year``): active during the year and not cancelled.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Case, Count, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import ExtractYear, Greatest, Least
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
from utblick.engagements.models import (
    Engagement,
    Evaluation,
    Exchange,
    ProjectStageChange,
)
from utblick.engagements.models.engagement import counted, years_active
from utblick.organisations.models import Organisation
from utblick.strategies.models import Indicator, StrategyVersion
from utblick.strategies.registry import INDICATORS
from utblick.strategies.selectors import directions_in_force, themes_in_force

from .figure_cache import cached_counts, cached_figures

FUNDED_STAGES = [ProjectStage.GRANTED, ProjectStage.ONGOING, ProjectStage.COMPLETED]
TWIN_TYPES = [AgreementType.TWIN, AgreementType.FRIENDSHIP, AgreementType.SISTER]
LEVELS = ("politicians", "management", "staff")


def _year_end(year: int) -> datetime.date:
    return min(datetime.date(year, 12, 31), timezone.localdate())


# The indicator families: each reads only its kinds of engagement (through the index on organisation
# and kind) in one grouped query.
FAMILIES: dict[str, list[str]] = {
    "projects": [Kind.PROJECT],
    "memberships": [Kind.MEMBERSHIP],
    "agreements": [Kind.AGREEMENT],
    "activities": [Kind.REPRESENTATION, Kind.TRAINING, Kind.TRIP],
}
RAW_NAMES = [
    "eu_funded", "other_funded", "granted_sek", "memberships", "memberships_on_time", "twins_active",
    "seats_politicians", "seats_officials", *[f"training_{level}" for level in LEVELS], "flight_co2e", "flights",
    "flights_compensated",
]  # fmt: skip


def _windows(year: int) -> tuple[Any, Any]:
    """The evaluations and exchanges that count for a year: memberships evaluated in the two years up to
    its end (the usual interval), agreements with an exchange in the last twelve months."""
    end = _year_end(year)
    window_start = end - relativedelta(years=2)
    # Uncorrelated subqueries (hashed once), not EXISTS per row: the plan stays cheap, well below
    # PostgreSQL's JIT threshold, which otherwise spends seconds compiling a query that runs in milliseconds.
    evaluated = Evaluation.objects.filter(evaluated_on__gte=window_start, evaluated_on__lte=end).values("membership_id")
    recent = Exchange.objects.filter(happened_on__gt=end - datetime.timedelta(days=365), happened_on__lte=end)
    return evaluated, recent.values("agreement_id")


def _family_queries(years: list[int]) -> dict[str, tuple[list[str], dict[str, Any]]]:
    """Per family: what each group is keyed by, and its aggregates.

    Groups are keyed by organisation and the years an engagement starts and ends, so the counts of every
    year come from one pass; the years an engagement counts in follow ``years_active`` (the register's
    definition). What depends on the year itself (evaluated in time, exchanges in the last twelve months)
    is one FILTER clause per year.
    """
    funded = Q(project__stage__in=FUNDED_STAGES)
    eu = Q(project__programme__in=list(EU_PROGRAMMES))
    in_sek = Case(
        When(
            project__currency=Currency.EUR,
            # By the project's own recorded rate; an amount in EUR without one is left out (the report
            # says which), never converted by an assumed rate.
            then=F("project__funding_granted") * F("project__exchange_rate"),
        ),
        default=F("project__funding_granted"),
        output_field=DecimalField(max_digits=20, decimal_places=4),
    )
    windows = {year: _windows(year) for year in years}
    eu_training = Q(kind=Kind.TRAINING, training__is_eu_training=True)
    flights = Q(kind=Kind.TRIP, trip__flight_km__gt=0)
    dated = ["organisation_id", "first_year", "last_year"]
    return {
        "projects": (
            dated,
            {
                "eu_funded": Count("pk", filter=funded & eu),
                "other_funded": Count("pk", filter=funded & ~eu & ~Q(project__programme="")),
                "granted_sek": Sum(in_sek),
            },
        ),
        "memberships": (
            dated,
            {
                "memberships": Count("pk"),
                **{f"memberships_on_time_{year}": Count("pk", filter=Q(pk__in=windows[year][0])) for year in years},
            },
        ),
        "agreements": (
            ["organisation_id"],
            {
                f"twins_active_{year}": Count(
                    "pk", filter=Q(agreement__agreement_type__in=TWIN_TYPES, pk__in=windows[year][1])
                )
                for year in years
            },
        ),
        "activities": (
            [*dated, "kind"],
            {
                "seats_politicians": Count("pk", filter=Q(representation__holder=SeatHolder.POLITICIAN)),
                "seats_officials": Count("pk", filter=Q(representation__holder=SeatHolder.OFFICIAL)),
                **{f"training_{level}": Sum(f"training__{level}", filter=eu_training) for level in LEVELS},
                "flight_co2e": Sum("trip__flight_co2e_kg", filter=flights),  # the flights only (VX-4)
                "flights": Count("pk", filter=flights),
                "flights_compensated": Count("pk", filter=flights & Q(trip__compensation=Compensation.COMPENSATED)),
            },
        ),
    }


def _add_group(raw: dict[str, Any], group: dict[str, Any], year: int) -> None:
    """Add one group's figures to a year's raw figures, if the group's engagements count in that year."""
    started_in_year = group.get("first_year") == year  # trips and trainings happen when they start
    active = years_active(group.get("first_year"), group.get("last_year"), year)
    kind = group.get("kind")
    for name, value in group.items():
        if name in ("organisation_id", "first_year", "last_year", "kind") or value is None:
            continue
        if name.rsplit("_", 1)[-1].isdigit():  # a per-year FILTER clause: only its own year
            base, _, for_year = name.rpartition("_")
            if int(for_year) == year and (base == "twins_active" or active):
                raw[base] += value
            continue
        if kind in (Kind.TRAINING, Kind.TRIP):
            if started_in_year:
                raw[name] += value
        elif active:
            raw[name] += value


def _percent(part: int, whole: int) -> Decimal | None:
    return Decimal(100 * part / whole).quantize(Decimal("1")) if whole else None


def _indicator_values(raw: dict[str, Any], changes: dict[str, int]) -> dict[str, Any]:
    """One year's indicators from the raw aggregates."""
    training = {level: int(raw[f"training_{level}"] or 0) for level in LEVELS}
    decided = changes["granted"] + changes["rejected"]
    return {
        "eu_funded_projects": Decimal(raw["eu_funded"]),
        "other_funded_projects": Decimal(raw["other_funded"]),
        "applications_submitted": Decimal(changes["submitted"]),
        "application_success_rate": _percent(changes["granted"], decided),
        "external_funding_granted_sek": Decimal(raw["granted_sek"] or 0).quantize(Decimal("1")),
        "memberships_evaluated_on_time_pct": _percent(raw["memberships_on_time"], raw["memberships"]),
        "twin_agreements_active_12m": Decimal(raw["twins_active"]),
        "representation_seats_politicians": Decimal(raw["seats_politicians"]),
        "representation_seats_officials": Decimal(raw["seats_officials"]),
        "eu_training_participants": Decimal(sum(training.values())),
        "eu_training_participants_by_level": training,
        "flight_co2e_kg": Decimal(raw["flight_co2e"] or 0).quantize(Decimal("1")),
        "flights_compensated_pct": _percent(raw["flights_compensated"], raw["flights"]),
    }


def figures(
    organisations: Iterable[Organisation | int],
    years: list[int],
    *,
    units: Iterable[int] | None = None,
    stamps: dict[int, int] | None = None,
) -> dict[int, dict[int, dict[str, Any]]]:
    """Every indicator for each organisation and year: ``{organisation_id: {year: {key: value}}}``.

    From the cache while the organisation's register is unchanged (``figure_cache``); computed
    otherwise, for all the organisations missing there at once. ``stamps``: the register stamps, when
    the caller has read them.
    """
    ids = [o if isinstance(o, int) else o.pk for o in organisations]
    return cached_figures(ids, years, units, _computed_figures, known_stamps=stamps)


def _computed_figures(
    ids: list[int], years: list[int], *, units: list[int] | None = None
) -> dict[int, dict[int, dict[str, Any]]]:
    """One grouped query per family of indicators and one for the projects' stage changes, grouped by
    organisation: five queries, whatever the register and the number of organisations."""
    first, last = min(years), max(years)
    in_years = (Q(starts_on__isnull=True) | Q(starts_on__year__lte=last)) & (
        Q(ends_on__isnull=True) | Q(ends_on__year__gte=first)
    )
    groups: dict[int, list[dict[str, Any]]] = {organisation_id: [] for organisation_id in ids}
    for family, (keys, aggregates) in _family_queries(years).items():
        engagements = Engagement.objects.filter(organisation_id__in=ids, kind__in=FAMILIES[family])
        engagements = engagements.of_units(units).filter(counted())
        if family != "agreements":  # agreements count by their exchanges, whatever their dates
            engagements = engagements.filter(in_years)
        # Years outside the window are all alike: clamped, every organisation has a handful of groups.
        engagements = engagements.annotate(
            first_year=Greatest(ExtractYear("starts_on"), Value(first - 1)),
            last_year=Least(ExtractYear("ends_on"), Value(last + 1)),
        )
        for group in engagements.values(*keys).order_by().annotate(**aggregates):
            groups[group["organisation_id"]].append(group)
    changes_qs = ProjectStageChange.objects.filter(
        project__engagement__organisation_id__in=ids, changed_on__year__gte=first, changed_on__year__lte=last
    )
    if units is not None:
        changes_qs = changes_qs.filter(project__engagement__owner_unit_id__in=list(units))
    stages = {"submitted": ProjectStage.SUBMITTED, "granted": ProjectStage.GRANTED, "rejected": ProjectStage.REJECTED}
    change_rows: dict[tuple[int, int], Any] = {}
    for row in (
        changes_qs.annotate(year=ExtractYear("changed_on"))
        .values("project__engagement__organisation_id", "year")
        .order_by()
        .annotate(**{name: Count("pk", filter=Q(stage=stage)) for name, stage in stages.items()})
    ):
        change_rows[(row["project__engagement__organisation_id"], row["year"])] = row
    result: dict[int, dict[int, dict[str, Any]]] = {}
    for organisation_id in ids:
        result[organisation_id] = {}
        for year in years:
            raw: dict[str, Any] = dict.fromkeys(RAW_NAMES, 0)
            for group in groups[organisation_id]:
                _add_group(raw, group, year)
            change_row = change_rows.get((organisation_id, year), {})
            changes = {name: change_row.get(name, 0) for name in stages}
            result[organisation_id][year] = _indicator_values(raw, changes)
    return result


def _one(key: str) -> Callable[..., Any]:
    def compute(organisation: Organisation, year: int, units: Iterable[int] | None = None) -> Any:
        return figures([organisation], [year], units=units)[organisation.pk][year][key]

    compute.__name__ = key
    compute.__doc__ = f"The indicator {key!r} of one organisation and year (two queries; dashboards use figures())."
    return compute


eu_funded_projects = _one("eu_funded_projects")
other_funded_projects = _one("other_funded_projects")
applications_submitted = _one("applications_submitted")
application_success_rate = _one("application_success_rate")
external_funding_granted_sek = _one("external_funding_granted_sek")
memberships_evaluated_on_time_pct = _one("memberships_evaluated_on_time_pct")
twin_agreements_active_12m = _one("twin_agreements_active_12m")
eu_training_participants = _one("eu_training_participants")
eu_training_participants_by_level = _one("eu_training_participants_by_level")
flight_co2e_kg = _one("flight_co2e_kg")
flights_compensated_pct = _one("flights_compensated_pct")

YEARLY: dict[str, Callable[..., Decimal | None]] = {
    "eu_funded_projects": eu_funded_projects,
    "other_funded_projects": other_funded_projects,
    "applications_submitted": applications_submitted,
    "application_success_rate": application_success_rate,
    "external_funding_granted_sek": external_funding_granted_sek,
    "memberships_evaluated_on_time_pct": memberships_evaluated_on_time_pct,
    "twin_agreements_active_12m": twin_agreements_active_12m,
    "representation_seats_politicians": _one("representation_seats_politicians"),
    "representation_seats_officials": _one("representation_seats_officials"),
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
    """The indicators the organisation's strategy versions in force follow, in the strategies' order."""
    in_force = Indicator.objects.filter(version__in=StrategyVersion.objects.in_force(organisation))
    return list(in_force.for_organisation(organisation).order_by("version__strategy_id", "order", "pk"))


def _series(key: str, points: list[tuple[int, Any]], setting: Indicator | None) -> Series | None:
    definition = INDICATORS.get(key)
    if key not in YEARLY or definition is None:
        return None
    return Series(
        key=key,
        title=str(definition.title),
        unit=str(definition.unit),
        good_direction=setting.good_direction if setting else definition.good_direction,
        points=points,
        target=setting.target if setting else None,
        target_year=setting.target_year if setting else None,
    )


def series_list(
    organisation: Organisation,
    settings: list[Indicator],
    years: list[int],
    *,
    units: Iterable[int] | None = None,
) -> list[Series]:
    """The organisation's indicators over the years, from one batch of grouped queries."""
    by_year = figures([organisation], years, units=units)[organisation.pk] if settings else {}
    found = []
    for setting in settings:
        series = _series(setting.key, [(year, by_year[year].get(setting.key)) for year in years], setting)
        if series is not None:
            if setting.key == "eu_training_participants":
                series.breakdown = by_year[years[-1]]["eu_training_participants_by_level"]
            found.append(series)
    return found


def series_for(
    organisation: Organisation,
    key: str,
    years: list[int],
    *,
    units: Iterable[int] | None = None,
    setting: Indicator | None = None,
) -> Series | None:
    if key not in YEARLY:
        return None
    found = series_list(organisation, [setting or Indicator(key=key)], years, units=units)
    if found and setting is None:
        definition = INDICATORS[key]
        found[0].good_direction = definition.good_direction
        found[0].target = found[0].target_year = None
    return found[0] if found else None


def coverage_for(organisation: Organisation, year: int, units: Iterable[int] | None = None) -> list[Coverage]:
    """Engagements per direction and per theme of the strategy in force (ST-2, KR-2).

    Counted from the link tables, grouped by direction (theme): one query each, through the
    engagements' own index, whatever the register holds; kept until the organisation's stamp rises
    (``figure_cache``: its register, its strategy or a link changed from either side).
    """
    unit_ids = None if units is None else sorted(set(units))
    question = repr(["coverage", year, unit_ids])
    return cached_counts(organisation.pk, question, lambda: _coverage(organisation, year, unit_ids))


def _coverage(organisation: Organisation, year: int, units: list[int] | None) -> list[Coverage]:
    directions = list(directions_in_force(organisation))
    themes = list(themes_in_force(organisation))
    counted = Engagement.objects.in_organisation(organisation).of_units(units).counted_in(year).values("pk")
    per_direction = dict(
        Engagement.directions.through.objects.filter(engagement__in=counted, direction__in=[d.pk for d in directions])
        .values("direction_id")
        .order_by()
        .annotate(n=Count("engagement_id", distinct=True))
        .values_list("direction_id", "n")  # type: ignore[misc]  # the plugin does not see the annotation
    )
    result = [Coverage("directions", [(d.name, per_direction.get(d.pk, 0)) for d in directions])]
    if themes:
        per_theme = dict(
            Engagement.themes.through.objects.filter(engagement__in=counted, theme__in=[t.pk for t in themes])
            .values("theme_id")
            .order_by()
            .annotate(n=Count("engagement_id", distinct=True))
            .values_list("theme_id", "n")  # type: ignore[misc]  # the plugin does not see the annotation
        )
        result.append(Coverage("themes", [(f"{t.dimension.name}: {t.name}", per_theme.get(t.pk, 0)) for t in themes]))
    return result


def dashboard_indicators(
    organisation: Organisation, *, year: int | None = None, units: Iterable[int] | None = None
) -> list[Series]:
    year = year or timezone.localdate().year
    return series_list(organisation, indicator_settings(organisation), list(range(year - 3, year + 1)), units=units)


def comparison(
    organisations: Iterable[Organisation], *, year: int | None = None, stamps: dict[int, int] | None = None
) -> dict[str, dict[int, Decimal | None]]:
    """The same indicators side by side for organisations that take part (LN-2), in two grouped queries."""
    year = year or timezone.localdate().year
    organisations = list(organisations)
    by_organisation = figures(organisations, [year], stamps=stamps) if organisations else {}
    return {
        key: {organisation.pk: by_organisation[organisation.pk][year][key] for organisation in organisations}
        for key in YEARLY
    }
