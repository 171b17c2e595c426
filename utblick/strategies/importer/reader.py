"""The importer's entry points: `read_document(path_or_file, filename) -> Draft`, and `check_document`."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from django.core.files import File

from .extract import Progress, check, extract, read_bytes
from .repair import repair
from .structure import Draft, build_draft


def _name(source: str | Path | BinaryIO | File, filename: str | None) -> str:
    if filename is None:
        filename = str(source) if isinstance(source, str | Path) else getattr(source, "name", "") or ""
    return Path(filename).name


def read_document(
    source: str | Path | BinaryIO | File, filename: str | None = None, progress: Progress | None = None
) -> Draft:
    """Read a PDF, DOCX, saved web page, text or Markdown document into a draft strategy.

    Raises `DocumentImportError` (translated message) for files it cannot read. Nothing is written.
    `progress(pages_read, pages)` is called after each page of a PDF, `progress(pages_read, pages, "ocr")`
    after each page of a scan that text recognition reads.
    """
    name = _name(source, filename)
    data = read_bytes(source)
    lines, recognised = extract(data, name, progress)
    draft = build_draft(repair(lines), filename=name)
    draft.ocr = recognised
    return draft


def check_document(source: str | Path | BinaryIO, filename: str | None = None) -> bytes:
    """Refuse quickly what `read_document` would refuse (size, type, damage, password, no text); return the bytes.

    For an upload page, so a file that cannot be read is refused before anything is stored.
    """
    name = _name(source, filename)
    data = read_bytes(source)
    check(data, name)
    return data
