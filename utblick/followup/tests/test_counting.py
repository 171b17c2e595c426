"""One definition of "the engagements of a year": the report, the indicators, the lists, the API and the
public page count the same engagements for the same question (counted_in_year: active during the year,
not cancelled), and the comparison of organisations costs the same queries for three or thirty."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from utblick.engagements.choices import Confidentiality, Kind, Programme, ProjectStage, Status
from utblick.engagements.models import Engagement, Project
from utblick.engagements.tests.factories import EngagementFactory
from utblick.followup import indicators, reports
from utblick.organisations.tests.factories import OrganisationFactory, UnitFactory
from utblick.strategies.tests.factories import strategy_for

D = datetime.date


@pytest.fixture
def register(world):
    """Engagements at the edges of 2025: cancelled, undated, confidential, before and after it."""
    direction = strategy_for(world.org_a).versions.get().directions.get(code="profilering")

    def add(title, unit, starts, ends, *, kind=Kind.VISIT, status=Status.ONGOING, **fields):
        engagement = EngagementFactory(
            owner_unit=unit,
            title=title,
            kind=kind,
            status=status,
            starts_on=starts,
            ends_on=ends,
            published=True,
            **fields,
        )
        engagement.directions.add(direction)
        if kind == Kind.PROJECT:
            Project.objects.create(engagement=engagement, programme=Programme.INTERREG, stage=ProjectStage.GRANTED)
        return engagement

    return {
        "eu project": add("EU-projekt", world.unit_a, D(2025, 3, 1), D(2025, 10, 1), kind=Kind.PROJECT),
        "open-ended": add("Nätverk", world.other_unit_a, D(2024, 5, 1), None),
        "undated start": add("Vänort", world.unit_a, None, D(2025, 2, 1)),
        "confidential": add(
            "Förhandling",
            world.unit_a,
            D(2025, 6, 1),
            D(2025, 6, 2),
            confidentiality=Confidentiality.CONFIDENTIAL,
            confidentiality_ground="OSL 18 kap. 8 §",
        ),
        "cancelled": add(
            "Inställt EU-projekt",
            world.unit_a,
            D(2025, 1, 1),
            D(2025, 12, 1),
            kind=Kind.PROJECT,
            status=Status.CANCELLED,
        ),
        "later": add("Nästa år", world.unit_a, D(2026, 2, 1), D(2026, 3, 1)),
        "earlier": add("Förra mandatperioden", world.other_unit_a, D(2023, 1, 1), D(2024, 12, 31)),
    }


COUNTED_2025 = {"eu project", "open-ended", "undated start", "confidential"}


def _api_titles(client, slug, query):
    response = client.get(f"/api/v1/organisations/{slug}/engagements/?{query}")
    assert response.status_code == 200
    return {row["title"] for row in response.json()["results"]}


@pytest.mark.requirement("VX-9", "X-5", "LN-8")
def test_the_report_the_indicators_the_api_and_the_public_page_count_the_same_engagements(
    world, register, client_for, client
):
    org = world.org_a
    expected = {register[key].title for key in COUNTED_2025}
    # The one definition, as a queryset ...
    assert {e.title for e in Engagement.objects.in_organisation(org).counted_in(2025)} == expected
    # ... the yearly report's number and its spreadsheet's listing ...
    report = reports.build_year_report(organisation=org, year=2025)
    assert report.total == len(expected)
    assert {row.engagement.title for b in report.listing for s in b.sections for row in s.rows} == expected
    # ... the coverage of the strategy's directions (all are under one) ...
    assert dict(indicators.coverage_for(org, 2025)[0].rows)["Profilering"] == len(expected)
    # ... the register's list and the API with the year filter ...
    coordinator = client_for("coordinator_a")
    assert _api_titles(coordinator, org.slug, "year=2025") == expected
    page = coordinator.get(f"/o/{org.slug}/engagements/?year=2025").content.decode()
    assert all(title in page for title in expected) and "Inställt EU-projekt" not in page
    # ... and the public page, which leaves out only what is confidential.
    public = client.get(f"/public/{org.slug}/?year=2025").content.decode()
    assert f"{len(expected) - 1} engagemang" in public
    assert all(register[key].title in public for key in COUNTED_2025 - {"confidential"})
    assert "Förhandling" not in public and "Inställt EU-projekt" not in public and "Nästa år" not in public


@pytest.mark.requirement("LN-8", "VX-9")
def test_an_indicator_and_the_report_count_the_same_funded_projects_for_a_unit(world, register, client_for):
    org = world.org_a
    unit_report = reports.build_year_report(organisation=org, year=2025, unit=world.unit_a)
    summary = {figure.label: figure.value for figure in unit_report.summary}
    eu_funded = indicators.eu_funded_projects(org, 2025, [world.unit_a.pk])
    assert eu_funded == summary["EU-finansierade projekt"] == 1  # the cancelled project is not counted
    projects = _api_titles(
        client_for("coordinator_a"), org.slug, f"year=2025&kind=project&owner_unit={world.unit_a.pk}"
    )
    assert projects == {"EU-projekt"}
    in_unit = {register[key].title for key in COUNTED_2025 if register[key].owner_unit == world.unit_a}
    assert unit_report.total == len(in_unit)


@pytest.mark.requirement("LN-2")
def test_the_comparison_costs_the_same_queries_for_three_organisations_as_for_thirty(world, client_for):
    world.org_a.comparison_opt_in = True
    world.org_a.save()

    def organisations(count):
        for _ in range(count):
            organisation = OrganisationFactory(comparison_opt_in=True)
            unit = UnitFactory(organisation=organisation)
            EngagementFactory(owner_unit=unit, kind=Kind.TRIP, starts_on=datetime.date.today())

    client = client_for("coordinator_a")
    organisations(2)
    with CaptureQueriesContext(connection) as few:
        page = client.get(f"/o/{world.org_a.slug}/followup/compare/")
    assert page.status_code == 200
    organisations(27)
    with CaptureQueriesContext(connection) as many:
        page = client.get(f"/o/{world.org_a.slug}/followup/compare/")
    assert page.content.decode().count('<th scope="col"') >= 30  # every organisation has its column
    assert len(many) == len(few)


@pytest.mark.requirement("X-5")
def test_the_registers_published_filter_lists_what_the_public_page_shows(world, register, client_for, client):
    org = world.org_a
    listed = client_for("coordinator_a").get(f"/o/{org.slug}/engagements/?published=yes&year=2025").content.decode()
    public = client.get(f"/public/{org.slug}/?year=2025").content.decode()
    shown = {e.title for e in Engagement.objects.in_organisation(org).public().counted_in(2025)}
    assert shown == {register[key].title for key in COUNTED_2025 - {"confidential"}}
    for engagement in register.values():
        assert (engagement.title in listed) == (engagement.title in shown) == (engagement.title in public), (
            engagement.title
        )


@pytest.mark.requirement("VX-9")
def test_the_yearly_report_rule_asks_the_units_whose_engagements_the_report_counts(world):
    from utblick.followup.evaluators import YearlyReportPerUnit

    EngagementFactory(owner_unit=world.company_a, starts_on=D(2025, 2, 1), status=Status.CANCELLED)
    EngagementFactory(owner_unit=world.other_unit_a, starts_on=None, ends_on=D(2025, 6, 1))
    EngagementFactory(owner_unit=world.central_office_a, starts_on=D(2023, 1, 1), ends_on=D(2024, 12, 31))
    counted = Engagement.objects.in_organisation(world.org_a).counted_in(2025)
    findings = YearlyReportPerUnit().findings(
        organisation=world.org_a, parameters={"due_month": 2}, today=D(2026, 3, 1)
    )
    asked = {finding.unit for finding in findings}
    assert asked == {world.other_unit_a} == {engagement.owner_unit for engagement in counted}
