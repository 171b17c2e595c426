"""In Chromium: resolving the cause of a deviation removes it at once."""

import datetime

import pytest

from utblick.engagements.choices import Kind, Status
from utblick.engagements.models import NetworkMembership
from utblick.engagements.tests.factories import EngagementFactory, PartnerFactory
from utblick.followup.evaluation import evaluate_organisation

from .factories import strategy_with_rules

pytestmark = pytest.mark.browser


@pytest.mark.requirement("KR-8")
def test_recording_an_evaluation_removes_the_overdue_deviation_at_once(page, sign_in, axe, world):
    strategy_with_rules(world.org_a, "membership_evaluation", parameters={"membership_evaluation": {"months": 24}})
    engagement = EngagementFactory(
        owner_unit=world.unit_a,
        kind=Kind.MEMBERSHIP,
        title="Medlemskap i Eurocities",
        status=Status.ONGOING,
        starts_on=datetime.date(2018, 1, 1),
    )
    NetworkMembership.objects.create(
        engagement=engagement, network=PartnerFactory(organisation=world.org_a, name="Eurocities"), purpose="Påverkan"
    )
    evaluate_organisation(world.org_a)
    sign_in(world.user("editor_a").email)
    page.goto(engagement.get_absolute_url())
    panel = page.locator("#engagement-deviations-heading").locator("..")
    assert "har inte utvärderats på 24 månader" in panel.inner_text()
    axe()
    page.get_by_role("link", name="Registrera en utvärdering").click()
    page.get_by_label("Datum:", exact=True).fill("2026-11-20")
    page.get_by_label("Utvärderat av:", exact=True).fill("Miljönämnden")
    page.get_by_label("Beslut:", exact=True).select_option("continue")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    assert page.url.endswith(engagement.get_absolute_url())
    panel = page.locator("#engagement-deviations-heading").locator("..")
    assert "Inga öppna avvikelser" in panel.inner_text()
    page.goto(f"/o/{world.org_a.slug}/followup/")
    assert "Medlemskap i Eurocities" not in page.content()
    axe()


def test_the_report_build_page_passes_axe_while_waiting_and_when_ready(page, sign_in, axe, world):
    from utblick.followup.models import ReportBuild

    waiting = ReportBuild.objects.create(organisation=world.org_a, parameters={}, file_format="pdf")
    ready = ReportBuild.objects.create(
        organisation=world.org_a, parameters={}, file_format="pdf", state="done", content=b"%PDF", title="Rapport 2026"
    )
    sign_in(world.user("reader_a").email)
    for build in (waiting, ready):
        assert page.goto(f"/o/{world.org_a.slug}/reports/builds/{build.pk}/").status == 200
        axe()


@pytest.mark.requirement("KR-10")
def test_recording_a_review_decision_removes_the_dormant_twin_city_deviation_at_once(page, sign_in, axe, world):
    from utblick.engagements.choices import AgreementType
    from utblick.engagements.models import Agreement, AgreementReview, Exchange

    strategy_with_rules(world.org_a, "dormant_twin_city", parameters={"dormant_twin_city": {"months": 24}})
    engagement = EngagementFactory(
        owner_unit=world.unit_a, kind=Kind.AGREEMENT, title="Vänortsavtal med Koszalin", status=Status.ONGOING
    )
    agreement = Agreement.objects.create(
        engagement=engagement,
        partner_city=PartnerFactory(organisation=world.org_a, name="Koszalin", country="PL"),
        agreement_type=AgreementType.TWIN,
    )
    Exchange.objects.create(agreement=agreement, happened_on=datetime.date(2012, 4, 20), kind="experience")
    AgreementReview.objects.create(agreement=agreement, deadline=datetime.date(2017, 12, 31))
    evaluate_organisation(world.org_a)
    sign_in(world.user("editor_a").email)
    page.goto(engagement.get_absolute_url())
    panel = page.locator("#engagement-deviations-heading").locator("..")
    assert "inte haft något registrerat utbyte på 24 månader" in panel.inner_text()
    page.get_by_role("link", name="Registrera beslutet").click()  # on the review that waits for one
    axe()
    assert page.get_by_label("Beslut senast:", exact=True).input_value() == "2017-12-31"
    page.get_by_label("Beslut:", exact=True).select_option("end")
    page.get_by_label("Beslutsdatum:", exact=True).fill("2026-11-25")
    page.get_by_label("Beslutat av:", exact=True).fill("Kommunstyrelsen")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    panel = page.locator("#engagement-deviations-heading").locator("..")
    assert "Inga öppna avvikelser" in panel.inner_text()
    assert AgreementReview.objects.get().decision == "end"  # the pending review got its decision
    page.goto(f"/o/{world.org_a.slug}/followup/")
    assert "Vänortsavtal med Koszalin" not in page.content()


@pytest.mark.requirement("VX-4")
def test_recording_the_compensation_removes_the_flight_deviation_at_once(page, sign_in, axe, world):
    from utblick.engagements.models import Trip, TripLeg
    from utblick.engagements.services import trip_leg_add
    from utblick.strategies.models import Direction

    strategy = strategy_with_rules(world.org_a, "flight_compensation")
    direction = Direction.objects.create(version=strategy.versions.get(), code="samverkan", name="Samverkan")
    engagement = EngagementFactory(
        owner_unit=world.unit_a, kind=Kind.TRIP, title="Konferens i Bryssel", status=Status.COMPLETED
    )
    engagement.directions.add(direction)
    trip = Trip.objects.create(engagement=engagement, travellers=1)
    leg = TripLeg(trip=trip, from_city="Stockholm", from_country="SE", to_city="Brussels", to_country="BE", mode="air")
    trip_leg_add(leg=leg, user=world.user("coordinator_a"))
    evaluate_organisation(world.org_a)
    sign_in(world.user("editor_a").email)
    page.goto(engagement.get_absolute_url())
    panel = page.locator("#engagement-deviations-heading").locator("..")
    assert "är inte klimatkompenserade" in panel.inner_text()
    page.goto(f"/o/{world.org_a.slug}/engagements/{engagement.pk}/edit/")
    page.get_by_label("Klimatkompensation:", exact=True).select_option("compensated")
    page.get_by_label("Referens för kompensation:", exact=True).fill("Kvitto 2026-118")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    panel = page.locator("#engagement-deviations-heading").locator("..")
    assert "Inga öppna avvikelser" in panel.inner_text()
    axe()
