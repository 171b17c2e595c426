"""Text extraction: PDF (pypdf with positions; font sizes give heading levels), DOCX (heading and list styles), text, Markdown.

Every reader returns a list of `Line`s: the raw text of one visual line plus hints the format knows
(a heading level, a bullet, a number). `repair.py` turns them into clean blocks.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

from .errors import DocumentImportError

#: Upper bound when settings.UTBLICK_MAX_UPLOAD_BYTES is not set. The project setting (20 MB by
#: default, the same limit as every other upload) wins, so a 50 MB document is always refused.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

#: A PDF with fewer extracted characters than this per page has no usable text layer.
MIN_CHARS_PER_PAGE = 20


@dataclass
class Line:
    """One line of source text with the hints its format gave."""

    text: str
    level: int | None = None  # heading level (1 = top) when the format knows it
    kind: str | None = None  # "heading", "bullet", "number", "continuation" (of the list item above) or None


def max_bytes() -> int:
    return int(getattr(settings, "UTBLICK_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES) or DEFAULT_MAX_BYTES)


def read_bytes(source: str | Path | BinaryIO) -> bytes:
    """Read the whole source, refusing it before reading when it is over the limit."""
    limit = max_bytes()
    if isinstance(source, str | Path):
        size = Path(source).stat().st_size
        if size > limit:
            raise DocumentImportError("too_large", limit=limit // (1024 * 1024))
        data = Path(source).read_bytes()
    else:
        data = source.read(limit + 1)
    if len(data) > limit:
        raise DocumentImportError("too_large", limit=limit // (1024 * 1024))
    if not data.strip():
        raise DocumentImportError("empty")
    return data


def sniff(data: bytes, filename: str) -> str:
    """The format by name, checked against the content so a renamed file gets an honest message."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".pdf":
        return "pdf"
    if suffix == ".docx":
        return "docx"
    if suffix in {".md", ".markdown"}:
        return "markdown"
    if suffix in {".txt", ".text", ""}:
        if data.startswith(b"%PDF-"):
            return "pdf"
        return "text"
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK"):
        return "docx"
    raise DocumentImportError("unsupported")


#: Called with (pages read, pages in all) while a PDF is read, so a page can show progress.
Progress = Callable[[int, int], None]


def extract_lines(data: bytes, filename: str, progress: Progress | None = None) -> list[Line]:
    kind = sniff(data, filename)
    if kind == "pdf":
        return pdf_lines(data, progress)
    if kind == "docx":
        return docx_lines(data)
    text = decode_text(data)
    return markdown_lines(text) if kind == "markdown" else [Line(t) for t in text.splitlines()]


def check(data: bytes, filename: str) -> None:
    """Raise what `extract_lines` would raise for this file, without reading all of it.

    An upload page runs this before it stores anything: a PDF is opened and its pages are read only
    until enough text is found (a scan has none), a DOCX is opened, a text file decoded. Only damage
    deep inside a PDF's later pages is left for the full reading to find.
    """
    kind = sniff(data, filename)
    if kind == "pdf":
        reader = open_pdf(data)
        chars = 0
        try:
            for page in reader.pages:
                chars += sum(len(line.strip()) for line in (page.extract_text() or "").splitlines())
                if chars >= 200:
                    return
        except Exception as exc:  # damaged content streams raise a wide range of errors
            raise DocumentImportError("corrupt_pdf") from exc
        if not has_text_layer(chars, len(reader.pages)):
            raise DocumentImportError("no_text_layer")
    elif kind == "docx":
        open_docx(data)
    else:
        decode_text(data)


def decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentImportError("not_text")


MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
MD_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")


def markdown_lines(text: str) -> list[Line]:
    lines = []
    for raw in text.splitlines():
        if m := MD_HEADING.match(raw):
            lines.append(Line(m.group(2), level=len(m.group(1)), kind="heading"))
        elif m := MD_BULLET.match(raw):
            lines.append(Line("• " + m.group(1)))
        else:
            lines.append(Line(raw))
    return lines


# --- DOCX -----------------------------------------------------------------------------------------

HEADING_STYLE = re.compile(r"^(?:heading|rubrik)\s*(\d)$", re.IGNORECASE)


