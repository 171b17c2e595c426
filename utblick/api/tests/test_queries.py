"""List endpoints make the same number of queries for 10 rows as for 1,000 (X-6)."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from utblick.engagements.models import (
    Agreement,
    Engagement,
    Exchange,
    NetworkMembership,
    Partner,
    Project,
    Trip,
    TripLeg,
)
from utblick.followup.models import Deviation
from utblick.organisations.models import Person, Unit, UnitRole
from utblick.strategies.models import Dimension, Theme
from utblick.strategies.tests.factories import strategy_for
from utblick.watch.models import Item, Source, WatchProfile

pytestmark = pytest.mark.requirement("X-6")
KINDS = ["project", "membership", "agreement", "trip"]


def grow(world, parents, count):
    """Bulk rows up to ``count`` of each listed thing (factories would take minutes for 1,000)."""
    org, unit = world.org_a, world.unit_a
    direction = strategy_for(org).versions.get().directions.first() if not parents.get("direction") else None
    parents.setdefault("direction", direction)
    have = Engagement.objects.filter(organisation=org).count()
    engagements = Engagement.objects.bulk_create(
        [
            Engagement(
                organisation=org,
                owner_unit=unit,
                kind=KINDS[n % 4],
                title=f"E{n}",
                status="idea",
                starts_on=datetime.date(2026, 1, 1),
                countries=["NO"],
            )
            for n in range(have, count)
        ]
    )
    partners = Partner.objects.bulk_create(
        [
            Partner(organisation=org, name=f"P{n}", country="NO", region_group="nordic")
            for n in range(Partner.objects.count(), count)
        ]
    )
    network = parents.setdefault("network", Partner.objects.first() or partners[0])
    for engagement in engagements:
        if engagement.kind == "project":
            Project.objects.create(engagement=engagement)
        elif engagement.kind == "membership":
            NetworkMembership.objects.create(engagement=engagement, network=network)
        elif engagement.kind == "agreement":
            Agreement.objects.create(engagement=engagement, partner_city=network)
        else:
            Trip.objects.create(engagement=engagement)
    Engagement.directions.through.objects.bulk_create(
        [Engagement.directions.through(engagement=e, direction=parents["direction"]) for e in engagements]
    )
    Engagement.partners.through.objects.bulk_create(
        [Engagement.partners.through(engagement=e, partner=network) for e in engagements]
    )
    people = Person.objects.bulk_create(
        [Person(organisation=org, name=f"Person {n}") for n in range(Person.objects.count(), count)]
    )
    UnitRole.objects.bulk_create([UnitRole(person=p, unit=unit, role="member") for p in people])
    agreement = parents.setdefault("agreement", Agreement.objects.first())
    trip = parents.setdefault("trip", Trip.objects.first())
    Exchange.objects.bulk_create(
        [
            Exchange(agreement=agreement, happened_on=datetime.date(2026, 1, 1), kind="school", description=f"X{n}")
            for n in range(Exchange.objects.count(), count)
        ]
    )
    TripLeg.objects.bulk_create(
        [
            TripLeg(
                trip=trip,
                from_city="Växjö",
                from_country="SE",
                to_city="Oslo",
                to_country="NO",
                mode="rail",
                from_latitude=56.9,
                from_longitude=14.8,
                to_latitude=59.9,
                to_longitude=10.7,
            )
            for n in range(TripLeg.objects.count(), count)
        ]
    )
    grow_watch(world, parents, count)
    kind = ContentType.objects.get_for_model(Engagement)
    now = timezone.now()
    Deviation.objects.bulk_create(
        [
            Deviation(
                organisation=org,
                unit=unit,
                rule_key="directions_required",
                subject_type=kind,
                subject_id=n,
                subject_label=f"D{n}",
                fingerprint=f"q-{n}",
                first_seen=now,
                last_seen=now,
            )
            for n in range(Deviation.objects.count(), count)
        ]
    )


def grow_watch(world, parents, count):
    """Items of the installation's and of A's own source, and a profile (with a direction) per unit."""
    org = world.org_a
    if "shared_source" not in parents:
        parents["shared_source"] = Source.objects.create(name="EU Funding & Tenders")
        parents["own_source"] = Source.objects.create(organisation=org, name="Region")
    shared, own = parents["shared_source"], parents["own_source"]
    have = Item.objects.count()
    deadline = timezone.localdate() + datetime.timedelta(days=60)
    Item.objects.bulk_create(
        [
            Item(
                source=shared if n % 2 else own,
                identifier=f"I-{n}",
                title=f"Utlysning {n}",
                status="open",
                deadlines=[deadline.isoformat()],
                closes_on=deadline,
            )
            for n in range(have, count)
        ]
    )
    units = Unit.objects.bulk_create(
        [
            Unit(organisation=org, kind="department", name=f"Enhet {n}", slug=f"enhet-{n}")
            for n in range(WatchProfile.objects.count(), count)
        ]
    )
    profiles = WatchProfile.objects.bulk_create(
        [WatchProfile(unit=unit, keywords="hamn = port", programmes=["cef"]) for unit in units]
    )
    if "theme" not in parents:
        version = parents["direction"].version
        dimension = Dimension.objects.create(version=version, code="ledord", name="Ledord")
        parents["theme"] = Theme.objects.create(dimension=dimension, code="hamn", name="Hamnen")
    WatchProfile.directions.through.objects.bulk_create(
        [WatchProfile.directions.through(watchprofile=p, direction=parents["direction"]) for p in profiles]
    )
    WatchProfile.themes.through.objects.bulk_create(
        [WatchProfile.themes.through(watchprofile=p, theme=parents["theme"]) for p in profiles]
    )


def list_addresses(world, parents):
    base = f"/api/v1/organisations/{world.org_a.slug}"
    return [
        f"{base}/engagements/",
        f"{base}/engagements/?direction={parents['direction'].pk}&country=NO&ordering=title",
        f"{base}/partners/",
        f"{base}/people/",
        f"{base}/roles/",
        f"{base}/deviations/",
        f"{base}/engagements/{parents['agreement'].pk}/exchanges/",
        f"{base}/engagements/{parents['trip'].pk}/legs/",
        f"{base}/watch-items/",
        f"{base}/watch-items/?status=open&deadline_within=90&ordering=-first_seen",
        f"{base}/watch-profiles/",
    ]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page_size": 500} if "?" not in url else None)
    assert response.status_code == 200, response.content[:500]
    return len(queries), len(response.json()["results"])


def test_list_endpoints_do_not_query_per_row(world, api):
    client = api("reader_a")
    parents: dict = {}
    grow(world, parents, 10)
    addresses = list_addresses(world, parents)
    client.get(addresses[0])  # the token's first use is recorded once; later calls only read
    small = {url: count_queries(client, url) for url in addresses}
    grow(world, parents, 1000)
    large = {url: count_queries(client, url) for url in addresses}
    for url in addresses:
        (queries_small, rows_small), (queries_large, rows_large) = small[url], large[url]
        print(f"{url}: {queries_small} queries for {rows_small} rows, {queries_large} for {rows_large}")
        assert rows_large > rows_small, url
        assert queries_large == queries_small, (
            f"{url}: {queries_small} queries at {rows_small} rows, {queries_large} at {rows_large}"
        )
