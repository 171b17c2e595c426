"""The scanning desk through the API: items and profiles answer and write as the pages do (X-6, KR-5)."""

import datetime

import pytest
from django.utils import timezone

from utblick.engagements.tests.factories import EngagementFactory
from utblick.strategies.tests.factories import strategy_for
from utblick.watch.models import FundingInvestigation, Item, ItemTerms, Match, Source, WatchProfile
from utblick.watch.services import item_save, profile_save
from utblick.watch.tests.factories import LIFE_CALL, SourceFactory, add_items, call

pytestmark = pytest.mark.requirement("X-6")


def base(world):
    return f"/api/v1/organisations/{world.org_a.slug}"


@pytest.fixture
def items(world):
    """The installation's portal calls, A's own regional list and B's own list."""
    portal = add_items(
        SourceFactory(name="EU Funding & Tenders"),
        call("LIFE-2027-CCA", "Climate change adaptation in municipalities", days=20, **LIFE_CALL),
        call("CERV-2027-TT", "Town twinning", days=200, programme="cerv", programme_name="CERV"),
        call("HORIZON-OLD", "A closed call", days=-30, status="closed", programme="horizon"),
    )
    regional = add_items(
        SourceFactory(organisation=world.org_a, name="Region Kronoberg"),
        call("R-7", "Regionalt utvecklingsstöd", days=45, kind="call"),
    )
    foreign = add_items(SourceFactory(organisation=world.org_b, name="Kommun B:s lista"), call("B-1", "Bara för B"))
    return {item.identifier: item for item in [*portal, *regional, *foreign]}


def entered(world, identifier="M-1", deadlines=(), **fields):
    """An item entered by hand in A, as the API enters one."""
    return item_save(
        item=Item(identifier=identifier, title=fields.pop("title", "Lokal utlysning"), **fields),
        organisation=world.org_a,
        deadlines=[datetime.date.fromisoformat(day) for day in deadlines],
        user=world.user("coordinator_a"),
    )


def test_members_read_the_installations_items_and_their_own_with_deadlines_and_source(world, api, items):
    body = api("reader_a").get(f"{base(world)}/watch-items/?ordering=title").json()
    titles = [row["title"] for row in body["results"]]
    assert titles == sorted(
        ["Climate change adaptation in municipalities", "Town twinning", "A closed call", "Regionalt utvecklingsstöd"]
    )
    life = next(row for row in body["results"] if row["identifier"] == "LIFE-2027-CCA")
    deadline = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    assert life["deadlines"] == [deadline] and life["closes_on"] == deadline and life["next_deadline"] == deadline
    assert (life["programme"], life["programme_name"], life["status"], life["kind"]) == ("life", "LIFE", "open", "call")
    assert life["source"] == {
        "id": items["LIFE-2027-CCA"].source_id,
        "name": "EU Funding & Tenders",
        "kind": "file",
        "is_shared": True,
    }
    assert life["first_seen"] and life["last_seen"]
    regional = api("reader_a").get(f"{base(world)}/watch-items/{items['R-7'].pk}/").json()
    assert regional["source"]["is_shared"] is False and regional["source"]["name"] == "Region Kronoberg"


def test_an_item_of_another_organisations_own_source_is_not_found(world, api, items):
    foreign = items["B-1"]
    assert api("coordinator_a").get(f"{base(world)}/watch-items/{foreign.pk}/").status_code == 404
    assert api("administrator").get(f"{base(world)}/watch-items/{foreign.pk}/").status_code == 404
    assert api("coordinator_a").patch(f"{base(world)}/watch-items/{foreign.pk}/", {"title": "x"}).status_code == 404
    # B reads it in its own organisation, and the installation's items there too.
    b = api("coordinator_b").get(f"/api/v1/organisations/{world.org_b.slug}/watch-items/").json()
    assert {row["identifier"] for row in b["results"]} == {"B-1", "LIFE-2027-CCA", "CERV-2027-TT", "HORIZON-OLD"}


def test_the_item_list_filters_with_the_pages_filterset(world, api, client_for, items):
    profile_save(profile=WatchProfile(unit=world.unit_a, keywords="klimatanpassning = climate adaptation"), user=None)
    regional = items["R-7"].source
    client, page = api("reader_a"), client_for("reader_a")
    for query in (
        "kind=call&status=open",
        "programme=cerv",
        f"source={regional.pk}",
        "open_only=true",
        "deadline_within=30",
        "q=klimatanpassning",  # Swedish, finding the English call through the unit's keyword pair
        "q=CERV-2027",
    ):
        found = {row["identifier"] for row in client.get(f"{base(world)}/watch-items/?{query}").json()["results"]}
        listed = page.get(f"/o/{world.org_a.slug}/watch/items/?{query.replace('=true', '=on')}").context["table"].data
        assert found == {item.identifier for item in listed} != set(), query
    assert {"LIFE-2027-CCA"} == {
        row["identifier"] for row in client.get(f"{base(world)}/watch-items/?q=klimatanpassning").json()["results"]
    }
    for invalid in ("status=maybe", "deadline_within=100000", "deadline_within=0", f"source={items['B-1'].source_id}"):
        assert client.get(f"{base(world)}/watch-items/?{invalid}").status_code == 400, invalid
    by_deadline = client.get(f"{base(world)}/watch-items/?ordering=-closes_on").json()["results"]
    assert [row["identifier"] for row in by_deadline][:2] == ["CERV-2027-TT", "R-7"]


