"""Every page of every app in Chromium, axe-core (WCAG and best practice) on each, and every checkbox with
its label beside it: a new page is checked the day it is named.

The pages are the authorization matrix's GET cases that a coordinator opens as HTML, so a page
an app adds to its ``tests/matrix.py`` (which the matrix test insists on) is checked here too.
"""

import pytest
from django.urls import reverse

from utblick.core.browser import assert_accessible, checkbox_problems

from .test_authorization import CASES

pytestmark = pytest.mark.browser


def _html_pages(world, client_for) -> list[str]:
    client = client_for("coordinator_a")
    pages = []
    for case in CASES:
        if case.method != "get" or case.expected["coordinator_a"] != 200:
            continue
        url = reverse(case.name, kwargs=case.kwargs(world) if case.kwargs else {})
        url += f"?{case.query}" if case.query else ""
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages.append(url)
    return pages


@pytest.mark.requirement("X-2")
def test_every_page_a_coordinator_opens_passes_axe(page, sign_in, world, client_for):
    pages = _html_pages(world, client_for)
    assert len(pages) > 40, pages  # far fewer means the walk broke
    sign_in(world.user("coordinator_a").email)
    failures = []
    for path in pages:
        response = page.goto(path)
        if response is None or response.status != 200:
            failures.append(f"{path}: answered {response.status if response else 'nothing'}")
            continue
        if page.locator("html").get_attribute("lang") != "sv":
            failures.append(f"{path}: not in Swedish")
        try:
            assert_accessible(page)
        except AssertionError as problem:
            failures.append(str(problem))
        failures.extend(f"{path}: {problem}" for problem in checkbox_problems(page))
        failures.extend(_on_a_phone(page, path))
    assert not failures, "\n".join(failures)


def _on_a_phone(page, path: str) -> list[str]:
    """At 390 px (a phone, or 400 % zoom) the page reflows: nothing but a wide table scrolls sideways,
    and a table that does scroll is a region the keyboard can reach (axe checks both)."""
    wide = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    page.evaluate("window.dispatchEvent(new Event('resize'))")
    problems = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 392:
        problems.append(f"{path}: {width} px wide on a 390 px screen")
    try:
        assert_accessible(page)
    except AssertionError as problem:
        problems.append(f"{path} at 390 px: {problem}")
    problems.extend(f"{path} at 390 px: {problem}" for problem in checkbox_problems(page))
    page.set_viewport_size(wide)
    return problems
