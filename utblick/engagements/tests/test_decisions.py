"""Decisions take effect (KR-8, KR-10, ST-8): a review's decision ends or renews the agreement, a verdict to
leave ends the membership — on the engagement, its history, the partner, the follow-up, the reports and the API."""

import datetime

import pytest

from utblick.core.history import history_entries
from utblick.engagements import selectors
from utblick.engagements.choices import AgreementStatus, AgreementType, Kind, Status
from utblick.engagements.models import Agreement, AgreementReview, Evaluation, Exchange, NetworkMembership
from utblick.followup.evaluation import evaluate_organisation
from utblick.followup.models import Deviation
from utblick.followup.reports.content import build_year_report
from utblick.followup.tests.factories import strategy_with_rules

from .factories import EngagementFactory, PartnerFactory

D = datetime.date


def _open(engagement, rule):
    return Deviation.objects.filter(subject_id=engagement.pk, rule_key=rule, resolved_at__isnull=True).count()


@pytest.fixture
def dormant(world):
    """Kristianstad's Šiauliai: a twin-city agreement without exchanges since 2011, its review overdue."""
    strategy_with_rules(world.org_a, "dormant_twin_city", "membership_evaluation")
    engagement = EngagementFactory(
        owner_unit=world.unit_a,
        kind=Kind.AGREEMENT,
        title="Vänortsavtal med Šiauliai",
        status=Status.ONGOING,
        starts_on=D(1992, 6, 1),
    )
    city = PartnerFactory(organisation=world.org_a, name="Šiauliai", country="LT")
    engagement.partners.set([city])
    agreement = Agreement.objects.create(
        engagement=engagement,
        partner_city=city,
        agreement_type=AgreementType.TWIN,
        agreement_status=AgreementStatus.UNDER_REVIEW,
    )
    Exchange.objects.create(agreement=agreement, happened_on=D(2011, 4, 20), kind="experience", description="Besök")
    review = AgreementReview.objects.create(agreement=agreement, deadline=D(2017, 12, 31))
    evaluate_organisation(world.org_a)
    assert _open(engagement, "dormant_twin_city") == 1
    return review


def _decide(client, world, review, decision, day="2026-11-25", version=1, **extra):
    url = f"/o/{world.org_a.slug}/engagements/{review.agreement_id}/reviews/{review.pk}/edit/"
    data = {
        "deadline": "2017-12-31",
        "decision": decision,
        "decided_on": day,
        "decided_by": "Kommunstyrelsen",
        "case_number": "KS 2026/412",
        "reasoning": "Inga utbyten sedan 2011.",
        "version": version,
        **extra,
    }
    return client.post(url, data)


@pytest.mark.requirement("KR-10")
def test_a_decision_to_end_ends_the_agreement_everywhere_it_shows(world, dormant, client_for):
    editor = client_for("editor_a")
    assert _decide(editor, world, dormant, "end").status_code == 302
    agreement = Agreement.objects.select_related("engagement").get(pk=dormant.agreement_id)
    engagement = agreement.engagement
    assert agreement.agreement_status == AgreementStatus.ENDED
    assert (engagement.status, engagement.ends_on) == (Status.COMPLETED, D(2026, 11, 25))
    assert _open(engagement, "dormant_twin_city") == 0

    # The agreement's own history says which decision, by whom, when and under which case number.
    reason = "Översynsbeslut: avsluta av Kommunstyrelsen den 2026-11-25, diarienummer KS 2026/412"
    assert history_entries(engagement)[0].reason == reason
    history = editor.get(f"/o/{world.org_a.slug}/engagements/{engagement.pk}/history/").content.decode()
    assert reason in history and "Översyn av avtal 2017-12-31" in history and "avslutat" in history

    page = editor.get(engagement.get_absolute_url()).content.decode()
    assert "avslutat den 2026-11-25" in page and "KS 2026/412" in page
    partner = editor.get(f"/o/{world.org_a.slug}/partners/{agreement.partner_city_id}/").content.decode()
    assert "Vänortsavtal med Šiauliai" in partner and "avtal: avslutat" in partner

    api = editor.get(f"/api/v1/organisations/{world.org_a.slug}/engagements/{engagement.pk}/").json()
    assert (api["status"], api["ends_on"], api["agreement"]["agreement_status"]) == ("completed", "2026-11-25", "ended")
    reviews = editor.get(f"/api/v1/organisations/{world.org_a.slug}/engagements/{engagement.pk}/reviews/").json()
    assert reviews["results"][0]["case_number"] == "KS 2026/412"

    report = build_year_report(organisation=world.org_a, year=2026)
    rows = [row for block in report.listing for section in block.sections for row in section.rows]
    details = next(row.details for row in rows if row.engagement == engagement)
    assert "avslutat" in details and "översyn: avsluta (Kommunstyrelsen, 2026-11-25, KS 2026/412)" in details
    # The report of the next year no longer lists it.
    assert all(
        row.engagement != engagement
        for block in build_year_report(organisation=world.org_a, year=2027).listing
        for section in block.sections
        for row in section.rows
    )


