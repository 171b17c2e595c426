"""Every import path, walked by a coordinator of A with files naming B's objects (issue 14.1, X-1).

Strategy files (the page, the API with and without a dry run, the command acting as the user), the
register's bulk import (on the page and in the background), the watch desk's call lists, a strategy
document's draft, and the API's and the pages' bodies that name related rows by id: each names
something of organisation B — by slug, id, name or co-ownership. Nothing of B changes, and where the
file is refused the Swedish message says why.
"""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation
from rest_framework.test import APIClient

from utblick.engagements.models import Engagement, Partner
from utblick.engagements.tests.factories import EngagementFactory, PartnerFactory
from utblick.organisations.models import Person, Unit, UnitRole
from utblick.organisations.tests.factories import PersonFactory
from utblick.strategies.files import strategy_export
from utblick.strategies.models import (
    Dimension,
    Direction,
    GoverningDocument,
    MandatePeriod,
    Strategy,
    StrategyReview,
    Theme,
)
from utblick.strategies.tests.factories import document_import_for, strategy_for
from utblick.watch.models import Item, WatchProfile
from utblick.watch.tests.factories import SourceFactory, add_items, call


@pytest.fixture
def b(world):
    """Organisation B's things that A's files will name."""
    strategy = strategy_for(world.org_b)
    version = strategy.versions.get()
    own = Direction.objects.create(version=version, code="bara-b", name="Bara B:s inriktning", order=2)
    theme = Theme.objects.create(
        dimension=Dimension.objects.create(version=version, code="b-tema", name="B:s teman"), code="t", name="Tema B"
    )
    document = GoverningDocument.objects.create(
        organisation=world.org_b, title="Vision B", url="https://b.example/", description="B:s vision"
    )
    version.governing_documents.add(document)
    StrategyReview.objects.create(
        strategy=strategy,
        organisation=world.org_b,
        period=MandatePeriod.for_date(datetime.date(2024, 3, 1)),
        reviewed_on=datetime.date(2024, 3, 1),
        outcome="keep",
    )
    engagement = EngagementFactory(owner_unit=world.unit_b, title="B:s engagemang")
    engagement.directions.set([own])
    source = SourceFactory(organisation=world.org_b, name="B:s källa")
    add_items(source, call("LIFE-2027-CLIMA-CCA-LOCAL", "B:s egen rubrik"))
    strategy_for(world.org_a)
    return {
        "strategy": strategy,
        "direction": own,
        "theme": theme,
        "document": document,
        "person": PersonFactory(organisation=world.org_b, name="Berit Bengtsson"),
        "partner": PartnerFactory(organisation=world.org_b, name="Bergen", country="NO"),
        "source": source,
        "document_import": document_import_for(world.org_b),
    }


def state_of_b(world) -> dict:
    org = world.org_b
    return {
        "strategy": strategy_export(Strategy.objects.get(slug="strategi-kommun-b"), organisation=None),
        "owned": sorted(org.strategies.values_list("slug", flat=True)),
        "documents": sorted(GoverningDocument.objects.filter(organisation=org).values_list("title", "url", "version")),
        "reviews": sorted(StrategyReview.objects.filter(organisation=org).values_list("pk", "version")),
        "engagements": sorted(Engagement.objects.filter(organisation=org).values_list("pk", "title", "version")),
        "engagement links": sorted(
            Engagement.directions.through.objects.filter(engagement__organisation=org).values_list(
                "engagement", "direction"
            )
        ),
        "units": sorted(Unit.objects.filter(organisation=org).values_list("pk", "name", "version")),
        "people": sorted(Person.objects.filter(organisation=org).values_list("pk", "name", "version")),
        "roles": UnitRole.objects.filter(unit__organisation=org).count(),
        "partners": sorted(Partner.objects.filter(organisation=org).values_list("pk", "name", "version")),
        "items": sorted(Item.objects.filter(source__organisation=org).values_list("identifier", "title", "updated_at")),
        "profiles": WatchProfile.objects.filter(unit__organisation=org).count(),
    }


# -- Strategy files -------------------------------------------------------------------------------


