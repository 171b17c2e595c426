"""Reports in every format, opened by their own libraries, with the figures the selectors give."""

import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from utblick.followup import indicators, reports
from utblick.organisations.models import Organisation, Unit
from utblick.strategies.models import MandatePeriod

SLUGS = ["kristianstad", "vaxjo", "linkoping", "norrkoping", "stockholm"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo", verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(texts)


@pytest.mark.django_db
@pytest.mark.requirement("VX-9", "ST-13", "X-6")
@pytest.mark.parametrize("slug", SLUGS)
def test_the_yearly_report_opens_in_each_format_with_its_sections_and_figures(demo, slug):
    organisation = Organisation.objects.get(slug=slug)
    report = reports.build_year_report(organisation=organisation, year=2026)
    assert report.total > 0
    docx = Document(io.BytesIO(reports.render(report, "docx")))
    headings = [p.text for p in docx.paragraphs if p.style.name.startswith("Heading")]
    assert "Inlämnade ansökningar" in headings and "Resultat" in headings and "Indikatorer" in headings
    assert all(block.name in headings for block in report.directions)  # organised by the strategy's directions
    text = _docx_text(reports.render(report, "docx"))
    pdf = PdfReader(io.BytesIO(reports.render(report, "pdf")))
    pdf_text = "\n".join(page.extract_text() for page in pdf.pages)
    assert report.title.split("–")[0].strip() in pdf_text
    assert "/StructTreeRoot" in pdf.trailer["/Root"] and pdf.trailer["/Root"]["/Lang"] == "sv"  # tagged (PDF/UA)
    workbook = load_workbook(io.BytesIO(reports.render(report, "xlsx")))
    assert {"Engagemang", "Ansökningar", "Resultat", "Avvikelser", "Indikatorer"} <= set(workbook.sheetnames)
    # The documents give each direction's parts with their numbers; the spreadsheet lists every engagement,
    # and its rows add up to the same numbers.
    listed = Counter(row[:2] for row in workbook["Engagemang"].iter_rows(min_row=2, values_only=True))
    summarised = {
        (block.name, section.title): section.count for block in report.directions for section in block.sections
    }
    assert summarised and dict(listed) == summarised
    first = report.listing[0].sections[0].engagements[0]
    assert first.title in {row[2] for row in workbook["Engagemang"].iter_rows(min_row=2, values_only=True)}
    assert "listas i rapportens kalkylblad" in text and "listas i rapportens kalkylblad" in pdf_text
    header, *rows = workbook["Indikatorer"].iter_rows(values_only=True)
    this_year = header.index("2026")
    for series, row in zip(report.indicators, rows, strict=True):
        assert row[0] == series.title
        assert row[this_year] == (float(series.latest) if series.latest is not None else None)  # the dashboard's
    summary = dict(workbook["Sammanfattning av året"].iter_rows(min_row=2, values_only=True))
    granted = indicators.external_funding_granted_sek(organisation, 2026)
    assert summary["EU-finansierade projekt"] == indicators.eu_funded_projects(organisation, 2026)
    assert summary["Beviljad extern finansiering (kr)"] == granted
    assert summary["Utsläpp från flygresor (kg CO2e)"] == indicators.flight_co2e_kg(organisation, 2026)
    assert (
        summary["Engagemang under året"] == organisation.engagements.active_in(2026).exclude(status="cancelled").count()
    )
    assert reports.content.number(granted) in text  # the same figure, as the document writes it


@pytest.mark.django_db
@pytest.mark.requirement("VX-9", "LN-12")
def test_a_unit_report_holds_only_the_units_work_and_its_deviations(demo):
    organisation = Organisation.objects.get(slug="vaxjo")
    unit = Unit.objects.get(organisation=organisation, slug="klf")
    report = reports.build_year_report(organisation=organisation, year=2026, unit=unit)
    titles = {e.title for block in report.listing for section in block.sections for e in section.engagements}
    assert "Konferens om gröna städer i Bilbao" in titles and "Fossilfria transporter i Kronoberg" not in titles
    assert any("Bilbao" in d.message for d in report.deviations)  # open at year end: the uncompensated flight
    assert (
        report.indicators[0].points
        == indicators.series_for(
            organisation, report.indicators[0].key, [2023, 2024, 2025, 2026], units=[unit.pk]
        ).points
    )


@pytest.mark.django_db
@pytest.mark.requirement("ST-7", "LN-10")
def test_the_yearly_report_sums_the_resources_the_units_engagements_record(demo):
    from utblick.engagements.models import BudgetLine

    organisation = Organisation.objects.get(slug="vaxjo")
    unit = Unit.objects.get(organisation=organisation, slug="klf")
    # The demo records resources on some of the unit's work; set them aside so the sums are this test's own.
    assert BudgetLine.objects.filter(engagement__owner_unit=unit).delete()[0] > 0
    mine = organisation.engagements.active_in(2026).filter(owner_unit=unit).exclude(status="cancelled")[:2]
    BudgetLine.objects.create(engagement=mine[0], label="Resor", planned=40000, spent=38500)
    BudgetLine.objects.create(engagement=mine[1], label="Avgift", planned=1250000)
    elsewhere = organisation.engagements.active_in(2026).exclude(owner_unit=unit).first()
    BudgetLine.objects.create(engagement=elsewhere, label="Annat", planned=7)
    report = reports.build_year_report(organisation=organisation, year=2026, unit=unit)
    workbook = load_workbook(io.BytesIO(reports.render(report, "xlsx")))
    summary = dict(workbook["Sammanfattning av året"].iter_rows(min_row=2, values_only=True))
    assert summary["Planerade resurser (kr)"] == 1290000 and summary["Förbrukade resurser (kr)"] == 38500
    assert summary["Beslutade resurser (kr)"] is None  # nothing decided recorded: no figure, not a zero
    assert "1 290 000" in _docx_text(reports.render(report, "docx")).replace("\xa0", " ")


@pytest.mark.django_db
@pytest.mark.requirement("VX-11", "LN-12")
def test_the_mandate_review_has_directions_trends_compliance_reviews_and_conclusions(demo):
    organisation = Organisation.objects.get(slug="kristianstad")
    period = MandatePeriod.for_date(MandatePeriod.bounds_for_election(2022)[0])
    review = reports.build_mandate_review(
        organisation=organisation, period=period, conclusions="Strategin bör revideras 2027."
    )
    text = _docx_text(reports.render(review, "docx"))
    for heading in ("Vänortssamarbete", "Indikatorer under perioden", "Efterlevnad av reglerna", "Slutsatser"):
        assert heading in text
    assert "Strategin bör revideras 2027." in text
    assert "Samarbete inom Skåne Nordost" in text  # what was done, under its direction
    assert review.trends and all(trend.text in text for trend in review.trends)  # the trend over four years
    assert not any("strategy" in trend.text for trend in review.trends)  # in the organisation's language
    assert [year for year, _, _ in review.compliance] == [2023, 2024, 2025, 2026]
    assert any(e.membership.engagement.title == "Samarbete inom Skåne Nordost" for e in review.evaluations)


@pytest.mark.django_db
def test_the_report_command_writes_each_kind(demo, tmp_path):
    for args in (
        ["organisation-year", "--organisation", "stockholm", "--year", "2026", "--format", "xlsx"],
        ["unit-year", "--organisation", "vaxjo", "--unit", "teknik", "--year", "2026", "--format", "docx"],
        ["mandate-review", "--organisation", "vaxjo", "--period", "2023-2026", "--format", "pdf"],
        ["organisation-year", "--organisation", "linkoping", "--year", "2026", "--format", "html"],
    ):
        target = tmp_path / f"report.{args[-1]}"
        call_command("report", *args, "-o", str(target), verbosity=0)
        assert target.stat().st_size > 1000


@pytest.mark.django_db
def test_the_report_page_previews_and_saves_the_conclusions(demo, client):
    from utblick.core.models import User

    client.force_login(User.objects.get(email="samordnare@vaxjo.example"))
    period = MandatePeriod.for_date(MandatePeriod.bounds_for_election(2022)[0])
    response = client.post(
        "/o/vaxjo/reports/conclusions/", {"period": period.pk, "conclusions": "Mer fokus på extern finansiering."}
    )
    assert response.status_code == 302
    page = client.get(f"/o/vaxjo/reports/?kind=mandate&period={period.pk}").content.decode()
    assert "Mer fokus på extern finansiering." in page
    assert '<option value="mandate" selected>' in page  # the chosen report stays chosen
    download = client.get(f"/o/vaxjo/reports/download.docx?kind=mandate&period={period.pk}")
    assert "Mer fokus på extern finansiering." in _docx_text(download.content)


@pytest.mark.django_db
@pytest.mark.requirement("VX-11", "X-6")
@pytest.mark.parametrize("slug", SLUGS)
def test_the_mandate_review_opens_in_pdf_and_xlsx_too(demo, slug):
    organisation = Organisation.objects.get(slug=slug)
    period = MandatePeriod.for_date(MandatePeriod.bounds_for_election(2022)[0])
    review = reports.build_mandate_review(organisation=organisation, period=period)
    pdf_text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(reports.render(review, "pdf"))).pages)
    assert "Efterlevnad av reglerna" in pdf_text and "Slutsatser" in pdf_text
    workbook = load_workbook(io.BytesIO(reports.render(review, "xlsx")))
    assert [row[0] for row in workbook["Efterlevnad"].iter_rows(min_row=2, values_only=True)] == [
        2023,
        2024,
        2025,
        2026,
    ]


