"""The token pages and the API documentation in a real Chromium: accessible, no CSP errors (X-6)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.requirement("X-6")]


def console_problems(page):
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_a_user_creates_and_revokes_a_token_by_keyboard_without_scripts(browser, live_server, world):
    from utblick.api.models import ApiToken

    context = browser.new_context(locale="sv-SE", base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    from utblick.core.browser import assert_accessible

    page.goto("/accounts/login/")
    page.get_by_label("E-post").fill(world.user("reader_a").email)
    page.get_by_label("Lösenord").fill("test-password-123")
    with page.expect_navigation():
        page.get_by_label("Lösenord").press("Enter")
    page.get_by_role("link", name="API-nycklar").click()
    assert page.get_by_role("heading", level=1).inner_text() == "API-nycklar"
    page.get_by_label("Namn").fill("Power BI")
    with page.expect_navigation():
        page.get_by_role("button", name="Skapa nyckel").click()
    assert page.locator("#new-token").count(), page.content()[:5000]
    secret = page.get_by_label("Nyckel (visas en gång)").input_value()
    assert secret.startswith("utb_") and ApiToken.objects.get().matches(secret)
    context.close()
    # Axe needs scripts; the same pages, scripts on.
    context = browser.new_context(locale="sv-SE", base_url=live_server.url)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("E-post").fill(world.user("reader_a").email)
    page.get_by_label("Lösenord").fill("test-password-123")
    with page.expect_navigation():
        page.get_by_label("Lösenord").press("Enter")
    page.goto("/accounts/api-tokens/")
    assert_accessible(page)
    page.get_by_role("link", name="Återkalla Power BI").click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Återkalla").click()
    assert "återkallades" in page.locator(".messages").inner_text()
    assert ApiToken.objects.get().revoked_at is not None
    assert_accessible(page)
    context.close()


def test_the_documentation_page_explores_the_api_under_the_strict_csp(page, sign_in, axe, world):
    problems = console_problems(page)
    sign_in(world.user("coordinator_a").email)
    response = page.goto("/api/v1/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.locator(".swagger-ui .opblock-tag").first.wait_for()
    assert page.locator(".swagger-ui .opblock-tag").count() >= 14
    page.locator(".swagger-ui .opblock-tag", has_text="Engagemang").first.click()
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert page.locator(".swagger-ui .opblock").count() >= 6
    assert page.get_by_role("heading", name="Referens").is_visible()
    assert not problems, problems
    axe()


def test_the_documentation_reference_is_there_without_scripts(browser, live_server):
    context = browser.new_context(locale="sv-SE", base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/api/v1/docs/")
    assert (
        page.locator("article h4 code", has_text="GET /api/v1/organisations/{organisation_slug}/engagements/").count()
        >= 1
    )
    context.close()


def test_the_browsable_api_is_a_page_of_the_site(page, sign_in, axe, world):
    problems = console_problems(page)
    sign_in(world.user("reader_a").email)
    page.goto(f"/api/v1/organisations/{world.org_a.slug}/units/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert world.unit_a.name in page.locator(".api-response").inner_text()
    assert page.locator("html").get_attribute("lang") == "sv"
    assert not problems, problems
    axe()
