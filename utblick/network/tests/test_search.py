"""Partnersök across organisations: only what the others share is found, and only while they take part."""

import re

import pytest

from utblick.engagements import services as engagement_services
from utblick.engagements.choices import Kind, PartnerKind, Programme, ProjectStage
from utblick.network import services
from utblick.network.models import NetworkRecord
from utblick.organisations.tests.factories import OrganisationFactory, UnitFactory

from .factories import membership, partner, shared_project, taking_part, twin_agreement


@pytest.fixture
def three(world):
    """A searches; B takes part and shares some of its work; C marks work as shared but never took part."""
    org_c = OrganisationFactory(name="Kommun C", slug="kommun-c")
    unit_c = UnitFactory(organisation=org_c, name="Skolförvaltningen C", slug="skola-c")
    taking_part(world.org_b)
    gdansk = partner(world.org_b, "Gdańsk", "PL", latitude=54.35, longitude=18.65)
    shared = shared_project(
        world.unit_b,
        "Erasmus+ skolutbyte med Gdańsk",
        partners=[gdansk],
        description="Internt: budgeten räcker inte, rektorn tvekar",
        contact_email="anna.berg@kommun-b.se",
    )
    internal = shared_project(world.unit_b, "Erasmus+ lärarutbyte i Polen", partners=[gdansk], shared=False)
    secret = shared_project(
        world.unit_b,
        "Erasmus+ utbyte med Krakow",
        partners=[partner(world.org_b, "Kraków", "PL")],
        confidential=True,
        shared=False,
    )
    iclei = partner(world.org_b, "ICLEI Europe", "DE", kind=PartnerKind.NETWORK)
    member = membership(world.unit_b, iclei)
    hidden_c = shared_project(unit_c, "Erasmus+ skolutbyte med Poznań", partners=[partner(org_c, "Poznań", "PL")])
    own_a = shared_project(world.unit_a, "Erasmus+ i Polen hos A", partners=[partner(world.org_a, "Lublin", "PL")])
    taking_part(world.org_a)
    return {
        "shared": shared,
        "internal": internal,
        "secret": secret,
        "member": member,
        "hidden_c": hidden_c,
        "own_a": own_a,
        "org_c": org_c,
    }


def _titles(response) -> set[str]:
    return set(re.findall(r'<th scope="row">([^<]+)<br>', response.content.decode()))


@pytest.mark.requirement("X-1")
def test_only_the_others_shared_non_confidential_engagements_are_found(three, client_for, world):
    client = client_for("reader_a")
    found = _titles(client.get(f"/o/{world.org_a.slug}/network/?country=PL"))
    assert found == {"Erasmus+ skolutbyte med Gdańsk"}
    assert _titles(client.get(f"/o/{world.org_a.slug}/network/?programme=erasmus")) == {
        "Erasmus+ skolutbyte med Gdańsk"
    }
    # The organisation and the person to ask come with the match.
    page = client.get(f"/o/{world.org_a.slug}/network/?partner=gdańsk").content.decode()
    assert "Kommun B" in page and 'href="mailto:anna.berg@kommun-b.se"' in page


def test_an_organisation_that_has_not_turned_sharing_on_appears_nowhere(three, client_for, world):
    client = client_for("coordinator_a")
    for query in ("country=PL", "q=Poznań", "partner=poznań", "kind=project"):
        assert "Kommun C" not in client.get(f"/o/{world.org_a.slug}/network/?{query}").content.decode()
    api = client.get(f"/api/v1/organisations/{world.org_a.slug}/partner-search/?kind=project").json()
    assert {group["organisation"]["slug"] for group in api["results"]} == {world.org_b.slug}
    assert not NetworkRecord.objects.filter(engagement=three["hidden_c"]).exists()
    # Once C turns sharing on, its marked engagement is found; off again, it is gone at once.
    org_c = three["org_c"]
    taking_part(org_c)
    services.records_rebuild(organisation=org_c)
    assert "Kommun C" in client.get(f"/o/{world.org_a.slug}/network/?country=PL").content.decode()
    taking_part(org_c, on=False)
    assert "Kommun C" not in client.get(f"/o/{world.org_a.slug}/network/?country=PL").content.decode()


def test_words_that_are_internal_find_nothing(three, client_for, world):
    client = client_for("coordinator_a")
    assert _titles(client.get(f"/o/{world.org_a.slug}/network/?q=rektorn")) == set()
    assert _titles(client.get(f"/o/{world.org_a.slug}/network/?q=skolutbyte")) == {"Erasmus+ skolutbyte med Gdańsk"}
    assert _titles(client.get(f"/o/{world.org_a.slug}/network/?q=ICLEI")) == {"Medlemskap i ICLEI Europe"}


def test_own_work_is_not_listed_among_the_others(three, client_for, world):
    html = client_for("coordinator_a").get(f"/o/{world.org_a.slug}/network/?country=PL").content.decode()
    assert "hos A" not in html
    # B, searching, finds A's.
    assert (
        "Erasmus+ i Polen hos A"
        in client_for("coordinator_b").get(f"/o/{world.org_b.slug}/network/?country=PL").content.decode()
    )


