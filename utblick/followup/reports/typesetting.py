"""The reports as PDF, typeset by Typst (report.typ) from the blocks that layout.py writes.

Typst lays out a report in a tenth of the time WeasyPrint took for the same document and writes
tagged PDF/UA-1 (docs/adr/0015). The register's text is handed over as JSON data, never as markup.
"""

import json
import re
from pathlib import Path
from typing import Any

import typst
from django.utils import translation

from utblick.core import maps

from . import layout
from .charts import alt_text, chart_data
from .content import number
from .mandate import Trend

HERE = Path(__file__).parent
NUMERIC = re.compile(r"^[\d\s\u00a0\u202f.,%–-]*$")


class TypstReport:
    """Collects the report's blocks (the writer interface of layout.py) and typesets them."""

    def __init__(self, *, title: str, language: str):
        self.title, self.language = title, language
        self.blocks: list[dict[str, Any]] = []

    def heading(self, text: str, level: int) -> None:
        self.blocks.append({"type": "heading", "text": str(text), "level": level})

    def paragraph(self, text: str, *, muted: bool = False, bullet: bool = False) -> None:
        self.blocks.append({"type": "paragraph", "text": str(text), "muted": muted, "bullet": bullet})

    def table(self, headers: list[str], rows: list[list[Any]], widths: list[float], *, fill: bool = True) -> None:
        cells = [[self._cell(value) for value in row] for row in rows]
        numeric = [
            bool(cells) and all(isinstance(row[i], str) and NUMERIC.match(row[i]) for row in cells)
            for i in range(len(headers))
        ]
        self.blocks.append(
            {
                "type": "table",
                "headers": [str(h) for h in headers],
                "rows": cells,
                "widths": widths,
                "fill": fill,
                "numeric": numeric,
            }
        )

    @staticmethod
    def _cell(value: Any) -> Any:
        if isinstance(value, tuple):
            strong, small = value
            return {"strong": str(strong), "small": str(small or "")}
        return "" if value is None else str(value)

    def chart(self, trend_or_series: Any) -> None:
        series = trend_or_series.series if isinstance(trend_or_series, Trend) else trend_or_series
        self.heading(f"{series.title} ({series.unit})", 2)
        self.blocks.append({"type": "chart", "alt": alt_text(series), **chart_data(series)})
        self.table(
            [str(year) for year, _ in series.points],
            [[number(value, 1 if value is not None and value % 1 else 0) for _, value in series.points]],
            [2.2] * len(series.points),
            fill=False,
        )
        notes = []
        if isinstance(trend_or_series, Trend):
            notes.append(trend_or_series.text)
        if series.target is not None:
            target = translation.gettext("Target: %(target)s") % {"target": number(series.target)}
            notes.append(f"{target} ({series.target_year})" if series.target_year else target)
        if notes:
            self.paragraph(" ".join(notes), muted=True)

    def map(self, picture: Any, alt: str) -> None:
        self.blocks.append({"type": "map", "svg": maps.picture_svg(picture), "alt": alt})

    def save(self) -> bytes:
        data = {"title": self.title, "lang": self.language, "blocks": self.blocks}
        return typst.compile(
            str(HERE / "report.typ"), root=str(HERE), sys_inputs={"report": json.dumps(data)}, pdf_standards="ua-1"
        )


def render_pdf(report: Any) -> bytes:
    language = report.organisation.report_language
    with translation.override(language):
        writer = TypstReport(title=report.title, language=language)
        layout.write(writer, report)
        return writer.save()
