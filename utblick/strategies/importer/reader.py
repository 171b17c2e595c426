"""The importer's entry point: `read_document(path_or_file, filename) -> Draft`."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from .extract import extract_lines, read_bytes
from .repair import repair
from .structure import Draft, build_draft


def read_document(source: str | Path | BinaryIO, filename: str | None = None) -> Draft:
    """Read a PDF, DOCX, text or Markdown document into a draft strategy.

    Raises `DocumentImportError` (translated message) for files it cannot read. Nothing is written.
    """
    if filename is None:
        filename = str(source) if isinstance(source, str | Path) else getattr(source, "name", "") or ""
    data = read_bytes(source)
    lines = extract_lines(data, Path(filename).name)
    return build_draft(repair(lines), filename=Path(filename).name)
