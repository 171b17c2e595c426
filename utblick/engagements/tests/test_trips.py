"""Emissions per leg (VX-4): each leg's distance, factor, CO2e and compensation; the flights' own total."""

import datetime
from decimal import Decimal

import pytest

from utblick.core.formatting import number
from utblick.engagements import services
from utblick.engagements.choices import Compensation, Kind, Status
from utblick.engagements.models import Trip, TripLeg
from utblick.followup import indicators
from utblick.followup.evaluation import evaluate_organisation
from utblick.followup.models import Deviation
from utblick.followup.tests.factories import strategy_with_rules

from .factories import EngagementFactory

LEGS = [
    ("Växjö", "SE", "Köpenhamn", "DK", "rail"),
    ("Köpenhamn", "DK", "Bilbao", "ES", "air"),
    ("Bilbao", "ES", "San Sebastián", "ES", "rail"),
]


@pytest.fixture
def conference(world):
    strategy_with_rules(world.org_a, "flight_compensation")
    engagement = EngagementFactory(
        owner_unit=world.unit_a,
        kind=Kind.TRIP,
        title="Konferens om gröna städer i Bilbao",
        status=Status.IDEA,
        starts_on=datetime.date(2026, 10, 5),
    )
    trip = Trip.objects.create(engagement=engagement, travellers=2, compensation=Compensation.PENDING)
    for from_city, from_country, to_city, to_country, mode in LEGS:
        services.trip_leg_add(
            leg=TripLeg(
                trip=trip,
                from_city=from_city,
                from_country=from_country,
                to_city=to_city,
                to_country=to_country,
                mode=mode,
            ),
            user=world.user("editor_a"),
        )
    trip.refresh_from_db()
    return trip


@pytest.mark.requirement("VX-4")
def test_each_leg_has_its_distance_factor_emissions_and_compensation(world, conference, client_for):
    legs = list(conference.legs.order_by("pk"))
    flight = legs[1]
    assert 1700 < flight.distance_km < 1850  # Copenhagen–Bilbao, one way
    assert sum(leg.co2e_kg for leg in legs) == conference.co2e_kg
    assert conference.flight_co2e_kg == flight.co2e_kg
    assert legs[0].co2e_kg < Decimal(5) and flight.co2e_kg > Decimal(700)  # two travellers, there and back
    assert [leg.compensation for leg in legs] == ["not_needed", "pending", "not_needed"]

    page = client_for("reader_a").get(conference.engagement.get_absolute_url()).content.decode()
    assert "Utblick standard 2026.1" in page and "0.133 kg/km × 1.9" in page and "0.004 kg/km" in page
    assert number(flight.co2e_kg) in page and "inte kompenserad ännu" in page and "behövs inte" in page
    assert f"varav flyg {number(conference.flight_co2e_kg)} kg" in page

    api = client_for("reader_a").get(
        f"/api/v1/organisations/{world.org_a.slug}/engagements/{conference.pk}/legs/?ordering=id"
    )
    rows = api.json()["results"]
    assert [(row["mode"], row["compensation"]) for row in rows] == [
        ("rail", "not_needed"),
        ("air", "pending"),
        ("rail", "not_needed"),
    ]
    assert Decimal(str(rows[1]["co2e_kg"])) == flight.co2e_kg and rows[1]["factor"] == "0.133 kg/km × 1.9"
    trip = client_for("reader_a").get(f"/api/v1/organisations/{world.org_a.slug}/engagements/{conference.pk}/")
    assert Decimal(str(trip.json()["trip"]["flight_co2e_kg"])) == flight.co2e_kg


@pytest.mark.requirement("VX-4")
def test_the_compensation_deviation_and_the_indicator_count_the_flights_only(world, conference):
    evaluate_organisation(world.org_a)
    deviation = Deviation.objects.get(rule_key="flight_compensation", resolved_at__isnull=True)
    flights = number(conference.flight_co2e_kg)
    assert flights != number(conference.co2e_kg)
    assert f"({flights} kg CO2e)" in deviation.message
    assert indicators.flight_co2e_kg(world.org_a, 2026) == conference.flight_co2e_kg.quantize(Decimal("1"))


@pytest.mark.requirement("VX-4")
def test_the_trip_page_and_the_deviation_round_the_flights_kilograms_alike(world, conference, client_for):
    # Half a kilogram is where a helper that cuts off (1 787) and one that rounds (1 788) part ways.
    Trip.objects.filter(pk=conference.pk).update(flight_co2e_kg=Decimal("1787.5"))
    evaluate_organisation(world.org_a)
    deviation = Deviation.objects.get(rule_key="flight_compensation", resolved_at__isnull=True)
    page = client_for("reader_a").get(conference.engagement.get_absolute_url()).content.decode()
    assert number(Decimal("1787.5")) == number(1788) != number(1787)
    assert f"({number(1788)} kg CO2e)" in deviation.message
    assert f"varav flyg {number(1788)} kg" in page and number(1787) not in page


@pytest.mark.requirement("VX-4")
def test_more_travellers_measure_every_leg_again(world, conference):
    engagement = conference.engagement
    conference.travellers = 4
    services.engagement_save(engagement=engagement, detail=conference, user=world.user("editor_a"))
    legs = list(conference.legs.order_by("pk"))
    assert legs[1].co2e_kg > Decimal(1400) and legs[1].version == 2
    conference.refresh_from_db()
    assert conference.flight_co2e_kg == legs[1].co2e_kg


@pytest.mark.requirement("VX-4")
def test_the_upgrade_measures_the_legs_recorded_before(world, conference):
    import importlib

    from django.apps import apps

    measured = {leg.pk: leg.co2e_kg for leg in conference.legs.all()}
    TripLeg.objects.update(co2e_kg=0, distance_km=0)
    Trip.objects.update(flight_co2e_kg=0)
    importlib.import_module("utblick.engagements.migrations.0015_emissions_per_leg").measure_every_leg(apps, None)
    assert {leg.pk: leg.co2e_kg for leg in conference.legs.all()} == measured
    conference.refresh_from_db()
    assert conference.flight_co2e_kg == measured[conference.legs.get(mode="air").pk]


@pytest.mark.browser
@pytest.mark.requirement("VX-4")
def test_an_editor_adds_a_flight_and_sees_its_emissions_beside_the_rail_legs(page, sign_in, axe, world, conference):
    sign_in(world.user("editor_a").email)
    page.goto(conference.engagement.get_absolute_url())
    page.get_by_role("link", name="Lägg till en delsträcka").click()
    page.get_by_label("Från:", exact=True).fill("San Sebastián")
    page.get_by_label("Från land:", exact=True).fill("ES")
    page.get_by_label("Till:", exact=True).fill("Madrid")
    page.get_by_label("Till land:", exact=True).fill("ES")
    page.get_by_label("Med:", exact=True).select_option(label="flyg")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(f"**{conference.engagement.get_absolute_url()}")
    table = page.get_by_role("table", name="Delsträckor med sina utsläpp")
    rows = table.locator("tbody tr")
    assert rows.count() == 4
    madrid = rows.nth(3).inner_text()
    leg = TripLeg.objects.get(to_city="Madrid")
    assert "Madrid" in madrid and "flyg" in madrid and number(leg.co2e_kg) in madrid
    assert "Utblick standard 2026.1" in madrid and "inte kompenserad ännu" in madrid
    conference.refresh_from_db()
    assert "Flyg" in table.locator("tfoot").inner_text()
    assert number(conference.flight_co2e_kg) in table.locator("tfoot").inner_text()
    axe()
