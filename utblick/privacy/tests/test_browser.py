"""The personal data pages in a real Chromium: usable without scripts, and axe-clean with them."""

import pytest

from utblick.core.browser import assert_accessible
from utblick.engagements.tests.factories import EngagementFactory
from utblick.organisations.models import Person
from utblick.organisations.tests.factories import PersonFactory, UnitRoleFactory
from utblick.privacy.models import RetentionRule

pytestmark = pytest.mark.browser


def _signed_in(browser, live_server, email, *, scripts):
    context = browser.new_context(locale="sv-SE", base_url=live_server.url, java_script_enabled=scripts)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Lösenord").fill("test-password-123")
    with page.expect_navigation():
        page.get_by_label("Lösenord").press("Enter")
    return context, page


@pytest.fixture
def kept(world):
    """A contact person responsible for an engagement: an erasure keeps them, anonymised."""
    person = PersonFactory(organisation=world.org_a, name="Greta Lindahl", phone="040-12 34 56")
    UnitRoleFactory(person=person, unit=world.unit_a)
    EngagementFactory(
        organisation=world.org_a, owner_unit=world.unit_a, responsible=person, title="Studieresa till Riga"
    )
    return person


def test_a_coordinator_erases_a_person_and_sets_a_rule_without_scripts(browser, live_server, world, kept):
    context, page = _signed_in(browser, live_server, world.user("coordinator_a").email, scripts=False)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Dataskydd").click()
    page.get_by_label("Namn, e-post eller telefon").fill("Lindahl")
    with page.expect_navigation():
        page.get_by_role("button", name="Sök").click()
    page.get_by_role("link", name="Greta Lindahl").click()
    assert "Studieresa till Riga" in page.content()
    page.get_by_role("link", name="Radera").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Radera personen").click()
    assert "Kryssa i rutan" in page.locator("#error-summary").inner_text()
    page.get_by_label("Diarienummer").fill("KS 2026/5")
    page.get_by_label("Jag förstår att raderingen inte kan ångras").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Radera personen").click()
    assert "Anonymiserad person" in page.locator(".messages").inner_text()
    assert "KS 2026/5" in page.content()  # the log of requests, with the case number and no name
    assert Person.objects.get(pk=kept.pk).name == "Anonymiserad person"

    page.get_by_role("link", name="Ändra gallringsreglerna").click()
    page.get_by_role("group", name="Resor").get_by_label("År").fill("3")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara reglerna").click()
    assert "Gallringsreglerna har sparats." in page.locator(".messages").inner_text()
    assert RetentionRule.objects.get(organisation=world.org_a, record_kind="trip").years == 3
    context.close()


def test_every_personal_data_page_passes_axe_also_with_its_errors(browser, live_server, world, kept):
    RetentionRule.objects.create(organisation=world.org_a, record_kind="trip", years=2, basis="KS 2024/88")
    context, page = _signed_in(browser, live_server, world.user("coordinator_a").email, scripts=True)
    base = f"/o/{world.org_a.slug}/privacy"
    for path in (
        f"{base}/",
        f"{base}/people/{kept.pk}/",
        f"{base}/people/{kept.pk}/extract/",
        f"{base}/people/{kept.pk}/correct/",
        f"{base}/people/{kept.pk}/erase/",
        f"{base}/retention/",
        f"/o/{world.org_a.slug}/people/{kept.pk}/",
        "/integritet/",
    ):
        assert page.goto(path).status == 200, path
        assert_accessible(page)
    page.goto(f"{base}/retention/")
    page.get_by_role("group", name="Besök").get_by_label("År").fill("500")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara reglerna").click()
    assert "Högst 100 år" in page.locator("#error-summary").inner_text()
    assert_accessible(page)
    page.goto("/integritet/")
    page.get_by_text("Kommun A", exact=True).click()  # opens the organisation's rules
    assert page.get_by_text("2 år efter att det avslutades").is_visible()
    assert_accessible(page)
    context.close()
