"""CSV and XLSX files read into rows for every import, and written for every export.

The register's bulk import and the scanning desk's call lists read files the same way: CSV in
UTF-8 separated by commas, semicolons or tabs, or the first sheet of an XLSX workbook (checked
against zip bombs and hostile XML first, core.archives); the first row is the header; empty rows
are skipped; every cell becomes text.

Every export writes through ``CsvWriter`` and ``xlsx_bytes``, which keep text from becoming a formula.
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable
from itertools import islice
from typing import Any

from defusedxml import DefusedXmlException
from django.utils.translation import gettext as _

from . import archives
from .library_errors import csv_problem


class SpreadsheetError(Exception):
    """The file as a whole cannot be read; ``message`` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


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
    cells = _xlsx_cells(data) if xlsx else _csv_cells(data)
    if not cells:
        raise SpreadsheetError(_("The file has no rows."))
    header = [cell_text(cell) for cell in cells[0]]
    return header, [
        {header[i]: cell_text(value) for i, value in enumerate(row) if i < len(header) and header[i]}
        for row in cells[1:]
        if any(cell_text(value) for value in row)
    ]


def _xlsx_cells(data: bytes) -> list[tuple[Any, ...]]:
    """The first sheet's rows, after the file passed the checks against zip bombs and hostile XML."""
    from openpyxl import load_workbook

    unreadable = _("The file is not a readable XLSX workbook.")
    try:
        archives.check_office_file(data)
    except archives.UnsafeArchive as error:
        raise SpreadsheetError(error.message) from error
    except zipfile.BadZipFile as error:
        raise SpreadsheetError(unreadable) from error
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            # Read-only mode parses the sheet while it is iterated, so its errors come from here.
            return list(workbook.worksheets[0].iter_rows(values_only=True))
        finally:
            workbook.close()
    except DefusedXmlException as error:
        raise SpreadsheetError(archives.UnsafeArchive("hostile_xml").message) from error
    except Exception as error:
        raise SpreadsheetError(unreadable) from error


#: The separators a CSV file may use; the one that splits the first rows most consistently wins.
DELIMITERS = (",", ";", "\t")


def _csv_cells(data: bytes) -> list[list[str]]:
    """Rows of a UTF-8 CSV file (a byte-order mark, CRLF and quoted line breaks allowed).

    Only the separator is guessed. The quoting is the one every spreadsheet program writes (RFC
    4180: a field in double quotes, a quote inside it doubled), whatever csv.Sniffer would guess
    from a sample without quotes: "Besök ""Hamnen"", etapp 2" stays one field.
    """
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SpreadsheetError(_("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")) from error
    try:
        return list(csv.reader(io.StringIO(content, newline=""), _dialect(content[:65536])))
    except csv.Error as error:
        raise SpreadsheetError(
            _("The file cannot be read as CSV: %(problem)s.") % {"problem": csv_problem(error)}
        ) from error


def _dialect(sample: str) -> type[csv.Dialect]:
    def score(delimiter: str) -> tuple[bool, float, int]:
        try:
            rows = [row for row in islice(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter), 50) if row]
        except csv.Error:
            return (False, 0.0, 0)
        if not rows:
            return (False, 0.0, 0)
        width = len(rows[0])
        # The sample may end inside a row: the last one does not count.
        body = rows[1:-1] if len(rows) > 2 else rows[1:]
        agreeing = sum(len(row) == width for row in body) / len(body) if body else 1.0
        return (width > 1, agreeing, width)

    chosen = max(DELIMITERS, key=score)

    class Dialect(csv.excel):
        delimiter = chosen

    return Dialect


# -- Writing -------------------------------------------------------------------------------------
# Every CSV and XLSX file the app writes goes through these, so that no text from the register can
# become a live formula in the spreadsheet program that opens it (CSV or formula injection).

#: A cell starting with one of these is a formula to Excel, LibreOffice or Google Sheets (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: Any) -> Any:
    """A text that a spreadsheet program would take for a formula, prefixed with ' (OWASP's rule).

    Only text: numbers stay numbers, so a negative amount is still -1500 and sums in the program.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class CsvWriter:
    """``csv.writer`` for exports: every text cell neutralised, the rest as the csv module writes it."""

    def __init__(self, stream: Any, **formatting: Any):
        self._writer = csv.writer(stream, **formatting)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([neutralised(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def new_workbook() -> Any:
    """An empty openpyxl workbook, to be written with ``xlsx_bytes``."""
    from openpyxl import Workbook

    return Workbook()


def xlsx_bytes(workbook: Any) -> bytes:
    """The workbook as an XLSX file, every text that looks like a formula stored as plain text.

    openpyxl stores a text starting with = as a formula. Such a cell, and every text starting with
    another trigger, is written as a text cell with Excel's quote prefix: the program shows the text
    as it is (no ' in it) and keeps it text when someone edits the cell.
    """
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and (cell.data_type == "f" or cell.value.startswith(FORMULA_TRIGGERS)):
                    cell.data_type = "s"
                    cell.quotePrefix = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_csv(header: list[str], rows: list[dict[str, str]]) -> bytes:
    """A table read by ``read_table`` as plain UTF-8 CSV, for the app's own use: ``read_table`` reads it back as it was.

    Not for exports (nothing is neutralised): an uploaded table is kept this way once it has been
    read, so that an XLSX is unpacked only once.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") if column else "" for column in header])
    return buffer.getvalue().encode("utf-8")
