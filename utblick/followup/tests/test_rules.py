"""Rules about units and the strategy itself, evaluated into deviations."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from utblick.followup.evaluation import evaluate_organisation
from utblick.followup.models import Deviation
from utblick.organisations.choices import UnitRoleKind
from utblick.organisations.models import UnitRole
from utblick.organisations.services import unit_role_save
from utblick.organisations.tests.factories import PersonFactory
from utblick.strategies.models import MandatePeriod, StrategyReview

from .factories import strategy_with_rules


@pytest.mark.requirement("VX-8", "ST-6", "KR-13")
def test_every_unit_without_a_contact_person_is_a_deviation_companies_included(world):
    strategy_with_rules(world.org_a, "contact_person_per_unit")
    evaluate_organisation(world.org_a)
    flagged = set(Deviation.objects.open().filter(organisation=world.org_a).values_list("unit__name", flat=True))
    assert flagged == {"Kommunledningskontoret", "Miljöförvaltningen", "Utbildningsförvaltningen", "Energibolaget AB"}


@pytest.mark.requirement("ST-6", "ST-5")
def test_a_strategy_that_switches_the_contact_person_rule_off_gets_no_such_deviations(world):
    strategy = strategy_with_rules(world.org_a, "contact_person_per_unit")
    evaluate_organisation(world.org_a)
    assert Deviation.objects.open().filter(organisation=world.org_a).count() == 4
    strategy.versions.get().rule_settings.update(enabled=False)
    evaluate_organisation(world.org_a)
    assert not Deviation.objects.open().filter(organisation=world.org_a).exists()
    assert Deviation.objects.filter(organisation=world.org_a, resolved_at__isnull=False).count() == 4


@pytest.mark.requirement("VX-8")
def test_naming_a_contact_person_resolves_the_deviation_at_once_and_keeps_it_in_history(world):
    strategy_with_rules(world.org_a, "contact_person_per_unit")
    evaluate_organisation(world.org_a)
    person = PersonFactory(organisation=world.org_a)
    unit_role_save(
        unit_role=UnitRole(person=person, unit=world.unit_a, role=UnitRoleKind.CONTACT_PERSON),
        user=world.user("coordinator_a"),
    )
    deviation = Deviation.objects.get(organisation=world.org_a, unit=world.unit_a)
    assert deviation.resolved_at is not None
    assert deviation.history.count() == 2


def test_evaluating_twice_changes_nothing(world):
    strategy_with_rules(world.org_a, "contact_person_per_unit")
    evaluate_organisation(world.org_a)
    rows = list(Deviation.objects.values_list("pk", "first_seen", "resolved_at"))
    history = Deviation.history.count()
    summary = evaluate_organisation(world.org_a)
    assert summary.opened == 0 and summary.resolved == 0
    assert list(Deviation.objects.values_list("pk", "first_seen", "resolved_at")) == rows
    assert Deviation.history.count() == history


def test_the_deviation_message_follows_the_readers_language(world):
    from django.utils import translation

    strategy_with_rules(world.org_a, "contact_person_per_unit")
    evaluate_organisation(world.org_a)
    deviation = Deviation.objects.filter(unit=world.unit_a).get()
    with translation.override("sv"):
        assert "saknar kontaktperson" in deviation.message
    with translation.override("en"):
        assert "has no contact person" in deviation.message


@pytest.mark.requirement("VX-11")
def test_a_mandate_period_that_ended_without_a_review_is_flagged(world):
    strategy = strategy_with_rules(
        world.org_a, "strategy_review_per_mandate_period", adopted_on=datetime.date(2016, 3, 1)
    )
    period_2015 = MandatePeriod.for_date(datetime.date(2016, 3, 1))
    StrategyReview.objects.create(
        strategy=strategy,
        organisation=world.org_a,
        period=period_2015,
        reviewed_on=datetime.date(2017, 5, 2),
        outcome="keep",
    )
    evaluate_organisation(world.org_a, today=datetime.date(2024, 1, 10))
    periods = set(Deviation.objects.open().values_list("params__period", flat=True))
    assert periods == {"2019–2022"}


def _flagged_periods(world, strategy, today):
    evaluate_organisation(world.org_a, today=today)
    return set(Deviation.objects.open().filter(organisation=world.org_a).values_list("params__period", flat=True))


@pytest.mark.requirement("VX-11")
@settings(max_examples=40, deadline=None)
@given(day=st.dates(min_value=datetime.date(2022, 4, 1), max_value=datetime.date(2027, 4, 1)))
def test_review_status_is_right_on_both_sides_of_the_2022_and_2026_elections(django_db_blocker, day):
    """Reviewed in 2019–2022 only: after 14 Oct 2026 the period 2023–2026 is missing; before, it is due."""
    from utblick.organisations.testing import build_world

    with django_db_blocker.unblock():
        from django.db import connection, transaction

        with transaction.atomic():
            world = build_world()
            strategy = strategy_with_rules(
                world.org_a, "strategy_review_per_mandate_period", adopted_on=datetime.date(2019, 1, 1)
            )
            period = MandatePeriod.for_date(datetime.date(2020, 1, 1))
            StrategyReview.objects.create(
                strategy=strategy,
                organisation=world.org_a,
                period=period,
                reviewed_on=datetime.date(2021, 3, 1),
                outcome="keep",
            )
            flagged = _flagged_periods(world, strategy, day)
            transaction.set_rollback(True)
        # Outside pytest-django's care the connection would outlive the test and keep the test
        # database from being dropped at the end of the run (PostgreSQL).
        connection.close()
    if day < datetime.date(2026, 4, 14):
        assert flagged == set(), day  # 2019–2022 reviewed; 2023–2026 not yet due
    elif day <= datetime.date(2026, 10, 14):
        assert flagged == {"2023–2026"}, day  # due within six months of the period's end
    else:
        assert flagged == {"2023–2026"}, day  # ended without a review; 2027–2030 just began


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=datetime.date(1995, 1, 1), max_value=datetime.date(2060, 12, 31)))
def test_every_day_falls_in_exactly_the_mandate_period_that_contains_it(day):
    year = MandatePeriod.election_year_for(day)
    starts_on, ends_on = MandatePeriod.bounds_for_election(year)
    assert starts_on <= day <= ends_on
    assert (year - 1994) % 4 == 0
    assert starts_on.month == 10 and starts_on.day == 15 and ends_on.month == 10 and ends_on.day == 14


def test_2026_election_day_boundaries():
    assert MandatePeriod.election_year_for(datetime.date(2026, 10, 14)) == 2022
    assert MandatePeriod.election_year_for(datetime.date(2026, 10, 15)) == 2026
    assert MandatePeriod.election_year_for(datetime.date(2022, 10, 14)) == 2018
    assert MandatePeriod.election_year_for(timezone.localdate()) == 2026  # today is 2026-11-22 or later


@pytest.mark.requirement("VX-9")
def test_a_unit_that_worked_internationally_and_has_not_handed_in_its_yearly_report_is_flagged(world, client_for):
    from utblick.engagements.tests.factories import EngagementFactory

    strategy_with_rules(world.org_a, "yearly_report_per_unit")
    EngagementFactory(owner_unit=world.unit_a, starts_on=datetime.date(2025, 3, 1))
    evaluate_organisation(world.org_a, today=datetime.date(2026, 1, 20))
    assert not Deviation.objects.open().exists()  # not due before February
    evaluate_organisation(world.org_a, today=datetime.date(2026, 2, 2))
    assert list(Deviation.objects.open().values_list("unit__name", "params__year")) == [("Miljöförvaltningen", 2025)]
    response = client_for("editor_a").post(
        f"/o/{world.org_a.slug}/reports/submit/", {"unit": world.unit_a.pk, "year": 2025}
    )
    assert response.status_code == 302
    evaluate_organisation(world.org_a, today=datetime.date(2026, 2, 3))
    assert not Deviation.objects.open().exists()
