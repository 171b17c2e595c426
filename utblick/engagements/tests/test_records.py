"""Records logged under an engagement are corrected and removed on its page, through the same services."""

import datetime
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from utblick.engagements.choices import AgreementType, Kind, Status
from utblick.engagements.models import Agreement, AgreementReview, Attachment, Exchange, Trip, TripLeg
from utblick.followup.evaluation import evaluate_organisation
from utblick.followup.models import Deviation
from utblick.followup.tests.factories import strategy_with_rules

from .factories import EngagementFactory, PartnerFactory


@pytest.fixture
def twin_city(world):
    strategy_with_rules(world.org_a, "dormant_twin_city", parameters={"dormant_twin_city": {"months": 24}})
    engagement = EngagementFactory(
        owner_unit=world.unit_a, kind=Kind.AGREEMENT, title="Vänortsavtal med Koszalin", status=Status.ONGOING
    )
    agreement = Agreement.objects.create(
        engagement=engagement,
        partner_city=PartnerFactory(organisation=world.org_a, name="Koszalin", country="PL"),
        agreement_type=AgreementType.TWIN,
    )
    return agreement


def _open(engagement):
    return Deviation.objects.filter(
        subject_id=engagement.pk, rule_key="dormant_twin_city", resolved_at__isnull=True
    ).count()


@pytest.mark.requirement("KR-10")
def test_the_decision_is_recorded_on_the_review_that_waits_for_it_and_the_deviation_goes(world, twin_city, client_for):
    review = AgreementReview.objects.create(agreement=twin_city, deadline=datetime.date(2026, 12, 31))
    evaluate_organisation(world.org_a)
    assert _open(twin_city.engagement) == 1
    editor = client_for("editor_a")
    page = editor.get(twin_city.engagement.get_absolute_url()).content.decode()
    url = f"/o/{world.org_a.slug}/engagements/{twin_city.pk}/reviews/{review.pk}/edit/"
    assert f'href="{url}">Registrera beslutet' in page
    half = editor.post(url, {"deadline": "2026-12-31", "decision": "end", "version": 1})
    assert half.status_code == 200 and "ett beslut behöver sitt datum" in half.content.decode().lower()
    done = editor.post(
        url,
        {"deadline": "2026-12-31", "decision": "end", "decided_on": "2026-11-25", "decided_by": "KS", "version": 1},
    )
    assert done.status_code == 302
    review.refresh_from_db()
    assert (review.decision, review.version, AgreementReview.objects.count()) == ("end", 2, 1)
    assert _open(twin_city.engagement) == 0


@pytest.mark.requirement("KR-10")
def test_removing_the_only_recent_exchange_makes_the_agreement_dormant_again(world, twin_city, client_for):
    exchange = Exchange.objects.create(agreement=twin_city, happened_on=datetime.date.today(), kind="school")
    evaluate_organisation(world.org_a)
    assert _open(twin_city.engagement) == 0
    url = f"/o/{world.org_a.slug}/engagements/{twin_city.pk}/exchanges/{exchange.pk}/delete/"
    coordinator = client_for("coordinator_a")
    assert "Ta bort" in coordinator.get(url).content.decode()
    assert coordinator.post(url).status_code == 302
    assert not Exchange.objects.exists() and exchange.history.latest().history_type == "-"
    assert _open(twin_city.engagement) == 1


def test_of_two_stale_corrections_of_an_exchange_exactly_one_wins(world, twin_city, client_for):
    exchange = Exchange.objects.create(
        agreement=twin_city, happened_on=datetime.date(2026, 5, 4), kind="school", description="Elevutbyte"
    )
    url = f"/o/{world.org_a.slug}/engagements/{twin_city.pk}/exchanges/{exchange.pk}/edit/"
    data = {"happened_on": "2026-05-04", "kind": "school", "description": "Elevutbyte", "version": 1}
    first = client_for("editor_a").post(url, {**data, "participants": 24})
    second = client_for("coordinator_a").post(url, {**data, "participants": 30})
    assert (first.status_code, second.status_code) == (302, 409)
    exchange.refresh_from_db()
    assert (exchange.participants, exchange.version) == (24, 2)


def test_a_record_is_found_only_under_its_own_engagement(world, twin_city, client_for):
    exchange = Exchange.objects.create(agreement=twin_city, happened_on=datetime.date(2026, 5, 4), kind="school")
    other = EngagementFactory(owner_unit=world.unit_a, kind=Kind.AGREEMENT)
    url = f"/o/{world.org_a.slug}/engagements/{other.pk}/exchanges/{exchange.pk}/edit/"
    assert client_for("coordinator_a").get(url).status_code == 404


@pytest.mark.requirement("VX-4")
def test_a_corrected_leg_is_measured_again_and_a_removed_one_leaves_the_trip(world, client_for):
    engagement = EngagementFactory(owner_unit=world.unit_a, kind=Kind.TRIP, title="Konferens")
    trip = Trip.objects.create(engagement=engagement, travellers=1)
    editor = client_for("editor_a")
    editor.post(
        f"/o/{world.org_a.slug}/engagements/{engagement.pk}/legs/add/",
        {"from_city": "Växjö", "from_country": "SE", "to_city": "Oslo", "to_country": "NO", "mode": "rail"},
    )
    leg = TripLeg.objects.get()
    trip.refresh_from_db()
    by_rail = trip.co2e_kg
    corrected = editor.post(
        f"/o/{world.org_a.slug}/engagements/{engagement.pk}/legs/{leg.pk}/edit/",
        {
            "from_city": "Växjö",
            "from_country": "SE",
            "to_city": "Bryssel",
            "to_country": "BE",
            "mode": "air",
            "is_return": "on",
            "version": 1,
        },
    )
    assert corrected.status_code == 302
    trip.refresh_from_db()
    assert 1800 < trip.flight_km < 2000 and trip.co2e_kg > 20 * by_rail  # Brussels by air, there and back
    editor.post(f"/o/{world.org_a.slug}/engagements/{engagement.pk}/legs/{leg.pk}/delete/")
    trip.refresh_from_db()
    assert (trip.flight_km, trip.co2e_kg, trip.distance_km) == (0, 0, 0)


def test_a_removed_attachment_takes_its_file_along(world, client_for, settings, django_capture_on_commit_callbacks):
    engagement = EngagementFactory(owner_unit=world.unit_a, kind=Kind.VISIT)
    attachment = Attachment(engagement=engagement, title="Fel fil")
    attachment.file.save("fel.txt", ContentFile(b"Inte den"), save=True)
    stored = Path(settings.MEDIA_ROOT) / attachment.file.name
    assert stored.exists()
    url = f"/o/{world.org_a.slug}/attachments/{attachment.pk}/delete/"
    assert client_for("reader_a").post(url).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        removed = client_for("editor_a").post(url)
    assert removed["Location"].endswith(f"/engagements/{engagement.pk}/#attachments-heading")
    assert not Attachment.objects.exists() and not stored.exists()
