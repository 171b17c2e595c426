"""An incoming visit request: the directions it serves, a flag when it serves none, the reply as DOCX (ST-3)."""

import io

import pytest
from docx import Document

from utblick.engagements.choices import Kind
from utblick.engagements.models import Visit
from utblick.strategies.tests.factories import strategy_for

from .factories import EngagementFactory


def _request(world, decision="decline", reason="Vi har inte kapacitet i vår.", directions=()):
    engagement = EngagementFactory(owner_unit=world.unit_a, kind=Kind.VISIT, title="Studiebesök från Tartu")
    Visit.objects.create(
        engagement=engagement,
        direction="incoming",
        requester="Tartu linn",
        group_size=12,
        decision=decision,
        decision_reason=reason,
    )
    engagement.directions.add(*directions)
    return engagement


def _docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


@pytest.mark.requirement("ST-3")
def test_a_request_that_serves_no_direction_is_flagged_and_one_that_serves_names_them(world, client_for):
    client = client_for("coordinator_a")
    none = _request(world)
    page = client.get(none.get_absolute_url()).content.decode()
    assert "Förfrågan tjänar ingen av strategins inriktningar." in page
    assert "<dd>ej bedömd</dd>" in page  # capacity not yet assessed
    direction = strategy_for(world.org_a).versions.get().directions.get(code="profilering")
    serving = _request(world, directions=[direction])
    page = client.get(serving.get_absolute_url()).content.decode()
    assert "Förfrågan tjänar ingen av strategins inriktningar." not in page
    assert "<li>Profilering</li>" in page
    # The API gives the same flag.
    for engagement, flagged in [(none, True), (serving, False)]:
        data = client.get(f"/api/v1/organisations/{world.org_a.slug}/engagements/{engagement.pk}/").json()
        assert data["visit"]["serves_no_direction"] is flagged


@pytest.mark.requirement("ST-3")
def test_the_reply_downloads_as_docx_in_swedish_or_english(world, client_for):
    client = client_for("reader_a")
    engagement = _request(world)
    url = f"/o/{world.org_a.slug}/engagements/{engagement.pk}/reply.docx"
    swedish = client.get(url + "?language=sv")
    assert swedish.status_code == 200 and swedish["Content-Type"].endswith("wordprocessingml.document")
    text = _docx_text(swedish.content)
    assert "Svar på er förfrågan om besök" in text
    assert "kan inte ta emot den den här gången" in text and "Vi har inte kapacitet i vår." in text
    english = _docx_text(client.get(url + "?language=en").content)
    assert "Reply to your visit request" in english
    assert "We have assessed the request against our international strategy and cannot accept it" in english
    assert Document(io.BytesIO(client.get(url + "?language=en").content)).core_properties.language == "en"
    # No reply before a decision, and only the two languages.
    assert client.get(url + "?language=de").status_code == 404
    undecided = _request(world, decision="", reason="")
    assert client.get(f"/o/{world.org_a.slug}/engagements/{undecided.pk}/reply.docx").status_code == 404


@pytest.mark.browser
@pytest.mark.requirement("ST-3")
def test_a_coordinator_sees_the_flag_and_downloads_the_reply(page, sign_in, axe, world):
    engagement = _request(world)
    sign_in(world.user("coordinator_a").email)
    page.goto(engagement.get_absolute_url())
    assert "Förfrågan tjänar ingen av strategins inriktningar." in page.locator("main").inner_text()
    axe()
    with page.expect_download() as download:
        page.get_by_role("link", name="på engelska").click()
    with open(download.value.path(), "rb") as handle:
        assert "Reply to your visit request" in _docx_text(handle.read())
