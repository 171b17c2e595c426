"""Every versioned record's edit page resolves a conflict (X-4, ADR 0026): the page holds what the user typed,
takes over what only the other person changed, and lets the user keep theirs or take the other's field by field."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.http import QueryDict

from utblick.core import conflicts
from utblick.core.services import model_save


@dataclass
class Case:
    name: str
    make: Callable[[Any], tuple[str, Any]]  # world -> (edit address, the record)
    field: str
    label: str
    theirs: str
    mine: str
    save: Callable[[Any, Any], Any] | None = None  # how the other person saves, when not model_save

    def __str__(self) -> str:
        return self.name


def _strategy(world):
    from utblick.strategies.tests.factories import strategy_for

    return strategy_for(world.org_a).versions.get()


def partner(world):
    from utblick.engagements.tests.factories import PartnerFactory

    record = PartnerFactory(organisation=world.org_a, name="Kongsberg", description="Vänort")
    return f"/o/{world.org_a.slug}/partners/{record.pk}/edit/", record


def _engagement(world, kind):
    from utblick.engagements.tests.matrix import _engagement as make

    return make(world, world.unit_a, kind)


def budget_line(world):
    from utblick.engagements.models import BudgetLine

    record = BudgetLine.objects.create(engagement=_engagement(world, "project"), label="Resor", planned=40000)
    return f"/o/{world.org_a.slug}/resources/{record.pk}/edit/", record


def evaluation(world):
    from utblick.engagements.models import Evaluation

    engagement = _engagement(world, "membership")
    record = Evaluation.objects.create(
        membership=engagement.membership, evaluated_on=datetime.date(2026, 2, 1), evaluated_by="KS", verdict="continue"
    )
    return f"/o/{world.org_a.slug}/engagements/{engagement.pk}/evaluations/{record.pk}/edit/", record


def exchange(world):
    from utblick.engagements.models import Exchange

    engagement = _engagement(world, "agreement")
    record = Exchange.objects.create(
        agreement=engagement.agreement, happened_on=datetime.date(2026, 5, 4), kind="school", description="Elevutbyte"
    )
    return f"/o/{world.org_a.slug}/engagements/{engagement.pk}/exchanges/{record.pk}/edit/", record


def review(world):
    from utblick.engagements.models import AgreementReview

    engagement = _engagement(world, "agreement")
    record = AgreementReview.objects.create(agreement=engagement.agreement, deadline=datetime.date(2026, 12, 31))
    return f"/o/{world.org_a.slug}/engagements/{engagement.pk}/reviews/{record.pk}/edit/", record


def leg(world):
    from utblick.engagements import services
    from utblick.engagements.models import TripLeg

    engagement = _engagement(world, "trip")
    record = services.trip_leg_add(
        leg=TripLeg(
            trip=engagement.trip, from_city="Växjö", from_country="SE", to_city="Oslo", to_country="NO", mode="rail"
        ),
        user=world.user("editor_a"),
    )
    return f"/o/{world.org_a.slug}/engagements/{engagement.pk}/legs/{record.pk}/edit/", record


def leg_saved(record, user):
    from utblick.engagements import services

    return services.trip_leg_add(leg=record, user=user)


def organisation(world):
    return f"/o/{world.org_a.slug}/edit/", world.org_a


def unit(world):
    return f"/o/{world.org_a.slug}/units/{world.unit_a.pk}/edit/", world.unit_a


def person(world):
    from utblick.organisations.tests.factories import PersonFactory

    record = PersonFactory(organisation=world.org_a, name="Ada Lind", title="Utvecklingsstrateg")
    return f"/o/{world.org_a.slug}/people/{record.pk}/edit/", record


def goal(world):
    from utblick.strategies.models import Goal

    record = Goal.objects.create(direction=_strategy(world).directions.first(), text="Fler EU-projekt")
    return f"/o/{world.org_a.slug}/strategy/goals/{record.pk}/edit/", record


def direction(world):
    record = _strategy(world).directions.first()
    return f"/o/{world.org_a.slug}/strategy/directions/{record.pk}/edit/", record


def dimension(world):
    from utblick.strategies.models import Dimension

    record = Dimension.objects.create(version=_strategy(world), code="ledord", name="Ledord")
    return f"/o/{world.org_a.slug}/strategy/dimensions/{record.pk}/edit/", record


def rule(world):
    from utblick.strategies.models import RuleSetting

    record = RuleSetting.objects.create(version=_strategy(world), key="membership_purpose", note="Ur strategin")
    return f"/o/{world.org_a.slug}/strategy/rules/{record.pk}/edit/", record


def document(world):
    from utblick.strategies.models import GoverningDocument

    record = GoverningDocument.objects.create(organisation=world.org_a, title="Vision 2030")
    return f"/o/{world.org_a.slug}/strategy/documents/{record.pk}/edit/", record


def comment(world):
    from utblick.watch.services import comment_add
    from utblick.watch.tests.factories import SourceFactory, add_items, call

    item = add_items(SourceFactory(organisation=world.org_a), call("C-1", "Klimatanpassning"))[0]
    record = comment_add(
        item=item, organisation=world.org_a, unit=None, text="Passar oss", user=world.user("coordinator_a")
    )
    return f"/o/{world.org_a.slug}/watch/items/{item.pk}/comments/{record.pk}/edit/", record


def profile(world):
    from utblick.watch.models import WatchProfile

    record = WatchProfile.objects.create(unit=world.unit_a, keywords="klimat = climate")
    return f"/o/{world.org_a.slug}/watch/units/{world.unit_a.pk}/profile/", record


def source(world):
    from utblick.watch.tests.factories import SourceFactory

    record = SourceFactory(organisation=world.org_a, description="Egna utlysningar")
    return f"/o/{world.org_a.slug}/watch/sources/{record.pk}/edit/", record


CASES = [
    Case("partner", partner, "description", "Beskrivning:", "Vänort sedan 1950", "Partner i Interreg"),
    Case("budget line", budget_line, "label", "Post:", "Resor och logi", "Resor till Bryssel"),
    Case("evaluation", evaluation, "reasoning", "Motivering:", "Ger resultat", "Dyrt men värt det"),
    Case("exchange", exchange, "description", "Vad som hände:", "Elevutbyte i teknik", "Lärarutbyte"),
    Case("agreement review", review, "reasoning", "Motivering:", "Inga utbyten", "Behöver ny inriktning"),
    Case("leg", leg, "to_city", "Till:", "Bergen", "Trondheim", save=leg_saved),
    Case("organisation", organisation, "description", "Beskrivning:", "Kommunen vid kusten", "Kommunen i norr"),
    Case("unit", unit, "description", "Beskrivning:", "Miljö och hälsa", "Miljötillsyn"),
    Case("person", person, "title", "Titel:", "EU-samordnare", "Internationell strateg"),
    Case("goal", goal, "description", "Beskrivning:", "Enligt Vision 2030", "Mål för 2027"),
    Case("direction", direction, "description", "Beskrivning:", "Synas utåt", "Marknadsföring av kommunen"),
    Case("dimension", dimension, "description", "Beskrivning:", "Visionens ledord", "Tre ledord"),
    Case("rule setting", rule, "note", "Anteckning:", "Beslutat av KS", "Gäller alla nätverk"),
    Case("governing document", document, "description", "Beskrivning:", "Antagen 2019", "Kommunens vision"),
    Case("watch comment", comment, "text", "Kommentar:", "Passar skolan", "Passar miljöförvaltningen"),
    Case("watch profile", profile, "keywords", "Nyckelord:", "hamn = port", "cykel = bicycle"),
    Case("watch source", source, "description", "Beskrivning:", "Regionens utlysningar", "Kommunens utlysningar"),
]


def _other_saves(case, world, record):
    record = type(record)._default_manager.get(pk=record.pk)
    setattr(record, case.field, case.theirs)
    user = world.user("administrator")
    return case.save(record, user) if case.save else model_save(record, user=user)


def _loaded(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    form = response.context["form"]
    data = QueryDict(mutable=True)
    for name in form.fields:
        data.setlist(form[name].html_name, conflicts._as_data(form[name]))
    return data


@pytest.mark.requirement("X-4")
@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_stale_edit_of_any_versioned_record_is_resolved_on_the_conflict_page(case, world, client_for):
    url, record = case.make(world)
    coordinator = client_for("coordinator_a")
    data = _loaded(coordinator, url)
    _other_saves(case, world, record)
    data[case.field] = case.mine
    conflict = coordinator.post(url, data)
    assert conflict.status_code == 409, conflict.content.decode()[:2000]
    resolution = conflict.context["resolution"]
    assert [c.name for c in resolution.choices] == [case.field]
    page = conflict.content.decode()
    assert case.mine in page and case.theirs in page and f'name="resolve-{case.field}"' in page
    resolved = resolution.data.copy()
    resolved[f"resolve-{case.field}"] = "theirs"
    saved = coordinator.post(url, resolved)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    record.refresh_from_db()
    assert getattr(record, case.field) == case.theirs


@pytest.mark.browser
@pytest.mark.requirement("X-4")
@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_conflict_page_of_each_record_works_in_the_browser(case, page, sign_in, axe, world):
    url, record = case.make(world)
    sign_in(world.user("coordinator_a").email)
    page.goto(url)
    _other_saves(case, world, record)
    page.get_by_label(case.label, exact=True).fill(case.mine)
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.get_by_role("button", name="Spara", exact=True).click()
    assert answer.value.status == 409
    assert page.get_by_role("heading", level=1).inner_text() == "Någon annan sparade först"
    assert page.get_by_label(case.label, exact=True).input_value() == case.mine  # what was typed is still there
    axe()
    page.locator(f'input[name="resolve-{case.field}"][value="theirs"]').check()
    page.get_by_role("button", name="Spara", exact=True).click()
    page.wait_for_load_state()
    assert "Någon annan sparade först" not in page.locator("main").inner_text()
    record.refresh_from_db()
    assert getattr(record, case.field) == case.theirs


@pytest.mark.requirement("X-4", "KR-4")
def test_a_stale_funding_investigation_is_resolved_within_the_funding_page(world, client_for):
    from utblick.engagements.choices import FundingOutcome
    from utblick.engagements.tests.factories import EngagementFactory
    from utblick.watch.models import FundingInvestigation
    from utblick.watch.services import funding_investigation_record

    engagement = EngagementFactory(owner_unit=world.unit_a, kind="visit", title="Studiebesök", status="idea")
    funding_investigation_record(
        engagement=engagement,
        user=world.user("editor_a"),
        outcome=FundingOutcome.NO_MATCH,
        items=[],
        programme_keys=[],
        note="Inget passar",
    )
    url = f"/o/{world.org_a.slug}/watch/engagements/{engagement.pk}/funding/"
    editor = client_for("editor_a")
    data = _loaded(editor, url)
    record = FundingInvestigation.objects.get(engagement=engagement)
    record.note = "Nordplus prövat"
    model_save(record, user=world.user("coordinator_a"))
    data["note"] = "Interreg prövat"
    conflict = editor.post(url, data)
    assert conflict.status_code == 409
    page = conflict.content.decode()
    assert "Interreg prövat" in page and "Nordplus prövat" in page and 'name="resolve-note"' in page
    resolved = conflict.context["resolution"].data.copy()
    resolved["resolve-note"] = "mine"
    assert editor.post(url, resolved).status_code == 302
    record.refresh_from_db()
    assert record.note == "Interreg prövat" and record.version == 3


@pytest.mark.requirement("X-4", "VX-11")
def test_two_coordinators_writing_the_conclusions_lose_nothing(world, client_for):
    from utblick.followup import services
    from utblick.strategies.models import MandatePeriod

    period = MandatePeriod.for_date(datetime.date(2026, 5, 1))
    services.mandate_review_conclusions_save(
        organisation=world.org_a, period=period, conclusions="Första utkastet", user=world.user("coordinator_a")
    )
    url = f"/o/{world.org_a.slug}/reports/conclusions/"
    first = {"period": period.pk, "version": 1, "conclusions": "Strategin har gett fler EU-projekt."}
    second = {"period": period.pk, "version": 1, "conclusions": "Vänorterna behöver ses över."}
    assert client_for("coordinator_a").post(url, first).status_code == 302
    conflict = client_for("administrator").post(url, second)
    assert conflict.status_code == 409
    page = conflict.content.decode()
    assert "Strategin har gett fler EU-projekt." in page and "Vänorterna behöver ses över." in page
    resolved = conflict.context["resolution"].data.copy()
    resolved["resolve-conclusions"] = "theirs"
    assert client_for("administrator").post(url, resolved).status_code == 302
    draft = services.mandate_review_draft_get(organisation=world.org_a, period=period)
    assert draft.conclusions == "Strategin har gett fler EU-projekt." and draft.version == 3