def _strategy_files(world) -> dict[str, tuple[str, str]]:
    """A's own export, changed to name B: (file, what the answer must say)."""
    text = strategy_export(Strategy.objects.get(slug="strategi-kommun-a"), organisation=world.org_a)
    owners = '{ organisation = "kommun-a" },'
    samverkan = '{ code = "samverkan", name = "Samverkan" }'
    assert owners in text and samverkan in text
    not_b = "Du är inte samordnare för Kommun B"
    return {
        "B's strategy by its slug": (
            text.replace('slug = "strategi-kommun-a"', 'slug = "strategi-kommun-b"'),
            "Kortnamnet strategi-kommun-b tillhör en strategi som din organisation inte äger",
        ),
        "B as a co-owner": (text.replace(owners, owners + '\n    { organisation = "kommun-b" },'), not_b),
        "B's governing document": (
            text
            + '\n[[governing_documents]]\norganisation = "kommun-b"\ntitle = "Vision B"\nurl = "https://a.example/"\n',
            not_b,
        ),
        "B's review": (text + '\n[[reviews]]\norganisation = "kommun-b"\nreviewed_on = 2025-01-10\n', not_b),
        "a part only B sees": (text.replace(samverkan, samverkan[:-2] + ', only_for = "kommun-b" }'), not_b),
    }


def _page(world, client_for, text):
    upload = SimpleUploadedFile("strategi.toml", text.encode())
    response = client_for("coordinator_a").post(f"/o/{world.org_a.slug}/strategy/import/", {"file": upload})
    return response.status_code, response.content.decode()


def _api(world, body: dict | str, *, query: str = ""):
    client = APIClient()
    client.force_authenticate(world.user("coordinator_a"))
    url = f"/api/v1/organisations/{world.org_a.slug}/strategies/import/{query}"
    if isinstance(body, str):
        response = client.post(url, body, content_type="application/toml", HTTP_ACCEPT_LANGUAGE="sv")
    else:
        response = client.post(url, body, format="json", HTTP_ACCEPT_LANGUAGE="sv")
    return response.status_code, repr(response.json())


def _command(world, tmp_path, text, *extra):
    path = tmp_path / "strategi.toml"
    path.write_text(text, encoding="utf-8")
    err = io.StringIO()
    with translation.override("sv"):
        try:
            call_command("strategy_import", str(path), "--user", world.user("coordinator_a").email, *extra, stderr=err)
        except CommandError as error:
            return 1, err.getvalue() + str(error)
    return 0, err.getvalue()


STRATEGY_PATHS = {
    "page": lambda world, client_for, tmp_path, text: _page(world, client_for, text),
    "API": lambda world, client_for, tmp_path, text: _api(world, text),
    "API dry run": lambda world, client_for, tmp_path, text: _api(world, text, query="?dry_run=true"),
    "API as JSON, dry run": lambda world, client_for, tmp_path, text: _api(world, {"content": text, "dry_run": True}),
    "command as the user": lambda world, client_for, tmp_path, text: _command(world, tmp_path, text),
    "command as the user, dry run": lambda world, client_for, tmp_path, text: _command(
        world, tmp_path, text, "--dry-run"
    ),
}


@pytest.mark.requirement("X-1")
@pytest.mark.parametrize("path", STRATEGY_PATHS)
def test_strategy_files_naming_b_change_nothing_of_b_and_say_why(world, b, client_for, tmp_path, path):
    before = state_of_b(world)
    for name, (text, why) in _strategy_files(world).items():
        status, answer = STRATEGY_PATHS[path](world, client_for, tmp_path, text)
        assert status in (400, 1), f"{name}: {status}"
        assert why in answer, f"{name}: {answer[:2000]}"
        assert state_of_b(world) == before, name


# -- The register's bulk import ------------------------------------------------------------------------

HEADER = "title,unit,status,directions,person,holder,body\n"


def _register_file(world, b) -> tuple[str, list[str]]:
    rows = [
        f"B:s enhet med kortnamn,{world.unit_b.slug},idea,,Berit Bengtsson,official,Styrelse",
        f"B:s enhet med namn,{world.unit_b.name},idea,,Berit Bengtsson,official,Styrelse",
        f"B:s enhet med id,{world.unit_b.pk},idea,,Berit Bengtsson,official,Styrelse",
        f"B:s inriktning,{world.unit_a.slug},planned,bara-b,Berit Bengtsson,official,Styrelse",
    ]
    why = [
        "Kommun A har ingen enhet med det här namnet eller kortnamnet.",
        "Strategin har ingen inriktning bara-b.",
        "Ingen person med det namnet i registret.",
    ]
    return HEADER + "\n".join(rows) + "\n", why


