"""Month arithmetic keeps the day of the month (issue 15 item 9): a membership that started on 31 January and is
evaluated every 24 months is due on 31 January two years later, not on the 28th."""

import ast
import datetime
import pathlib

import pytest

from utblick.engagements.choices import Kind
from utblick.engagements.models import NetworkMembership
from utblick.engagements.tests.factories import EngagementFactory, PartnerFactory
from utblick.followup.evaluation import evaluate_organisation
from utblick.followup.models import Deviation

from .factories import strategy_with_rules


def _membership(world, starts_on):
    engagement = EngagementFactory(owner_unit=world.unit_a, kind=Kind.MEMBERSHIP, starts_on=starts_on, status="ongoing")
    return NetworkMembership.objects.create(
        engagement=engagement, network=PartnerFactory(organisation=world.org_a, name="Eurocities"), purpose="Lära"
    )


@pytest.mark.requirement("KR-8")
@pytest.mark.parametrize(
    ("starts_on", "months", "due_on"),
    [
        (datetime.date(2024, 1, 31), 24, datetime.date(2026, 1, 31)),
        (datetime.date(2024, 1, 31), 1, datetime.date(2024, 2, 29)),  # leap year: the month's last day
        (datetime.date(2023, 8, 31), 6, datetime.date(2024, 2, 29)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
    ],
)
def test_an_evaluation_is_due_on_the_same_day_of_the_month(world, starts_on, months, due_on):
    membership = _membership(world, starts_on)
    membership.evaluation_interval_months = months
    assert membership.evaluation_due_on() == due_on


@pytest.mark.requirement("KR-8")
def test_the_overdue_evaluation_deviation_carries_the_right_due_date(world):
    strategy_with_rules(world.org_a, "membership_evaluation")
    membership = _membership(world, datetime.date(2024, 1, 31))
    evaluate_organisation(world.org_a, today=datetime.date(2026, 1, 30))
    assert not Deviation.objects.filter(rule_key="membership_evaluation", resolved_at__isnull=True).exists()
    evaluate_organisation(world.org_a, today=datetime.date(2026, 1, 31))
    deviation = Deviation.objects.get(rule_key="membership_evaluation", resolved_at__isnull=True)
    assert deviation.due_on == datetime.date(2026, 1, 31) and deviation.subject_id == membership.engagement_id


def test_no_hand_written_month_helpers_are_left():
    """Months are added with dateutil's relativedelta everywhere; no helper caps the day at 28."""
    root = pathlib.Path(__file__).resolve().parents[2]
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "min":
                args = [ast.unparse(arg) for arg in node.args]
                assert not (len(args) == 2 and args[1] == "28" and args[0].endswith(".day")), f"{path}: {args}"