def open_docx(data: bytes):  # type: ignore[no-untyped-def]
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DocumentImportError("not_docx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if "word/document.xml" not in archive.namelist():
            raise DocumentImportError("not_docx")
    import docx  # imported late: only DOCX uploads pay for it

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types for broken packages
        raise DocumentImportError("corrupt_docx") from exc


def docx_lines(data: bytes) -> list[Line]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = open_docx(data)
    lines: list[Line] = []
    numbers: Counter[str] = Counter()
    last_level = 0
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = item.text.strip()
            style = (item.style.name if item.style is not None else "") or ""
            if not text:
                lines.append(Line(""))
                continue
            if m := HEADING_STYLE.match(style):
                last_level = int(m.group(1))
                lines += [Line(""), Line(text, level=last_level, kind="heading"), Line("")]
                numbers.clear()
            elif style.lower() == "title":
                lines += [Line(text, level=0, kind="heading"), Line("")]
            elif "number" in style.lower():
                numbers[style] += 1
                lines.append(Line(f"{numbers[style]}. {text}", kind="number"))
            elif "bullet" in style.lower() or "list" in style.lower():
                lines.append(Line("• " + text, kind="bullet"))
            else:
                lines += [Line(text), Line("")]
        elif isinstance(item, Table):
            lines += table_lines(item, last_level)
    return lines


#: Header cells of a table that lists priority areas; such a first row is a header, not an area.
TABLE_HEADER_WORDS = {
    "område",
    "områden",
    "prioriterat område",
    "inriktning",
    "mål",
    "målsättning",
    "aktiviteter",
    "fokusområde",
}


def table_lines(table, level: int) -> list[Line]:
    """Each row: the first cell becomes a heading one level below the surrounding one, the rest goals."""
    lines: list[Line] = []
    for index, row in enumerate(table.rows):
        cells = [c.text.strip() for c in row.cells]
        if not cells or not cells[0]:
            continue
        if index == 0 and all(c.lower().rstrip(":") in TABLE_HEADER_WORDS for c in cells if c):
            continue
        lines += [Line(""), Line(cells[0], level=level + 1, kind="heading"), Line("")]
        for cell in cells[1:]:
            for part in cell.splitlines():
                part = part.strip().lstrip("•-–* ").strip()
                if part:
                    lines.append(Line("• " + part, kind="bullet"))
    return lines


# --- PDF ------------------------------------------------------------------------------------------


def open_pdf(data: bytes):  # type: ignore[no-untyped-def]
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


def pdf_lines(data: bytes, progress: Progress | None = None) -> list[Line]:
    reader = open_pdf(data)
    page_count = len(reader.pages)
    pages: list[list[tuple[str, float, float, float, float]]] = []  # (text, size, top, bottom, x0) per line
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
    if not has_text_layer(sum(len(t) for page in pages for t, *_ in page), page_count):
        raise DocumentImportError("no_text_layer")
    return layout_to_lines(pages, heights)


def page_text_lines(page, height: float) -> list[tuple[str, float, float, float, float]]:
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
    fragments.sort(key=lambda f: (round(f[0] / 2), f[1]))
    lines: list[tuple[str, float, float, float, float]] = []  # (text, size, top, bottom, x0)
    current: list[tuple[float, float, float, str]] = []

    def flush():
        if current:
            text = ""
            end_x = None
            for _top, x, size, part in current:
                if (
                    text
                    and end_x is not None
                    and x > end_x - size * 0.2
                    and not text.endswith(" ")
                    and not part.startswith(" ")
                ):
                    text += " "
                text += part
                end_x = x + len(part) * size * 0.45
            sizes = [f[2] for f in current]
            top = min(f[0] for f in current)
            lines.append((text, max(sizes, key=sizes.count), top - max(sizes), top, current[0][1]))

    for fragment in fragments:
        if current and abs(fragment[0] - current[0][0]) > current[0][2] * 0.4:
            flush()
            current = []
        current.append(fragment)
    flush()
    return lines


LIST_START = re.compile(r"^\s*(?:[•·▪■◦○●\-–*]|[\ue000-\uf8ff]|\d{1,2}[.)])\s")


def layout_to_lines(pages: list[list[tuple[str, float, float, float, float]]], heights: list[float]) -> list[Line]:
    """Font sizes larger than the body text become heading levels; repeated page furniture is dropped."""
    size_weight: Counter[float] = Counter()
    for page in pages:
        for text, size, *_rest in page:
            size_weight[size] += len(text)
    body = size_weight.most_common(1)[0][0] if size_weight else 10.0
    heading_sizes = sorted({s for s in size_weight if s >= body * 1.12}, reverse=True)
    level_of = {s: i + 1 for i, s in enumerate(heading_sizes)}
    # Lines that recur on many pages (running headers/footers) once digits are ignored.
    # Only lines in the top or bottom margin count: a heading repeated in the body is content.
    furniture: Counter[str] = Counter()

    def in_margin(top: float, page_height: float) -> bool:
        return top < 0.08 * page_height or top > 0.92 * page_height

    for page, page_height in zip(pages, heights, strict=True):
        for key in {re.sub(r"\d+", "#", t.strip()) for t, _s, top, _b, _x in page if in_margin(top, page_height)}:
            furniture[key] += 1
    repeated = {k for k, n in furniture.items() if len(pages) >= 3 and n >= max(3, len(pages) // 2)}
    lines: list[Line] = []
    for page, page_height in zip(pages, heights, strict=True):
        previous_bottom = None
        previous_height = None
        left = min((x for *_rest, x in page), default=0.0)
        in_item = False
        for text, size, top, bottom, x0 in page:
            if in_margin(top, page_height) and re.sub(r"\d+", "#", text.strip()) in repeated:
                continue
            starts_item = bool(LIST_START.match(text))
            height = bottom - top
            gap = top - previous_bottom if previous_bottom is not None else None
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