@pytest.mark.requirement("KR-10")
def test_a_decision_to_continue_restarts_the_inactivity_clock(world, dormant, client_for):
    assert _decide(client_for("coordinator_a"), world, dormant, "continue").status_code == 302
    agreement = Agreement.objects.get(pk=dormant.agreement_id)
    assert agreement.agreement_status == AgreementStatus.ACTIVE and agreement.active_since() == D(2026, 11, 25)
    assert agreement.engagement.status == Status.ONGOING and agreement.engagement.ends_on is None
    assert _open(agreement.engagement, "dormant_twin_city") == 0
    assert history_entries(agreement.engagement)[0].reason.startswith("Översynsbeslut: fortsätta")
    # 24 months after the decision, without exchanges, the agreement is dormant again.
    evaluate_organisation(world.org_a, today=D(2028, 11, 24))
    assert _open(agreement.engagement, "dormant_twin_city") == 0
    evaluate_organisation(world.org_a, today=D(2028, 11, 26))
    assert _open(agreement.engagement, "dormant_twin_city") == 1


@pytest.mark.requirement("KR-10")
def test_a_corrected_or_removed_decision_to_end_takes_the_end_back(world, dormant, client_for):
    coordinator = client_for("coordinator_a")
    _decide(coordinator, world, dormant, "end")
    assert _decide(coordinator, world, dormant, "renegotiate", version=2).status_code == 302
    agreement = Agreement.objects.get(pk=dormant.agreement_id)
    assert agreement.agreement_status == AgreementStatus.UNDER_REVIEW
    assert (agreement.engagement.status, agreement.engagement.ends_on) == (Status.ONGOING, None)
    _decide(coordinator, world, dormant, "end", version=3)
    url = f"/o/{world.org_a.slug}/engagements/{dormant.agreement_id}/reviews/{dormant.pk}/delete/"
    assert coordinator.post(url).status_code == 302
    agreement.refresh_from_db()
    agreement.engagement.refresh_from_db()
    assert agreement.agreement_status == AgreementStatus.UNDER_REVIEW and agreement.engagement.ends_on is None


