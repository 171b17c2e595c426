"""Error pages inside the site's layout, in the reader's language, with a way back; a refusal says
why and whom to ask. Checked in Swedish and English, and with axe in Chromium."""

import re

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import get_resolver
from django.utils import translation
from django.utils.html import strip_tags

# (page, Swedish heading, English heading)
HEADINGS = {
    400: ("Utblick kunde inte tolka begäran", "Utblick could not understand the request"),
    403: ("Du har inte behörighet att göra det här", "You may not do this"),
    404: ("Sidan kunde inte hittas", "The page could not be found"),
    500: ("Något gick fel i Utblick", "Something went wrong in Utblick"),
    "csrf": ("Formuläret kunde inte skickas", "The form could not be sent"),
}


def _in_layout(html: str, language: str) -> str:
    """The page's main text, after checking it sits in the site's layout with a way back."""
    assert f'<html lang="{language}">' in html
    assert 'class="site-header"' in html and '<main id="main"' in html and 'class="site-footer"' in html
    assert 'class="skip-link"' in html and "/static/utblick/css/app.css" in html
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert re.search(r'<a href="/">[^<]+</a>', main), "no way back to the start page"
    return " ".join(strip_tags(main).split())


def _error_pages(world, language: str) -> dict[object, str]:
    """Each error page as the server answers it, in one language."""
    org_b = world.org_b.slug
    pages = {}

    def client(persona: str | None = None, **kwargs) -> Client:
        browser = Client(**kwargs)
        browser.cookies["django_language"] = language
        if persona:
            browser.force_login(world.user(persona))
        return browser

    response = client("coordinator_a").get(f"/o/{org_b}/")  # another organisation's address
    assert response.status_code == 404
    pages[404] = response.content.decode()
    response = client("reader_a").get(f"/o/{world.org_a.slug}/units/add/")
    assert response.status_code == 403
    pages[403] = response.content.decode()
    response = client().post("/accounts/login/", {f"field{n}": "x" for n in range(1100)})  # too many fields
    assert response.status_code == 400
    pages[400] = response.content.decode()
    response = client(enforce_csrf_checks=True).post("/accounts/login/", {"login": "a@b.example", "password": "x"})
    assert response.status_code == 403
    pages["csrf"] = response.content.decode()
    with translation.override(language):
        response = get_resolver().resolve_error_handler(500)(RequestFactory().get("/"))
    assert response.status_code == 500
    pages[500] = response.content.decode()
    return pages


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_error_page_is_inside_the_layout_in_the_readers_language(world, language):
    for page, html in _error_pages(world, language).items():
        text = _in_layout(html, language)
        heading = HEADINGS[page][0 if language == "sv" else 1]
        assert f"<h1>{heading}</h1>" in html, page
        assert ("Felkod" if language == "sv" else "Error code") in text, page
        assert "Traceback" not in html and "Django" not in text, page


@pytest.mark.django_db
def test_a_refused_action_says_why_and_names_the_coordinators_to_ask(world, client_for):
    page = client_for("reader_a").get(f"/o/{world.org_a.slug}/units/add/").content.decode()
    text = " ".join(strip_tags(page).split())
    assert "Du är läsare i Kommun A: läsare ser organisationens arbete men ändrar inte i det." in text
    coordinator = world.user("coordinator_a")
    assert f'<a href="mailto:{coordinator.email}">{coordinator.email}</a>' in page
    assert world.user("coordinator_b").email not in page  # only this organisation's coordinators

    editor = client_for("editor_a").get(f"/o/{world.org_a.slug}/units/add/").content.decode()
    assert "Du är redaktör i Kommun A" in editor and world.unit_a.name in editor


@pytest.mark.django_db
def test_the_way_back_is_the_page_one_came_from_when_it_is_ours(world, client_for):
    reader = client_for("reader_a")
    came_from = f"http://testserver/o/{world.org_a.slug}/units/"
    page = reader.get(f"/o/{world.org_a.slug}/units/add/", HTTP_REFERER=came_from).content.decode()
    assert f'<a href="{came_from}">Tillbaka till sidan du kom från</a>' in page
    elsewhere = reader.get(f"/o/{world.org_a.slug}/units/add/", HTTP_REFERER="https://evil.example/").content
    assert b"evil.example" not in elsewhere


@pytest.mark.django_db
def test_another_organisations_address_gets_the_sites_404_in_development_too(world, client_for):
    with override_settings(DEBUG=True):
        response = client_for("coordinator_a").get(f"/o/{world.org_b.slug}/units/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Sidan kunde inte hittas</h1>" in html and "Page not found at" not in html
    assert world.org_b.name not in html  # nothing says the organisation exists


@pytest.mark.django_db
def test_unknown_api_addresses_still_answer_json(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")


@pytest.mark.browser
@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_error_page_passes_axe_in_chromium(page, world, language):
    from utblick.core.browser import assert_accessible

    page.goto("/accounts/login/")  # on the site, so the error pages' styles and scripts load as they would
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.url}])
    for name, html in _error_pages(world, language).items():
        page.set_content(html, wait_until="load")
        assert page.locator("h1").inner_text() == HEADINGS[name][0 if language == "sv" else 1]
        assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).display") != "none"
        try:
            assert_accessible(page)
        except AssertionError as problem:
            raise AssertionError(f"{name} ({language}): {problem}") from None
