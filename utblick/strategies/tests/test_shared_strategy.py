"""The joint strategy of Linköping and Norrköping: what each owner sees, exports and may import (LN-1, LN-11).

One selector decides what of a shared strategy an organisation sees (issue 14.6): the page, the public
page, the API, the API's and the page's file export and the export command all leave out Norrköping's
own direction, governing document and reviews for Linköping. A file a coordinator of Linköping imports
keeps Norrköping as it is (issue 14.1): its ownership, local name, own parts and reviews stay, and a
file that would change them says why and writes nothing.
"""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from utblick.core.models import User
from utblick.engagements.tests.factories import EngagementFactory
from utblick.organisations.demo import load as load_organisations
from utblick.organisations.models import Organisation, Unit
from utblick.strategies.demo import load as load_strategies
from utblick.strategies.models import (
    Dimension,
    Direction,
    MandatePeriod,
    Strategy,
    StrategyOwnership,
    StrategyReview,
    Theme,
)

SLUG = "linkoping-norrkoping-internationellt-arbete"
NORRKOPINGS_OWN = "Norrköpings kommunspecifika internationella arbete"
NORRKOPINGS_DOCUMENT = "Vision 2035"
NORRKOPINGS_REVIEW = "Norrköpings egen uppföljning av riktlinjen"
NORRKOPINGS_THEME = "Norrköpings eget tema"


@pytest.fixture
def joint(db):
    load_organisations()
    load_strategies()
    strategy = Strategy.objects.get(slug=SLUG)
    norrkoping = Organisation.objects.get(slug="norrkoping")
    StrategyReview.objects.create(
        strategy=strategy,
        organisation=norrkoping,
        period=MandatePeriod.for_date(datetime.date(2021, 5, 1)),
        reviewed_on=datetime.date(2021, 5, 1),
        outcome="keep",
        summary=NORRKOPINGS_REVIEW,
    )
    version = strategy.versions.get()
    dimension = Dimension.objects.create(
        version=version, code="egen", name="Norrköpings egen indelning", organisation=norrkoping
    )
    Theme.objects.create(dimension=dimension, code="eget", name=NORRKOPINGS_THEME)
    return strategy


