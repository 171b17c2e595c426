"""Figures, dates and times as a Swedish reader writes them, on the pages, in the reports and in history.

Amounts and counts over 999 are grouped with a non-breaking space ("1 560 000 EUR"), English with a
comma; years stay as they are ("2026"). Times are Stockholm's, never UTC's.
"""

import datetime
import io
import re
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from utblick.engagements.choices import Currency, Kind, Programme, ProjectStage, Status
from utblick.engagements.models import BudgetLine, Project, Visit
from utblick.engagements.tests.factories import EngagementFactory
from utblick.followup import reports
from utblick.strategies.models import Indicator
from utblick.strategies.tests.factories import strategy_for

NBSP = "\xa0"


def _project(world, **amounts):
    engagement = EngagementFactory(
        owner_unit=world.unit_a,
        kind=Kind.PROJECT,
        title="Klimatsäkrade hamnar",
        starts_on=datetime.date(2026, 2, 1),
        status=Status.ONGOING,
    )
    Project.objects.create(engagement=engagement, programme=Programme.INTERREG, stage=ProjectStage.ONGOING, **amounts)
    return engagement


def _ungrouped(text: str) -> list[str]:
    """Runs of five or more digits: an amount or count written without grouping (years have four)."""
    return re.findall(r"(?<![\d.,/\-#])\d{5,}(?![\d])", text)


@pytest.mark.django_db
def test_the_engagement_page_groups_its_amounts_in_swedish_and_in_english(world, client_for):
    engagement = _project(
        world,
        currency=Currency.EUR,
        total_budget=Decimal(1560000),
        own_contribution=Decimal(25000),
        funding_granted=Decimal(1170000),
    )
    BudgetLine.objects.create(engagement=engagement, label="Personal", planned=Decimal(1250000), spent=Decimal(980500))
    client = client_for("reader_a")
    page = client.get(engagement.get_absolute_url()).content.decode()
    assert f"1{NBSP}560{NBSP}000 EUR" in page and f"25{NBSP}000 EUR" in page and f"1{NBSP}170{NBSP}000 EUR" in page
    assert f"1{NBSP}250{NBSP}000" in page and f"980{NBSP}500" in page
    main = page.split('id="main"')[1]
    assert not _ungrouped(main)

    client.cookies["django_language"] = "en"
    english = client.get(engagement.get_absolute_url()).content.decode()
    assert "1,560,000 EUR" in english and "980,500" in english


@pytest.mark.django_db
def test_a_visits_cost_is_grouped_beside_who_pays(world, client_for):
    engagement = EngagementFactory(owner_unit=world.unit_a, kind=Kind.VISIT, title="Studiebesök från Kiel")
    Visit.objects.create(engagement=engagement, cost_estimate=Decimal(25000), paid_by="Stockholms stad (värdskap)")
    page = client_for("reader_a").get(engagement.get_absolute_url()).content.decode()
    assert f"25{NBSP}000 (Stockholms stad (värdskap))" in page


@pytest.mark.django_db
def test_the_unit_page_and_the_comparison_group_large_figures_but_not_years(world, client_for):
    engagement = _project(world, funding_granted=Decimal(18624000))
    BudgetLine.objects.create(engagement=engagement, label="Personal", planned=Decimal(3200000))
    Indicator.objects.create(version=strategy_for(world.org_a).versions.get(), key="external_funding_granted_sek")
    for organisation in (world.org_a, world.org_b):
        organisation.comparison_opt_in = True
        organisation.save()
    client = client_for("reader_a")

    unit_page = client.get(f"/o/{world.org_a.slug}/units/{world.unit_a.pk}/").content.decode()
    assert f"3{NBSP}200{NBSP}000" in unit_page
    comparison = client.get(f"/o/{world.org_a.slug}/followup/compare/").content.decode()
    assert f"18{NBSP}624{NBSP}000" in comparison and "18624000" not in comparison
    assert "2026" in comparison and f"2{NBSP}026" not in comparison
    dashboard = client.get(f"/o/{world.org_a.slug}/followup/").content.decode()
    assert f"18{NBSP}624{NBSP}000" in dashboard and f"2{NBSP}026" not in dashboard


@pytest.mark.django_db
def test_the_yearly_report_groups_amounts_in_every_format(world):
    _project(world, funding_granted=Decimal(18624000))
    strategy_for(world.org_a)
    report = reports.build_year_report(organisation=world.org_a, year=2026)
    grouped = f"18{NBSP}624{NBSP}000"

    assert grouped in reports.render(report, "html").decode()
    docx = Document(io.BytesIO(reports.render(report, "docx")))
    docx_text = "\n".join(
        [p.text for p in docx.paragraphs] + [c.text for t in docx.tables for r in t.rows for c in r.cells]
    )
    assert grouped in docx_text and "18624000" not in docx_text
    pdf_text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(reports.render(report, "pdf"))).pages)
    assert re.search(r"18\s624\s000", pdf_text) and "18624000" not in pdf_text

    workbook = load_workbook(io.BytesIO(reports.render(report, "xlsx")))
    figures = {row[0].value: row[1] for row in workbook["Sammanfattning av året"].iter_rows(min_row=2)}
    granted = figures["Beviljad extern finansiering (kr)"]
    assert granted.value == 18624000  # a number the reader can sum, shown grouped
    assert granted.number_format == "#,##0"


@pytest.mark.django_db
def test_the_mandate_review_keeps_its_years_ungrouped_in_the_workbook(world):
    from utblick.strategies.models import MandatePeriod

    strategy_for(world.org_a)
    period = MandatePeriod.for_date(MandatePeriod.bounds_for_election(2022)[0])
    review = reports.build_mandate_review(organisation=world.org_a, period=period)
    workbook = load_workbook(io.BytesIO(reports.render(review, "xlsx")))
    years = [row[0] for row in workbook["Efterlevnad"].iter_rows(min_row=2)]
    assert years and all(cell.number_format == "General" for cell in years)


@pytest.mark.django_db
def test_history_shows_local_time_in_swedish_format_and_grouped_amounts(world, client_for):
    from utblick.watch.tests.factories import SourceFactory, add_items, call

    item = add_items(SourceFactory(organisation=world.org_a), call("C-1", "Klimatanpassning"))[0]
    # The item was first seen at 04:52:49.407909 UTC: 06:52 in Stockholm (summer time).
    seen = datetime.datetime(2026, 6, 1, 4, 52, 49, 407909, tzinfo=datetime.UTC)
    item.history.update(first_seen=seen, last_seen=seen)
    item.budget = Decimal(1560000)
    item.save()
    page = client_for("coordinator_a").get(f"/o/{world.org_a.slug}/watch/items/{item.pk}/history/").content.decode()
    assert "2026-06-01 06:52" in page
    assert "+00:00" not in page and "407909" not in page and "04:52" not in page
    assert f"1{NBSP}560{NBSP}000" in page
