"""PDF: pypdf with positions (font sizes give heading levels), and text recognition for scans.

A page's text fragments are grouped into lines by position; the body font size is the one most
characters use, larger sizes are heading levels (sizes within 12 % of each other are one level, as
text recognition measures them only roughly). Running headers and footers are dropped. A PDF without
a text layer is read by OCR (`ocr.py`) when tesseract is installed; without it, it is refused as
before.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from typing import NamedTuple

from . import ocr
from .errors import DocumentImportError
from .lines import Line, PageLine, Progress, group_lines
from .office import table_lines

#: A PDF with fewer extracted characters than this per page has no usable text layer.
MIN_CHARS_PER_PAGE = 20


class Run(NamedTuple):
    """A run of text pdfium sees as one piece: it ends where a gap as wide as a table's column begins."""

    text: str
    size: float
    top: float  # top-down, as PageLine
    bottom: float
    x0: float
    x1: float


def open_pdf(data: bytes):
    """A pypdf reader with at least one page; damaged and password-protected files are refused."""
    if not data.lstrip().startswith(b"%PDF-"):
        raise DocumentImportError("corrupt_pdf")
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentImportError("encrypted_pdf")
        page_count = len(reader.pages)
    except DocumentImportError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentImportError("corrupt_pdf") from exc
    if page_count == 0:
        raise DocumentImportError("corrupt_pdf")
    return reader


def has_text_layer(chars: int, page_count: int) -> bool:
    return chars >= 200 or chars >= MIN_CHARS_PER_PAGE * max(1, page_count) / 2


def pdf_lines(data: bytes, progress: Progress | None = None) -> tuple[list[Line], bool]:
    """The PDF's lines, and whether they were recognised from page images (OCR)."""
    reader = open_pdf(data)
    page_count = len(reader.pages)
    pages: list[list[PageLine]] = []
    heights: list[float] = []
    try:
        for page in reader.pages:
            height = float(page.mediabox.height)
            heights.append(height)
            pages.append(page_text_lines(page, height))
            if progress is not None:
                progress(len(pages), page_count)
    except DocumentImportError:
        raise
    except Exception as exc:  # damaged content streams raise a wide range of errors
        raise DocumentImportError("corrupt_pdf") from exc
    if has_text_layer(sum(len(line.text) for page in pages for line in page), page_count):
        for number, rows_of_page in enumerate(pdfium_tables(data)):
            if rows_of_page and number < len(pages):
                pages[number] = with_tables(pages[number], rows_of_page)
        return layout_to_lines(pages, heights), False
    if not ocr.available():
        raise DocumentImportError("no_text_layer")
    pages, heights = ocr.ocr_pages(data, progress)
    return layout_to_lines(pages, heights), True


def page_text_lines(page, height: float) -> list[PageLine]:
    """Lines of one page from pypdf's text fragments, ordered top to bottom by position.

    pypdf with a visitor is several times faster than a full layout analysis (30 pages well under 3 s)
    and still gives each fragment's position and effective font size.
    """
    fragments: list[tuple[float, float, float, str]] = []  # (top, x, size, text)

    def visit(text, cm, tm, font_dict, font_size):
        if not text or not text.strip():
            return
        scale_y = abs(tm[3] or tm[0] or 1) * abs(cm[3] or cm[0] or 1)
        size = round(float(font_size) * scale_y, 1)
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        for n, part in enumerate(text.split("\n")):
            if part.strip():
                fragments.append((height - y + n * size * 1.2, x, size, part))

    page.extract_text(visitor_text=visit)
    return group_lines(fragments)


class Table(NamedTuple):
    top: float
    bottom: float
    size: float
    x0: float
    rows: tuple[tuple[str, str], ...]


