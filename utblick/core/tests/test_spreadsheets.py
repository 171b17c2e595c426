"""The shared spreadsheet reader (CSV shapes seen in the wild) and the writers every export uses (issue 14.5, 8b)."""

import pytest

from utblick.core import spreadsheets
from utblick.core.spreadsheets import read_table, table_csv

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
