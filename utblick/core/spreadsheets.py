"""CSV and XLSX files read into rows, for every import that takes a spreadsheet.

The register's bulk import and the scanning desk's call lists read files the same way: CSV in
UTF-8 separated by commas, semicolons or tabs, or the first sheet of an XLSX workbook; the first
row is the header; empty rows are skipped; every cell becomes text.
"""

import csv
import datetime
import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _


class SpreadsheetError(Exception):
    """The file as a whole cannot be read; ``message`` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell, named by its row (the header is row 1) and column."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column or "–",
            "message": self.message,
        }


def cell_text(value: Any) -> str:
    """A cell as text: dates as YYYY-MM-DD, whole numbers without decimals."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(data: bytes, *, xlsx: bool) -> tuple[list[str], list[dict[str, str]]]:
    """The header and the rows, each row a dict from column name to text."""
    if xlsx:
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        except Exception as error:
            raise SpreadsheetError(_("The file is not a readable XLSX workbook.")) from error
        cells = list(sheet.iter_rows(values_only=True))
        if not cells:
            raise SpreadsheetError(_("The file has no rows."))
        header = [cell_text(cell) for cell in cells[0]]
        return header, [
            {header[i]: cell_text(value) for i, value in enumerate(row) if i < len(header) and header[i]}
            for row in cells[1:]
            if any(value not in (None, "") for value in row)
        ]
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SpreadsheetError(_("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")) from error
    lines = content.splitlines()
    if not lines:
        raise SpreadsheetError(_("The file has no rows."))
    try:
        dialect: Any = csv.Sniffer().sniff(lines[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(content), dialect=dialect)
    header = [column.strip() for column in next(reader, [])]
    return header, [
        {header[i]: value.strip() for i, value in enumerate(row) if i < len(header) and header[i]}
        for row in reader
        if any(value.strip() for value in row)
    ]
