"""The mandate-period review (VX-11, LN-12): what was done per direction, the indicators' trends, compliance and reviews over the four years."""

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from utblick.engagements.models import (
    AgreementReview,
    Engagement,
    Evaluation,
)
from utblick.organisations.models import Organisation
from utblick.strategies.models import MandatePeriod, StrategyReview

from .. import indicators
from ..models import Deviation
from .content import (
    DirectionBlock,
    YearReport,
    _by_direction,
    _directions,
    _engagements,
    _open_deviations,
    _strategy_version,
    _summary_blocks,
    number,
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

    @cached_property
    def listing(self) -> list[DirectionBlock]:
        """Every engagement of the period, direction by direction, with its details (for the XLSX)."""
        with translation.override(self.organisation.report_language):
            years = _period_years(self.period)
            _strategy, version = _strategy_version(self.organisation, self.period.ends_on)
            engagements = list(_in_period(self.organisation, self.period))
            return _by_direction(engagements, _directions(version, self.organisation), self.organisation, years)

    @property
    def title(self) -> str:
        with translation.override(self.organisation.report_language):  # the report's language, whoever asks
            return _("Review of the strategy for the mandate period %(period)s – %(who)s") % {
                "period": self.period.label,
                "who": self.organisation.name,
            }

    @property
    def subtitle(self) -> str:
        with translation.override(self.organisation.report_language):
            return _("The strategy followed up once per mandate period")

    @property
    def indicators(self) -> list[indicators.Series]:
        return [trend.series for trend in self.trends]


def _period_years(period: MandatePeriod) -> list[int]:
    return list(range(period.starts_on.year + 1, period.ends_on.year + 1))


def _in_period(organisation: Organisation, period: MandatePeriod) -> QuerySet[Engagement]:
    return (
        _engagements(organisation, None)
        .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=period.ends_on))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=period.starts_on))
    )


def build_mandate_review(*, organisation: Organisation, period: MandatePeriod, conclusions: str = "") -> MandateReview:
    with translation.override(organisation.report_language):
        years = _period_years(period)
        strategy, version = _strategy_version(organisation, period.ends_on)
        in_period = _in_period(organisation, period).select_related(None).prefetch_related(None)
        settings = indicators.indicator_settings(organisation)
        trends = [Trend(series) for series in indicators.series_list(organisation, settings, years)]
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
            directions=_summary_blocks(in_period, _directions(version, organisation), organisation, years),
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