@pytest.mark.django_db
def test_a_report_built_in_the_background_shows_progress_then_the_file(
    demo, client, django_capture_on_commit_callbacks
):
    from utblick.core.models import User
    from utblick.followup.models import ReportBuild

    client.force_login(User.objects.get(email="lasare@stockholm.example"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/o/stockholm/reports/builds/", {"kind": "year", "year": "2026", "format": "xlsx"})
    build = ReportBuild.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in page and "väntar" in page and "Uppdatera nu" in page
    for callback in callbacks:
        callback()  # the task runs (the test settings run tasks at once)
    page = client.get(response["Location"]).content.decode()
    assert "klar" in page and "hx-trigger" not in page
    workbook = load_workbook(io.BytesIO(client.get(f"/o/stockholm/reports/builds/{build.pk}/download/").content))
    assert "Engagemang" in workbook.sheetnames


@pytest.mark.django_db
@pytest.mark.requirement("VX-9")
def test_the_documents_grow_with_what_a_committee_reads_not_with_the_register(demo):
    from utblick.engagements.models import Engagement

    organisation = Organisation.objects.get(slug="vaxjo")
    before = reports.build_year_report(organisation=organisation, year=2026)
    pages_before = len(PdfReader(io.BytesIO(reports.render(before, "pdf"))).pages)
    unit = organisation.units.exclude(parent=None).first()
    Engagement.objects.bulk_create(
        Engagement(
            organisation=organisation,
            owner_unit=unit,
            kind="visit",
            title=f"Studiebesök {number}",
            status="completed",
            starts_on=datetime.date(2026, 3, 1),
            ends_on=datetime.date(2026, 3, 2),
            achieved_results="Nya kontakter och en gemensam ansökan.",
        )
        for number in range(400)
    )
    after = reports.build_year_report(organisation=organisation, year=2026)
    assert after.total == before.total + 400 and after.results_total >= 400
    assert len(after.results) == reports.content.HIGHLIGHTS  # the first results, the rest in the XLSX
    pdf_after = reports.render(after, "pdf")
    assert len(PdfReader(io.BytesIO(pdf_after)).pages) <= pages_before + 2
    text = _docx_text(reports.render(after, "docx"))
    assert f"Och {after.results_total - reports.content.HIGHLIGHTS} till i rapportens kalkylblad (XLSX)." in text
    workbook = load_workbook(io.BytesIO(reports.render(after, "xlsx")))
    assert workbook["Resultat"].max_row - 1 == after.results_total  # the spreadsheet lists them all
    assert workbook["Engagemang"].max_row - 1 >= 400


@pytest.mark.django_db
@pytest.mark.requirement("VX-9")
def test_a_large_report_is_written_in_the_background_and_reused_until_its_data_changes(
    demo, client, settings, django_capture_on_commit_callbacks
):
    from utblick.core.models import User
    from utblick.engagements.models import Engagement
    from utblick.followup.models import ReportBuild

    settings.UTBLICK_REPORT_INLINE_LIMIT = 5  # Stockholm's register is "large" here
    client.force_login(User.objects.get(email="lasare@stockholm.example"))
    url = "/o/stockholm/reports/download.pdf?kind=year&year=2026"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url)
    build = ReportBuild.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/o/stockholm/reports/builds/{build.pk}/"
    build.refresh_from_db()
    assert build.state == ReportBuild.State.DONE and build.progress == 100
    page = client.get(response["Location"]).content.decode()
    assert f"/o/stockholm/reports/builds/{build.pk}/download/" in page
    pdf = client.get(f"/o/stockholm/reports/builds/{build.pk}/download/")
    assert "Internationellt arbete 2026" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    # Asked again, the same file is handed out without writing it again ...
    assert client.get(url)["Location"] == response["Location"] and ReportBuild.objects.count() == 1
    # ... until something the report reads changes.
    engagement = Engagement.objects.filter(organisation__slug="stockholm").first()
    engagement.title = "Ett nytt namn"
    engagement.save()
    with django_capture_on_commit_callbacks(execute=True):
        again = client.get(url)
    assert again["Location"] != response["Location"] and ReportBuild.objects.count() == 2


@pytest.mark.django_db
def test_a_small_report_downloads_at_once(demo, client):
    from utblick.core.models import User
    from utblick.followup.models import ReportBuild

    client.force_login(User.objects.get(email="lasare@stockholm.example"))
    response = client.get("/o/stockholm/reports/download.docx?kind=year&year=2026")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert not ReportBuild.objects.exists()


@pytest.mark.django_db
@pytest.mark.requirement("VX-9", "X-2")
def test_the_yearly_report_draws_the_years_partners_on_a_map_in_each_format(world):
    from utblick.engagements.models import Engagement
    from utblick.engagements.tests.factories import EngagementFactory, PartnerFactory

    year = 2026
    gdansk = PartnerFactory(organisation=world.org_a, name="Gdańsk", country="PL", latitude=54.35, longitude=18.65)
    tartu = PartnerFactory(organisation=world.org_a, name="Tartu", country="EE", latitude=58.38, longitude=26.72)
    PartnerFactory(organisation=world.org_a, name="Lübeck", country="DE", latitude=53.87, longitude=10.69)  # no work
    during = {"starts_on": datetime.date(year, 3, 1), "ends_on": datetime.date(year, 10, 1), "status": "ongoing"}
    EngagementFactory(owner_unit=world.unit_a, title="Skolutbyte Gdańsk", **during).partners.add(gdansk)
    EngagementFactory(owner_unit=world.unit_a, title="Projekt Tartu", **during).partners.add(tartu)
    assert Engagement.objects.filter(organisation=world.org_a).count() == 2
    report = reports.build_year_report(organisation=world.org_a, year=year)
    assert report.partner_map is not None
    assert len(report.partner_map.markers) == 2  # the year's partners, not every partner
    assert "Gdańsk" in report.partner_map_alt and "Tartu" in report.partner_map_alt
    assert "Lübeck" not in report.partner_map_alt
    html = reports.render(report, "html").decode()
    assert (
        "<h2>Partner på kartan</h2>" in html
        and 'role="img" aria-label="Karta över 2 partner i årets engagemang' in html
    )
    docx = Document(io.BytesIO(reports.render(report, "docx")))
    described = [shape._inline.docPr.get("descr") for shape in docx.inline_shapes]
    assert any(text and "Gdańsk" in text and "Tartu" in text for text in described)  # a picture with its alt text
    pdf = PdfReader(io.BytesIO(reports.render(report, "pdf")))
    assert "Partner på kartan" in "\n".join(page.extract_text() for page in pdf.pages)
    figures = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                figures.append(str(node["/Alt"]))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
                walk(kid)
        elif isinstance(node, list):
            for kid in node:
                walk(kid)

    walk(pdf.trailer["/Root"]["/StructTreeRoot"])
    assert any("Gdańsk" in alt for alt in figures)  # the map is a tagged figure with its alternative text


@pytest.mark.django_db
def test_a_year_without_placed_partners_has_no_map(world):
    from utblick.engagements.tests.factories import EngagementFactory, PartnerFactory

    skaga = PartnerFactory(organisation=world.org_a, name="Skagafjörður", country="IS", latitude=None, longitude=None)
    EngagementFactory(
        owner_unit=world.unit_a, starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 10, 1)
    ).partners.add(skaga)
    report = reports.build_year_report(organisation=world.org_a, year=2026)
    assert report.partner_map is None
    assert "Partner på kartan" not in reports.render(report, "html").decode()
