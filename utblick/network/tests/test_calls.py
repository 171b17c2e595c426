"""We are looking for partners: a search for partners on a call reaches the other organisations' matching desks and
digests, with a button that writes to the contact; a confidential plan never does."""

import pytest
from django.core import mail
from django.core.management import call_command

from utblick.engagements.choices import ProjectStage
from utblick.network import services
from utblick.network.models import PartnerCall
from utblick.organisations.choices import UnitRoleKind
from utblick.organisations.tests.factories import PersonFactory, UnitRoleFactory
from utblick.watch.models import WatchProfile
from utblick.watch.services import profile_save
from utblick.watch.tests.factories import LIFE_CALL, SourceFactory, add_items, call

from .factories import shared_project, taking_part

TOPIC = "LIFE-2027-CLIMA-CCA-LOCAL"


@pytest.fixture
def desks(world):
    """A and B each keep the same LIFE call in their own source; B's unit watches climate adaptation."""
    a_item = add_items(
        SourceFactory(organisation=world.org_a), call(TOPIC, "Climate change adaptation in municipalities", **LIFE_CALL)
    )[0]
    b_item = add_items(
        SourceFactory(organisation=world.org_b), call(TOPIC, "Climate change adaptation in municipalities", **LIFE_CALL)
    )[0]
    profile_save(profile=WatchProfile(unit=world.unit_b, keywords="klimatanpassning = climate adaptation"), user=None)
    contact = PersonFactory(organisation=world.org_a, name="Sara Holm", email="sara.holm@kommun-a.example")
    reader_b = PersonFactory(organisation=world.org_b, name="Bo Lund", email="bo.lund@kommun-b.example")
    UnitRoleFactory(unit=world.unit_b, person=reader_b, role=UnitRoleKind.EU_CONTACT)
    taking_part(world.org_a)
    return {"a_item": a_item, "b_item": b_item, "contact": contact}


def _declare_on_the_call_page(client_for, world, desks):
    client = client_for("editor_a")
    page = client.get(f"/o/{world.org_a.slug}/watch/items/{desks['a_item'].pk}/").content.decode()
    assert "Vi förbereder en ansökan: sök partner" in page
    response = client.post(
        f"/o/{world.org_a.slug}/network/calls/items/{desks['a_item'].pk}/",
        {"note": "Vi söker kommuner med våtmarker", "contact": desks["contact"].pk},
    )
    assert response.status_code == 302


def _digest_to_b():
    call_command("send_digests", verbosity=0)
    return [message.body for message in mail.outbox if message.to == ["bo.lund@kommun-b.example"]]


def test_looking_for_partners_on_a_call_shows_on_another_organisations_desk_and_in_its_digest(world, desks, client_for):
    _declare_on_the_call_page(client_for, world, desks)
    desk = client_for("coordinator_b").get(f"/o/{world.org_b.slug}/watch/units/{world.unit_b.pk}/").content.decode()
    assert "Andra förbereder ansökningar" in desk and "Kommun A" in desk and "Vi söker kommuner med våtmarker" in desk
    assert 'href="mailto:sara.holm@kommun-a.example?subject=' in desk
    item_page = (
        client_for("coordinator_b").get(f"/o/{world.org_b.slug}/watch/items/{desks['b_item'].pk}/").content.decode()
    )
    assert "Skriv till Sara Holm, Kommun A" in item_page
    (body,) = _digest_to_b()
    assert "Andra organisationer förbereder ansökningar" in body
    assert "Kommun A: Vi söker kommuner med våtmarker – skriv till Sara Holm, sara.holm@kommun-a.example" in body
    # A's own page of the call says that A looks, and does not offer to write to itself.
    own = client_for("coordinator_a").get(f"/o/{world.org_a.slug}/watch/items/{desks['a_item'].pk}/").content.decode()
    assert "vi söker partner" in own and "Skriv till Sara Holm" not in own


