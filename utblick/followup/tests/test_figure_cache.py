"""Figures come from the cache until the register changes, and never outlive a change (docs/adr/0027)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from utblick.engagements.choices import Kind, Programme, ProjectStage, Status
from utblick.engagements.models import Project
from utblick.engagements.tests.factories import EngagementFactory
from utblick.organisations.models import RegisterStamp
from utblick.organisations.register_stamps import register_changed, stamps
from utblick.strategies.models import Indicator
from utblick.strategies.tests.factories import strategy_for

NBSP = "\u00a0"
pytestmark = pytest.mark.django_db


def _granted(world, organisation, unit, amount: int) -> Project:
    engagement = EngagementFactory(
        organisation=organisation,
        owner_unit=unit,
        kind=Kind.PROJECT,
        title="Hamnar i förändring",
        starts_on=datetime.date(2026, 2, 1),
        status=Status.ONGOING,
    )
    return Project.objects.create(
        engagement=engagement, programme=Programme.INTERREG, stage=ProjectStage.ONGOING, funding_granted=amount
    )


def _grouped(amount: int) -> str:
    return f"{amount:,}".replace(",", NBSP)


def test_the_dashboard_shows_every_change_at_once_and_repeats_from_the_cache(world, client_for):
    Indicator.objects.create(version=strategy_for(world.org_a).versions.get(), key="external_funding_granted_sek")
    project = _granted(world, world.org_a, world.unit_a, 18_624_000)
    client = client_for("coordinator_a")
    url = f"/o/{world.org_a.slug}/followup/"

    with CaptureQueriesContext(connection) as first:
        assert _grouped(18_624_000) in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as again:
        assert _grouped(18_624_000) in client.get(url).content.decode()
    assert len(again.captured_queries) < len(first.captured_queries)  # the figures were not counted again

    project.funding_granted = Decimal(20_000_000)
    project.save()
    page = client.get(url).content.decode()
    assert _grouped(20_000_000) in page and _grouped(18_624_000) not in page

    project.engagement.delete()
    assert _grouped(20_000_000) not in client.get(url).content.decode()


@pytest.mark.requirement("LN-2")
def test_the_comparison_shows_another_organisations_change_at_once(world, client_for):
    for organisation in (world.org_a, world.org_b):
        organisation.comparison_opt_in = True
        organisation.save()
    client = client_for("reader_a")
    url = f"/o/{world.org_a.slug}/followup/compare/"
    assert _grouped(7_500_000) not in client.get(url).content.decode()

    _granted(world, world.org_b, world.unit_b, 7_500_000)
    assert _grouped(7_500_000) in client.get(url).content.decode()

    client.cookies["django_language"] = "en"  # the cells are kept per language
    assert "7,500,000" in client.get(url).content.decode()


def test_the_comparison_reads_the_register_stamps_once_when_it_counts_anew(world, client_for):
    for organisation in (world.org_a, world.org_b):
        organisation.comparison_opt_in = True
        organisation.save()
    _granted(world, world.org_b, world.unit_b, 2_000_000)
    stamp_table = RegisterStamp._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        assert (
            _grouped(2_000_000)
            in client_for("reader_a").get(f"/o/{world.org_a.slug}/followup/compare/").content.decode()
        )
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT") and stamp_table in q["sql"]]
    assert len(reads) == 1


def test_a_change_raises_its_organisations_stamp_in_its_own_transaction(world):
    before = stamps([world.org_a.pk, world.org_b.pk])
    with pytest.raises(RuntimeError), transaction.atomic():
        _granted(world, world.org_a, world.unit_a, 1_000_000)
        assert stamps([world.org_a.pk])[world.org_a.pk] > before[world.org_a.pk]
        raise RuntimeError("the change is undone")
    assert stamps([world.org_a.pk, world.org_b.pk]) == before  # undone with it: no figure is dropped needlessly

    _granted(world, world.org_a, world.unit_a, 1_000_000)
    after = stamps([world.org_a.pk, world.org_b.pk])
    assert after[world.org_a.pk] > before[world.org_a.pk] and after[world.org_b.pk] == before[world.org_b.pk]


def test_the_stamp_counts_on_for_an_organisation_id_used_again():
    register_changed(999_999)
    register_changed(999_999)
    assert RegisterStamp.objects.get(organisation_id=999_999).changes == 2
    assert stamps([999_999, 999_998]) == {999_999: 2, 999_998: 0}
