"""Amounts in EUR reach SEK only by a recorded rate, and the reports say which rate, of which day, from where."""

import datetime
import io
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook

from utblick.engagements.choices import Kind, Programme, ProjectStage, Status
from utblick.engagements.models import Project
from utblick.engagements.tests.factories import EngagementFactory
from utblick.followup import indicators, reports


def _project(world, title, **extra):
    engagement = EngagementFactory(
        owner_unit=world.unit_a,
        kind=Kind.PROJECT,
        title=title,
        starts_on=datetime.date(2026, 2, 1),
        status=Status.ONGOING,
    )
    return Project.objects.create(
        engagement=engagement, programme=Programme.INTERREG, stage=ProjectStage.ONGOING, currency="EUR", **extra
    )


@pytest.fixture
def grants(world):
    rated = _project(
        world,
        "Hamnar i Östersjön",
        funding_granted=Decimal(100000),
        exchange_rate=Decimal("11.2500"),
        exchange_rate_date=datetime.date(2026, 1, 15),
        exchange_rate_source="Riksbanken",
    )
    unrated = _project(world, "Kustturism", funding_granted=Decimal(40000))
    return rated, unrated


@pytest.mark.requirement("VX-3")
def test_a_grant_in_eur_without_a_rate_is_not_converted_by_an_assumed_rate(world, grants):
    rated, unrated = grants
    assert rated.in_sek(rated.funding_granted) == 1125000
    assert unrated.in_sek(unrated.funding_granted) is None  # no silent 11.5
    # The indicator counts only what a recorded rate converts.
    assert indicators.external_funding_granted_sek(world.org_a, 2026) == 1125000


@pytest.mark.requirement("VX-3")
def test_the_yearly_report_states_the_rate_its_date_and_source_or_that_none_is_recorded(world, grants):
    report = reports.build_year_report(organisation=world.org_a, year=2026)
    document = Document(io.BytesIO(reports.render(report, "docx")))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts.extend(cell.text for row in table.rows for cell in row.cells)
    text = "\n".join(texts).replace("\xa0", " ")
    assert "Hamnar i Östersjön: beviljat 100 000 EUR = 1 125 000 SEK" in text
    assert "11,25 SEK per EUR (kurs den 2026-01-15, källa: Riksbanken)" in text
    assert "Kustturism: beviljat 40 000 EUR; ingen växelkurs registrerad, inte omräknat till SEK" in text
    workbook = load_workbook(io.BytesIO(reports.render(report, "xlsx")))
    summary = [
        str(row[0]).replace("\xa0", " ") for row in workbook["Sammanfattning av året"].iter_rows(values_only=True)
    ]
    assert any("kurs den 2026-01-15, källa: Riksbanken" in str(cell) for cell in summary)
    assert any("ingen växelkurs registrerad" in str(cell) for cell in summary)
    assert "källa: Riksbanken" in reports.render_html(report)


@pytest.mark.requirement("VX-3")
def test_a_rate_without_date_or_source_says_so(world):
    project = _project(world, "Grönt kök", funding_granted=Decimal(1000), exchange_rate=Decimal("11.4"))
    report = reports.build_year_report(organisation=world.org_a, year=2026)
    [note] = report.rate_notes
    assert "11,4 SEK per EUR" in note
    assert project.engagement.title in note
    assert "kursens datum ej registrerat" in note and "källa ej registrerad" in note
