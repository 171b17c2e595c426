"""Indicators by SQL aggregation: the right figures, and the same number of queries at any size."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from utblick.engagements.choices import Compensation, Kind, Programme, ProjectStage, SeatHolder, Status
from utblick.engagements.models import Engagement, Project, Representation, Training, Trip
from utblick.engagements.tests.factories import EngagementFactory
from utblick.followup import indicators
from utblick.organisations.register_stamps import register_changed
from utblick.organisations.tests.factories import PersonFactory
from utblick.strategies.models import Direction, Indicator
from utblick.strategies.tests.factories import strategy_for


def _project(world, programme, stage=ProjectStage.ONGOING, year=2026, **extra):
    engagement = EngagementFactory(
        owner_unit=world.unit_a, kind=Kind.PROJECT, starts_on=datetime.date(year, 2, 1), status=Status.ONGOING
    )
    Project.objects.create(engagement=engagement, programme=programme, stage=stage, **extra)
    return engagement


@pytest.mark.requirement("LN-8")
def test_eu_funded_and_other_funded_projects_are_counted_per_year(world):
    _project(world, Programme.INTERREG, year=2025)
    _project(world, Programme.LIFE)
    _project(world, Programme.SIDA)
    _project(world, Programme.HORIZON, stage=ProjectStage.SUBMITTED)  # an application, not funded
    assert indicators.eu_funded_projects(world.org_a, 2026) == 2  # Interreg from 2025 still runs
    assert indicators.eu_funded_projects(world.org_a, 2024) == 0
    assert indicators.other_funded_projects(world.org_a, 2026) == 1


@pytest.mark.requirement("LN-8", "KR-12")
def test_eu_training_participants_are_counted_by_level(world):
    for politicians, management, staff in [(3, 4, 10), (1, 0, 5)]:
        engagement = EngagementFactory(owner_unit=world.unit_a, kind=Kind.TRAINING, starts_on=datetime.date(2026, 3, 1))
        Training.objects.create(
            engagement=engagement, topic="EU", politicians=politicians, management=management, staff=staff
        )
    assert indicators.eu_training_participants(world.org_a, 2026) == 23
    assert indicators.eu_training_participants_by_level(world.org_a, 2026, None) == {
        "politicians": 4,
        "management": 4,
        "staff": 15,
    }


@pytest.mark.requirement("LN-6")
def test_representation_seats_by_politicians_and_officials_show_their_trend(world):
    strategy = strategy_for(world.org_a)
    version = strategy.versions.get()
    Indicator.objects.create(version=version, key="representation_seats_politicians", good_direction="rise")
    for year, holder in [(2024, SeatHolder.POLITICIAN), (2026, SeatHolder.POLITICIAN), (2025, SeatHolder.OFFICIAL)]:
        engagement = EngagementFactory(
            owner_unit=world.unit_a, kind=Kind.REPRESENTATION, starts_on=datetime.date(year, 1, 1)
        )
        Representation.objects.create(
            engagement=engagement, person=PersonFactory(organisation=world.org_a), holder=holder, body="CEMR"
        )
    series = indicators.dashboard_indicators(world.org_a, year=2026)[0]
    assert series.points == [(2023, 0), (2024, 1), (2025, 1), (2026, 2)]
    assert series.trend == "up" and series.trend_is_good is True


@pytest.mark.requirement("VX-4")
def test_flight_emissions_and_the_share_compensated(world):
    for co2e, compensation in [(Decimal("600"), Compensation.COMPENSATED), (Decimal("400"), Compensation.PENDING)]:
        engagement = EngagementFactory(owner_unit=world.unit_a, kind=Kind.TRIP, starts_on=datetime.date(2026, 4, 1))
        # Each trip has a rail leg too (50 kg): the indicator counts the flights only.
        Trip.objects.create(
            engagement=engagement,
            flight_km=Decimal(1000),
            co2e_kg=co2e + 50,
            flight_co2e_kg=co2e,
            compensation=compensation,
        )
    assert indicators.flight_co2e_kg(world.org_a, 2026) == 1000
    assert indicators.flights_compensated_pct(world.org_a, 2026) == 50


def test_external_funding_in_euro_is_converted_to_crowns(world):
    _project(world, Programme.INTERREG, funding_granted=Decimal(100000), currency="EUR", exchange_rate=Decimal("11.00"))
    _project(world, Programme.SIDA, funding_granted=Decimal(50000))
    assert indicators.external_funding_granted_sek(world.org_a, 2026) == 1150000


@pytest.mark.requirement("ST-2", "KR-2")
def test_coverage_shows_directions_without_engagements(world):
    strategy = strategy_for(world.org_a)
    profilering = strategy.versions.get().directions.get(code="profilering")
    engagement = EngagementFactory(owner_unit=world.unit_a, starts_on=datetime.date(2026, 1, 1))
    engagement.directions.add(profilering)
    directions = dict(indicators.coverage_for(world.org_a, 2026)[0].rows)
    assert directions == {"Profilering": 1, "Samverkan": 0}


@pytest.mark.requirement("ST-2")
def test_coverage_follows_every_change_to_links_directions_and_engagements_at_once(world):
    version = strategy_for(world.org_a).versions.get()
    samverkan = version.directions.get(code="samverkan")
    engagement = EngagementFactory(owner_unit=world.unit_a, starts_on=datetime.date(2026, 1, 1))
    assert dict(indicators.coverage_for(world.org_a, 2026)[0].rows) == {"Profilering": 0, "Samverkan": 0}

    samverkan.engagements.add(engagement)  # linked from the direction's side
    assert dict(indicators.coverage_for(world.org_a, 2026)[0].rows) == {"Profilering": 0, "Samverkan": 1}
    samverkan.name = "Samverkan i Östersjöregionen"
    samverkan.save()
    Direction.objects.create(version=version, code="ny", name="Ny inriktning", order=5)
    assert dict(indicators.coverage_for(world.org_a, 2026)[0].rows) == {
        "Profilering": 0,
        "Samverkan i Östersjöregionen": 1,
        "Ny inriktning": 0,
    }
    engagement.starts_on = datetime.date(2027, 1, 1)  # no longer in 2026
    engagement.save()
    assert dict(indicators.coverage_for(world.org_a, 2026)[0].rows)["Samverkan i Östersjöregionen"] == 0
    assert dict(indicators.coverage_for(world.org_a, 2027)[0].rows)["Samverkan i Östersjöregionen"] == 1
    engagement.directions.clear()
    assert dict(indicators.coverage_for(world.org_a, 2027)[0].rows)["Samverkan i Östersjöregionen"] == 0


@pytest.mark.requirement("LN-8")
def test_the_dashboard_query_count_is_the_same_for_10_and_10000_engagements(world, client_for):
    strategy = strategy_for(world.org_a)
    version = strategy.versions.get()
    for order, key in enumerate(indicators.YEARLY):
        Indicator.objects.create(version=version, key=key, order=order)
    client = client_for("coordinator_a")

    def add(count):
        Engagement.objects.bulk_create(
            Engagement(
                organisation=world.org_a,
                owner_unit=world.unit_a,
                kind=Kind.PROJECT,
                title=f"P{i}",
                starts_on=datetime.date(2026, 1, 1),
            )
            for i in range(count)
        )
        register_changed(world.org_a.pk)  # as every bulk writer does: no signals, the stamp by hand

    add(10)
    with CaptureQueriesContext(connection) as small:
        assert client.get(f"/o/{world.org_a.slug}/followup/").status_code == 200
    add(9990)
    with CaptureQueriesContext(connection) as large:
        assert client.get(f"/o/{world.org_a.slug}/followup/").status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.requirement("LN-2")
def test_organisations_that_take_part_see_each_other_side_by_side(world, client_for):
    world.org_a.comparison_opt_in = True
    world.org_a.save()
    world.org_b.comparison_opt_in = True
    world.org_b.save()
    page = client_for("reader_a").get(f"/o/{world.org_a.slug}/followup/compare/").content.decode()
    assert "Kommun A" in page and "Kommun B" in page and "EU-finansierade projekt" in page
    world.org_b.comparison_opt_in = False
    world.org_b.save()
    assert "Kommun B" not in client_for("reader_a").get(f"/o/{world.org_a.slug}/followup/compare/").content.decode()


@pytest.mark.requirement("LN-10", "VX-7")
def test_the_unit_page_shows_its_own_work_resources_deviations_and_indicators(world, client_for):
    from utblick.engagements.models import BudgetLine

    strategy = strategy_for(world.org_a)
    Indicator.objects.create(version=strategy.versions.get(), key="eu_funded_projects")
    mine = _project(world, Programme.LIFE)
    BudgetLine.objects.create(engagement=mine, label="Personal", planned=Decimal(200000), decided=Decimal(150000))
    EngagementFactory(owner_unit=world.other_unit_a, title="Annan förvaltnings projekt")
    page = client_for("reader_a").get(f"/o/{world.org_a.slug}/units/{world.unit_a.pk}/").content.decode()
    assert mine.title in page and "Annan förvaltnings projekt" not in page
    assert "200\xa0000" in page and "150\xa0000" in page  # each committee owns and funds its own work (LN-10)
    assert "EU-finansierade projekt" in page  # the unit's own indicators
