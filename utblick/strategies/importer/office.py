"""Word documents (DOCX) through python-docx: headings, lists and tables as `Line`s.

Heading styles give levels. Many municipal documents have none: their headings are short paragraphs
set in bold or in a larger size, which count as headings one level below the largest size used. A
table's rows become a heading (the first cell) with the other cells as bullets, so a table of areas
reads like a section of directions; a header row naming the columns ("Område", "Mål") becomes the
section's heading.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections import Counter

from .errors import DocumentImportError
from .lines import Line

HEADING_STYLE = re.compile(r"^(?:heading|rubrik)\s*(\d)$", re.IGNORECASE)

#: Header cells of a table that lists priority areas; such a first row is a header, not an area.
TABLE_HEADER_WORDS = {
    "område",
    "områden",
    "prioriterat område",
    "prioriterade områden",
    "inriktning",
    "inriktningar",
    "mål",
    "målsättning",
    "aktiviteter",
    "fokusområde",
    "fokusområden",
    "insatsområde",
    "beskrivning",
    "så här arbetar vi",
    "strategier",
    "area",
    "areas",
    "focus area",
    "goals",
}


def open_docx(data: bytes):
    """The document, once it passed the checks against zip bombs and hostile XML (core.archives)."""
    from utblick.core import archives

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DocumentImportError("not_docx")
    try:
        archives.check_office_file(data)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise DocumentImportError("not_docx")
    except archives.UnsafeArchive as error:
        raise DocumentImportError(error.code, **error.params) from error
    except zipfile.BadZipFile as error:
        raise DocumentImportError("corrupt_docx") from error
    docx = python_docx()
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types for broken packages
        raise DocumentImportError("corrupt_docx") from exc


@functools.cache
def python_docx():
    """python-docx, imported late (only DOCX uploads pay for it), with a parser that cannot be turned against us.

    Its own parser already leaves entities unexpanded; this one also loads no DTD, never uses the
    network and keeps libxml2's limits on huge documents. python-docx reads ``oxml_parser`` from its
    module at every parse, so the replacement holds for the reports it writes too.
    """
    import docx
    import docx.oxml.parser
    from lxml import etree

    parser = etree.XMLParser(
        remove_blank_text=True, resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False
    )
    parser.set_element_class_lookup(docx.oxml.parser.element_class_lookup)
    docx.oxml.parser.oxml_parser = parser
    return docx


def looks_like_heading(paragraph, body_size: float | None) -> int | None:
    """A heading level for a short paragraph set in bold or larger than the body text, else None."""
    text = paragraph.text.strip()
    runs = [run for run in paragraph.runs if run.text.strip()]
    if not runs or len(text) > 90 or len(text.split()) > 12 or text.endswith((".", ",", ";")):
        return None
    sizes = [run.font.size.pt for run in runs if run.font.size is not None]
    size = max(sizes) if sizes else None
    bold = all(run.bold or (run.style is not None and run.style.font.bold) for run in runs)
    if size and body_size and size >= body_size * 1.3:
        return 1
    if size and body_size and size >= body_size * 1.1:
        return 2
    return 3 if bold else None


def body_size(document) -> float | None:
    sizes: Counter[float] = Counter()
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if run.font.size is not None:
                sizes[run.font.size.pt] += len(run.text)
    return sizes.most_common(1)[0][0] if sizes else None


def docx_lines(data: bytes) -> list[Line]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = open_docx(data)
    body = body_size(document)
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
            elif (level := looks_like_heading(item, body)) is not None:
                last_level = level
                lines += [Line(""), Line(text, level=level, kind="heading"), Line("")]
            else:
                lines += [Line(text), Line("")]
        elif isinstance(item, Table):
            lines += table_lines([[cell.text for cell in row.cells] for row in item.rows], last_level)
    return lines


def is_header(cells: list[str]) -> bool:
    """A first row naming the columns: "Område | Mål", "Inriktning | Så arbetar vi"."""
    first, *others = [c.lower().rstrip(":") for c in cells]
    return first in TABLE_HEADER_WORDS and all(len(c.split()) <= 4 and not re.search(r"[.;]", c) for c in others)


def table_lines(rows: list[list[str]], level: int) -> list[Line]:
    """Each row: the first cell becomes a heading one level below the surrounding one, the rest goals.

    Shared by every format that has tables (DOCX, web pages, PDF and text with columns).
    """
    lines: list[Line] = []
    for index, row in enumerate(rows):
        cells = [" ".join(c.split()) if "\n" not in c else c.strip() for c in row]
        # A merged cell repeats its text in python-docx: read it once.
        cells = [c for n, c in enumerate(cells) if n == 0 or c != cells[n - 1]]
        if not cells or not cells[0]:
            continue
        if index == 0 and is_header(cells):
            lines += [Line(""), Line(cells[0], level=level + 1, kind="heading"), Line("")]
            level += 1
            continue
        lines += [Line(""), Line(cells[0], level=level + 1, kind="row"), Line("")]
        for cell in cells[1:]:
            for part in re.split(r"\n|\s+[•▪]\s+", cell):
                part = part.strip().lstrip("•-–* ").strip()
                if part:
                    lines.append(Line("• " + part, kind="bullet"))
    return lines
