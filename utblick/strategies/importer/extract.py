"""Text extraction: the format of a document, and its text as `Line`s.

Every reader returns a list of `Line`s: the raw text of one visual line plus hints the format knows
(a heading level, a bullet, a number, a table row). `repair.py` turns them into clean blocks. The
readers: PDF (`pdf.py`, with OCR for scans in `ocr.py`), DOCX (`office.py`), saved web pages
(`web.py`), and here plain text and Markdown.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.files import File

from .errors import DocumentImportError
from .lines import Line, Progress

#: Upper bound when settings.UTBLICK_MAX_UPLOAD_BYTES is not set. The project setting (20 MB by
#: default, the same limit as every other upload) wins, so a 50 MB document is always refused.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "UTBLICK_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES) or DEFAULT_MAX_BYTES)


def read_bytes(source: str | Path | BinaryIO | File) -> bytes:
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
    if suffix in {".html", ".htm", ".xhtml"}:
        return "html"
    if suffix in {".txt", ".text", ""}:
        if data.startswith(b"%PDF-"):
            return "pdf"
        return "text"
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK"):
        return "docx"
    raise DocumentImportError("unsupported")


def extract(data: bytes, filename: str, progress: Progress | None = None) -> tuple[list[Line], bool]:
    """The document's lines, and whether they were recognised from page images (OCR)."""
    from .office import docx_lines
    from .pdf import pdf_lines
    from .web import html_lines

    kind = sniff(data, filename)
    if kind == "pdf":
        return pdf_lines(data, progress)
    if kind == "docx":
        return docx_lines(data), False
    if kind == "html":
        return html_lines(data), False
    text = decode_text(data)
    return (markdown_lines(text) if kind == "markdown" else text_lines(text)), False


def extract_lines(data: bytes, filename: str, progress: Progress | None = None) -> list[Line]:
    return extract(data, filename, progress)[0]


COLUMNS = re.compile(r"\t+|(?<=\S) {3,}(?=\S)")


def text_lines(text: str) -> list[Line]:
    """Plain text; two or more consecutive lines with columns (tabs, or three spaces) are a table."""
    from .office import table_lines

    raw = text.splitlines()
    lines: list[Line] = []
    index = 0
    while index < len(raw):
        end = index
        while end < len(raw) and COLUMNS.search(raw[end].strip()):
            end += 1
        if end - index >= 2:
            lines += table_lines([COLUMNS.split(row.strip()) for row in raw[index:end]], 0)
            index = end
        else:
            lines.append(Line(raw[index]))
            index += 1
    return lines


def check(data: bytes, filename: str) -> None:
    """Raise what `extract_lines` would raise for this file, without reading all of it.

    An upload page runs this before it stores anything: a PDF is opened and its pages are read only
    until enough text is found (a scan has none: it is read by OCR, or refused where tesseract is
    missing), a DOCX is opened, a text file decoded. Only damage deep inside a PDF's later pages is
    left for the full reading to find.
    """
    from . import ocr
    from .office import open_docx
    from .pdf import has_text_layer, open_pdf

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
        if not has_text_layer(chars, len(reader.pages)) and not ocr.available():
            raise DocumentImportError("no_text_layer")
    elif kind == "docx":
        open_docx(data)
    elif kind != "html":
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
