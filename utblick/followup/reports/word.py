"""The reports as Word documents (python-docx): real heading styles, tables, charts with alternative text.

A4 with page numbers, one sans-serif font throughout, tables as wide as the text with a repeated
header row and rows that never break across pages, so the file reads as a document a committee
accepts and stays editable in Word and LibreOffice.
"""

import io
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from utblick.core import maps

from . import layout
from .charts import alt_text, chart_png, chart_pngs
from .content import number
from .mandate import Trend

FONT = "Arial"  # LibreOffice shows it with the metric-compatible Liberation Sans
INK = RGBColor(0x1C, 0x24, 0x30)
BLUE = RGBColor(0x1B, 0x3A, 0x5C)
MUTED = RGBColor(0x55, 0x5F, 0x6B)
HEADER_FILL = "E9EDF2"
TEXT_WIDTH_CM = 16.6
TABLE_TEXT = "Utblick Table Text"  # 9 pt, tight: every table cell
TABLE_TEXT_ID = "UtblickTableText"


def _set(element: Any, tag: str, **attributes: str) -> Any:
    child = element.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        element.append(child)
    for name, value in attributes.items():
        child.set(qn(f"w:{name}"), value)
    return child


class WordReport:
    def __init__(self, *, title: str, language: str):
        self.charts: dict[int, bytes] = {}  # drawn beforehand, all in one go (charts.chart_pngs)
        self.document = Document()
        self.document.core_properties.title = title
        self.document.core_properties.language = language
        self._page()
        self._styles(language)
        self._footer(title)

    def _page(self) -> None:
        section = self.document.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.2)
        section.top_margin, section.bottom_margin = Cm(2), Cm(2)

    def _styles(self, language: str) -> None:
        styles = self.document.styles
        normal = styles["Normal"]
        normal.font.name, normal.font.size, normal.font.color.rgb = FONT, Pt(10), INK
        normal.paragraph_format.space_after = Pt(4)
        fonts = normal.element.get_or_add_rPr()
        _set(fonts, "w:rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT)
        _set(fonts, "w:lang", val="sv-SE" if language == "sv" else "en-GB")
        for name, size in (("Title", 22), ("Heading 1", 15), ("Heading 2", 12), ("Heading 3", 10.5)):
            style = styles[name]
            style.font.name, style.font.size, style.font.color.rgb = FONT, Pt(size), BLUE
            _set(style.element.get_or_add_rPr(), "w:rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT)
            style.paragraph_format.keep_with_next = True
            style.paragraph_format.space_before = Pt(14 if name == "Heading 1" else 8)
        cell_text = styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
        cell_text.base_style = normal
        cell_text.font.size = Pt(9)
        cell_text.paragraph_format.space_after = Pt(1)

    def _footer(self, title: str) -> None:
        paragraph = self.document.sections[0].footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(_("%(title)s · page ") % {"title": title})
        run.font.size, run.font.color.rgb = Pt(8), MUTED
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        paragraph._p.append(field)

    # -- building blocks ---------------------------------------------------------------------

    # Styles are set by their ids on the XML: python-docx looks a style up by name with an XPath search
    # of the styles part every time, which cost more than the rest of a report together.

    def heading(self, text: str, level: int) -> None:
        paragraph = self.document.add_paragraph()
        paragraph._p.style = "Title" if level == 0 else f"Heading{level}"  # level 0 is Word's Title style
        paragraph.add_run(text)

    def paragraph(self, text: str, *, muted: bool = False, bullet: bool = False) -> None:
        paragraph = self.document.add_paragraph()
        if bullet:
            paragraph._p.style = "ListBullet"
        run = paragraph.add_run(text)
        if muted:
            run.font.color.rgb = MUTED

    def table(self, headers: list[str], rows: list[list[Any]], widths: list[float], *, fill: bool = True) -> None:
        """``rows`` hold strings, or (bold, muted) pairs shown on two lines in one cell."""
        scale = TEXT_WIDTH_CM / sum(widths) if sum(widths) > TEXT_WIDTH_CM or fill else 1
        sizes = [Cm(width * scale) for width in widths]
        grid = self.document.add_table(rows=1, cols=len(headers))
        grid._tbl.tblStyle_val = "TableGrid"
        grid.alignment = WD_TABLE_ALIGNMENT.LEFT
        grid.autofit = False
        header = grid.rows[0]
        _set(header._tr.get_or_add_trPr(), "w:tblHeader", val="true")
        for cell, text, size in zip(header.cells, headers, sizes, strict=True):
            _set(cell._tc.get_or_add_tcPr(), "w:shd", val="clear", color="auto", fill=HEADER_FILL)
            cell.width = size
            paragraph = self._cell_paragraph(cell)
            paragraph.add_run(text).bold = True
            paragraph.paragraph_format.keep_with_next = True
        for values in rows:
            row = grid.add_row()
            _set(row._tr.get_or_add_trPr(), "w:cantSplit", val="true")
            for cell, value, size in zip(row.cells, values, sizes, strict=True):
                cell.width = size
                self._cell(cell, value)
        self.document.add_paragraph()

    @staticmethod
    def _cell_paragraph(cell: Any) -> Any:
        paragraph = cell.paragraphs[0]
        paragraph._p.style = TABLE_TEXT_ID
        return paragraph

    @classmethod
    def _cell(cls, cell: Any, value: Any) -> None:
        paragraph = cls._cell_paragraph(cell)
        if isinstance(value, tuple):
            strong, small = value
            paragraph.add_run(strong).bold = True
            if small:
                paragraph.add_run().add_break()
                paragraph.add_run(small).font.color.rgb = MUTED
        else:
            paragraph.add_run("" if value is None else str(value))

    def chart(self, trend_or_series: Any) -> None:
        series = trend_or_series.series if isinstance(trend_or_series, Trend) else trend_or_series
        self.heading(f"{series.title} ({series.unit})", 2)
        image = self.charts.get(id(series)) or chart_png(series)
        self.document.add_picture(io.BytesIO(image), width=Cm(11))
        picture = self.document.inline_shapes[-1]._inline.docPr
        picture.set("descr", alt_text(series))
        picture.set("title", series.title)
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
            target = _("Target: %(target)s") % {"target": number(series.target)}
            notes.append(f"{target} ({series.target_year})" if series.target_year else target)
        if notes:
            self.paragraph(" ".join(notes), muted=True)

    def map(self, picture: Any, alt: str) -> None:
        self.document.add_picture(io.BytesIO(maps.picture_png(picture)), width=Cm(16))
        shape = self.document.inline_shapes[-1]._inline.docPr
        shape.set("descr", alt)
        shape.set("title", _("Partners on the map"))

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def render_docx(report: Any) -> bytes:
    language = report.organisation.report_language
    with translation.override(language):
        word = WordReport(title=report.title, language=language)
        word.charts = dict(zip(map(id, report.indicators), chart_pngs(report.indicators), strict=True))
        layout.write(word, report)
        return word.save()