def test_a_confidential_plan_never_shows(world, desks, client_for):
    secret = shared_project(
        world.unit_a,
        "LIFE våtmarker (sekretess)",
        stage=ProjectStage.PREPARING,
        call=TOPIC,
        confidential=True,
        shared=False,
    )
    services.partner_call_save(
        call=PartnerCall(organisation=world.org_a, engagement=secret, note="Hemlig plan", contact=desks["contact"]),
        user=None,
    )
    own_page = client_for("coordinator_a").get(secret.get_absolute_url()).content.decode()
    assert "Projektet är sekretessbelagt: ingen annan organisation ser att ni söker partner." in own_page
    desk = client_for("coordinator_b").get(f"/o/{world.org_b.slug}/watch/units/{world.unit_b.pk}/").content.decode()
    assert "Hemlig plan" not in desk and "Kommun A" not in desk
    item_page = (
        client_for("coordinator_b").get(f"/o/{world.org_b.slug}/watch/items/{desks['b_item'].pk}/").content.decode()
    )
    assert "Hemlig plan" not in item_page
    assert not any("Hemlig plan" in body for body in _digest_to_b())
    assert "Hemlig plan" not in client_for("coordinator_b").get(f"/o/{world.org_b.slug}/network/").content.decode()


def test_a_planned_project_looks_for_partners_from_its_page(world, desks, client_for):
    project = shared_project(world.unit_a, "LIFE våtmarker", stage=ProjectStage.PREPARING, call=TOPIC)
    client = client_for("editor_a")
    assert "Sök partner" in client.get(project.get_absolute_url()).content.decode()
    response = client.post(
        f"/o/{world.org_a.slug}/network/calls/engagements/{project.pk}/",
        {"note": "Två kommuner till vår LIFE-ansökan", "contact": desks["contact"].pk},
    )
    assert response.status_code == 302
    desk = client_for("coordinator_b").get(f"/o/{world.org_b.slug}/watch/units/{world.unit_b.pk}/").content.decode()
    assert "Två kommuner till vår LIFE-ansökan" in desk
    # Partner search shows the shared project as looking for partners.
    search = client_for("coordinator_b").get(f"/o/{world.org_b.slug}/network/?looking=on").content.decode()
    assert "LIFE våtmarker" in search and "söker partner" in search


def test_an_organisation_out_of_the_network_or_a_withdrawn_search_is_not_shown(world, desks, client_for):
    _declare_on_the_call_page(client_for, world, desks)
    taking_part(world.org_a, on=False)
    desk_url = f"/o/{world.org_b.slug}/watch/units/{world.unit_b.pk}/"
    assert "Kommun A" not in client_for("coordinator_b").get(desk_url).content.decode()
    taking_part(world.org_a)
    found = PartnerCall.objects.get(organisation=world.org_a)
    response = client_for("editor_a").post(f"/o/{world.org_a.slug}/network/calls/{found.pk}/withdraw/")
    assert response.status_code == 302
    assert "Kommun A" not in client_for("coordinator_b").get(desk_url).content.decode()
    found.refresh_from_db()
    assert (
        found.withdrawn_at is not None and found.history.first().history_change_reason == "Söker inte längre partner."
    )


def test_a_reader_cannot_speak_for_the_organisation(world, desks, client_for):
    response = client_for("reader_a").post(
        f"/o/{world.org_a.slug}/network/calls/items/{desks['a_item'].pk}/",
        {"note": "x", "contact": desks["contact"].pk},
    )
    assert response.status_code == 403 and not PartnerCall.objects.exists()


def test_a_search_for_partners_needs_a_contact_and_a_project_still_being_planned(world, desks, client_for):
    client = client_for("coordinator_a")
    response = client.post(f"/o/{world.org_a.slug}/network/calls/items/{desks['a_item'].pk}/", {"note": "x"})
    assert response.status_code == 400 and not PartnerCall.objects.exists()
    running = shared_project(world.unit_a, "Pågående", stage=ProjectStage.ONGOING)
    response = client.post(
        f"/o/{world.org_a.slug}/network/calls/engagements/{running.pk}/", {"note": "x", "contact": desks["contact"].pk}
    )
    assert response.status_code == 400
    assert "Bara ett projekt som planeras eller förbereds kan söka partner." in response.content.decode()
    assert not PartnerCall.objects.exists()
