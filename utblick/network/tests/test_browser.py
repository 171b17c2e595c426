"""The partner map and the partner search in Chromium, by keyboard alone, with axe at desktop width and on a phone."""

import pytest

from utblick.engagements.choices import AgreementType, Kind, Status
from utblick.engagements.models import Agreement, Partner
from utblick.engagements.tests.factories import EngagementFactory, PartnerFactory
from utblick.organisations.tests.factories import UnitFactory

from .factories import partner, shared_project, taking_part

pytestmark = pytest.mark.browser


def _both_widths(page, axe) -> None:
    """axe-core at 1280 px and at 390 px, where only a data table may scroll sideways."""
    axe()
    page.set_viewport_size({"width": 390, "height": 844})
    page.evaluate("window.dispatchEvent(new Event('resize'))")
    assert page.evaluate("document.documentElement.scrollWidth") <= 392
    axe()
    page.set_viewport_size({"width": 1280, "height": 900})


def _tab_to(page, label_start: str, limit: int = 120) -> None:
    """Press Tab until the focused element's accessible name starts with ``label_start``."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        name = page.evaluate("document.activeElement.getAttribute('aria-label') || ''")
        if name.startswith(label_start):
            return
    raise AssertionError(f"{label_start!r} was not reached by Tab in {limit} presses")


@pytest.mark.requirement("X-2")
def test_a_coordinator_places_a_partner_by_hand_and_finds_it_on_the_map_by_keyboard(page, sign_in, axe, world):
    gdansk = PartnerFactory(organisation=world.org_a, name="Gdańsk", country="PL", latitude=54.35, longitude=18.65)
    twin = EngagementFactory(owner_unit=world.unit_a, kind=Kind.AGREEMENT, status=Status.ONGOING, title="Vänort Gdańsk")
    Agreement.objects.create(engagement=twin, partner_city=gdansk, agreement_type=AgreementType.TWIN)
    PartnerFactory(organisation=world.org_a, name="Tartu", country="EE", latitude=58.38, longitude=26.72)
    sign_in(world.user("coordinator_a").email)
    page.goto(f"/o/{world.org_a.slug}/partners/add/")
    page.get_by_label("Namn:").focus()
    page.keyboard.type("Skagafjörður")
    page.get_by_label("Land:").focus()
    page.keyboard.type("IS")
    page.get_by_label("Latitud:").focus()
    page.keyboard.type("65.75")
    page.keyboard.press("Tab")
    page.keyboard.type("-19.64")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Partner.objects.get(name="Skagafjörður").placement == "manual"
    page.goto(f"/o/{world.org_a.slug}/partners/")
    page.get_by_role("link", name="Karta").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # The markers and the table beside the map name the same partners.
    markers = {
        name.split(":")[0]
        for name in page.locator("a.map__marker").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    }
    rows = set(page.locator("#partner-table tbody th a").all_inner_texts())
    assert markers == rows == {"Gdańsk", "Skagafjörður", "Tartu"}
    _both_widths(page, axe)
    _tab_to(page, "Skagafjörður")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Skagafjörður"


@pytest.mark.requirement("X-2")
def test_partner_search_by_keyboard_with_its_map_and_the_public_map_pass_axe(page, sign_in, axe, world):
    taking_part(world.org_b)
    krakow = partner(world.org_b, "Kraków", "PL", latitude=50.06, longitude=19.94)
    shared_project(world.unit_b, "Erasmus+ skolutbyte med Kraków", partners=[krakow])
    for index in range(3):  # crowded: a cluster to zoom into
        other = UnitFactory(organisation=world.org_b, slug=f"enhet-{index}")
        shared_project(
            other,
            f"Projekt i Warszawa {index}",
            partners=[partner(world.org_b, f"Warszawa {index}", "PL", latitude=52.23 + index * 0.01, longitude=21.01)],
        )
    sign_in(world.user("editor_a").email)
    page.goto(f"/o/{world.org_a.slug}/network/")
    _both_widths(page, axe)
    page.get_by_label("Land").focus()
    page.keyboard.type("Polen")
    page.get_by_role("button", name="Sök", exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Kommun B" in page.locator("main").inner_text()
    _both_widths(page, axe)
    page.get_by_role("link", name="Karta", exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("a.map__marker").count() >= 2
    _both_widths(page, axe)
    _tab_to(page, "3 partner")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("a.map__marker--project").count() == 3  # the cluster parted
    assert page.get_by_role("link", name="Visa hela kartan igen").count() == 1
    # The public map of A's published work.
    published = PartnerFactory(organisation=world.org_a, name="Klaipėda", country="LT", latitude=55.7, longitude=21.1)
    EngagementFactory(owner_unit=world.unit_a, published=True, title="Vänort Klaipėda").partners.add(published)
    page.goto(f"/public/{world.org_a.slug}/map/")
    assert page.locator("a.map__marker").count() == 1
    _both_widths(page, axe)
