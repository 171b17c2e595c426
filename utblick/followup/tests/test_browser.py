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
