"""An incoming request assessed against the strategy in force, direction by direction (ST-3)."""

import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from utblick.core.concurrency import EditConflict
from utblick.engagements import services
from utblick.engagements.choices import Kind
from utblick.engagements.models import Visit, VisitAssessment
from utblick.strategies.tests.factories import strategy_for

from .factories import EngagementFactory


def _request(world, *, direction="incoming", decision="", reason="", unit=None):
    engagement = EngagementFactory(owner_unit=unit or world.unit_a, kind=Kind.VISIT, title="Studiebesök från Tartu")
    Visit.objects.create(
        engagement=engagement,
        direction=direction,
        requester="Tartu linn",
        group_size=12,
        purpose="Se hur vi arbetar med unga och EU-projekt.",
        decision=decision,
        decision_reason=reason,
    )
    return engagement


def _directions(world):
    version = strategy_for(world.org_a).versions.get()
    return version.directions.get(code="profilering"), version.directions.get(code="samverkan")


def _assess(world, engagement, user="coordinator_a", *, fits=("well", "partly"), **fields):
    profilering, samverkan = _directions(world)
    assessment = engagement.visit.graded_assessment or VisitAssessment(visit=engagement.visit)
    assessment.grades = [
        {"direction": samverkan.pk, "fit": fits[1], "note": "Kan ge partner till en ansökan."},
        {"direction": profilering.pk, "fit": fits[0], "note": ""},
    ]
    for name, value in fields.items():
        setattr(assessment, name, value)
    return services.visit_assessment_save(assessment=assessment, user=world.user(user))


def _form_data(world, *, version="", profilering="well", samverkan="not", capacity="", cost=""):
    first, second = _directions(world)
    return {
        "version": version,
        f"fit-{first.pk}": profilering,
        f"note-{first.pk}": "Visar upp vårt ungdomsarbete.",
        f"fit-{second.pk}": samverkan,
        f"note-{second.pk}": "",
        "capacity": capacity,
        "cost": cost,
    }


def _docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


# -- The record and its service ---------------------------------------------------------------------


@pytest.mark.requirement("ST-3")
def test_an_assessment_grades_every_direction_in_force_in_the_strategys_order(world):
    engagement = _request(world)
    assessment = _assess(world, engagement, capacity="Ungdomsförvaltningen tar emot.", cost="Lunch, 2 000 kr.")
    profilering, samverkan = _directions(world)
    assert [(g.direction, g.fit_label) for g in assessment.grade_lines()] == [
        (profilering, "tjänar väl"),
        (samverkan, "tjänar delvis"),
    ]
    assert assessment.served_well == [profilering] and not assessment.serves_none
    assert not Visit.objects.get(pk=engagement.pk).serves_no_direction
    # Graded "not" everywhere, the request serves none: flagged although directions were linked by hand.
    engagement.directions.add(profilering)
    _assess(world, engagement, fits=("not", "not"))
    assert Visit.objects.get(pk=engagement.pk).serves_no_direction


@pytest.mark.requirement("ST-3")
@pytest.mark.parametrize(
    "grades, message",
    [
        ("one", "varje inriktning: Samverkan"),
        ([{"direction": "profilering", "fit": "well"}], "inriktningar"),
        ([{"direction": 0, "fit": "well"}], "inriktningar"),
    ],
)
def test_grades_that_miss_a_direction_or_name_an_unknown_one_are_refused(world, grades, message):
    engagement = _request(world)
    profilering, _samverkan = _directions(world)
    if grades == "one":
        grades = [{"direction": profilering.pk, "fit": "well"}]
    with pytest.raises(ValidationError) as refused:
        services.visit_assessment_save(
            assessment=VisitAssessment(visit=engagement.visit, grades=grades), user=world.user("coordinator_a")
        )
    assert message in " ".join(refused.value.messages)
    assert not VisitAssessment.objects.exists()


@pytest.mark.requirement("ST-3")
def test_only_an_incoming_request_is_assessed(world):
    engagement = _request(world, direction="outgoing")
    with pytest.raises(ValidationError, match="inkommande"):
        _assess(world, engagement)


@pytest.mark.requirement("ST-3")
def test_a_stale_save_and_a_second_first_assessment_are_conflicts(world):
    engagement = _request(world)
    first = _assess(world, engagement, capacity="Vi har plats.")
    stale = VisitAssessment.objects.get(pk=first.pk)
    _assess(world, engagement, capacity="Ingen plats i maj.")
    stale.capacity = "Vi har gott om plats."
    with pytest.raises(EditConflict):
        services.visit_assessment_save(assessment=stale, user=world.user("editor_a"), expected_version=1)
    second = VisitAssessment(visit=Visit.objects.get(pk=engagement.pk), grades=first.grades)
    with pytest.raises(EditConflict):
        services.visit_assessment_save(assessment=second, user=world.user("editor_a"))
    assert VisitAssessment.objects.get().capacity == "Ingen plats i maj."


