"""Deadlines that are deadlines (issue 15 item 8): the dashboard lists calls' application deadlines and the
organisation's own overdue and coming duties apart, under their own names, and the yearly report for a year holds
only the deviations that belong to that year."""

import datetime

import pytest
from django.utils import timezone

from utblick.engagements.choices import Kind, Status
from utblick.engagements.tests.factories import EngagementFactory
from utblick.followup.evaluation import evaluate_organisation
from utblick.followup.models import Deviation
from utblick.followup.reports.content import build_year_report
from utblick.watch.services import mark_set
from utblick.watch.tests.factories import SourceFactory, add_items, call

from .factories import strategy_with_rules


def _card(page, heading_id):
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


@pytest.mark.requirement("KR-5", "VX-11")
def test_call_deadlines_and_overdue_duties_are_different_lists(world, client_for):
    strategy_with_rules(world.org_a, "strategy_review_per_mandate_period", adopted_on=datetime.date(2016, 3, 1))
    evaluate_organisation(world.org_a)
    overdue = Deviation.objects.open().filter(organisation=world.org_a).order_by("due_on").first()
    assert overdue.due_on < timezone.localdate()
    item = add_items(SourceFactory(organisation=world.org_a), call("LIFE-1", "Klimatanpassning i kommuner", days=12))[0]
    mark_set(item=item, unit=world.unit_a, verdict="relevant", user=world.user("editor_a"))

    page = client_for("coordinator_a").get(f"/o/{world.org_a.slug}/followup/").content.decode()
    calls, duties = _card(page, "calls-heading"), _card(page, "duties-heading")
    assert "Sista ansökningsdagar för utlysningar" in calls and "Klimatanpassning i kommuner" in calls
    assert overdue.due_on.isoformat() not in calls
    assert "Egna åtaganden" in duties and "Försenade" in duties and overdue.due_on.isoformat() in duties
    assert "Klimatanpassning i kommuner" not in duties
    assert page.count("Sista ansökningsdagar") == 1  # the own duties are not called application deadlines


@pytest.mark.requirement("VX-9")
def test_the_yearly_report_holds_only_the_deviations_of_the_years_engagements(world):
    year = timezone.localdate().year
    strategy_with_rules(world.org_a, "clear_link_to_priority")
    this_year = EngagementFactory(
        owner_unit=world.unit_a,
        kind=Kind.TRAINING,
        title="Kurs i år",
        status=Status.ONGOING,
        starts_on=datetime.date(year, 3, 1),
    )
    next_year = EngagementFactory(
        owner_unit=world.unit_a,
        kind=Kind.TRAINING,
        title="Kurs nästa år",
        status=Status.PLANNED,
        starts_on=datetime.date(year + 1, 3, 1),
    )
    evaluate_organisation(world.org_a)
    open_about = set(Deviation.objects.open().values_list("subject_id", flat=True))
    assert {this_year.pk, next_year.pk} <= open_about  # both are deviations today
    report = build_year_report(organisation=world.org_a, year=year)
    about = {deviation.subject_id for deviation in report.deviations}
    assert this_year.pk in about and next_year.pk not in about
    counted = {figure.label: figure.value for figure in report.summary}
    assert counted["Avvikelser som var öppna vid årets slut"] == len(report.deviations)
