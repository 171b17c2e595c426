"""The engagement register as a coordinator and a department's contact person use it."""

import csv as csv_module
import datetime
import io
import math

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from utblick.engagements import services
from utblick.engagements.choices import (
    AgreementType,
    ArenaLevel,
    Compensation,
    Kind,
    ProjectStage,
    RegionGroup,
    SeatHolder,
    Status,
    TravelMode,
    VisitDecision,
    VisitDirection,
)
from utblick.engagements.models import (
    Agreement,
    BudgetLine,
    EmissionFactorSet,
    Engagement,
    Exchange,
    NetworkMembership,
    Partner,
    Project,
    Representation,
    Training,
    Trip,
    TripLeg,
    Visit,
)
from utblick.strategies.tests.factories import strategy_for

from .factories import EngagementFactory, PartnerFactory


@pytest.fixture
def strategy(world):
    return strategy_for(world.org_a)


def form_data(world, strategy, **extra):
    direction = strategy.versions.get().directions.first()
    data = {
        "title": "Nytt engagemang",
        "owner_unit": world.unit_a.pk,
        "status": Status.PLANNED,
        "starts_on": "2026-09-01",
        "directions": [direction.pk],
        "target_groups": ["residents", "businesses"],
        "sustainability": "Minskar utsläppen från kollektivtrafiken.",
        "expected_results": "Fler resenärer.",
        "countries": "NO, DK",
    }
    data.update(extra)
    return data


DETAILS = {
    Kind.PROJECT: {
        "detail-stage": "idea",
        "detail-role": "partner",
        "detail-currency": "SEK",
        "detail-programme": "interreg",
    },
    Kind.VISIT: {"detail-direction": "outgoing", "detail-purpose": "Studiebesök"},
    Kind.TRIP: {"detail-travellers": "2", "detail-compensation": "pending"},
    Kind.TRAINING: {
        "detail-topic": "EU-program",
        "detail-politicians": "3",
        "detail-management": "2",
        "detail-staff": "10",
    },
    Kind.ADVOCACY: {"detail-file_reference": "COM(2026) 100", "detail-position": "Vi stöder förslaget."},
}


