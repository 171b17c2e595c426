"""Every checkbox has its label beside it, after the box ("☐ Kom ihåg mig"), never above or below.

The every-page walk (test_every_page.py) checks the same on every page a coordinator opens; these
tests add the pages outside it: the sign-in page and the form of every kind of engagement.
"""

import re

import pytest
from django.urls import reverse

from utblick.core.browser import checkbox_problems
from utblick.engagements.choices import Kind


def _pages(world) -> list[str]:
    org = world.org_a.slug
    return [
        *(reverse("engagements:engagement_add", kwargs={"org": org, "kind": kind}) for kind in Kind),
        reverse("engagements:engagement_list", kwargs={"org": org}),
        reverse("watch:item_list", kwargs={"org": org}),
        reverse("watch:source_add", kwargs={"org": org}),
    ]


@pytest.mark.browser
def test_remember_me_sits_beside_its_box_on_the_sign_in_page(page):
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/accounts/login/")
        box = page.get_by_label("Kom ihåg mig")
        assert box.get_attribute("type") == "checkbox"
        assert checkbox_problems(page) == [], width


@pytest.mark.browser
def test_every_checkbox_of_every_engagement_form_and_filter_sits_beside_its_label(page, sign_in, world):
    sign_in(world.user("coordinator_a").email)
    failures = []
    for path in _pages(world):
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(path)
            assert "/add/" not in path or page.locator("input[type=checkbox]").count(), path
            failures += [f"{path} at {width} px: {problem}" for problem in checkbox_problems(page)]
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_a_checkbox_is_followed_by_its_own_label_in_the_html(world, client_for):
    """The same without a browser: the box comes first, its label right after it."""
    client = client_for("coordinator_a")
    for path in [*_pages(world), "/accounts/login/"]:
        html = (client if path != "/accounts/login/" else type(client)()).get(path).content.decode()
        for box in re.finditer(r'<input type="checkbox"[^>]*\bid="([^"]+)"[^>]*>', html):
            after = html[box.end() : box.end() + 200]
            wrapped = html[: box.start()].rstrip().endswith(">") and re.search(r"<label[^>]*>\s*$", html[: box.start()])
            labelled = wrapped or re.match(rf'\s*<label[^>]*\bfor="{box.group(1)}"', after)
            assert labelled, f"{path}: {box.group(0)} is followed by {after[:80]!r}"
