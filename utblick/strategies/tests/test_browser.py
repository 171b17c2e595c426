"""Strategy pages in Chromium: a coordinator adds a goal by keyboard; axe-core on every page."""

import pytest

from utblick.strategies.models import Goal

from .factories import strategy_for

pytestmark = pytest.mark.browser


@pytest.mark.requirement("LN-4")
def test_a_coordinator_adds_a_goal_to_a_direction_by_keyboard_only(page, sign_in, axe, world):
    strategy = strategy_for(world.org_a)
    version = strategy.versions.get()
    direction = version.directions.get(code="samverkan")
    sign_in(world.user("coordinator_a").email)
    page.goto(f"/o/{world.org_a.slug}/strategy/")
    axe()
    link = page.get_by_role("link", name="Lägg till mål till Samverkan")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe()
    page.keyboard.press("Tab")  # the skip link first
    page.get_by_label("Mål:", exact=True).focus()
    page.keyboard.type("Dela erfarenheter med andra huvudstäder")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Goal.objects.get(direction=direction).text == "Dela erfarenheter med andra huvudstäder"
    assert "Dela erfarenheter med andra huvudstäder" in page.locator(f"#direction-{direction.pk}").inner_text()


def test_every_strategy_page_passes_axe(page, sign_in, axe, world):
    strategy = strategy_for(world.org_a)
    version = strategy.versions.get()
    direction = version.directions.first()
    goal = Goal.objects.create(direction=direction, text="Öppna dörrar för näringslivet")
    from utblick.strategies.models import Dimension, GoverningDocument, RuleSetting

    dimension = Dimension.objects.create(version=version, code="ledord", name="Ledord")
    rule = RuleSetting.objects.create(version=version, key="membership_evaluation", parameters={"months": 24})
    document = GoverningDocument.objects.create(organisation=world.org_a, title="Vision 2030")
    org = world.org_a.slug
    sign_in(world.user("coordinator_a").email)
    for path in [
        f"/o/{org}/strategy/",
        f"/o/{org}/strategy/versions/{version.pk}/",
        f"/o/{org}/strategy/versions/{version.pk}/copy/",
        f"/o/{org}/strategy/versions/{version.pk}/directions/add/",
        f"/o/{org}/strategy/directions/{direction.pk}/edit/",
        f"/o/{org}/strategy/goals/{goal.pk}/edit/",
        f"/o/{org}/strategy/goals/{goal.pk}/delete/",
        f"/o/{org}/strategy/reviews/add/",
        f"/o/{org}/strategy/import/",
        f"/o/{org}/strategy/compare/",
        f"/o/{org}/strategy/versions/{version.pk}/dimensions/add/",
        f"/o/{org}/strategy/dimensions/{dimension.pk}/themes/add/",
        f"/o/{org}/strategy/rules/{rule.pk}/edit/",
        f"/o/{org}/strategy/documents/add/",
        f"/o/{org}/strategy/documents/{document.pk}/edit/",
        f"/o/{org}/followup/",
        f"/o/{org}/followup/deviations/",
        f"/o/{org}/followup/settings/",
        f"/o/{org}/followup/compare/",
        f"/o/{org}/reports/",
        f"/o/{org}/reports/?kind=mandate",
        f"/o/{org}/units/{world.unit_a.pk}/",
    ]:
        assert page.goto(path).status == 200, path
        axe()
