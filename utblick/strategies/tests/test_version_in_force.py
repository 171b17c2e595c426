"""Which version of a strategy is in force, and which directions the forms offer from it (VX-6, LN-11).

One rule answers it for the strategy page, the engagement form, the request assessment and the
indicators: the adopted version valid from the latest day; a version without a day counts after the
dated ones on both databases.
"""

import datetime

import pytest

from utblick.organisations.tests.factories import OrganisationFactory
from utblick.strategies.models import Direction, Strategy, StrategyOwnership, StrategyVersion, VersionStatus
from utblick.strategies.selectors import directions_in_force

TODAY = datetime.date.today()


def _strategy(slug, *owners):
    strategy = Strategy.objects.create(name=slug, slug=slug)
    for owner in owners:
        StrategyOwnership.objects.create(strategy=strategy, organisation=owner)
    return strategy


def _version(strategy, label, *, status=VersionStatus.ADOPTED, adopted_on=None, valid_from=None, direction=None):
    version = StrategyVersion.objects.create(
        strategy=strategy, label=label, status=status, adopted_on=adopted_on, valid_from=valid_from
    )
    Direction.objects.create(version=version, code=label, name=direction or f"Inriktning {label}")
    return version


@pytest.mark.django_db
@pytest.mark.requirement("VX-6")
def test_the_latest_valid_adopted_version_is_in_force_and_drafts_and_future_ones_are_not():
    organisation = OrganisationFactory()
    strategy = _strategy("strategi", organisation)
    _version(strategy, "2013", adopted_on=datetime.date(2013, 5, 2))  # no valid-from day
    current = _version(strategy, "2021", adopted_on=datetime.date(2021, 2, 1), valid_from=datetime.date(2021, 3, 1))
    _version(strategy, "utkast", status=VersionStatus.DRAFT, valid_from=TODAY - datetime.timedelta(days=1))
    _version(strategy, "2030", adopted_on=TODAY, valid_from=TODAY + datetime.timedelta(days=30))

    assert strategy.current_version() == current
    assert list(StrategyVersion.objects.in_force(organisation)) == [current]
    assert [d.name for d in directions_in_force(organisation)] == ["Inriktning 2021"]
    # On the day the next one takes effect, it is the one in force.
    assert strategy.current_version(TODAY + datetime.timedelta(days=30)).label == "2030"


@pytest.mark.django_db
@pytest.mark.requirement("VX-6")
def test_without_valid_from_days_the_latest_adopted_version_is_in_force():
    organisation = OrganisationFactory()
    strategy = _strategy("strategi", organisation)
    _version(strategy, "2013", adopted_on=datetime.date(2013, 5, 2))
    later = _version(strategy, "2019", adopted_on=datetime.date(2019, 6, 3))

    assert strategy.current_version() == later
    assert list(StrategyVersion.objects.in_force(organisation)) == [later]


@pytest.mark.django_db
@pytest.mark.requirement("LN-11")
def test_each_owned_strategy_contributes_its_version_and_others_strategies_do_not():
    organisation, neighbour = OrganisationFactory(), OrganisationFactory()
    own = _strategy("egen", organisation)
    joint = _strategy("gemensam", organisation, neighbour)
    theirs = _strategy("grannens", neighbour)
    _version(own, "2018", adopted_on=datetime.date(2018, 1, 1), direction="Egen inriktning")
    joint_version = _version(joint, "2020", adopted_on=datetime.date(2020, 1, 1), direction="Gemensam inriktning")
    _version(theirs, "2022", adopted_on=datetime.date(2022, 1, 1), direction="Grannens inriktning")
    Direction.objects.create(version=joint_version, code="n", name="Grannens egen del", organisation=neighbour)

    assert sorted(v.strategy.slug for v in StrategyVersion.objects.in_force(organisation)) == ["egen", "gemensam"]
    assert sorted(d.name for d in directions_in_force(organisation)) == ["Egen inriktning", "Gemensam inriktning"]
    assert sorted(d.name for d in directions_in_force(neighbour)) == [
        "Gemensam inriktning",
        "Grannens egen del",
        "Grannens inriktning",
    ]


@pytest.mark.django_db
def test_an_organisation_without_an_adopted_strategy_has_no_directions_in_force():
    organisation = OrganisationFactory()
    _version(_strategy("utkast", organisation), "utkast", status=VersionStatus.DRAFT)

    assert not StrategyVersion.objects.in_force(organisation).exists()
    assert list(directions_in_force(organisation)) == []
