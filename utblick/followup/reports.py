"""The yearly report of a unit or a whole organisation (VX-9, LN-12, ST-13) and the mandate-period review.

``build_year_report`` gathers what the report says; ``render_*`` write it as HTML, DOCX, XLSX or
PDF. Everything is organised by the strategy's directions and read through the same selectors as
the pages, so the figures in a report are the figures on the dashboard.
"""

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from utblick.engagements.choices import EU_PROGRAMMES, Kind, ProjectStage, Status
from utblick.engagements.models import Engagement, ProjectStageChange
from utblick.organisations.models import Organisation, Unit
from utblick.strategies.models import Direction, MandatePeriod, Strategy, StrategyReview

from . import indicators
from .models import Deviation


@dataclass
class Section:
    title: str
    engagements: list[Engagement] = field(default_factory=list)
    note: str = ""


@dataclass
class DirectionBlock:
    name: str
    sections: list[Section]

    @property
    def count(self) -> int:
        return sum(len(section.engagements) for section in self.sections)


@dataclass
class YearReport:
    organisation: Organisation
    unit: Unit | None
    year: int
    strategy_name: str
    directions: list[DirectionBlock]
    applications: list[tuple[Engagement, str]]
    results: list[Engagement]
    deviations: list[Deviation]
    indicators: list[indicators.Series]
    generated: datetime.datetime

    @property
    def title(self) -> str:
        who = self.unit.name if self.unit else self.organisation.name
        return _("International work %(year)s – %(who)s") % {"year": self.year, "who": who}

    @property
    def total(self) -> int:
        return sum(block.count for block in self.directions)


def _active(queryset: QuerySet, year: int) -> QuerySet:
    return queryset.filter(Q(starts_on__isnull=True) | Q(starts_on__year__lte=year)).filter(
        Q(ends_on__isnull=True) | Q(ends_on__year__gte=year)
    )


def _engagements(organisation: Organisation, unit: Unit | None, *, public_only: bool) -> QuerySet[Engagement]:
    engagements = Engagement.objects.filter(organisation=organisation).exclude(status=Status.CANCELLED)
    if unit is not None:
        below = [unit.pk, *Unit.objects.filter(parent=unit).values_list("pk", flat=True)]
        engagements = engagements.filter(owner_unit_id__in=below)
    if public_only:
        engagements = engagements.filter(confidentiality="")
    return engagements.select_related(
        "owner_unit", "project", "trip", "training", "membership", "agreement"
    ).prefetch_related("directions", "membership__evaluations", "agreement__exchanges", "agreement__reviews")


def _sections(engagements: list[Engagement], year: int) -> list[Section]:
    def kind(*kinds: str) -> list[Engagement]:
        return [e for e in engagements if e.kind in kinds]

    projects = kind(Kind.PROJECT)
    funded = [
        e for e in projects if e.project.stage in (ProjectStage.GRANTED, ProjectStage.ONGOING, ProjectStage.COMPLETED)
    ]
    eu = [e for e in funded if e.project.programme in EU_PROGRAMMES]
    return [
        Section(
            _("Ongoing EU projects"),
            [e for e in eu if not (e.ends_on and e.ends_on.year == year and e.status == Status.COMPLETED)],
        ),
        Section(
            _("EU projects completed during the year"),
            [e for e in eu if e.ends_on and e.ends_on.year == year and e.status == Status.COMPLETED],
        ),
        Section(_("Other international projects"), [e for e in funded if e not in eu]),
        Section(_("Memberships"), kind(Kind.MEMBERSHIP)),
        Section(_("Agreements and twin cities"), kind(Kind.AGREEMENT)),
        Section(_("Visits"), kind(Kind.VISIT)),
        Section(_("Trips"), kind(Kind.TRIP)),
        Section(_("Trainings"), kind(Kind.TRAINING)),
        Section(_("Representation"), kind(Kind.REPRESENTATION)),
        Section(_("Advocacy"), kind(Kind.ADVOCACY)),
    ]


