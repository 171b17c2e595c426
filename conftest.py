"""Fixtures every app's tests share: personas, their world, and a real browser."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
# make beside it are synchronous and safe, so Django's async guard is lifted for tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("UTBLICK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture
def world(db):
    from utblick.organisations.testing import build_world

    return build_world()


@pytest.fixture
def client_for(world, client):
    """``client_for("editor_a")``: a test client signed in as that persona."""
    from django.test import Client

    def make(persona: str) -> Client:
        fresh = Client()
        user = world.user(persona)
        if user is not None:
            fresh.force_login(user)
        return fresh

    return make


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("UTBLICK_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium is required here but not found at {CHROMIUM}")
        pytest.skip(f"No Chromium at {CHROMIUM}; install Debian's chromium package to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="sv-SE", base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def sign_in(page):
    """Sign in through the real form, by keyboard only."""

    def do(email: str, password: str = "test-password-123") -> None:
        page.goto("/accounts/login/")
        page.keyboard.press("Tab")  # skip link
        page.get_by_label("E-post").focus()
        page.keyboard.type(email)
        page.keyboard.press("Tab")
        page.keyboard.type(password)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "/accounts/login/" not in page.url, f"sign-in failed for {email}: {page.url}"

    return do


@pytest.fixture
def axe(page):
    """``axe()`` runs axe-core's WCAG 2.1 A/AA rules on the page and fails on any violation."""
    from utblick.core.browser import assert_accessible

    return lambda: assert_accessible(page)


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches: its database is rolled back afterwards, and figures cached
    under its organisations' register stamps must not reach a later test whose rows have the same ids."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language: a request through LocaleMiddleware leaves the
    language it chose active in the thread, which would otherwise carry into the next test."""
    from django.utils import translation

    yield
    translation.deactivate()
