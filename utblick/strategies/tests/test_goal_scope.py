"""Shared strategy, own goals (issue 15 item 6, LN-11): in a strategy two organisations share, the goal form says
whether a goal is shared or the organisation's own, defaults to own, and tells when the partner will see it."""

import pytest

from utblick.strategies.models import Goal, VersionStatus

from .factories import strategy_for


def _direction(world):
    return strategy_for(world.org_a, world.org_b).versions.get().directions.get(code="profilering")


def _strategy_page(client):
    return client.get("/o/kommun-b/strategy/").content.decode()


@pytest.mark.requirement("LN-11")
def test_a_goal_under_a_shared_direction_is_ones_own_unless_shared(world, client_for):
    direction = _direction(world)
    url = f"/o/{world.org_a.slug}/strategy/directions/{direction.pk}/goals/add/"
    coordinator = client_for("coordinator_a")
    form = coordinator.get(url).content.decode()
    assert "Vems mål" in form and 'value="own" id="id_scope_0" checked' in form.replace("\n", "")
    assert "Kommun B" in form and "så snart du sparar" in form  # when the partner sees a shared goal

    assert coordinator.post(url, {"text": "Fler EU-projekt i skolan", "scope": "own", "order": 1}).status_code == 302
    assert coordinator.post(url, {"text": "Gemensam hamnstrategi", "scope": "shared", "order": 2}).status_code == 302
    assert coordinator.post(url, {"text": "Utan val", "order": 3}).status_code == 302  # nothing chosen: own
    goals = {goal.text: goal.organisation_id for goal in Goal.objects.filter(direction=direction)}
    assert goals == {
        "Fler EU-projekt i skolan": world.org_a.pk,
        "Gemensam hamnstrategi": None,
        "Utan val": world.org_a.pk,
    }

    partner = _strategy_page(client_for("coordinator_b"))
    assert "Gemensam hamnstrategi" in partner
    assert "Fler EU-projekt i skolan" not in partner and "Utan val" not in partner


@pytest.mark.requirement("LN-11")
def test_saving_a_shared_goal_says_who_else_sees_it(world, client_for):
    direction = _direction(world)
    url = f"/o/{world.org_a.slug}/strategy/directions/{direction.pk}/goals/add/"
    saved = client_for("coordinator_a").post(
        url, {"text": "Gemensam hamnstrategi", "scope": "shared", "order": 1}, follow=True
    )
    assert "Målet är gemensamt: Kommun B ser det också i sin strategi." in saved.content.decode()


@pytest.mark.requirement("LN-11")
def test_the_partners_coordinator_sees_a_goal_is_shared_and_that_editing_it_changes_it_for_the_author(
    world, client_for
):
    direction = _direction(world)
    add = f"/o/{world.org_a.slug}/strategy/directions/{direction.pk}/goals/add/"
    client_for("coordinator_a").post(add, {"text": "Gemensam hamnstrategi", "scope": "shared", "order": 1})
    client_for("coordinator_a").post(add, {"text": "Eget mål för A", "scope": "own", "order": 2})
    goal = Goal.objects.get(text="Gemensam hamnstrategi")
    partner = client_for("coordinator_b")
    page = _strategy_page(partner)
    assert "Gemensam hamnstrategi" in page and "delat med Kommun A" in page
    form = partner.get(f"/o/{world.org_b.slug}/strategy/goals/{goal.pk}/edit/").content.decode()
    assert 'value="shared" id="id_scope_1" checked' in form.replace("\n", "")
    assert "Målet är gemensamt: Kommun A ser det i sin strategi, och det du ändrar här ändras också där." in form
    # And so it does: the author's strategy shows the partner's wording.
    partner.post(
        f"/o/{world.org_b.slug}/strategy/goals/{goal.pk}/edit/",
        {"text": "Gemensam hamn- och logistikstrategi", "scope": "shared", "order": 1, "version": goal.version},
    )
    own = client_for("coordinator_a").get(f"/o/{world.org_a.slug}/strategy/").content.decode()
    assert "Gemensam hamn- och logistikstrategi" in own and "delat med Kommun B" in own
    assert own.count("delat med Kommun B") == 1  # the author's own goal is not marked shared


@pytest.mark.requirement("LN-11")
def test_in_a_draft_the_partner_sees_a_shared_goal_in_force_once_adopted(world, client_for):
    direction = _direction(world)
    direction.version.status = VersionStatus.DRAFT
    direction.version.save()
    form = client_for("coordinator_a").get(f"/o/{world.org_a.slug}/strategy/directions/{direction.pk}/goals/add/")
    assert "när utkastet har antagits" in form.content.decode()


@pytest.mark.requirement("LN-11")
def test_a_strategy_of_one_owner_and_an_own_direction_offer_no_choice(world, client_for):
    alone = strategy_for(world.org_a).versions.get().directions.get(code="profilering")
    coordinator = client_for("coordinator_a")
    assert (
        "Vems mål"
        not in coordinator.get(f"/o/{world.org_a.slug}/strategy/directions/{alone.pk}/goals/add/").content.decode()
    )
    own = _direction(world)
    own.organisation = world.org_a
    own.save()
    url = f"/o/{world.org_a.slug}/strategy/directions/{own.pk}/goals/add/"
    assert "Vems mål" not in coordinator.get(url).content.decode()
    assert coordinator.post(url, {"text": "Eget mål", "scope": "shared", "order": 1}).status_code == 302
    assert Goal.objects.get(text="Eget mål").organisation_id == world.org_a.pk


@pytest.mark.browser
@pytest.mark.requirement("LN-11")
def test_the_coordinator_chooses_a_shared_goal_in_the_browser(page, sign_in, axe, world):
    direction = _direction(world)
    sign_in(world.user("coordinator_a").email)
    page.goto(f"/o/{world.org_a.slug}/strategy/directions/{direction.pk}/goals/add/")
    own = page.get_by_label("Vårt eget mål: bara Kommun A ser det")
    assert own.is_checked()
    axe()
    page.get_by_label("Mål:", exact=True).fill("Gemensam hamnstrategi")
    page.get_by_label("Gemensamt: Kommun B ser det också i sin strategi").check()
    page.get_by_role("button", name="Spara", exact=True).click()
    page.wait_for_url(f"**/o/{world.org_a.slug}/strategy/**")
    assert "Kommun B ser det också i sin strategi" in page.get_by_role("status").first.inner_text()
    assert Goal.objects.get(text="Gemensam hamnstrategi").organisation_id is None
    # The partner's coordinator sees it marked shared, and opening it, what an edit does to Kommun A.
    page.context.clear_cookies()
    sign_in(world.user("coordinator_b").email)
    page.goto(f"/o/{world.org_b.slug}/strategy/")
    assert "delat med Kommun A" in page.locator("main").inner_text()
    axe()
    page.get_by_role("link", name="Redigera Gemensam hamnstrategi").click()
    assert page.get_by_label("Gemensamt: Kommun A ser det också i sin strategi").is_checked()
    assert "det du ändrar här ändras också där" in page.locator("main").inner_text()
    axe()