@pytest.mark.requirement("VX-1", "VX-2", "KR-9")
@pytest.mark.parametrize("kind", list(DETAILS))
def test_an_editor_creates_an_engagement_of_each_kind_for_their_unit(kind, world, strategy, client_for):
    editor = client_for("editor_a")
    response = editor.post(
        f"/o/{world.org_a.slug}/engagements/add/{kind}/", {**form_data(world, strategy), **DETAILS[kind]}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    engagement = Engagement.objects.get(title="Nytt engagemang")
    assert engagement.kind == kind and engagement.detail is not None
    assert engagement.target_groups == ["residents", "businesses"]  # KR-9
    assert engagement.countries == ["NO", "DK"]
    assert "utsläppen" in engagement.sustainability  # VX-2
    assert engagement.history.first().history_user == world.user("editor_a")


def test_memberships_agreements_and_seats_are_created_with_their_partners_and_people(world, strategy, client_for):
    from utblick.organisations.tests.factories import PersonFactory

    coordinator = client_for("coordinator_a")
    network = PartnerFactory(organisation=world.org_a, name="Eurocities", country="BE")
    city = PartnerFactory(organisation=world.org_a, name="Kongsberg", country="NO")
    person = PersonFactory(organisation=world.org_a)
    cases = {
        Kind.MEMBERSHIP: {
            "detail-network": network.pk,
            "detail-arena_level": "international",
            "detail-evaluation_interval_months": "24",
            "detail-purpose": "Påverka",
        },
        Kind.AGREEMENT: {
            "detail-partner_city": city.pk,
            "detail-agreement_type": "twin",
            "detail-agreement_status": "active",
        },
        Kind.REPRESENTATION: {
            "detail-person": person.pk,
            "detail-holder": "politician",
            "detail-body": "CEMR",
            "detail-body_kind": "board",
            "detail-arena_level": "international",
        },
    }
    for kind, detail in cases.items():
        data = form_data(world, strategy, title=f"Nytt {kind}")
        response = coordinator.post(f"/o/{world.org_a.slug}/engagements/add/{kind}/", {**data, **detail})
        assert response.status_code == 302, (kind, response.content.decode()[:3000])
    assert NetworkMembership.objects.get().network == network
    assert Agreement.objects.get().partner_city == city
    assert Representation.objects.get().person == person


def test_past_the_idea_stage_a_direction_is_required(world, strategy, client_for):
    data = {**form_data(world, strategy), "directions": [], **DETAILS[Kind.PROJECT]}
    response = client_for("editor_a").post(f"/o/{world.org_a.slug}/engagements/add/project/", data)
    assert response.status_code == 200
    assert "minst en av strategins inriktningar" in response.content.decode()
    assert not Engagement.objects.exists()


def test_an_editor_cannot_record_for_another_unit(world, strategy, client_for):
    data = {**form_data(world, strategy, owner_unit=world.other_unit_a.pk), **DETAILS[Kind.PROJECT]}
    response = client_for("editor_a").post(f"/o/{world.org_a.slug}/engagements/add/project/", data)
    assert response.status_code == 200 and not Engagement.objects.exists()


@pytest.mark.requirement("X-5")
def test_case_numbers_follow_the_organisations_pattern_and_confidential_records_need_a_ground(world, strategy):
    world.org_a.case_number_pattern = r"KS \d{4}/\d{1,5}"
    world.org_a.save()
    engagement = EngagementFactory(owner_unit=world.unit_a, case_number="2026-17")
    with pytest.raises(ValidationError) as error:
        engagement.full_clean()
    assert "case_number" in error.value.message_dict
    engagement.case_number = "KS 2026/17"
    engagement.confidentiality = "confidential"
    with pytest.raises(ValidationError) as error:
        engagement.full_clean()
    assert "confidentiality_ground" in error.value.message_dict
    engagement.confidentiality_ground = "OSL 19 kap. 1 §"
    engagement.full_clean()


@pytest.mark.requirement("ST-7")
def test_resources_are_recorded_when_wanted_and_never_required(world, strategy):
    engagement = EngagementFactory(owner_unit=world.unit_a)
    engagement.full_clean()  # no budget at all is fine
    BudgetLine.objects.create(engagement=engagement, label="Resor", planned=40000, decided=35000)
    assert engagement.budget_lines.get().spent is None


def _hand_km(lat1, lon1, lat2, lon2):
    """An independent haversine with the mean Earth radius."""
    r = 6371.0088
    p1, p2, dp, dl = map(math.radians, (lat1, lat2, lat2 - lat1, lon2 - lon1))
    return 2 * r * math.asin(math.sqrt(math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2))


@pytest.mark.requirement("VX-4")
def test_co2e_of_a_stockholm_brussels_return_flight_matches_a_hand_calculation(world):
    factors = EmissionFactorSet.default()
    engagement = EngagementFactory(owner_unit=world.unit_a, kind=Kind.TRIP)
    trip = Trip.objects.create(engagement=engagement, travellers=2, factor_set=factors)
    leg = TripLeg(
        trip=trip, from_city="Stockholm", from_country="SE", to_city="Brussels", to_country="BE", mode=TravelMode.AIR
    )
    services.trip_leg_add(leg=leg, user=world.user("editor_a"))
    trip.refresh_from_db()
    km = _hand_km(59.32938, 18.06871, 50.85045, 4.34878)  # geonames coordinates of the two cities
    assert 1270 < km < 1300
    expected = km * 0.133 * 1.9 * 2 * 2  # above 1,000 km: full uplift; return journey; two travellers
    assert float(trip.co2e_kg) == pytest.approx(expected, abs=0.2)
    assert trip.factor_set.name == "Utblick standard" and trip.factor_set.version == "2026.1"
    assert float(trip.distance_km) == pytest.approx(2 * km, abs=0.1)


@pytest.mark.requirement("VX-4")
def test_vaxjo_kongsberg_by_air_gets_no_uplift_below_500_km_and_rail_is_almost_free(world):
    km = _hand_km(56.87767, 14.80906, 59.66858, 9.65017)
    assert km < 500
    factors = EmissionFactorSet.default()
    for mode, per_km in [(TravelMode.AIR, 0.133), (TravelMode.RAIL, 0.004)]:
        engagement = EngagementFactory(owner_unit=world.unit_a, kind=Kind.TRIP)
        trip = Trip.objects.create(engagement=engagement, travellers=1, factor_set=factors)
        services.trip_leg_add(
            leg=TripLeg(
                trip=trip, from_city="Växjö", from_country="SE", to_city="Kongsberg", to_country="NO", mode=mode
            ),
            user=world.user("editor_a"),
        )
        trip.refresh_from_db()
        assert float(trip.co2e_kg) == pytest.approx(km * per_km * 2, abs=0.2), mode


def test_the_uplift_is_linear_between_500_and_1000_km():
    factors = EmissionFactorSet(
        **{
            k: v
            for k, v in __import__(
                "utblick.engagements.models", fromlist=["DEFAULT_FACTOR_SET"]
            ).DEFAULT_FACTOR_SET.items()
        }
    )
    assert factors.uplift(499) == 1.0
    assert factors.uplift(750) == pytest.approx(1.45)
    assert factors.uplift(1000) == pytest.approx(1.9)


def test_an_unknown_city_gets_a_clear_message(world):
    engagement = EngagementFactory(owner_unit=world.unit_a, kind=Kind.TRIP)
    trip = Trip.objects.create(engagement=engagement)
    leg = TripLeg(
        trip=trip, from_city="Atlantis", from_country="SE", to_city="Brussels", to_country="BE", mode=TravelMode.AIR
    )
    with pytest.raises(ValidationError) as error:
        services.trip_leg_add(leg=leg, user=world.user("editor_a"))
    assert "from_city" in error.value.message_dict


@pytest.mark.requirement("VX-5", "LN-7", "ST-9")
def test_partners_are_grouped_nordic_eu_and_world_from_their_country(world):
    region = Partner.objects.create(organisation=world.org_a, name="Region Östergötland", country="SE", kind="region")
    eu = Partner.objects.create(organisation=world.org_a, name="Koszalin", country="PL")
    world_partner = Partner.objects.create(organisation=world.org_a, name="Kaapstad", country="ZA")
    finnish = Partner.objects.create(organisation=world.org_a, name="Esbo", country="FI")
    assert [p.region_group for p in (region, eu, world_partner, finnish)] == [
        RegionGroup.NORDIC,
        RegionGroup.EU,
        RegionGroup.WORLD,
        RegionGroup.NORDIC,
    ]


def test_a_partner_city_gets_its_coordinates(world, client_for):
    response = client_for("coordinator_a").post(
        f"/o/{world.org_a.slug}/partners/add/", {"name": "Kongsberg", "kind": "city", "country": "no"}
    )
    assert response.status_code == 302
    partner = Partner.objects.get(name="Kongsberg")
    assert partner.country == "NO" and partner.latitude == pytest.approx(59.67, abs=0.01)


@pytest.mark.requirement("KR-8", "ST-8", "KR-7")
def test_a_membership_keeps_purpose_demands_arena_and_every_evaluation(world, client_for):
    engagement = EngagementFactory(owner_unit=world.unit_a, kind=Kind.MEMBERSHIP, starts_on=datetime.date(2020, 1, 1))
    membership = NetworkMembership.objects.create(
        engagement=engagement,
        network=PartnerFactory(organisation=world.org_a, name="C40"),
        arena_level=ArenaLevel.INTERNATIONAL,
        purpose="Klimatpåverkan",
        demands="Krav på fossilfri stadstrafik",
    )
    editor = client_for("editor_a")
    for day, verdict in [("2022-01-10", "continue"), ("2024-02-01", "change")]:
        response = editor.post(
            f"/o/{world.org_a.slug}/engagements/{engagement.pk}/evaluations/add/",
            {"evaluated_on": day, "evaluated_by": "Nämnden", "verdict": verdict, "reasoning": "Bedömning"},
        )
        assert response.status_code == 302
    assert [e.verdict for e in membership.evaluations.all()] == ["change", "continue"]
    assert membership.evaluation_due_on() == datetime.date(2026, 2, 1)
    page = editor.get(engagement.get_absolute_url()).content.decode()
    assert "Krav på fossilfri stadstrafik" in page and "2024-02-01" in page


@pytest.mark.requirement("KR-10", "KR-11")
def test_an_agreement_logs_exchanges_and_reviews_and_links_its_projects(world, client_for):
    engagement = EngagementFactory(owner_unit=world.unit_a, kind=Kind.AGREEMENT)
    agreement = Agreement.objects.create(
        engagement=engagement,
        partner_city=PartnerFactory(organisation=world.org_a, name="Køge", country="DK"),
        agreement_type=AgreementType.TWIN,
    )
    project = EngagementFactory(owner_unit=world.unit_a, kind=Kind.PROJECT, title="EU-projekt med vänorten")
    engagement.related.add(project)
    editor = client_for("editor_a")
    assert (
        editor.post(
            f"/o/{world.org_a.slug}/engagements/{engagement.pk}/exchanges/add/",
            {"happened_on": "2026-05-04", "kind": "business", "description": "Företagarresa", "participants": 12},
        ).status_code
        == 302
    )
    assert (
        editor.post(
            f"/o/{world.org_a.slug}/engagements/{engagement.pk}/reviews/add/",
            {"deadline": "2027-06-30", "decision": "continue", "decided_on": "2027-05-01", "decided_by": "KS"},
        ).status_code
        == 302
    )
    assert agreement.last_exchange_on() == datetime.date(2026, 5, 4)
    assert agreement.reviews.get().decision == "continue"
    assert engagement in project.related.all()  # KR-11: linked both ways
    assert "EU-projekt med vänorten" in editor.get(engagement.get_absolute_url()).content.decode()


@pytest.mark.requirement("KR-12", "LN-6")
def test_trainings_count_participants_by_level_and_seats_by_holder(world):
    from utblick.organisations.tests.factories import PersonFactory

    training = Training.objects.create(
        engagement=EngagementFactory(owner_unit=world.unit_a, kind=Kind.TRAINING),
        topic="EU",
        politicians=3,
        management=4,
        staff=20,
    )
    assert training.participants == 27
    for holder in (SeatHolder.POLITICIAN, SeatHolder.POLITICIAN, SeatHolder.OFFICIAL):
        Representation.objects.create(
            engagement=EngagementFactory(owner_unit=world.unit_a, kind=Kind.REPRESENTATION),
            person=PersonFactory(organisation=world.org_a),
            holder=holder,
            body="CEMR",
        )
    assert Representation.objects.filter(holder=SeatHolder.POLITICIAN).count() == 2


@pytest.mark.requirement("ST-3", "ST-11", "LN-5")
def test_a_visit_request_is_assessed_decided_and_gets_a_drafted_reply(world, client_for):
    engagement = EngagementFactory(owner_unit=world.unit_a, kind=Kind.VISIT, title="Förfrågan från Tallinn")
    visit = Visit(
        engagement=engagement,
        direction=VisitDirection.INCOMING,
        requester="Tallinns stad",
        decision=VisitDecision.DECLINE,
    )
    with pytest.raises(ValidationError):
        visit.full_clean()  # a decision needs its reason
    visit.decision_reason = "Förvaltningen har inte kapacitet under hösten."
    visit.assessment = "Kopplar till samverkan men kostnaden är hög."
    visit.full_clean()
    visit.save()
    page = client_for("reader_a").get(engagement.get_absolute_url()).content.decode()
    assert "Förvaltningen har inte kapacitet under hösten." in page
    assert "Tack för er förfrågan" in page  # the drafted reply
    assert VisitDirection.OUTGOING in VisitDirection.values and VisitDirection.CONFERENCE in VisitDirection.values


@pytest.mark.requirement("ST-13", "ST-14")
def test_results_and_advocacy_are_shown_on_the_engagement(world, client_for):
    from utblick.engagements.models import Advocacy

    engagement = EngagementFactory(
        owner_unit=world.unit_a,
        kind=Kind.ADVOCACY,
        expected_results="Färre kontrollbesök",
        achieved_results="Förslaget ändrades",
    )
    Advocacy.objects.create(
        engagement=engagement, file_reference="(EU) 2017/625", position="Riskbaserad kontroll", outcome="Delvis"
    )
    page = client_for("reader_a").get(engagement.get_absolute_url()).content.decode()
    for text in ("Färre kontrollbesök", "Förslaget ändrades", "(EU) 2017/625", "Riskbaserad kontroll"):
        assert text in page


def test_a_project_moves_through_the_pipeline_with_dated_stages_and_refuses_jumps(world, strategy):
    engagement = EngagementFactory(owner_unit=world.unit_a, kind=Kind.PROJECT)
    user = world.user("coordinator_a")
    project = Project(stage=ProjectStage.IDEA)
    services.engagement_save(engagement=engagement, detail=project, user=user)
    for stage in (ProjectStage.PREPARING, ProjectStage.SUBMITTED, ProjectStage.GRANTED):
        project = Project.objects.get(pk=engagement.pk)
        project.stage = stage
        services.engagement_save(engagement=Engagement.objects.get(pk=engagement.pk), detail=project, user=user)
    assert list(project.stage_changes.values_list("stage", flat=True)) == ["idea", "preparing", "submitted", "granted"]
    project = Project.objects.get(pk=engagement.pk)
    project.stage = ProjectStage.IDEA
    with pytest.raises(ValidationError):
        services.engagement_save(engagement=Engagement.objects.get(pk=engagement.pk), detail=project, user=user)


def test_of_two_stale_edits_exactly_one_wins(world, strategy, client_for):
    engagement = EngagementFactory(owner_unit=world.unit_a, kind=Kind.PROJECT, status=Status.IDEA, title="Gemensamt")
    Project.objects.create(engagement=engagement)
    url = f"/o/{world.org_a.slug}/engagements/{engagement.pk}/edit/"
    base = {
        "title": "Gemensamt",
        "owner_unit": world.unit_a.pk,
        "status": "idea",
        "version": 1,
        **DETAILS[Kind.PROJECT],
    }
    first = client_for("editor_a").post(url, {**base, "description": "Från redaktören"})
    second = client_for("coordinator_a").post(url, {**base, "description": "Från samordnaren"})
    assert first.status_code == 302
    assert second.status_code == 409
    assert "Någon annan sparade först" in second.content.decode()
    engagement.refresh_from_db()
    assert engagement.description == "Från redaktören" and engagement.version == 2


def _rows(world, count):
    units = [world.unit_a, world.other_unit_a]
    Engagement.objects.bulk_create(
        Engagement(
            organisation=world.org_a, owner_unit=units[i % 2], kind=Kind.PROJECT, title=f"Rad {i}", status=Status.IDEA
        )
        for i in range(count)
    )


@pytest.mark.parametrize("path", ["engagements/", "engagements/kind/project/", "partners/"])
def test_list_pages_query_count_does_not_grow_with_rows(path, world, client_for, django_assert_max_num_queries):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("coordinator_a")
    _rows(world, 10)
    with CaptureQueriesContext(connection) as small:
        assert client.get(f"/o/{world.org_a.slug}/{path}").status_code == 200
    _rows(world, 990)
    cache.clear()  # the filter form is drawn anew, as it was the first time
    with CaptureQueriesContext(connection) as large:
        assert client.get(f"/o/{world.org_a.slug}/{path}").status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.requirement("X-6")
def test_csv_and_xlsx_exports_hold_exactly_what_is_filtered(world, client_for):
    EngagementFactory(owner_unit=world.unit_a, title="Klimatprojekt", kind=Kind.PROJECT)
    EngagementFactory(owner_unit=world.unit_a, title="Studieresa", kind=Kind.TRIP)
    client = client_for("reader_a")
    csv = client.get(f"/o/{world.org_a.slug}/engagements/export/?kind=project&format=csv").content.decode("utf-8-sig")
    assert "Klimatprojekt" in csv and "Studieresa" not in csv
    workbook = load_workbook(
        io.BytesIO(client.get(f"/o/{world.org_a.slug}/engagements/export/?q=resa&format=xlsx").content)
    )
    values = [row[1] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    assert values == ["Studieresa"]


@pytest.mark.requirement("X-5", "X-6")
def test_the_exports_say_which_engagements_are_confidential(world, client_for):
    EngagementFactory(owner_unit=world.unit_a, title="Öppet samarbete")
    EngagementFactory(
        owner_unit=world.unit_a,
        title="Känslig förhandling",
        confidentiality="confidential",
        confidentiality_ground="OSL 18 kap. 8 §",
    )
    client = client_for("reader_a")
    url = f"/o/{world.org_a.slug}/engagements/export/"
    rows = list(csv_module.reader(io.StringIO(client.get(f"{url}?format=csv").content.decode("utf-8-sig"))))
    header = rows[0]
    by_title = {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert by_title["Känslig förhandling"]["Sekretess"] == "sekretessbelagd"
    assert by_title["Känslig förhandling"]["Lagstöd för sekretess"] == "OSL 18 kap. 8 §"
    assert by_title["Öppet samarbete"]["Sekretess"] == "ej sekretessbelagd"
    sheet = load_workbook(io.BytesIO(client.get(f"{url}?format=xlsx").content)).active
    table = list(sheet.iter_rows(values_only=True))
    column = table[0].index("Sekretess")
    assert {row[1]: row[column] for row in table[1:]}["Känslig förhandling"] == "sekretessbelagd"


def test_exchanges_record_democracy_and_equality(world):
    engagement = EngagementFactory(owner_unit=world.unit_a, kind=Kind.AGREEMENT)
    agreement = Agreement.objects.create(engagement=engagement, partner_city=PartnerFactory(organisation=world.org_a))
    exchange = Exchange.objects.create(
        agreement=agreement,
        happened_on=datetime.date(2026, 1, 1),
        kind="experience",
        description="Möte",
        democracy_equality="Jämn könsfördelning",
    )
    assert exchange.democracy_equality
    assert Compensation.COMPENSATED == "compensated"
