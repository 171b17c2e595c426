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

from . import ocr
from .errors import DocumentImportError
from .lines import Line, PageLine, Progress, group_lines

#: A PDF with fewer extracted characters than this per page has no usable text layer.
MIN_CHARS_PER_PAGE = 20


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
        for text, size, top, bottom, x0 in page:
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
