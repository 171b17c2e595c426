"""The register in Chromium: every kind created by keyboard alone, axe-core on every page."""

import tempfile
from pathlib import Path

import pytest

from utblick.engagements.models import Engagement
from utblick.organisations.tests.factories import PersonFactory
from utblick.strategies.tests.factories import strategy_for

from .factories import EngagementFactory, PartnerFactory

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


# For each kind: the kind's own columns of a one-row import file (the shared ones are added below).
IMPORT_ROWS = {
    "project": {"programme": "life", "stage": "idea"},
    "membership": {"network": "ICLEI", "network_country": "DE", "purpose": "Klimatarbete"},
    "agreement": {"partner_city": "Kongsberg", "partner_country": "NO", "agreement_type": "cooperation"},
    "visit": {"visit_kind": "incoming", "requester": "Tartu stad", "group_size": "12"},
    "trip": {"travellers": "2"},
    "training": {"topic": "Interreg", "staff": "14"},
    "representation": {"person": "Ada Lind", "holder": "official", "body": "CEMR:s styrelse"},
    "advocacy": {"file_reference": "COM(2026) 17", "position": "Vi vill se förenklade regler"},
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

    # Edit by keyboard.
    page.get_by_label("Beskrivning:", exact=True).focus()
    page.keyboard.type("Ändrad från tangentbordet.")
    page.get_by_label("Titel:", exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    engagement.refresh_from_db()
    assert engagement.description == "Ändrad från tangentbordet." and engagement.version == 2

    # List and filter: the text search finds it and leaves another engagement out.
    EngagementFactory(owner_unit=world.unit_a, kind=kind, title="Något helt annat")
    page.goto(f"/o/{world.org_a.slug}/engagements/kind/{kind}/")
    page.get_by_label("Sök:", exact=True).focus()
    page.keyboard.type("tangentbordet")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    table = page.locator("table").first.inner_text()
    assert engagement.title in table and "Något helt annat" not in table
    axe()

    # Export exactly what is filtered.
    with page.expect_download() as download:
        page.get_by_role("link", name="Exportera CSV").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert engagement.title in exported and "Något helt annat" not in exported

    # Import one row of the kind from a file.
    columns = {"title": f"Inläst {kind}", "unit": world.unit_a.slug, "status": "idea", **IMPORT_ROWS[kind]}
    upload = Path(tempfile.mkdtemp()) / f"{kind}.csv"
    upload.write_text(";".join(columns) + "\n" + ";".join(columns.values()) + "\n", encoding="utf-8")
    page.goto(f"/o/{world.org_a.slug}/engagements/import/{kind}/")
    page.get_by_label("Fil (CSV eller XLSX):", exact=True).set_input_files(str(upload))
    page.get_by_role("button", name="Läs in").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "1 engagemang lästes in" in page.locator("body").inner_text()
    assert Engagement.objects.get(title=f"Inläst {kind}").kind == kind
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
