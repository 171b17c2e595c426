"""The reports as Excel workbooks (openpyxl): one sheet per section, numbers and dates as typed cells."""

from decimal import Decimal
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Alignment, Font, PatternFill

from utblick.core.spreadsheets import new_workbook, xlsx_bytes

from .content import YearReport
from .mandate import MandateReview

HEADER_FILL = PatternFill("solid", fgColor="E9EDF2")


def _typed(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class Sheets:
    def __init__(self) -> None:
        self.workbook = new_workbook()
        self.workbook.remove(self.workbook.active)

    def add(
        self,
        title: str,
        headers: list[str],
        rows: list[list[Any]],
        widths: list[int] | None = None,
        plain: tuple[int, ...] = (),
    ) -> None:
        """``plain``: the columns (from 0) of figures that are not amounts, such as years, left ungrouped."""
        sheet = self.workbook.create_sheet(title[:31])
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font, cell.fill = Font(bold=True), HEADER_FILL
        for row in rows:
            sheet.append([_typed(value) for value in row])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if cell.is_date:
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                    if cell.column - 1 not in plain:
                        # Grouped thousands; Excel and LibreOffice show the reader's separator ("1 560 000").
                        cell.number_format = "#,##0" if isinstance(cell.value, int) else "#,##0.0"
                elif isinstance(cell.value, str) and len(cell.value) > 60:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        for index, width in enumerate(widths or [], start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
        sheet.freeze_panes = "A2"

    def save(self) -> bytes:
        return xlsx_bytes(self.workbook)


def _engagement_rows(blocks: list[Any]) -> list[list[Any]]:
    rows = []
    for block in blocks:
        for section in block.sections:
            for row in section.rows:
                e = row.engagement
                rows.append(
                    [
                        block.name,
                        section.title,
                        e.title,
                        e.owner_unit.name,
                        e.get_status_display(),
                        e.starts_on,
                        e.ends_on,
                        row.details,
                        e.achieved_results,
                        e.expected_results,
                    ]
                )
    return rows


ENGAGEMENT_HEADERS = [
    gettext_lazy("Direction"),
    gettext_lazy("Section"),
    gettext_lazy("Engagement"),
    gettext_lazy("Unit"),
    gettext_lazy("Status"),
    gettext_lazy("Starts"),
    gettext_lazy("Ends"),
    gettext_lazy("Details"),
    gettext_lazy("Achieved results"),
    gettext_lazy("Expected results"),
]
ENGAGEMENT_WIDTHS = [28, 28, 40, 28, 12, 12, 12, 50, 60, 60]


def _indicators(sheets: Sheets, series_list: list[Any]) -> None:
    years = [year for year, _ in series_list[0].points] if series_list else []
    sheets.add(
        _("Indicators"),
        [_("Indicator"), _("Unit"), *[str(year) for year in years], _("Target")],
        [[s.title, s.unit, *[value for _, value in s.points], s.target] for s in series_list],
        [40, 12, *[10] * len(years), 10],
    )


def _year(sheets: Sheets, report: YearReport) -> None:
    sheets.add(
        _("Summary of the year"),
        [_("Figure"), str(report.year)],
        [[f.label, f.value] for f in report.summary] + [[note, None] for note in report.rate_notes],
        [45, 16],
    )
    sheets.add(
        _("Engagements"), [str(h) for h in ENGAGEMENT_HEADERS], _engagement_rows(report.listing), ENGAGEMENT_WIDTHS
    )
    sheets.add(
        _("Applications"),
        [_("Application"), _("Submitted"), _("Outcome")],
        [[e.title, day, outcome] for e, outcome, day in report.all_applications],
        [50, 12, 20],
    )
    sheets.add(
        _("Results"),
        [_("Engagement"), _("Unit"), _("Results")],
        [[r.engagement.title, r.engagement.owner_unit.name, r.results] for r in report.all_results],
        [40, 28, 80],
    )
    sheets.add(
        _("Deviations"),
        [_("Rule"), _("Unit"), _("Deviation"), _("Since")],
        [
            [d.rule_title, d.unit.name if d.unit else "", d.message, timezone.localdate(d.first_seen)]
            for d in report.deviations
        ],
        [35, 28, 80, 12],
    )
    _indicators(sheets, report.indicators)


def _mandate(sheets: Sheets, review: MandateReview) -> None:
    sheets.add(
        _("Directions"),
        [_("Direction"), _("Engagements"), _("Goals")],
        [[block.name, block.count, "; ".join(block.goals)] for block in review.directions],
        [40, 14, 100],
    )
    sheets.add(
        _("Engagements"), [str(h) for h in ENGAGEMENT_HEADERS], _engagement_rows(review.listing), ENGAGEMENT_WIDTHS
    )
    sheets.add(
        _("Compliance"),
        [_("Year"), _("Deviations opened"), _("Deviations resolved")],
        [list(row) for row in review.compliance],
        [10, 20, 20],
        plain=(0,),
    )
    sheets.add(
        _("Reviews"),
        [_("Subject"), _("Date"), _("Outcome")],
        [[e.membership.engagement.title, e.evaluated_on, e.get_verdict_display()] for e in review.evaluations]
        + [
            [r.agreement.engagement.title, r.decided_on or r.deadline, r.get_decision_display() or _("not decided")]
            for r in review.agreement_reviews
        ],
        [50, 12, 20],
    )
    sheets.add(_("Conclusions"), [_("Conclusions")], [[review.conclusions]], [100])
    _indicators(sheets, review.indicators)


def render_xlsx(report: Any) -> bytes:
    with translation.override(report.organisation.report_language):
        sheets = Sheets()
        if isinstance(report, YearReport):
            _year(sheets, report)
        else:
            _mandate(sheets, report)
        return sheets.save()
