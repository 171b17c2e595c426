"""The yearly report of a unit or a whole organisation (VX-9, LN-12, ST-13) and the mandate-period review.

``content`` gathers what a report says; ``layout`` puts it in order for the documents, which
``word`` writes as DOCX and ``typesetting`` as PDF (Typst); ``excel`` writes the XLSX with the full
listing, and the HTML templates the page's preview.
"""

from collections.abc import Callable
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from .content import YearReport, build_year_report
from .excel import render_xlsx
from .mandate import MandateReview, build_mandate_review
from .typesetting import render_pdf
from .word import render_docx

__all__ = [
    "CONTENT_TYPES",
    "RENDERERS",
    "MandateReview",
    "YearReport",
    "build_mandate_review",
    "build_year_report",
    "render",
    "render_html",
]


def render_html(report: Any, *, standalone: bool = True) -> str:
    template = "followup/report_year.html" if isinstance(report, YearReport) else "followup/report_mandate.html"
    with translation.override(report.organisation.report_language):
        return render_to_string(template, {"report": report, "standalone": standalone})


RENDERERS: dict[str, Callable[[Any], str | bytes]] = {
    "html": render_html,
    "pdf": render_pdf,
    "docx": render_docx,
    "xlsx": render_xlsx,
}
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def render(report: Any, file_format: str) -> bytes:
    output = RENDERERS[file_format](report)
    return output.encode("utf-8") if isinstance(output, str) else output
