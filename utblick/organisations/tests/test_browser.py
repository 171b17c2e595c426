"""The foundation's pages in a real Chromium: keyboard sign-in and axe-core on every page."""

import pytest

from utblick.organisations.choices import UnitRoleKind
from utblick.organisations.tests.factories import PersonFactory, UnitRoleFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def pages(world):
    org = world.org_a.slug
    person = PersonFactory(organisation=world.org_a, name="Greta Lind", title="Utvecklingsstrateg")
    role = UnitRoleFactory(unit=world.unit_a, person=person, role=UnitRoleKind.CONTACT_PERSON)
    return [
        f"/o/{org}/",
        f"/o/{org}/edit/",
        f"/o/{org}/history/",
        f"/o/{org}/units/",
        f"/o/{org}/units/add/",
        f"/o/{org}/units/{world.unit_a.pk}/",
        f"/o/{org}/units/{world.unit_a.pk}/edit/",
        f"/o/{org}/units/{world.unit_a.pk}/history/",
        f"/o/{org}/units/{world.unit_a.pk}/roles/add/",
        f"/o/{org}/roles/{role.pk}/edit/",
        f"/o/{org}/roles/{role.pk}/delete/",
        f"/o/{org}/people/",
        f"/o/{org}/people/add/",
        f"/o/{org}/people/{person.pk}/",
        f"/o/{org}/people/{person.pk}/edit/",
        f"/o/{org}/people/{person.pk}/history/",
        "/tillganglighet/",
        "/integritet/",
    ]


@pytest.mark.requirement("X-2", "X-3")
def test_a_coordinator_signs_in_by_keyboard_and_every_page_passes_axe(page, sign_in, axe, world, pages):
    page.goto("/accounts/login/")
    axe()
    sign_in(world.user("coordinator_a").email)
    assert page.get_by_role("heading", level=1).inner_text() == "Kommun A"
    for path in pages:
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == "sv"
        axe()


def test_a_form_error_is_announced_and_fixable_by_keyboard(page, sign_in, axe, world):
    sign_in(world.user("coordinator_a").email)
    page.goto(f"/o/{world.org_a.slug}/units/add/")
    page.get_by_label("Namn:", exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # submit the empty form
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert "Rätta" in summary.inner_text()
    axe()
    page.get_by_label("Namn:", exact=True).fill("Socialförvaltningen")
    page.get_by_label("Kortnamn i adresser:", exact=True).fill("social")
    page.get_by_label("Typ:", exact=True).select_option("department")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Socialförvaltningen"


@pytest.mark.requirement("X-2")
def test_the_interface_switches_to_english_and_back(page, sign_in, world):
    sign_in(world.user("reader_a").email)
    page.goto(f"/o/{world.org_a.slug}/units/")
    assert page.get_by_role("heading", level=1).inner_text() == "Enheter"
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Units"
    assert page.locator("html").get_attribute("lang") == "en"
    with page.expect_navigation():
        page.get_by_role("button", name="Svenska").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Enheter"


def test_a_user_of_several_organisations_switches_between_them(page, sign_in, world):
    from utblick.organisations.choices import Role
    from utblick.organisations.tests.factories import MembershipFactory

    MembershipFactory(user=world.user("coordinator_a"), organisation=world.org_b, role=Role.READER)
    sign_in(world.user("coordinator_a").email)
    page.goto("/")
    assert "Dina organisationer" in page.content()
    page.goto(f"/o/{world.org_a.slug}/")
    page.get_by_role("combobox", name="Organisation").select_option(world.org_b.slug)
    with page.expect_navigation():
        page.get_by_role("button", name="Gå").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Kommun B"