def test_a_coordinator_enters_an_item_by_hand_into_the_organisations_own_source(world, api):
    client = api("coordinator_a", name="Regionens EU-kontor")
    response = client.post(
        f"{base(world)}/watch-items/",
        {
            "identifier": "KRO-2027-1",
            "title": "Regional medfinansiering av EU-projekt",
            "summary": "Stöd till kommuner som söker EU-medel för klimatanpassning.",
            "programme": "Interreg Öresund-Kattegat-Skagerrak",
            "deadlines": ["2027-09-15", "2027-03-01"],
            "budget": 500000,
            "currency": "SEK",
            "url": "https://region.example/utlysning",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["source"]["kind"] == "manual" and body["source"]["name"] == "Inlagt för hand"
    assert body["deadlines"] == ["2027-03-01", "2027-09-15"] and body["closes_on"] == "2027-09-15"
    assert (body["programme"], body["programme_name"]) == ("interreg", "Interreg Öresund-Kattegat-Skagerrak")
    item = Item.objects.get(pk=body["id"])
    assert item.source.organisation == world.org_a
    assert item.history.get().history_change_reason == "API: Regionens EU-kontor"
    assert item.history.get().history_user == world.user("coordinator_a")
    assert " klimatanpassning " in ItemTerms.objects.get(item=item).terms  # found by the search and the matching
    second = client.post(f"{base(world)}/watch-items/", {"identifier": "KRO-2027-2", "title": "Andra"})
    assert second.json()["source"]["id"] == body["source"]["id"]  # one manual source per organisation
    again = client.post(f"{base(world)}/watch-items/", {"identifier": "KRO-2027-1", "title": "Samma igen"})
    assert again.status_code == 400 and "identifier" in str(again.json())
    assert Source.objects.filter(organisation=world.org_a, kind="manual").count() == 1
    for persona in ("editor_a", "reader_a"):
        assert api(persona).post(f"{base(world)}/watch-items/", {"identifier": "N", "title": "N"}).status_code == 403


def test_an_item_entered_by_hand_is_changed_and_deleted_with_its_history(world, api):
    item = entered(world, deadlines=["2027-03-01"])
    url = f"{base(world)}/watch-items/{item.pk}/"
    client = api("coordinator_a", name="Diarium")
    moved = client.patch(url, {"deadlines": ["2027-04-15"], "status": "open"})
    assert moved.status_code == 200 and moved.json()["closes_on"] == "2027-04-15"
    item.refresh_from_db()
    latest = item.history.order_by("-history_date", "-history_id").first()
    assert latest.history_change_reason == "API: Diarium" and latest.deadlines == ["2027-04-15"]
    assert latest.prev_record.deadlines == ["2027-03-01"]  # the moved deadline shows in the history
    page = api("reader_a").get(url).json()
    assert page["status"] == "open"
    assert api("editor_a").delete(url).status_code == 403
    assert client.delete(url).status_code == 204
    assert not Item.objects.filter(pk=item.pk).exists()
    assert Item.history.filter(id=item.pk, history_type="-").get().history_change_reason == "API: Diarium"


def test_an_item_a_funding_investigation_names_is_kept(world, api):
    item = entered(world)
    engagement = EngagementFactory(owner_unit=world.unit_a, status="planned")
    investigation = FundingInvestigation.objects.create(
        engagement=engagement, outcome="no_suitable_call", recorded_on=timezone.localdate()
    )
    investigation.items.add(item)
    response = api("coordinator_a").delete(f"{base(world)}/watch-items/{item.pk}/")
    assert response.status_code == 400 and Item.objects.filter(pk=item.pk).exists()


def test_imported_items_are_changed_only_by_their_imports(world, api, items):
    own, shared = items["R-7"], items["LIFE-2027-CCA"]
    for persona, item in (("coordinator_a", own), ("coordinator_a", shared), ("administrator", shared)):
        response = api(persona).patch(f"{base(world)}/watch-items/{item.pk}/", {"title": "Ändrad"})
        assert response.status_code == 403, persona
        assert "inläsning" in response.json()["detail"]  # says why, in Swedish
        assert api(persona).delete(f"{base(world)}/watch-items/{item.pk}/").status_code == 403
    assert Item.objects.get(pk=own.pk).title == "Regionalt utvecklingsstöd"


def test_an_item_entered_by_hand_is_ranked_for_the_profiles_once_saved(world, api, django_capture_on_commit_callbacks):
    profile = profile_save(
        profile=WatchProfile(unit=world.unit_a, keywords="hamnutveckling = port development"), user=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = api("coordinator_a").post(
            f"{base(world)}/watch-items/",
            {"identifier": "HAMN-1", "title": "Port development for small cities", "deadlines": ["2099-01-01"]},
        )
    assert response.status_code == 201
    assert Match.objects.filter(profile=profile, item_id=response.json()["id"]).exists()


def test_profiles_are_written_by_coordinators_and_the_units_editors(world, api):
    direction = strategy_for(world.org_a).versions.get().directions.first()
    editor = api("editor_a")
    mine = editor.post(
        f"{base(world)}/watch-profiles/",
        {
            "unit": world.unit_a.pk,
            "keywords": "klimatanpassning = climate adaptation\nhamn = port",
            "programmes": ["life", "interreg", "life"],
            "directions": [direction.pk],
        },
    )
    assert mine.status_code == 201, mine.json()
    assert mine.json()["programmes"] == ["life", "interreg"] and mine.json()["version"] == 1
    theirs = editor.post(f"{base(world)}/watch-profiles/", {"unit": world.other_unit_a.pk, "keywords": "skola"})
    assert theirs.status_code == 403
    other = profile_save(profile=WatchProfile(unit=world.other_unit_a, keywords="skola = school"), user=None)
    denied = editor.patch(f"{base(world)}/watch-profiles/{other.pk}/", {"keywords": "x", "version": 1})
    assert denied.status_code == 403 and WatchProfile.objects.get(pk=other.pk).keywords == "skola = school"
    assert api("reader_a").patch(f"{base(world)}/watch-profiles/{other.pk}/", {"version": 1}).status_code == 403
    assert api("coordinator_a").patch(f"{base(world)}/watch-profiles/{other.pk}/", {"version": 1}).status_code == 200
    units = api("reader_a").get(f"{base(world)}/watch-profiles/?unit={world.unit_a.pk}").json()["results"]
    assert [row["unit"] for row in units] == [world.unit_a.pk]
    assert units[0]["directions"] == [direction.pk]


def test_a_profile_needs_the_version_read_and_keeps_its_unit(world, api):
    profile = profile_save(profile=WatchProfile(unit=world.unit_a, keywords="klimat"), user=None)
    url = f"{base(world)}/watch-profiles/{profile.pk}/"
    client = api("editor_a")
    first = client.patch(url, {"keywords": "klimat = climate", "version": 1})
    assert first.status_code == 200 and first["ETag"] == '"2"'
    stale = client.patch(url, {"keywords": "kust = coast", "version": 1})
    assert stale.status_code == 409 and stale.json()["version"] == 2
    assert client.patch(url, {"keywords": "kust = coast"}).status_code == 400
    assert (
        client.put(url, {"unit": world.unit_a.pk, "keywords": "kust = coast"}, HTTP_IF_MATCH='"2"').status_code == 200
    )
    moved = client.patch(url, {"unit": world.company_a.pk, "version": 3})
    assert moved.status_code in (400, 403)
    unknown = client.patch(url, {"programmes": ["horizon", "marsprogrammet"], "version": 3})
    assert unknown.status_code == 400 and "programmes" in unknown.json()
    again = client.post(f"{base(world)}/watch-profiles/", {"unit": world.unit_a.pk, "keywords": "andra"})
    assert again.status_code == 400 and "unit" in again.json()
    assert WatchProfile.objects.get().keywords == "kust = coast"


def test_a_unit_or_direction_of_another_organisation_cannot_be_chosen(world, api):
    foreign = strategy_for(world.org_b).versions.get().directions.first()
    client = api("coordinator_a")
    direction = client.post(f"{base(world)}/watch-profiles/", {"unit": world.unit_a.pk, "directions": [foreign.pk]})
    assert direction.status_code == 400 and "directions" in direction.json()
    unit = client.post(f"{base(world)}/watch-profiles/", {"unit": world.unit_b.pk})
    assert unit.status_code == 400 and "unit" in unit.json()
    assert not WatchProfile.objects.exists()


def test_saving_a_profile_ranks_the_items_for_it_at_once(world, api, items):
    response = api("editor_a").post(
        f"{base(world)}/watch-profiles/",
        {"unit": world.unit_a.pk, "keywords": "klimatanpassning = climate adaptation", "programmes": ["life"]},
    )
    assert response.status_code == 201
    matched = Match.objects.filter(profile_id=response.json()["id"]).values_list("item__identifier", flat=True)
    assert list(matched) == ["LIFE-2027-CCA"]


@pytest.mark.parametrize(
    ("language", "identifier", "keywords"),
    [
        ("sv", "Det som skiljer posten från källans övriga", "Ett ämne per rad"),
        ("en", "What tells the item from the source's others", "One subject per line"),
    ],
)
def test_the_watch_schema_is_described_by_the_models_help_texts(client, language, identifier, keywords):
    schema = client.get(f"/api/v1/schema/?format=json&lang={language}").json()
    assert schema["components"]["schemas"]["Item"]["properties"]["identifier"]["description"].startswith(identifier)
    assert schema["components"]["schemas"]["WatchProfile"]["properties"]["keywords"]["description"].startswith(keywords)
    assert "/api/v1/organisations/{organisation_slug}/watch-profiles/{id}/" in schema["paths"]
