from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixture_path():
    return lambda name: FIXTURES / name


@pytest.fixture
def xlsx_path(tmp_path):
    """The CSV fixture's calls as an Excel workbook, with a real date cell and a second deadline."""
    import datetime

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Title", "Programme", "Deadline", "Status", "URL", "Amount", "Colour"])
    sheet.append(
        [
            "Creative Europe: small cooperation",
            "Creative Europe",
            datetime.datetime(2027, 5, 6),
            "open",
            "https://calls.example/crea",
            200000,
            "blue",
        ]
    )
    sheet.append(
        [
            "Erasmus+ school exchanges",
            "Erasmus+",
            "2027-02-19; 2027-10-01",
            "forthcoming",
            "https://calls.example/ka1",
            "",
            "red",
        ]
    )
    path = tmp_path / "kalla.xlsx"
    workbook.save(path)
    return path