def test_marking_confidential_or_unsharing_takes_it_out_at_once(three, world, client_for):
    shared = three["shared"]
    shared.confidentiality, shared.confidentiality_ground = "confidential", "OSL 18 kap. 8 §"
    engagement_services.engagement_save(engagement=shared, user=None, expected_version=shared.version)
    shared.refresh_from_db()
    assert shared.shared_at is None and not NetworkRecord.objects.filter(engagement=shared).exists()
    member = three["member"]
    engagement_services.engagement_save(engagement=member, user=None, expected_version=member.version, shared=False)
    assert _titles(client_for("reader_a").get(f"/o/{world.org_a.slug}/network/?kind=membership")) == set()


def test_a_confidential_engagement_cannot_be_shared(three, world):
    from django.core.exceptions import ValidationError

    secret = three["secret"]
    with pytest.raises(ValidationError) as refused:
        engagement_services.engagement_save(engagement=secret, user=None, expected_version=secret.version, shared=True)
    assert "shared" in refused.value.message_dict


def test_sharing_is_recorded_with_who_and_when_in_the_history(world, client_for):
    from utblick.strategies.tests.factories import strategy_for

    strategy_for(world.org_a)
    client = client_for("editor_a")
    response = client.post(
        f"/o/{world.org_a.slug}/engagements/add/project/",
        {
            "title": "Skolutbyte",
            "owner_unit": world.unit_a.pk,
            "status": "idea",
            "shared": "on",
            "detail-role": "partner",
            "detail-stage": "idea",
            "detail-currency": "SEK",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from utblick.engagements.models import Engagement

    engagement = Engagement.objects.get(title="Skolutbyte")
    assert engagement.shared_by == world.user("editor_a") and engagement.shared_at is not None
    history = engagement.history.first()
    assert "Delat med de andra organisationerna" in history.history_change_reason
    page = client.get(engagement.get_absolute_url()).content.decode()
    assert "inte med i partnernätverket" in page  # A has not turned sharing on yet


def test_the_organisation_default_is_off_until_a_coordinator_turns_it_on(world, client_for):
    assert not world.org_a.network_sharing and not world.org_a.network_share_by_default
    settings_url = f"/o/{world.org_a.slug}/followup/settings/"
    assert "network_sharing" not in client_for("editor_a").get(settings_url).content.decode()
    assert (
        client_for("editor_a").post(settings_url, {"network": "1", "network_sharing": "on", "version": 1}).status_code
        == 403
    )
    client = client_for("coordinator_a")
    response = client.post(
        settings_url,
        {"network": "1", "network_sharing": "on", "network_share_by_default": "on", "version": world.org_a.version},
    )
    assert response.status_code == 302
    world.org_a.refresh_from_db()
    assert world.org_a.network_sharing and world.org_a.network_share_by_default
    # The default now applies to a new engagement, recorded as shared by whoever created it.
    created = shared_project(world.unit_a, "Nytt projekt", shared=None)
    assert created.shared_at is not None


def test_the_search_answers_in_a_fixed_number_of_queries(three, client_for, world, django_assert_max_num_queries):
    client = client_for("reader_a")
    client.get(f"/o/{world.org_a.slug}/network/?kind=project")
    with django_assert_max_num_queries(30) as few:
        client.get(f"/o/{world.org_a.slug}/network/?kind=project")
    for index in range(12):
        shared_project(world.unit_b, f"Projekt {index}", programme=Programme.LIFE, stage=ProjectStage.PREPARING)
        org = OrganisationFactory(name=f"Kommun {index}", network_sharing=True)
        shared_project(UnitFactory(organisation=org), f"Annat projekt {index}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/o/{world.org_a.slug}/network/?kind=project")


def test_the_map_of_the_results_marks_their_partners(three, client_for, world):
    html = client_for("reader_a").get(f"/o/{world.org_a.slug}/network/?country=PL&display=map").content.decode()
    markers = re.findall(r'class="map__marker map__marker--(\w+)" aria-label="([^"]+)"', html)
    assert markers == [("project", "Gdańsk: partner till Kommun B i ”Erasmus+ skolutbyte med Gdańsk”")]


def test_a_bad_question_gets_a_clear_message(world, client_for):
    client = client_for("reader_a")
    response = client.get(f"/o/{world.org_a.slug}/network/?year_from=2027&year_to=2025")
    assert "Det sista året kommer efter det första" in response.content.decode()
    api = client.get(f"/api/v1/organisations/{world.org_a.slug}/partner-search/?kind=spaceship")
    assert api.status_code == 400 and "kind" in api.json()


def test_twin_cities_and_networks_are_found_by_partner_and_kind(three, world, client_for):
    twin_agreement(world.unit_b, partner(world.org_b, "Klaipėda", "LT", latitude=55.7, longitude=21.1))
    client = client_for("reader_a")
    assert _titles(client.get(f"/o/{world.org_a.slug}/network/?kind={Kind.AGREEMENT}&country=LT")) == {
        "Vänort Klaipėda"
    }
    api = client.get(f"/api/v1/organisations/{world.org_a.slug}/partner-search/?partner=klaip").json()
    record = api["results"][0]["engagements"][0]
    assert record["partners"][0]["latitude"] == 55.7 and record["countries"] == ["LT"]
    assert "description" not in record