def pdfium_runs(data: bytes) -> list[list[Run]]:
    """Each page's text runs with their boxes, from pdfium, which keeps a table's cells apart.

    pypdf gives a text object's words as one fragment, so a row's two cells ("Skola och ungdom Alla
    gymnasieelever …") can come as one piece; pdfium's runs end at the gap between the columns.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pages: list[list[Run]] = []
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return []
    try:
        for page in pdf:
            height = page.get_height()
            textpage = page.get_textpage()
            runs: list[Run] = []
            for index in range(textpage.count_rects()):
                left, bottom, right, top = textpage.get_rect(index)
                text = " ".join(textpage.get_text_bounded(left, bottom, right, top).split())
                if not text:
                    continue
                char = textpage.get_index(left + 0.5, (top + bottom) / 2, 2, 2)
                size = raw.FPDFText_GetFontSize(textpage.raw, char) if char >= 0 else 0.0
                size = round(float(size) or (top - bottom), 1)
                runs.append(Run(text, size, height - top, height - bottom, left, right))
            pages.append(runs)
    finally:
        pdf.close()
    return pages


def pdfium_tables(data: bytes) -> list[list[Table]]:
    """The two-column tables of each page ([] for a page without one)."""
    return [tables_of_page(runs) for runs in pdfium_runs(data)]


def tables_of_page(runs: list[Run]) -> list[Table]:
    """Two-column tables: lines whose runs stand apart at one column's edge, and the wrapped lines between.

    A line belongs to a table when its second cell starts at the column edge, when it only continues the
    second column (starts at the edge), or only the first (ends before the edge). Rows are set apart by
    the cells' padding, wider than the space between a cell's lines. At least two lines with both cells
    make a table; a row without a second cell ends it.
    """
    lines: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: (r.bottom, r.x0)):
        if lines and abs(lines[-1][0].bottom - run.bottom) <= 0.4 * max(run.size, 1):
            lines[-1].append(run)
        else:
            lines.append([run])
    cells: list[list[list[Run]]] = []  # per line, groups of runs separated by a column-wide gap
    for line in lines:
        line.sort(key=lambda r: r.x0)
        groups = [[line[0]]]
        for run in line[1:]:
            if run.x0 - groups[-1][-1].x1 > 1.5 * max(run.size, 1):
                groups.append([run])
            else:
                groups[-1].append(run)
        cells.append(groups)
    edges = sorted(groups[1][0].x0 for groups in cells if len(groups) == 2)
    if len(edges) < 2:
        return []
    edge = edges[len(edges) // 2]
    tolerance = 6.0

    def part_of_table(groups: list[list[Run]]) -> bool:
        if len(groups) == 2:
            return abs(groups[1][0].x0 - edge) <= tolerance
        return len(groups) == 1 and (groups[0][0].x0 >= edge - tolerance or groups[0][-1].x1 < edge - tolerance)

    tables: list[Table] = []
    index = 0
    while index < len(cells):
        if not (len(cells[index]) == 2 and part_of_table(cells[index])):
            index += 1
            continue
        region = [index]
        while region[-1] + 1 < len(cells) and part_of_table(cells[region[-1] + 1]):
            region.append(region[-1] + 1)
        rows: list[tuple[list[str], list[str], float]] = []  # first column, second column, bottom
        for number in region:
            groups = cells[number]
            first = [r.text for g in groups for r in g if r.x0 < edge - tolerance]
            second = [r.text for g in groups for r in g if r.x0 >= edge - tolerance]
            top = min(r.top for g in groups for r in g)
            if rows and top - rows[-1][2] < 0.6 * (groups[0][0].bottom - groups[0][0].top):
                rows[-1][0].extend(first)
                rows[-1][1].extend(second)
                rows[-1] = (rows[-1][0], rows[-1][1], max(r.bottom for g in groups for r in g))
            else:
                rows.append((first, second, max(r.bottom for g in groups for r in g)))
        while rows and not (rows[-1][0] and rows[-1][1]):
            rows.pop()  # a paragraph after the table, or a row the page cut off
        both = [(" ".join(a), " ".join(b)) for a, b, _ in rows if a and b]
        left = min(r.x0 for number in region for g in cells[number] for r in g)
        right = max(r.x1 for number in region for g in cells[number] for r in g)
        # A page set in two columns of prose is no table: its columns are as wide as each other, and
        # a table's first column names things in a few words.
        narrow = edge - left < 0.45 * (right - left) and all(len(a.split()) <= 12 for a, _ in both)
        if len(both) >= 2 and len(both) == len(rows) and narrow:
            sizes = [r.size for number in region for g in cells[number] for r in g]
            top = min(r.top for g in cells[region[0]] for r in g)
            tables.append(Table(top, rows[-1][2], max(sizes, key=sizes.count), cells[region[0]][0][0].x0, tuple(both)))
        index = region[-1] + 1
    return tables


def with_tables(lines: list[PageLine], tables: list[Table]) -> list[PageLine]:
    """The page's lines with each table's lines replaced by the table, in its place."""
    out = [
        line
        for line in lines
        if not any(table.top - 2 <= line.bottom <= table.bottom + 2 and line.rows is None for table in tables)
    ]
    for table in tables:
        out.append(PageLine("", table.size, table.top, table.bottom, table.x0, table.rows))
    return sorted(out, key=lambda line: line.top)


LIST_START = re.compile(r"^\s*(?:[•·▪■◦○●\-–*]|[\ue000-\uf8ff]|\d{1,2}[.)])\s")


def layout_to_lines(pages: list[list[PageLine]], heights: list[float]) -> list[Line]:
    """Font sizes larger than the body text become heading levels; repeated page furniture is dropped."""
    size_weight: Counter[float] = Counter()
    for page in pages:
        for line in page:
            size_weight[line.size] += len(line.text)
    body = size_weight.most_common(1)[0][0] if size_weight else 10.0
    level_of: dict[float, int] = {}
    top_of_level = 0.0
    for size in sorted({s for s in size_weight if s >= body * 1.12}, reverse=True):
        if not level_of or size < 0.88 * top_of_level:
            top_of_level = size
        level_of[size] = len(set(level_of.values())) + (1 if size == top_of_level else 0)
    # Lines that recur on many pages (running headers/footers) once digits are ignored.
    # Only lines in the top or bottom margin count: a heading repeated in the body is content.
    furniture: Counter[str] = Counter()

    def in_margin(top: float, page_height: float) -> bool:
        return top < 0.08 * page_height or top > 0.92 * page_height

    for page, page_height in zip(pages, heights, strict=True):
        # A heading set larger than the body is content even at the top of every page ("Område 1", "Område 2").
        running = {line.text for line in page if in_margin(line.top, page_height) and line.size not in level_of}
        for key in {re.sub(r"\d+", "#", text.strip()) for text in running}:
            furniture[key] += 1
    repeated = {k for k, n in furniture.items() if len(pages) >= 3 and n >= max(3, len(pages) // 2)}
    lines: list[Line] = []
    for page, page_height in zip(pages, heights, strict=True):
        previous_bottom = None
        previous_height = None
        left = min((line.x0 for line in page), default=0.0)
        in_item = False
        for text, size, top, bottom, x0, rows in page:
            if rows is not None:
                headings = [line.level for line in lines if line.kind == "heading" and line.level is not None]
                lines += table_lines([list(row) for row in rows], headings[-1] if headings else 0)
                lines.append(Line(""))
                previous_bottom, previous_height, in_item = bottom, None, False
                continue
            if in_margin(top, page_height) and re.sub(r"\d+", "#", text.strip()) in repeated:
                continue
            starts_item = bool(LIST_START.match(text))
            height = bottom - top
            gap: float | None = top - previous_bottom if previous_bottom is not None else None
            if gap is not None and previous_height and gap > 0.8 * previous_height:
                lines.append(Line(""))
            heading = lines[-2] if len(lines) >= 2 and lines[-1].text == "" else None
            if size in level_of and len(text) < 150:
                if (
                    heading is not None
                    and heading.level == level_of[size]
                    and heading.kind == "heading"
                    and gap is not None
                    and gap < 0.8 * height
                ):
                    heading.text += " " + text  # a heading wrapped over two lines
                else:
                    lines += [Line(""), Line(text, level=level_of[size], kind="heading"), Line("")]
                in_item = False
            elif in_item and not starts_item and x0 > left + 5 and gap is not None and gap < 0.8 * height:
                lines.append(Line(text, kind="continuation"))  # indented like the list item above it
            else:
                lines.append(Line(text))
                in_item = starts_item
            previous_bottom, previous_height = bottom, height
        lines.append(Line(""))
    return lines