def build_year_report(
    *, organisation: Organisation, year: int, unit: Unit | None = None, public_only: bool = False
) -> YearReport:
    """Everything the yearly report of a unit (or the whole organisation) says, by direction."""
    with translation.override(organisation.report_language):
        engagements = list(_active(_engagements(organisation, unit, public_only=public_only), year))
        strategies = list(Strategy.objects.filter(ownerships__organisation=organisation).distinct())
        strategy = strategies[0] if strategies else None
        version = strategy.current_version(datetime.date(year, 12, 31)) if strategy else None
        directions = (
            list(Direction.objects.filter(version=version).for_organisation(organisation).order_by("order"))
            if version
            else []
        )
        blocks = []
        placed: set[int] = set()
        for direction in directions:
            mine = [e for e in engagements if direction in e.directions.all()]
            placed.update(e.pk for e in mine)
            blocks.append(DirectionBlock(direction.name, [s for s in _sections(mine, year) if s.engagements]))
        rest = [e for e in engagements if e.pk not in placed]
        if rest:
            blocks.append(
                DirectionBlock(_("Not linked to a direction"), [s for s in _sections(rest, year) if s.engagements])
            )
        changes = ProjectStageChange.objects.filter(
            project__engagement__organisation=organisation, changed_on__year=year, stage=ProjectStage.SUBMITTED
        ).select_related("project__engagement")
        if unit is not None:
            changes = changes.filter(project__engagement__owner_unit=unit)
        if public_only:
            changes = changes.filter(project__engagement__confidentiality="")
        applications = [(c.project.engagement, c.project.get_stage_display()) for c in changes]
        end = timezone.make_aware(datetime.datetime(year, 12, 31, 23, 59))
        deviations = Deviation.objects.filter(organisation=organisation, first_seen__lte=end).filter(
            Q(resolved_at__isnull=True) | Q(resolved_at__gt=end)
        )
        if unit is not None:
            deviations = deviations.filter(unit=unit)
        if public_only:
            deviations = deviations.filter(is_confidential=False)
        return YearReport(
            organisation=organisation,
            unit=unit,
            year=year,
            strategy_name=strategy.local_name(organisation) if strategy else "",
            directions=blocks,
            applications=applications,
            results=[e for e in engagements if e.achieved_results.strip()],
            deviations=list(deviations.select_related("unit")),
            indicators=indicators.dashboard_indicators(organisation, year=year, units=[unit.pk] if unit else None),
            generated=timezone.now(),
        )


# -- The mandate-period review (VX-11, LN-12) -----------------------------------------------------


@dataclass
class MandateReview:
    organisation: Organisation
    period: MandatePeriod
    strategy_name: str
    directions: list[tuple[str, list[str], int]]  # name, goals, engagements in the period
    indicators: list[indicators.Series]
    compliance: list[tuple[int, int, int]]  # year, deviations opened, deviations resolved
    reviews: list[StrategyReview]
    agreement_reviews: list[Any]
    evaluations: list[Any]
    conclusions: str

    @property
    def title(self) -> str:
        return _("Review of the strategy for the mandate period %(period)s – %(who)s") % {
            "period": self.period.label,
            "who": self.organisation.name,
        }


def build_mandate_review(*, organisation: Organisation, period: MandatePeriod, conclusions: str = "") -> MandateReview:
    from utblick.engagements.models import AgreementReview, Evaluation

    with translation.override(organisation.report_language):
        years = list(range(period.starts_on.year + 1, period.ends_on.year + 1))
        strategy = Strategy.objects.filter(ownerships__organisation=organisation).distinct().first()
        version = strategy.current_version(period.ends_on) if strategy else None
        in_period = (
            Engagement.objects.filter(organisation=organisation)
            .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=period.ends_on))
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=period.starts_on))
        )
        directions = []
        if version is not None:
            for direction in Direction.objects.filter(version=version).for_organisation(organisation).order_by("order"):
                goals = [goal.text for goal in direction.goals.for_organisation(organisation)]
                directions.append((direction.name, goals, in_period.filter(directions=direction).count()))
        series = []
        for setting in indicators.indicator_settings(organisation):
            found = indicators.series_for(organisation, setting.key, years, setting=setting)
            if found is not None:
                series.append(found)
        compliance = []
        for year in years:
            opened = Deviation.objects.filter(organisation=organisation, first_seen__year=year).count()
            resolved = Deviation.objects.filter(organisation=organisation, resolved_at__year=year).count()
            compliance.append((year, opened, resolved))
        return MandateReview(
            organisation=organisation,
            period=period,
            strategy_name=strategy.local_name(organisation) if strategy else "",
            directions=directions,
            indicators=series,
            compliance=compliance,
            reviews=list(StrategyReview.objects.filter(organisation=organisation, period=period)),
            agreement_reviews=list(
                AgreementReview.objects.filter(
                    agreement__engagement__organisation=organisation,
                    deadline__gte=period.starts_on,
                    deadline__lte=period.ends_on,
                ).select_related("agreement__engagement")
            ),
            evaluations=list(
                Evaluation.objects.filter(
                    membership__engagement__organisation=organisation,
                    evaluated_on__gte=period.starts_on,
                    evaluated_on__lte=period.ends_on,
                ).select_related("membership__engagement")
            ),
            conclusions=conclusions,
        )