@pytest.mark.requirement("KR-10")
def test_the_api_records_the_decision_with_the_same_effect(world, dormant, client_for):
    url = f"/api/v1/organisations/{world.org_a.slug}/engagements/{dormant.agreement_id}/reviews/{dormant.pk}/"
    response = client_for("editor_a").patch(
        url,
        {"decision": "end", "decided_on": "2026-11-25", "decided_by": "Kommunstyrelsen", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    agreement = Agreement.objects.get(pk=dormant.agreement_id)
    assert agreement.agreement_status == AgreementStatus.ENDED and agreement.engagement.ends_on == D(2026, 11, 25)


@pytest.mark.requirement("KR-8", "ST-8")
def test_a_verdict_to_leave_ends_the_membership(world, client_for):
    strategy_with_rules(world.org_a, "membership_evaluation")
    engagement = EngagementFactory(
        owner_unit=world.unit_a,
        kind=Kind.MEMBERSHIP,
        title="Medlemskap i Eurocities",
        status=Status.ONGOING,
        starts_on=D(2014, 1, 1),
    )
    NetworkMembership.objects.create(engagement=engagement, network=PartnerFactory(organisation=world.org_a))
    evaluate_organisation(world.org_a)
    assert _open(engagement, "membership_evaluation") == 1
    response = client_for("editor_a").post(
        f"/api/v1/organisations/{world.org_a.slug}/engagements/{engagement.pk}/evaluations/",
        {
            "evaluated_on": "2026-10-01",
            "evaluated_by": "Kommunstyrelsen",
            "verdict": "leave",
            "case_number": "KS 2026/77",
            "reasoning": "Ger inte det vi betalar för.",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    engagement.refresh_from_db()
    assert (engagement.status, engagement.ends_on) == (Status.COMPLETED, D(2026, 10, 1))
    assert _open(engagement, "membership_evaluation") == 0
    assert history_entries(engagement)[0].reason.endswith(  # after "API: <token>"
        "Utvärdering: lämna av Kommunstyrelsen den 2026-10-01, diarienummer KS 2026/77"
    )
    page = client_for("reader_a").get(engagement.get_absolute_url()).content.decode()
    assert "ingen: medlemskapet upphörde 2026-10-01" in page
    # A corrected verdict takes the end back.
    evaluation = Evaluation.objects.get()
    client_for("editor_a").post(
        f"/o/{world.org_a.slug}/engagements/{engagement.pk}/evaluations/{evaluation.pk}/edit/",
        {"evaluated_on": "2026-10-01", "evaluated_by": "Kommunstyrelsen", "verdict": "change", "version": 1},
    )
    engagement.refresh_from_db()
    assert (engagement.status, engagement.ends_on) == (Status.ONGOING, None)


def test_the_engagement_history_holds_its_kinds_record_and_what_was_logged_under_it(world, dormant):
    engagement = dormant.agreement.engagement
    subjects = {entry.subject for entry in selectors.engagement_history(engagement=engagement)}
    assert {"", "Avtal", "Utbyte 2011-04-20", "Översyn av avtal 2017-12-31"} <= subjects


@pytest.mark.browser
@pytest.mark.requirement("KR-10")
def test_a_coordinator_ends_a_dormant_agreement_from_its_page(page, sign_in, axe, world, dormant):
    engagement = dormant.agreement.engagement
    sign_in(world.user("coordinator_a").email)
    page.goto(f"/o/{world.org_a.slug}/followup/deviations/")
    assert "Vänortsavtal med Šiauliai" in page.locator("main").inner_text()
    page.goto(engagement.get_absolute_url())
    page.get_by_role("link", name="Registrera beslutet").click()
    axe()
    page.get_by_label("Beslut:", exact=True).select_option(label="avsluta")
    page.get_by_label("Beslutsdatum:", exact=True).fill("2026-11-25")
    page.get_by_label("Beslutat av:", exact=True).fill("Kommunstyrelsen")
    page.get_by_label("Diarienummer:", exact=True).fill("KS 2026/412")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(f"**{engagement.get_absolute_url()}#kind-heading")
    facts = page.locator("main").inner_text()
    assert "avslutat den 2026-11-25" in facts and "Inga öppna avvikelser" in facts
    axe()
    page.get_by_role("link", name="Historik").click()
    first = page.locator("main article").first.inner_text()
    assert "Översynsbeslut: avsluta av Kommunstyrelsen den 2026-11-25, diarienummer KS 2026/412" in first
    axe()
    page.goto(f"/o/{world.org_a.slug}/followup/deviations/")
    assert "Vänortsavtal med Šiauliai" not in page.locator("main").inner_text()
