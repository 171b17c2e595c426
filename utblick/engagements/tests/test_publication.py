"""Nothing public by accident (X-5): a new engagement is internal, publishing is a recorded step."""

import importlib
import json

import pytest
from django.apps import apps
from django.test import Client

from utblick.core.history import history_entries
from utblick.engagements import services
from utblick.engagements.choices import Kind, VisitDecision, VisitDirection
from utblick.engagements.models import Engagement, Visit
from utblick.strategies.tests.factories import strategy_for

from .factories import EngagementFactory


def _public_titles(world) -> list[str]:
    data = Client().get(f"/public/{world.org_a.slug}/open-data.json").json()
    return [row["title"] for row in data["engagements"]]


def _declined_request(world) -> Engagement:
    engagement = EngagementFactory(
        owner_unit=world.unit_a,
        kind=Kind.VISIT,
        title="Förfrågan om studiebesök från Wuhan",
        description="Delegationen vill se våra reningsverk; kontaktperson Li Wei.",
    )
    Visit.objects.create(
        engagement=engagement,
        direction=VisitDirection.INCOMING,
        decision=VisitDecision.DECLINE,
        decision_reason="Ingen koppling till inriktningarna.",
    )
    return engagement


@pytest.mark.requirement("X-5")
def test_a_new_engagement_saved_on_its_page_is_internal_until_a_coordinator_publishes_it(world, client_for):
    strategy_for(world.org_a)
    editor = client_for("editor_a")
    response = editor.post(
        f"/o/{world.org_a.slug}/engagements/add/advocacy/",
        {
            "title": "Remissvar om EU:s avfallsdirektiv",
            "owner_unit": world.unit_a.pk,
            "status": "idea",
            "detail-file_reference": "COM(2026) 9",
            "detail-position": "Vi vill ha längre övergångstider.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    engagement = Engagement.objects.get(title="Remissvar om EU:s avfallsdirektiv")
    assert engagement.published_at is None and not engagement.is_published
    assert "Remissvar" not in Client().get(f"/public/{world.org_a.slug}/").content.decode()
    assert Client().get(f"/public/{world.org_a.slug}/engagements/{engagement.pk}/").status_code == 404
    assert _public_titles(world) == []
    page = editor.get(engagement.get_absolute_url()).content.decode()
    assert "Inte publicerad: bara organisationens medlemmar ser den." in page
    assert "En samordnare publicerar den." in page and "/publish/" not in page

    # The editor may not publish where the organisation does not allow it.
    assert editor.get(f"/o/{world.org_a.slug}/engagements/{engagement.pk}/publish/").status_code == 403
    assert editor.post(f"/o/{world.org_a.slug}/engagements/{engagement.pk}/publish/", {"version": 1}).status_code == 403

    coordinator = client_for("coordinator_a")
    confirm = coordinator.get(f"/o/{world.org_a.slug}/engagements/{engagement.pk}/publish/").content.decode()
    assert "Det här kommer allmänheten att se" in confirm and "Förväntade resultat" in confirm
    done = coordinator.post(f"/o/{world.org_a.slug}/engagements/{engagement.pk}/publish/", {"version": 1})
    assert done.status_code == 302
    engagement.refresh_from_db()
    assert engagement.published_by == world.user("coordinator_a") and engagement.published_at is not None
    assert _public_titles(world) == ["Remissvar om EU:s avfallsdirektiv"]
    latest = history_entries(engagement)[0]
    assert latest.who == str(world.user("coordinator_a")) and latest.reason == "Publicerad på de offentliga sidorna."
    page = coordinator.get(engagement.get_absolute_url()).content.decode()
    assert "Publicerad " in page and str(world.user("coordinator_a")) in page

    # Taken off again: internal, and the history says so.
    coordinator.post(f"/o/{world.org_a.slug}/engagements/{engagement.pk}/unpublish/", {"version": 2})
    engagement.refresh_from_db()
    assert engagement.published_at is None and _public_titles(world) == []
    assert history_entries(engagement)[0].reason == "Borttagen från de offentliga sidorna."


@pytest.mark.requirement("X-5")
def test_editors_publish_their_own_units_work_where_the_organisation_allows_it(world, client_for):
    world.org_a.editors_may_publish = True
    world.org_a.save()
    own = EngagementFactory(owner_unit=world.unit_a, title="Eget projekt")
    others = EngagementFactory(owner_unit=world.other_unit_a, title="Annan förvaltnings projekt")
    editor = client_for("editor_a")
    assert editor.post(f"/o/{world.org_a.slug}/engagements/{own.pk}/publish/", {"version": 1}).status_code == 302
    assert editor.post(f"/o/{world.org_a.slug}/engagements/{others.pk}/publish/", {"version": 1}).status_code == 403
    assert _public_titles(world) == ["Eget projekt"]


@pytest.mark.requirement("X-5")
def test_the_register_and_the_api_filter_by_publication(world, client_for):
    EngagementFactory(owner_unit=world.unit_a, title="Publicerat projekt", published=True)
    EngagementFactory(owner_unit=world.unit_a, title="Internt projekt")
    reader = client_for("reader_a")
    internal = reader.get(f"/o/{world.org_a.slug}/engagements/?published=no").content.decode()
    assert "Internt projekt" in internal and "Publicerat projekt" not in internal
    api = reader.get(f"/api/v1/organisations/{world.org_a.slug}/engagements/?published=yes").json()
    assert [row["title"] for row in api["results"]] == ["Publicerat projekt"]


@pytest.mark.requirement("X-5")
def test_publishing_what_changed_since_it_was_shown_is_refused(world, client_for):
    engagement = EngagementFactory(owner_unit=world.unit_a, title="Klimatprojekt")
    coordinator = client_for("coordinator_a")
    coordinator.get(f"/o/{world.org_a.slug}/engagements/{engagement.pk}/publish/")
    engagement.description = "Innehåller nu ett namn som inte ska ut."
    services.engagement_save(engagement=engagement, user=world.user("editor_a"))
    response = coordinator.post(
        f"/o/{world.org_a.slug}/engagements/{engagement.pk}/publish/", {"version": 1}, follow=True
    )
    assert "Engagemanget ändrades medan du tittade på det" in response.content.decode()
    assert "Innehåller nu ett namn" in response.content.decode()  # the new text is shown to confirm
    engagement.refresh_from_db()
    assert engagement.published_at is None


@pytest.mark.requirement("X-5")
def test_a_confidential_engagement_is_never_published_and_leaves_the_public_pages_when_marked(world, client_for):
    engagement = EngagementFactory(owner_unit=world.unit_a, title="Förhandling", published=True)
    assert _public_titles(world) == ["Förhandling"]
    engagement.confidentiality = "confidential"
    engagement.confidentiality_ground = "OSL 19 kap. 1 §"
    services.engagement_save(engagement=engagement, user=world.user("coordinator_a"))
    engagement.refresh_from_db()
    assert engagement.published_at is None and _public_titles(world) == []
    coordinator = client_for("coordinator_a")
    refused = coordinator.post(
        f"/o/{world.org_a.slug}/engagements/{engagement.pk}/publish/", {"version": engagement.version}, follow=True
    )
    assert "Ett sekretessbelagt engagemang kan inte publiceras." in refused.content.decode()
    engagement.refresh_from_db()
    assert engagement.published_at is None


@pytest.mark.requirement("X-5", "X-6")
def test_the_api_publishes_with_the_same_rules_and_says_whether_it_is_public(world, client_for):
    engagement = _declined_request(world)
    url = f"/api/v1/organisations/{world.org_a.slug}/engagements/{engagement.pk}/"
    coordinator = client_for("coordinator_a")
    assert coordinator.get(url).json()["is_public"] is False
    editor = client_for("editor_a")
    assert editor.post(url + "publish/", {"version": 1}, content_type="application/json").status_code == 403
    missing = coordinator.post(url + "publish/", {}, content_type="application/json")
    assert missing.status_code == 400 and "version" in missing.json()
    stale = coordinator.post(url + "publish/", {"version": 7}, content_type="application/json")
    assert stale.status_code == 409
    done = coordinator.post(url + "publish/", json.dumps({"version": 1}), content_type="application/json")
    assert done.status_code == 200
    body = done.json()
    assert body["is_public"] is True and body["published_by"] == str(world.user("coordinator_a"))
    assert body["published_at"] and _public_titles(world) == [engagement.title]
    off = coordinator.post(url + "unpublish/", {"version": 2}, content_type="application/json")
    assert off.status_code == 200 and off.json()["is_public"] is False and _public_titles(world) == []


@pytest.mark.requirement("X-5")
def test_the_upgrade_keeps_public_what_was_public_and_records_why(world):
    migration = importlib.import_module("utblick.engagements.migrations.0006_publish_what_was_public")
    was_public = EngagementFactory(owner_unit=world.unit_a, title="Öppet sedan länge")
    secret = EngagementFactory(
        owner_unit=world.unit_a, title="Hemligt", confidentiality="confidential", confidentiality_ground="OSL"
    )
    unpublished_org = EngagementFactory(owner_unit=world.unit_b, title="B publicerar inga sidor")
    migration.publish_what_was_public(apps, None)
    for engagement in (was_public, secret, unpublished_org):
        engagement.refresh_from_db()
    assert was_public.published_at is not None and was_public.published_by is None
    assert secret.published_at is None and unpublished_org.published_at is None
    assert _public_titles(world) == ["Öppet sedan länge"]
    entry = history_entries(was_public)[0]
    assert entry.reason.startswith("Publicerad vid uppgraderingen") and entry.who == "systemet"
    assert [change.field for change in entry.changes] == ["publicerad"]


@pytest.mark.requirement("X-5")
def test_the_public_page_labels_expected_and_achieved_results_apart(world):
    EngagementFactory(
        owner_unit=world.unit_a,
        title="Cykelprojekt",
        expected_results="Fler cyklister",
        achieved_results="",
        published=True,
    )
    page = Client().get(f"/public/{world.org_a.slug}/").content.decode()
    assert "Förväntade resultat" in page and "Uppnådda resultat" in page
    decidim = Client().get(f"/public/{world.org_a.slug}/decidim-results.csv").content.decode()
    assert "Förväntade resultat: Fler cyklister" in decidim and "Uppnådda resultat" not in decidim


@pytest.mark.browser
@pytest.mark.requirement("X-5", "ST-13")
def test_a_coordinator_publishes_after_seeing_what_the_public_will_see(page, sign_in, axe, world, browser, live_server):
    engagement = _declined_request(world)
    engagement.expected_results = "Kunskap om vattenrening hos besökarna."
    engagement.save()
    visitor = browser.new_context(locale="sv-SE", base_url=live_server.url).new_page()
    visitor.goto(f"/public/{world.org_a.slug}/")
    assert engagement.title not in visitor.locator("main").inner_text()

    sign_in(world.user("coordinator_a").email)
    page.goto(engagement.get_absolute_url())
    publication = page.locator("section", has=page.get_by_role("heading", name="Offentliga sidor"))
    assert "Inte publicerad" in publication.inner_text()
    page.get_by_role("link", name="Publicera på de offentliga sidorna").click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Publicera {engagement.title}?"
    preview = page.locator("section", has=page.get_by_role("heading", name="Det här kommer allmänheten att se"))
    assert "Kunskap om vattenrening hos besökarna." in preview.inner_text()
    assert "Inga uppnådda resultat ännu." in preview.inner_text()
    axe()
    page.get_by_role("button", name="Publicera").click()
    page.wait_for_url(f"**{engagement.get_absolute_url()}")
    assert "Publicerat: engagemanget finns på de offentliga sidorna." in page.locator("body").inner_text()
    publication = page.locator("section", has=page.get_by_role("heading", name="Offentliga sidor"))
    assert str(world.user("coordinator_a")) in publication.inner_text()
    axe()

    visitor.goto(f"/public/{world.org_a.slug}/")
    assert engagement.title in visitor.locator("main").inner_text()
    visitor.get_by_role("link", name=engagement.title).click()
    body = visitor.locator("main").inner_text()
    assert "Förväntade resultat" in body and "Kunskap om vattenrening" in body and "Uppnådda resultat" in body
    page.goto(f"/o/{world.org_a.slug}/engagements/{engagement.pk}/history/")
    assert "Publicerad på de offentliga sidorna." in page.locator("main").inner_text()
    axe()
    visitor.context.close()