# -- Formats -------------------------------------------------------------------------------------


def render_html(report: Any, *, standalone: bool = True) -> str:
    template = "followup/report_year.html" if isinstance(report, YearReport) else "followup/report_mandate.html"
    with translation.override(report.organisation.report_language):
        return render_to_string(template, {"report": report, "standalone": standalone})


def render_pdf(report: Any) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(report), base_url=None).write_pdf(pdf_variant="pdf/ua-1")


def _chart_png(series: indicators.Series) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(4, 1.8), dpi=120)
    years = [str(year) for year, _ in series.points]
    values = [float(value or 0) for _, value in series.points]
    positions = list(range(len(values)))
    axes.bar(positions, values, color=["#7f9ab5"] * (len(values) - 1) + ["#1b3a5c"])
    axes.set_xticks(positions, years)
    axes.set_title(series.title, fontsize=9)
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(labelsize=8)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    pyplot.close(figure)
    return buffer.getvalue()


def _fmt(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}".replace(",", "\u00a0") if value == value.to_integral_value() else f"{value:.1f}"


def render_docx(report: Any) -> bytes:
    from docx import Document
    from docx.shared import Cm

    with translation.override(report.organisation.report_language):
        document = Document()
        document.core_properties.title = report.title
        document.core_properties.language = report.organisation.report_language
        document.add_heading(report.title, level=0)
        if report.strategy_name:
            document.add_paragraph(_("Followed up against: %(strategy)s") % {"strategy": report.strategy_name})

        def table(headers: list[str], rows: list[list[str]]) -> None:
            grid = document.add_table(rows=1, cols=len(headers))
            grid.style = "Light Grid Accent 1"
            for cell, text in zip(grid.rows[0].cells, headers, strict=True):
                cell.text = text
            for row in rows:
                cells = grid.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = text

        def charts(series_list: list[indicators.Series]) -> None:
            for series in series_list:
                document.add_picture(io.BytesIO(_chart_png(series)), width=Cm(10))
                picture = document.inline_shapes[-1]
                # Alternative text for screen readers: the figures themselves.
                alt = f"{series.title}: " + ", ".join(f"{year} {_fmt(value)}" for year, value in series.points)
                picture._inline.docPr.set("descr", alt)
                table([_("Year"), series.title], [[str(year), _fmt(value)] for year, value in series.points])

        if isinstance(report, YearReport):
            for block in report.directions:
                document.add_heading(block.name, level=1)
                for section in block.sections:
                    document.add_heading(section.title, level=2)
                    table(
                        [_("Engagement"), _("Unit"), _("Status"), _("Results")],
                        [
                            [
                                e.title,
                                e.owner_unit.name,
                                e.get_status_display(),
                                e.achieved_results or e.expected_results,
                            ]
                            for e in section.engagements
                        ],
                    )
            document.add_heading(_("Applications submitted"), level=1)
            if report.applications:
                table([_("Application"), _("Outcome")], [[e.title, outcome] for e, outcome in report.applications])
            else:
                document.add_paragraph(_("No applications were submitted during the year."))
            document.add_heading(_("Results"), level=1)
            for engagement in report.results:
                document.add_heading(engagement.title, level=3)
                document.add_paragraph(engagement.achieved_results)
            document.add_heading(_("Deviations open at the end of the year"), level=1)
            if report.deviations:
                table([_("Rule"), _("Deviation")], [[d.rule_title, d.message] for d in report.deviations])
            else:
                document.add_paragraph(_("No deviations were open."))
            document.add_heading(_("Indicators"), level=1)
            charts(report.indicators)
        else:
            document.add_heading(_("What was done, direction by direction"), level=1)
            for name, goals, count in report.directions:
                document.add_heading(name, level=2)
                document.add_paragraph(_("%(count)s engagements during the period.") % {"count": count})
                for goal in goals:
                    document.add_paragraph(goal, style="List Bullet")
            document.add_heading(_("Indicators over the period"), level=1)
            charts(report.indicators)
            document.add_heading(_("Compliance with the rules"), level=1)
            table(
                [_("Year"), _("Deviations opened"), _("Deviations resolved")],
                [[str(year), str(opened), str(resolved)] for year, opened, resolved in report.compliance],
            )
            document.add_heading(_("Reviews of memberships and agreements"), level=1)
            table(
                [_("Subject"), _("Date"), _("Outcome")],
                [
                    [e.membership.engagement.title, str(e.evaluated_on), e.get_verdict_display()]
                    for e in report.evaluations
                ]
                + [
                    [
                        r.agreement.engagement.title,
                        str(r.decided_on or r.deadline),
                        r.get_decision_display() or _("not decided"),
                    ]
                    for r in report.agreement_reviews
                ],
            )
            document.add_heading(_("Conclusions"), level=1)
            document.add_paragraph(
                report.conclusions or _("(The coordinator writes the conclusions before the report is sent.)")
            )
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


