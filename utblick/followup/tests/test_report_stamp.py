"""A built report is reused only while nothing it reads has changed (VX-9, docs/adr/0027).

The reuse key is ``report_data_stamp``: the organisation's stamp, raised by every save, deletion and
link change of the records a report reads (the register, the units, the strategy, the deviations),
from whichever side a link is changed.
"""

import datetime

import pytest

from utblick.engagements.choices import Kind
from utblick.engagements.models import Agreement, AgreementReview, BudgetLine, Trip, TripLeg
from utblick.engagements.tests.factories import EngagementFactory, PartnerFactory
from utblick.followup.selectors import report_data_stamp
from utblick.strategies.models import Direction, Indicator
from utblick.strategies.tests.factories import strategy_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(world):
    strategy_for(world.org_a)
    partner = PartnerFactory(organisation=world.org_a, name="Ålesund")
    twinning = EngagementFactory(organisation=world.org_a, owner_unit=world.unit_a, kind=Kind.AGREEMENT)
    agreement = Agreement.objects.create(engagement=twinning, partner_city=partner)
    trip = EngagementFactory(organisation=world.org_a, owner_unit=world.unit_a, kind=Kind.TRIP)
    Trip.objects.create(engagement=trip)
    return {"partner": partner, "agreement": agreement, "trip": trip, "direction": Direction.objects.first()}


CHANGES = {
    "a budget line added": lambda r: BudgetLine.objects.create(engagement=r["trip"], label="Resor", planned=20_000),
    "an agreement review due": lambda r: AgreementReview.objects.create(
        agreement=r["agreement"], deadline=datetime.date(2027, 3, 1)
    ),
    "a partner renamed": lambda r: (setattr(r["partner"], "name", "Aalesund"), r["partner"].save()),
    "a direction linked from the engagement": lambda r: r["trip"].directions.add(r["direction"]),
    "an engagement linked from the direction": lambda r: r["direction"].engagements.add(r["trip"]),
    "a partner linked": lambda r: r["trip"].partners.add(r["partner"]),
    "a related engagement linked": lambda r: r["trip"].related.add(r["agreement"].engagement),
    "the direction renamed": lambda r: (setattr(r["direction"], "name", "Ny inriktning"), r["direction"].save()),
    "an indicator followed": lambda r: Indicator.objects.create(
        version=r["direction"].version, key="external_funding_granted_sek"
    ),
    "the unit renamed": lambda r: (
        setattr(r["trip"].owner_unit, "name", "Näringslivsenheten"),
        r["trip"].owner_unit.save(),
    ),
    "a trip leg recorded": lambda r: TripLeg.objects.create(
        trip=r["trip"].trip, from_city="Växjö", from_country="SE", to_city="Bryssel", to_country="BE", mode="rail"
    ),
}


@pytest.mark.requirement("VX-9")
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_each_change_a_report_reads_renews_its_stamp_and_nothing_else_does(world, register, change):
    before = report_data_stamp(organisation=world.org_a)
    other = report_data_stamp(organisation=world.org_b)
    assert report_data_stamp(organisation=world.org_a) == before  # reading changes nothing

    CHANGES[change](register)

    assert report_data_stamp(organisation=world.org_a) != before
    assert report_data_stamp(organisation=world.org_b) == other  # another organisation's report is still good


@pytest.mark.requirement("VX-9")
def test_links_cleared_from_the_other_side_renew_the_stamp(world, register):
    register["direction"].engagements.add(register["trip"])
    before = report_data_stamp(organisation=world.org_a)

    register["direction"].engagements.clear()

    assert report_data_stamp(organisation=world.org_a) != before
    assert not register["trip"].directions.exists()