def _client(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def _api(email: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(User.objects.get(email=email))
    return client


def _hidden_from_linkoping(text: str) -> list[str]:
    return [
        name for name in (NORRKOPINGS_OWN, NORRKOPINGS_DOCUMENT, NORRKOPINGS_REVIEW, NORRKOPINGS_THEME) if name in text
    ]


@pytest.mark.requirement("LN-11")
def test_every_output_shows_linkoping_only_what_linkoping_sees(joint):
    reader = _client("lasare@linkoping.example")
    api = _api("lasare@linkoping.example")
    outputs = {
        "page": reader.get("/o/linkoping/strategy/").content.decode(),
        "file export": reader.get("/o/linkoping/strategy/export/").content.decode(),
        "public page": Client().get("/public/linkoping/").content.decode(),
        "API": api.get(f"/api/v1/organisations/linkoping/strategies/{joint.pk}/").content.decode(),
        "API list": api.get("/api/v1/organisations/linkoping/strategies/").content.decode(),
        "API file export": api.get(f"/api/v1/organisations/linkoping/strategies/{joint.pk}/export/").content.decode(),
        "engagement form": _client("samordnare@linkoping.example")
        .get("/o/linkoping/engagements/add/project/")
        .content.decode(),
        "dashboard": reader.get("/o/linkoping/followup/").content.decode(),
    }
    command = io.StringIO()
    call_command("strategy_export", "linkoping", stdout=command)
    outputs["export command"] = command.getvalue()
    assert "Profilering" in outputs["file export"] and "Profilering" in outputs["API"]
    assert {name: _hidden_from_linkoping(text) for name, text in outputs.items()} == {name: [] for name in outputs}


@pytest.mark.requirement("LN-11")
def test_norrkoping_sees_its_own_parts_and_the_administrators_backup_has_everything(joint):
    text = _client("samordnare@norrkoping.example").get("/o/norrkoping/strategy/export/").content.decode()
    assert NORRKOPINGS_OWN in text and NORRKOPINGS_DOCUMENT in text and NORRKOPINGS_REVIEW in text
    assert "Kommunfullmäktiges plan med övergripande mål" not in text  # Linköping's own document
    backup = io.StringIO()
    call_command("strategy_export", "linkoping", "--all-owners", stdout=backup)
    assert all(name in backup.getvalue() for name in (NORRKOPINGS_OWN, NORRKOPINGS_DOCUMENT, NORRKOPINGS_REVIEW))


def _import(email: str, text: str, org: str = "linkoping"):
    return _client(email).post(f"/o/{org}/strategy/import/", {"file": SimpleUploadedFile("s.toml", text.encode())})


def _norrkoping_state(strategy: Strategy) -> dict:
    norrkoping = Organisation.objects.get(slug="norrkoping")
    return {
        "ownership": list(
            StrategyOwnership.objects.filter(strategy=strategy, organisation=norrkoping).values_list("pk", "local_name")
        ),
        "own parts": sorted(
            Direction.objects.filter(organisation=norrkoping).values_list("pk", "name", "version__label")
        ),
        "own dimension": sorted(Theme.objects.filter(dimension__organisation=norrkoping).values_list("pk", "name")),
        "reviews": sorted(StrategyReview.objects.filter(organisation=norrkoping).values_list("pk", "summary")),
        "document links": sorted(
            strategy.versions.get().governing_documents.filter(organisation=norrkoping).values_list("title", flat=True)
        ),
        "engagement directions": sorted(
            Direction.objects.filter(engagements__organisation=norrkoping).values_list("pk", flat=True)
        ),
    }


@pytest.mark.requirement("LN-1")
def test_a_coordinator_of_linkoping_reimports_its_export_and_norrkoping_keeps_everything_its_own(joint):
    norrkoping = Organisation.objects.get(slug="norrkoping")
    engagement = EngagementFactory(owner_unit=Unit.objects.filter(organisation=norrkoping).first())
    engagement.directions.set(Direction.objects.filter(code__in=["profilering", "norrkoping-egen-inriktning"]))
    before = _norrkoping_state(joint)
    coordinator = "samordnare@linkoping.example"
    text = _client(coordinator).get("/o/linkoping/strategy/export/").content.decode()
    response = _import(coordinator, text.replace('name = "Profilering"', 'name = "Profilering och synlighet"'))
    assert response.status_code == 302, response.content.decode()
    assert Direction.objects.filter(name="Profilering och synlighet").exists()
    assert _norrkoping_state(joint) == before  # the renamed joint direction kept its row and its engagements


@pytest.mark.requirement("X-1")
@pytest.mark.parametrize(
    "change, why",
    [
        (
            ('local_name = "Riktlinje för internationellt arbete"', 'local_name = "Vår riktlinje"'),
            "Du är inte samordnare för Norrköpings kommun: bara dess samordnare kan ändra dess eget namn på strategin.",
        ),
        (
            ('    { organisation = "norrkoping", local_name = "Riktlinje för internationellt arbete" },\n', ""),
            "Norrköpings kommun äger också strategin: bara dess samordnare kan ta bort den bland ägarna.",
        ),
        (
            ('label = "gemensam"', 'label = "ny"'),
            "Versionen gemensam har delar som bara Norrköpings kommun ser: en fil kan inte ta bort den.",
        ),
        (
            ('code = "profilering"', 'code = "egen"'),
            None,  # a direction may take a code a dimension of another owner has: no conflict
        ),
    ],
)
def test_a_file_of_a_coordinator_of_linkoping_cannot_change_what_is_norrkopings(joint, change, why):
    before = _norrkoping_state(joint)
    coordinator = "samordnare@linkoping.example"
    text = _client(coordinator).get("/o/linkoping/strategy/export/").content.decode()
    old, new = change
    assert old in text
    response = _import(coordinator, text.replace(old, new, 1))
    if why is None:
        assert response.status_code == 302
    else:
        assert response.status_code == 400 and why in response.content.decode()
    assert _norrkoping_state(joint) == before


@pytest.mark.requirement("X-1")
def test_a_file_may_not_take_a_code_only_another_owner_sees(joint):
    coordinator = "samordnare@linkoping.example"
    text = _client(coordinator).get("/o/linkoping/strategy/export/").content.decode()
    response = _import(coordinator, text.replace('code = "profilering"', 'code = "norrkoping-egen-inriktning"', 1))
    assert response.status_code == 400
    assert "Koden norrkoping-egen-inriktning används redan i versionen av en del som bara Norrköpings kommun ser" in (
        response.content.decode()
    )


@pytest.mark.requirement("LN-1")
def test_a_coordinator_of_both_may_write_both_and_the_administrators_command_anything(joint, tmp_path):
    both = "samordnare@ostergotland.example"
    text = _client(both).get("/o/linkoping/strategy/export/").content.decode()
    changed = text.replace('local_name = "Riktlinje för internationellt arbete"', 'local_name = "Vår riktlinje"')
    assert _import(both, changed).status_code == 302
    assert StrategyOwnership.objects.get(strategy=joint, organisation__slug="norrkoping").local_name == "Vår riktlinje"
    assert Direction.objects.filter(name=NORRKOPINGS_OWN).exists()  # not in Linköping's export, so kept

    path = tmp_path / "kristianstad.toml"
    call_command("strategy_export", "kristianstad", stdout=(out := io.StringIO()))
    path.write_text(
        out.getvalue().replace(
            '{ organisation = "kristianstad" },', '{ organisation = "kristianstad" },\n    { organisation = "vaxjo" },'
        ),
        encoding="utf-8",
    )
    call_command("strategy_import", str(path), stdout=io.StringIO())
    assert Organisation.objects.get(slug="vaxjo").strategies.filter(slug="kristianstad-internationellt-arbete").exists()


@pytest.mark.requirement("LN-11")
def test_another_owners_own_dimension_is_not_found_from_linkoping(joint):
    dimension = Dimension.objects.get(code="egen")
    url = f"/o/linkoping/strategy/dimensions/{dimension.pk}/themes/add/"
    assert _client("samordnare@linkoping.example").get(url).status_code == 404
    assert _client("samordnare@norrkoping.example").get(url.replace("linkoping", "norrkoping")).status_code == 200
