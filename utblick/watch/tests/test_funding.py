"""Funding investigated (KR-4): the record, the engagement's outcome, the rule, the project in the pipeline."""

import pytest

from utblick.engagements.choices import FundingOutcome, Kind, ProjectStage, Status
from utblick.engagements.models import Engagement
from utblick.engagements.tests.factories import EngagementFactory
from utblick.followup.evaluation import evaluate_organisation
from utblick.followup.models import Deviation
from utblick.followup.tests.factories import strategy_with_rules
from utblick.strategies.models import Direction
from utblick.watch.models import FundingInvestigation, WatchProfile
from utblick.watch.selectors import funding_suggestions
from utblick.watch.services import funding_investigation_record, profile_save

from .factories import LIFE_CALL, SourceFactory, add_items, call


@pytest.fixture
def planned(world):
    """A planned study visit on climate adaptation, under a strategy with the KR-4 rule switched on."""
    strategy = strategy_with_rules(world.org_a, "funding_investigated")
    direction = Direction.objects.create(
        version=strategy.versions.get(), code="utveckling", name="Verksamhetsutveckling"
    )
    engagement = EngagementFactory(
        owner_unit=world.unit_a, kind=Kind.VISIT, title="Studiebesök om klimatanpassning", status=Status.PLANNED
    )
    engagement.directions.set([direction])
    profile_save(profile=WatchProfile(unit=world.unit_a, keywords="klimatanpassning = climate adaptation"), user=None)
    evaluate_organisation(world.org_a)
    return engagement


@pytest.fixture
def life(world):
    return add_items(
        SourceFactory(), call("LIFE-2027-CLIMA-CCA", "Climate change adaptation in municipalities", **LIFE_CALL)
    )[0]


@pytest.mark.requirement("KR-4", "VX-3")
def test_the_editor_sees_the_best_matching_open_calls_for_a_planned_engagement(world, planned, life):
    add_items(SourceFactory(), call("CERV-TT", "Town twinning", programme="cerv"))
    suggestions = funding_suggestions(engagement=planned, user=world.user("editor_a"))
    assert [s.item.identifier for s in suggestions] == ["LIFE-2027-CLIMA-CCA"]
    assert suggestions[0].explanation == "klimatanpassning"  # the pair the unit wrote, named in Swedish


@pytest.mark.requirement("KR-4", "VX-3")
def test_recording_the_investigation_sets_the_outcome_and_removes_the_deviation_at_once(world, planned, life):
    assert Deviation.objects.open().filter(rule_key="funding_investigated", subject_id=planned.pk).exists()
    funding_investigation_record(
        engagement=planned,
        user=world.user("editor_a"),
        outcome=FundingOutcome.NO_MATCH,
        items=[life],
        programme_keys=["life", "interreg"],
        note="Nordplus passar inte heller.",
    )
    planned.refresh_from_db()
    assert planned.funding_outcome == FundingOutcome.NO_MATCH
    assert "Climate change adaptation in municipalities (LIFE-2027-CLIMA-CCA)" in planned.funding_considered
    assert "Interreg, LIFE" in planned.funding_considered and "Nordplus" in planned.funding_considered
    assert not Deviation.objects.open().filter(rule_key="funding_investigated", subject_id=planned.pk).exists()
    assert planned.history.first().history_user == world.user("editor_a")
    record = FundingInvestigation.objects.get(engagement=planned)
    assert record.recorded_by == world.user("editor_a") and list(record.items.all()) == [life]


@pytest.mark.requirement("KR-4", "LN-8")
def test_application_planned_puts_a_project_for_the_call_in_the_pipeline_linked_to_the_engagement(world, planned, life):
    record = funding_investigation_record(
        engagement=planned,
        user=world.user("editor_a"),
        outcome=FundingOutcome.APPLICATION_PLANNED,
        items=[life],
        programme_keys=["life"],
        applies_to=life,
    )
    project = record.project
    assert project.kind == Kind.PROJECT and project.owner_unit == world.unit_a
    assert project.project.programme == "life" and project.project.call_identifier == "LIFE-2027-CLIMA-CCA"
    assert project.project.stage == ProjectStage.PREPARING and project.project.is_eu_funded
    assert list(project.related.all()) == [planned] and list(planned.related.all()) == [project]
    assert project.status == Status.PLANNED and list(project.directions.all()) == list(planned.directions.all())
    # Recording again does not put a second project in the pipeline.
    funding_investigation_record(
        engagement=planned,
        user=world.user("editor_a"),
        outcome=FundingOutcome.APPLICATION_PLANNED,
        items=[life],
        programme_keys=[],
        applies_to=life,
    )
    assert Engagement.objects.filter(kind=Kind.PROJECT).count() == 1


def test_a_planned_project_gets_its_own_programme_and_call_instead_of_a_second_project(world, life):
    from utblick.engagements.models import Project

    project = EngagementFactory(owner_unit=world.unit_a, kind=Kind.PROJECT, title="Våtmarker", status=Status.IDEA)
    Project.objects.create(engagement=project)
    funding_investigation_record(
        engagement=project,
        user=world.user("editor_a"),
        outcome=FundingOutcome.APPLICATION_PLANNED,
        items=[],
        programme_keys=[],
        applies_to=life,
    )
    project.project.refresh_from_db()
    assert (project.project.programme, project.project.stage) == ("life", ProjectStage.PREPARING)
    assert Engagement.objects.count() == 1


def test_application_planned_without_a_call_is_refused_and_changes_nothing(world, planned):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        funding_investigation_record(
            engagement=planned,
            user=world.user("editor_a"),
            outcome=FundingOutcome.APPLICATION_PLANNED,
            items=[],
            programme_keys=[],
        )
    planned.refresh_from_db()
    assert planned.funding_outcome == "" and not FundingInvestigation.objects.exists()


@pytest.mark.requirement("KR-4")
def test_the_funding_page_records_by_form_and_refuses_a_missing_call_in_swedish(world, planned, life, client_for):
    editor = client_for("editor_a")
    url = f"/o/{world.org_a.slug}/watch/engagements/{planned.pk}/funding/"
    page = editor.get(url).content.decode()
    assert "Climate change adaptation in municipalities" in page and "klimatanpassning" in page
    refused = editor.post(url, {"items": [life.pk], "outcome": "application_planned"})
    assert refused.status_code == 400 and "Välj utlysningen som ni planerar att söka." in refused.content.decode()
    assert not FundingInvestigation.objects.exists()
    done = editor.post(
        url, {"items": [life.pk], "programmes": ["life"], "outcome": "application_planned", "applies_to": life.pk}
    )
    project = FundingInvestigation.objects.get().project
    assert done.status_code == 302 and done["Location"] == project.get_absolute_url()
    panel = editor.get(planned.get_absolute_url()).content.decode()
    assert "ansökan planeras" in panel and project.title in panel