def render_xlsx(report: Any) -> bytes:
    from openpyxl import Workbook

    with translation.override(report.organisation.report_language):
        workbook = Workbook()
        first = workbook.active
        workbook.remove(first)

        def sheet(title: str, headers: list[str], rows: list[list[Any]]) -> None:
            ws = workbook.create_sheet(title[:31])
            ws.append(headers)
            for row in rows:
                ws.append(row)

        if isinstance(report, YearReport):
            rows = []
            for block in report.directions:
                for section in block.sections:
                    for e in section.engagements:
                        rows.append(
                            [
                                block.name,
                                section.title,
                                e.title,
                                e.owner_unit.name,
                                e.get_status_display(),
                                e.starts_on,
                                e.ends_on,
                                e.achieved_results,
                            ]
                        )
            sheet(
                _("Engagements"),
                [
                    _("Direction"),
                    _("Section"),
                    _("Engagement"),
                    _("Unit"),
                    _("Status"),
                    _("Starts"),
                    _("Ends"),
                    _("Results"),
                ],
                rows,
            )
            sheet(
                _("Applications"),
                [_("Application"), _("Outcome")],
                [[e.title, outcome] for e, outcome in report.applications],
            )
            sheet(
                _("Results"), [_("Engagement"), _("Results")], [[e.title, e.achieved_results] for e in report.results]
            )
            sheet(
                _("Deviations"),
                [_("Rule"), _("Deviation"), _("Since")],
                [[d.rule_title, d.message, d.first_seen.date()] for d in report.deviations],
            )
            series_list = report.indicators
        else:
            sheet(
                _("Directions"),
                [_("Direction"), _("Engagements"), _("Goals")],
                [[n, c, "; ".join(g)] for n, g, c in report.directions],
            )
            sheet(
                _("Compliance"),
                [_("Year"), _("Deviations opened"), _("Deviations resolved")],
                [list(row) for row in report.compliance],
            )
            sheet(_("Conclusions"), [_("Conclusions")], [[report.conclusions]])
            series_list = report.indicators
        years = [year for year, _ in series_list[0].points] if series_list else []
        sheet(
            _("Indicators"),
            [_("Indicator"), _("Unit"), *[str(year) for year in years]],
            [[s.title, s.unit, *[float(v) if v is not None else None for _, v in s.points]] for s in series_list],
        )
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


RENDERERS = {"html": render_html, "pdf": render_pdf, "docx": render_docx, "xlsx": render_xlsx}
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def render(report: Any, file_format: str) -> bytes:
    output = RENDERERS[file_format](report)
    return output.encode("utf-8") if isinstance(output, str) else output