@pytest.mark.requirement("X-1")
def test_the_register_import_naming_bs_units_directions_and_people_writes_nothing(world, b, client_for):
    before = state_of_b(world)
    text, why = _register_file(world, b)
    upload = SimpleUploadedFile("register.csv", text.encode())
    response = client_for("coordinator_a").post(
        f"/o/{world.org_a.slug}/engagements/import/representation/", {"file": upload}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert all(reason in page for reason in why), page
    assert len(re.findall("Kommun A har ingen enhet", page)) == 3  # by short name, by name and by id
    assert not Engagement.objects.filter(organisation=world.org_a).exists()
    assert state_of_b(world) == before


@pytest.mark.requirement("X-1")
def test_the_register_import_in_the_background_writes_nothing_of_b_either(
    world, b, client_for, django_capture_on_commit_callbacks
):
    from utblick.engagements.models import EngagementImport

    before = state_of_b(world)
    text, why = _register_file(world, b)
    padding = "".join(
        f"Ett eget engagemang {n},{world.unit_a.slug},idea,,Berit Bengtsson,official,{'x' * 80}\n" for n in range(1200)
    )
    upload = SimpleUploadedFile("stort.csv", (text + padding).encode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("coordinator_a").post(
            f"/o/{world.org_a.slug}/engagements/import/representation/", {"file": upload}
        )
    job = EngagementImport.objects.get()
    assert response.status_code == 302 and job.state == EngagementImport.State.REJECTED
    page = client_for("coordinator_a").get(response["Location"]).content.decode()
    assert all(reason in page for reason in why), page
    assert not Engagement.objects.filter(organisation=world.org_a).exists()
    assert state_of_b(world) == before


@pytest.mark.requirement("X-1")
def test_a_membership_naming_bs_network_gets_a_partner_of_its_own(world, b, client_for):
    before = state_of_b(world)
    text = f"title,unit,status,network,network_country\nNätverket,{world.unit_a.slug},idea,Bergen,NO\n"
    response = client_for("coordinator_a").post(
        f"/o/{world.org_a.slug}/engagements/import/membership/",
        {"file": SimpleUploadedFile("medlemskap.csv", text.encode())},
    )
    assert response.status_code == 302
    network = Engagement.objects.get(organisation=world.org_a).membership.network
    assert network.organisation == world.org_a and network != b["partner"]
    assert state_of_b(world) == before


# -- The watch desk's call lists ----------------------------------------------------------------------


@pytest.mark.requirement("X-1")
def test_a_call_list_with_bs_identifiers_fills_as_own_source_only(
    world, b, client_for, django_capture_on_commit_callbacks, fixture_path
):
    before = state_of_b(world)
    mine = SourceFactory(organisation=world.org_a, name="A:s källa")
    coordinator = client_for("coordinator_a")
    upload = SimpleUploadedFile("sok.json", fixture_path("ft_search.json").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(f"/o/{world.org_a.slug}/watch/sources/{mine.pk}/import/", {"file": upload})
    assert Item.objects.filter(source=mine, identifier="LIFE-2027-CLIMA-CCA-LOCAL").exists()
    upload = SimpleUploadedFile("sok.json", fixture_path("ft_search.json").read_bytes())
    theirs = f"/o/{world.org_a.slug}/watch/sources/{b['source'].pk}/import/"
    assert coordinator.post(theirs, {"file": upload}).status_code == 404
    assert state_of_b(world) == before


@pytest.fixture
def fixture_path():
    from pathlib import Path

    return lambda name: Path(__file__).resolve().parents[2] / "watch" / "tests" / "fixtures" / name


# -- A strategy document's draft -------------------------------------------------------------------------


@pytest.mark.requirement("X-1", "X-7")
def test_a_draft_naming_bs_governing_document_gets_a_document_of_as_own(world, b, client_for):
    from utblick.strategies import services

    before = state_of_b(world)
    coordinator = client_for("coordinator_a")
    assert coordinator.get(f"/o/{world.org_a.slug}/strategy/documents/{b['document_import'].pk}/").status_code == 404
    record = document_import_for(world.org_a)
    document = {"id": "k99", "title": "Vision B", "span": None}
    draft = {**record.draft, "governing_documents": [document], "label": "2026"}
    services.document_import_confirm(
        document_import=record, draft=draft, expected_version=record.version, user=world.user("coordinator_a")
    )
    assert GoverningDocument.objects.filter(organisation=world.org_a, title="Vision B").exists()
    assert state_of_b(world) == before


# -- Bodies naming B's rows by id -------------------------------------------------------------------------


def _api_bodies(world, b) -> dict[str, tuple[str, dict]]:
    engagement = {"kind": "project", "title": "Smuggel", "owner_unit": world.unit_a.pk, "status": "idea"}
    return {
        "unit": ("engagements", {**engagement, "owner_unit": world.unit_b.pk}),
        "responsible person": ("engagements", {**engagement, "responsible": b["person"].pk}),
        "partner": ("engagements", {**engagement, "partners": [b["partner"].pk]}),
        "direction": ("engagements", {**engagement, "directions": [b["direction"].pk]}),
        "theme": ("engagements", {**engagement, "themes": [b["theme"].pk]}),
        "network": ("engagements", {**engagement, "kind": "membership", "membership": {"network": b["partner"].pk}}),
        "representative": (
            "engagements",
            {**engagement, "kind": "membership", "membership": {"representatives": [b["person"].pk]}},
        ),
        "seat holder": (
            "engagements",
            {**engagement, "kind": "representation", "representation": {"person": b["person"].pk}},
        ),
        "watch profile's unit": ("watch-profiles", {"unit": world.unit_b.pk, "keywords": "klimat"}),
        "watch profile's direction": (
            "watch-profiles",
            {"unit": world.unit_a.pk, "keywords": "klimat", "directions": [b["direction"].pk]},
        ),
        "role's person": ("roles", {"person": b["person"].pk, "unit": world.unit_a.pk, "role": "chair"}),
        "role's unit": ("roles", {"person": PersonFactory(organisation=world.org_a).pk, "unit": world.unit_b.pk}),
    }


@pytest.mark.requirement("X-1")
def test_api_bodies_naming_bs_rows_by_id_are_refused_and_change_nothing(world, b):
    client = APIClient()
    client.force_authenticate(world.user("coordinator_a"))
    before = state_of_b(world)
    for name, (resource, body) in _api_bodies(world, b).items():
        url = f"/api/v1/organisations/{world.org_a.slug}/{resource}/"
        response = client.post(url, body, format="json", HTTP_ACCEPT_LANGUAGE="sv")
        assert response.status_code == 400, f"{name}: {response.status_code} {response.content[:500]}"
        assert "finns inte" in response.content.decode(), f"{name}: {response.content.decode()[:500]}"
    assert not Engagement.objects.filter(organisation=world.org_a).exists()
    assert state_of_b(world) == before


@pytest.mark.requirement("X-1")
def test_page_forms_naming_bs_rows_by_id_are_refused_and_change_nothing(world, b, client_for):
    coordinator = client_for("coordinator_a")
    before = state_of_b(world)
    base = f"/o/{world.org_a.slug}"
    engagement = {"title": "Smuggel", "owner_unit": world.unit_a.pk, "status": "idea"}
    posts = {
        "engagement's unit": ("/engagements/add/project/", {**engagement, "owner_unit": world.unit_b.pk}),
        "engagement's person": ("/engagements/add/project/", {**engagement, "responsible": b["person"].pk}),
        "engagement's partner": ("/engagements/add/project/", {**engagement, "partners": b["partner"].pk}),
        "engagement's theme": ("/engagements/add/project/", {**engagement, "themes": b["theme"].pk}),
        "role's person": (f"/units/{world.unit_a.pk}/roles/add/", {"person": b["person"].pk, "role": "chair"}),
    }
    for name, (path, data) in posts.items():
        response = coordinator.post(base + path, data)
        assert response.status_code == 200, name
        assert "Välj ett giltigt alternativ" in response.content.decode(), name
    assert not Engagement.objects.filter(organisation=world.org_a).exists()
    assert state_of_b(world) == before