# -- Pages ------------------------------------------------------------------------------------------


@pytest.mark.requirement("ST-3")
def test_the_editor_of_the_unit_assesses_the_request_and_its_page_and_history_show_it(world, client_for):
    engagement = _request(world)
    _directions(world)
    client = client_for("editor_a")
    page = client.get(engagement.get_absolute_url()).content.decode()
    assert "Inte bedömd mot strategins inriktningar än." in page and "Bedöm mot strategin" in page
    url = f"/o/{world.org_a.slug}/engagements/{engagement.pk}/assessment/"
    form = client.get(url).content.decode()
    assert "Hur väl förfrågan tjänar varje inriktning i strategin som gäller" in form and "Profilering" in form
    data = _form_data(world, capacity="Ungdomsförvaltningen tar emot en förmiddag.", cost="Fika, 1 500 kr.")
    response = client.post(url, data, follow=True)
    assert "Bedömningen mot strategin sparades." in response.content.decode()
    page = client.get(engagement.get_absolute_url()).content.decode()
    assert '<th scope="row">Profilering</th><td>tjänar väl</td><td>Visar upp vårt ungdomsarbete.</td>' in page
    assert "<li>Profilering (tjänar väl)</li>" in page and "Ungdomsförvaltningen tar emot en förmiddag." in page
    assert "Ändra bedömningen" in page
    # A reader sees it but may not change it.
    reader = client_for("reader_a")
    assert "Ändra bedömningen" not in reader.get(engagement.get_absolute_url()).content.decode()
    assert reader.get(url).status_code == 403
    # Its history, and the request's, show each version direction by direction.
    client.post(url, _form_data(world, version=1, samverkan="partly"))
    history = client.get(url + "history/").content.decode()
    assert "Profilering: tjänar väl (Visar upp vårt ungdomsarbete.); Samverkan: tjänar delvis" in history
    assert "Samverkan: tjänar inte" in history
    assert "Bedömning mot strategin" in client.get(f"{engagement.get_absolute_url()}history/").content.decode()


@pytest.mark.requirement("ST-3")
def test_a_direction_left_ungraded_gets_a_swedish_message_and_changes_nothing(world, client_for):
    engagement = _request(world)
    client = client_for("coordinator_a")
    url = f"/o/{world.org_a.slug}/engagements/{engagement.pk}/assessment/"
    client.post(url, _form_data(world, capacity="Vi har plats."))
    response = client.post(url, _form_data(world, version=1, samverkan="", capacity="Ingen plats."))
    assert response.status_code == 200
    assert "Säg hur väl förfrågan tjänar den här inriktningen." in response.content.decode()
    response = client.post(url, _form_data(world, version=1, profilering="utmärkt"))
    assert "Välj ett giltigt alternativ" in response.content.decode()
    saved = VisitAssessment.objects.get()
    assert (saved.version, saved.capacity) == (1, "Vi har plats.")


@pytest.mark.requirement("ST-3")
def test_a_stale_edit_gets_the_conflict_page_with_both_values_and_saving_it_resolves(world, client_for):
    engagement = _request(world)
    url = f"/o/{world.org_a.slug}/engagements/{engagement.pk}/assessment/"
    coordinator, editor = client_for("coordinator_a"), client_for("editor_a")
    coordinator.post(url, _form_data(world, capacity="Vi har plats."))
    editor.post(url, _form_data(world, version=1, capacity="Ingen plats i maj."))
    response = coordinator.post(url, _form_data(world, version=1, capacity="Gott om plats i juni."))
    page = response.content.decode()
    assert response.status_code == 409 and "Någon annan sparade först" in page
    assert "Ingen plats i maj." in page and "Gott om plats i juni." in page
    assert VisitAssessment.objects.get().capacity == "Ingen plats i maj."
    # Saving the conflict page's form, with the version it carries, keeps what the user typed.
    resolved = coordinator.post(url, _form_data(world, version=2, capacity="Gott om plats i juni."))
    assert resolved.status_code == 302
    assert (VisitAssessment.objects.get().capacity, VisitAssessment.objects.get().version) == (
        "Gott om plats i juni.",
        3,
    )


