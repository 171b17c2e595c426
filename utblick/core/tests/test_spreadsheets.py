"""The shared spreadsheet reader (CSV shapes seen in the wild) and the writers every export uses (issue 14.5, 8b)."""

import ast
import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook

from utblick.core import spreadsheets
from utblick.core.spreadsheets import CsvWriter, new_workbook, read_table, table_csv, xlsx_bytes

VISIT = 'Besök ""Hamnen"", etapp 2'


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("comma", f'Titel,Belopp,Datum\n"{VISIT}",1500,2027-03-01\nKulturstöd,200,2027-04-01\n'.encode()),
        (
            "semicolon, Swedish decimals, BOM, CRLF",
            f'\ufeffTitel;Belopp;Datum\r\n"{VISIT}";"1 500,50";2027-03-01\r\nKulturstöd;200,00;2027-04-01\r\n'.encode(),
        ),
        ("tab", f'Titel\tBelopp\tDatum\n"{VISIT}"\t1500\t2027-03-01\nKulturstöd\t200\t2027-04-01\n'.encode()),
        (
            "quoted header, quoted line break",
            f'"Titel";"Belopp";"Datum"\n"{VISIT}";"1500";"2027-03-01"\n"Kultur-\nstöd";"200";"2027-04-01"\n'.encode(),
        ),
        ("semicolons and commas in one field", f'Titel;Belopp;Datum\n"{VISIT}";"1,5; ca";2027-03-01\n'.encode()),
    ],
)
def test_real_world_csv_shapes_keep_their_columns(name, data):
    header, rows = read_table(data, xlsx=False)
    assert header == ["Titel", "Belopp", "Datum"]
    assert rows[0]["Titel"] == 'Besök "Hamnen", etapp 2'  # the doubled quotes are one quote; the comma stays inside
    assert rows[0]["Datum"] == "2027-03-01"
    assert set(rows[0]) == {"Titel", "Belopp", "Datum"}


def test_a_single_column_and_an_empty_file():
    assert read_table(b"Titel\nEtt\nTv\xc3\xa5\n", xlsx=False) == (["Titel"], [{"Titel": "Ett"}, {"Titel": "Två"}])
    with pytest.raises(spreadsheets.SpreadsheetError):
        read_table(b"", xlsx=False)


def test_a_table_kept_as_csv_reads_back_as_it_was():
    header = ["Titel", "Not; a separator", "Datum"]
    rows = [{"Titel": 'Besök "Hamnen", etapp 2', "Not; a separator": "a;b\nc", "Datum": "2027-03-01"}]
    assert read_table(table_csv(header, rows), xlsx=False) == (header, rows)


def test_the_csv_writer_neutralises_text_and_leaves_numbers_alone():
    buffer = io.StringIO()
    CsvWriter(buffer).writerow(["=1+1", "+46", "-", "@x", "\tx", "\rx", "plain", -1500, 2.5, None])
    assert next(csv.reader(io.StringIO(buffer.getvalue()))) == [
        "'=1+1", "'+46", "'-", "'@x", "'\tx", "'\rx", "plain", "-1500", "2.5", "",
    ]  # fmt: skip


def test_the_workbook_writer_keeps_formula_text_as_text_and_numbers_as_numbers():
    workbook = new_workbook()
    workbook.active.append(['=HYPERLINK("x")', "-5", -5, "@SUM(A1)", "vanlig text"])
    workbook.active["F1"] = "=1+1"  # a cell set directly, not appended
    (cells,) = load_workbook(io.BytesIO(xlsx_bytes(workbook))).active.iter_rows()
    assert [(cell.value, cell.data_type, bool(cell.quotePrefix)) for cell in cells] == [
        ('=HYPERLINK("x")', "s", True),
        ("-5", "s", True),
        (-5, "n", False),
        ("@SUM(A1)", "s", True),
        ("vanlig text", "s", False),
        ("=1+1", "s", True),
    ]


def test_every_export_writes_through_the_shared_writers():
    """One place neutralises formulas: no other module makes a CSV writer or an openpyxl workbook."""
    offenders = []
    for path in Path(settings.BASE_DIR, "utblick").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path.name == "spreadsheets.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            csv_writer = isinstance(node, ast.Attribute) and node.attr in {"writer", "DictWriter"}
            if csv_writer and isinstance(node.value, ast.Name) and node.value.id == "csv":
                offenders.append(f"{path}:{node.lineno} csv.{node.attr}")
            workbook = isinstance(node, ast.ImportFrom) and node.module == "openpyxl"
            if workbook and {alias.name for alias in node.names} & {"Workbook", "load_workbook"}:
                offenders.append(f"{path}:{node.lineno} openpyxl.Workbook")
    assert offenders == []
