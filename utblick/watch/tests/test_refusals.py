"""An editor who opens the call-file import is refused with the site's styled Swedish page, and is not offered the
link (issue 15 item 10); the coordinator imports."""

import pytest

from .factories import SourceFactory


@pytest.mark.requirement("KR-5", "X-2", "X-3")
def test_an_editor_is_not_offered_the_import_and_is_refused_with_a_styled_swedish_page(world, client_for):
    source = SourceFactory(organisation=world.org_a, name="Regionens utlysningar")
    url = f"/o/{world.org_a.slug}/watch/sources/{source.pk}/import/"
    editor = client_for("editor_a")
    listing = editor.get(f"/o/{world.org_a.slug}/watch/sources/").content.decode()
    assert "Regionens utlysningar" in listing and url not in listing
    refused = editor.get(url)
    assert refused.status_code == 403
    page = refused.content.decode()
    assert '<html lang="sv">' in page and "utblick/css/app.css" in page
    assert "Du har inte behörighet att göra det här" in page and "Forbidden" not in page
    coordinator = client_for("coordinator_a")
    assert url in coordinator.get(f"/o/{world.org_a.slug}/watch/sources/").content.decode()
    assert coordinator.get(url).status_code == 200


@pytest.mark.browser
@pytest.mark.requirement("X-2", "X-3")
def test_the_refusal_of_the_import_is_styled_and_accessible(page, sign_in, axe, world):
    source = SourceFactory(organisation=world.org_a, name="Regionens utlysningar")
    sign_in(world.user("editor_a").email)
    response = page.goto(f"/o/{world.org_a.slug}/watch/sources/{source.pk}/import/")
    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "Du har inte behörighet att göra det här"
    assert page.get_by_role("link", name="Utblicks startsida").is_visible()
    axe()