@pytest.mark.requirement("ST-3")
def test_the_reply_names_the_directions_the_request_serves_well(world, client_for):
    engagement = _request(world, decision="accept", reason="Välkomna i maj.")
    _assess(world, engagement)
    client = client_for("reader_a")
    page = client.get(engagement.get_absolute_url()).content.decode()
    assert "Förfrågan tjänar väl dessa inriktningar i vår internationella strategi: Profilering." in page
    url = f"/o/{world.org_a.slug}/engagements/{engagement.pk}/reply.docx"
    assert "Förfrågan tjänar väl dessa inriktningar i vår internationella strategi: Profilering." in _docx_text(
        client.get(url + "?language=sv").content
    )
    english = _docx_text(client.get(url + "?language=en").content)
    assert "The request serves these directions of our international strategy well: Profilering." in english
    declined = _request(world, decision="decline", reason="Ingen koppling till strategin.")
    _assess(world, declined, fits=("not", "not"))
    text = _docx_text(client.get(f"/o/{world.org_a.slug}/engagements/{declined.pk}/reply.docx?language=sv").content)
    assert "Förfrågan tjänar ingen av inriktningarna i vår internationella strategi." in text


# -- API --------------------------------------------------------------------------------------------


@pytest.mark.requirement("ST-3")
def test_the_api_reads_and_writes_the_assessment_as_the_pages_do(world, client_for):
    engagement = _request(world)
    profilering, samverkan = _directions(world)
    url = f"/api/v1/organisations/{world.org_a.slug}/engagements/{engagement.pk}/assessments/"
    body = {
        "grades": [
            {"direction": profilering.pk, "fit": "not"},
            {"direction": samverkan.pk, "fit": "not", "note": "Ingen partner för oss."},
        ],
        "capacity": "Ingen värd ledig.",
        "cost": "",
    }
    assert client_for("reader_a").post(url, body, content_type="application/json").status_code == 403
    coordinator = client_for("coordinator_a")
    bad = coordinator.post(url, {**body, "grades": body["grades"][:1]}, content_type="application/json")
    assert bad.status_code == 400 and "Samverkan" in str(bad.json()["grades"])
    created = coordinator.post(url, body, content_type="application/json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["serves_no_direction"] is True
    assert data["grades"][1] == {
        "direction": samverkan.pk,
        "direction_name": "Samverkan",
        "fit": "not",
        "note": "Ingen partner för oss.",
    }
    engagement_data = coordinator.get(f"/api/v1/organisations/{world.org_a.slug}/engagements/{engagement.pk}/").json()
    assert engagement_data["visit"]["serves_no_direction"] is True
    # A correction with the version read; a stale one answers 409 and changes nothing.
    item = f"{url}{data['id']}/"
    body["grades"][0]["fit"] = "well"
    patched = client_for("editor_a").patch(
        item, {"grades": body["grades"], "version": 1}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["serves_no_direction"] is False
    stale = coordinator.patch(item, {"capacity": "Kanske.", "version": 1}, content_type="application/json")
    assert stale.status_code == 409
    assert coordinator.get(url).json()["results"][0]["capacity"] == "Ingen värd ledig."


# -- In the browser ---------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.requirement("ST-3")
def test_a_coordinator_assesses_a_demo_request_in_the_browser(page, sign_in, axe):
    from django.core.management import call_command

    from utblick.engagements.models import Engagement
    from utblick.organisations.demo import DEMO_PASSWORD

    call_command("load_demo", verbosity=0)
    engagement = Engagement.objects.get(organisation__slug="kristianstad", visit__requester="Kongsberg kommune")
    sign_in("samordnare@kristianstad.example", DEMO_PASSWORD)
    page.goto(engagement.get_absolute_url())
    page.get_by_role("link", name="Bedöm mot strategin").click()
    axe()
    fields = page.locator("fieldset select")
    for index in range(fields.count()):
        fields.nth(index).select_option("partly" if index else "well")
    page.get_by_label("Kapacitet").fill("Tekniska förvaltningen visar fjärrvärmeverket en förmiddag.")
    page.get_by_role("button", name="Spara").click()
    main = page.locator("main").inner_text()
    assert "Bedömningen mot strategin sparades." in main
    assert "tjänar väl" in main and "Tekniska förvaltningen visar fjärrvärmeverket en förmiddag." in main
    axe()
    first = page.locator("#assessment-heading + .table-wrap tbody th").first.inner_text()
    assert f"Förfrågan tjänar väl dessa inriktningar i vår internationella strategi: {first}." in main
