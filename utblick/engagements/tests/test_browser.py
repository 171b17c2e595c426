"""The register in Chromium: every kind created by keyboard alone, axe-core on every page."""

import pytest

from utblick.engagements.models import Engagement
from utblick.organisations.tests.factories import PersonFactory
from utblick.strategies.tests.factories import strategy_for

from .factories import PartnerFactory

pytestmark = pytest.mark.browser

# For each kind: (label, what to do by keyboard) for the fields it requires beyond the shared ones.
KIND_FIELDS = {
    "project": [],
    "membership": [("Nätverk eller organisation:", "ArrowDown")],
    "agreement": [("Partnerort:", "ArrowDown")],
    "visit": [("Typ av besök:", "ArrowDown")],
    "trip": [],
    "training": [("Ämne:", "EU-program och ansökningar")],
    "representation": [
        ("Vem som har platsen:", "ArrowDown"),
        ("Innehas av:", "ArrowDown"),
        ("Styrelse, kommitté eller forum:", "CEMR"),
    ],
    "advocacy": [("Ärende eller process:", "COM(2026) 42"), ("Vår ståndpunkt:", "Vi stöder förslaget")],
}


@pytest.mark.requirement("VX-1")
@pytest.mark.parametrize("kind", list(KIND_FIELDS))
def test_an_editor_creates_each_kind_by_keyboard_and_the_pages_pass_axe(kind, page, sign_in, axe, world):
    strategy_for(world.org_a)
    PartnerFactory(organisation=world.org_a, name="Eurocities", country="BE")
    PersonFactory(organisation=world.org_a, name="Ada Lind")
    sign_in(world.user("editor_a").email)
    page.goto(f"/o/{world.org_a.slug}/engagements/kind/{kind}/")
    axe()
    page.goto(f"/o/{world.org_a.slug}/engagements/add/{kind}/")
    axe()
    title = page.get_by_label("Titel:", exact=True)
    title.focus()
    page.keyboard.type(f"Nytt {kind} från tangentbordet")
    page.get_by_label("Profilering").focus()
    page.keyboard.press("Space")
    for label, action in KIND_FIELDS[kind]:
        page.get_by_label(label, exact=True).focus()
        if action == "ArrowDown":
            page.keyboard.press("ArrowDown")
        else:
            page.keyboard.type(action)
    title.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    engagement = Engagement.objects.get(title=f"Nytt {kind} från tangentbordet")
    assert engagement.kind == kind and engagement.owner_unit == world.unit_a
    assert page.get_by_role("heading", level=1).inner_text() == engagement.title
    axe()
    page.goto(f"/o/{world.org_a.slug}/engagements/{engagement.pk}/edit/")
    axe()


def test_the_partner_and_import_pages_pass_axe(page, sign_in, axe, world):
    partner = PartnerFactory(organisation=world.org_a, name="Kongsberg", country="NO")
    sign_in(world.user("coordinator_a").email)
    for path in [
        f"/o/{world.org_a.slug}/engagements/",
        f"/o/{world.org_a.slug}/partners/",
        f"/o/{world.org_a.slug}/partners/add/",
        f"/o/{world.org_a.slug}/partners/{partner.pk}/",
        f"/o/{world.org_a.slug}/engagements/import/project/",
    ]:
        assert page.goto(path).status == 200, path
        axe()
