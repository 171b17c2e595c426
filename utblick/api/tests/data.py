"""A small register with one of everything, for the tests that walk the whole API."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

D = datetime.date


@dataclass
class Register:
    engagements: list[int] = field(default_factory=list)
    by_kind: dict[str, int] = field(default_factory=dict)
    ids: dict[str, list[int]] = field(default_factory=dict)
    parents: dict[str, int] = field(default_factory=dict)


def build_register(world: Any) -> Register:
    """Every kind of engagement in organisation A, sub-records under their own parents, and the rest."""
    from utblick.engagements.choices import Kind
    from utblick.engagements.models import (
        Advocacy,
        Agreement,
        AgreementReview,
        Evaluation,
        Exchange,
        NetworkMembership,
        Project,
        Representation,
        Training,
        Trip,
        TripLeg,
        Visit,
        VisitAssessment,
    )
    from utblick.engagements.tests.factories import EngagementFactory, PartnerFactory
    from utblick.followup.models import Deviation, ReportBuild
    from utblick.organisations.choices import UnitRoleKind
    from utblick.organisations.tests.factories import PersonFactory, UnitRoleFactory
    from utblick.strategies.tests.factories import strategy_for

    org, unit = world.org_a, world.unit_a
    strategy = strategy_for(org)
    city = PartnerFactory(organisation=org, name="Kongsberg", country="NO")
    network = PartnerFactory(organisation=org, name="Eurocities", country="BE", kind="network")
    person = PersonFactory(organisation=org, name="Karin Berg")
    role = UnitRoleFactory(unit=unit, person=person, role=UnitRoleKind.CONTACT_PERSON)
    register = Register()

    def engagement(kind: str, **extra: Any) -> Any:
        return EngagementFactory(owner_unit=unit, kind=kind, title=f"{kind} {len(register.engagements)}", **extra)

    def details(kind: str, made: Any) -> None:
        if kind == Kind.PROJECT:
            Project.objects.create(engagement=made, programme="interreg")
        elif kind == Kind.MEMBERSHIP:
            NetworkMembership.objects.create(engagement=made, network=network, purpose="Påverkan")
        elif kind == Kind.AGREEMENT:
            Agreement.objects.create(engagement=made, partner_city=city, agreement_type="twin")
        elif kind == Kind.VISIT:
            Visit.objects.create(engagement=made, direction="incoming")
        elif kind == Kind.TRIP:
            Trip.objects.create(engagement=made)
        elif kind == Kind.TRAINING:
            Training.objects.create(engagement=made, topic="EU-program", staff=4)
        elif kind == Kind.REPRESENTATION:
            Representation.objects.create(engagement=made, person=person, holder="official", body="CEMR")
        elif kind == Kind.ADVOCACY:
            Advocacy.objects.create(engagement=made, file_reference="2026/0001(COD)", position="Stöd")

    for kind in Kind.values:
        made = engagement(kind)
        details(kind, made)
        register.engagements.append(made.pk)
        register.by_kind[kind] = made.pk
    # Parents of sub-records are their own engagements, so a generated DELETE of one does not end the walk.
    agreement, membership, trip = engagement(Kind.AGREEMENT), engagement(Kind.MEMBERSHIP), engagement(Kind.TRIP)
    visit = engagement(Kind.VISIT)
    for kind, made in (
        (Kind.AGREEMENT, agreement),
        (Kind.MEMBERSHIP, membership),
        (Kind.TRIP, trip),
        (Kind.VISIT, visit),
    ):
        details(kind, made)
    register.parents = {"agreement": agreement.pk, "membership": membership.pk, "trip": trip.pk, "visit": visit.pk}
    assessment = VisitAssessment.objects.create(visit=visit.visit, capacity="Vi har plats.")
    exchange = Exchange.objects.create(
        agreement=agreement.agreement, happened_on=D(2026, 4, 1), kind="cultural", description="Körresa"
    )
    review = AgreementReview.objects.create(agreement=agreement.agreement, deadline=D(2026, 12, 31))
    evaluation = Evaluation.objects.create(
        membership=membership.membership, evaluated_on=D(2026, 1, 15), evaluated_by="KS", verdict="continue"
    )
    leg = TripLeg.objects.create(
        trip=trip.trip, from_city="Växjö", from_country="SE", to_city="Bryssel", to_country="BE", mode="air"
    )
    deviation = Deviation.objects.create(
        organisation=org,
        unit=unit,
        rule_key="directions_required",
        subject_type=ContentType.objects.get_for_model(agreement),
        subject_id=agreement.pk,
        subject_label=agreement.title,
        fingerprint=f"register-{agreement.pk}",
        first_seen=timezone.now(),
        last_seen=timezone.now(),
    )
    build = ReportBuild.objects.create(
        organisation=org, parameters={"kind": "year", "year": "2026"}, file_format="xlsx", state="done", content=b"x"
    )
    items, profiles = watch_desk(world)
    register.ids = {
        "engagements": register.engagements,
        "exchanges": [exchange.pk],
        "reviews": [review.pk],
        "evaluations": [evaluation.pk],
        "legs": [leg.pk],
        "assessments": [assessment.pk],
        "partners": [city.pk, network.pk],
        "people": [person.pk],
        "roles": [role.pk],
        "units": [world.unit_a.pk, world.other_unit_a.pk],
        "deviations": [deviation.pk],
        "reports": [build.pk],
        "strategies": [strategy.pk],
        "watch-items": items,
        "watch-profiles": profiles,
    }
    return register


def watch_desk(world: Any) -> tuple[list[int], list[int]]:
    """Items of every origin (the installation's, A's import, A's entered by hand) and two units' profiles."""
    from utblick.watch.models import Item, WatchProfile
    from utblick.watch.services import item_save
    from utblick.watch.tests.factories import LIFE_CALL, SourceFactory, add_items, call

    shared = add_items(
        SourceFactory(name="EU Funding & Tenders"), call("LIFE-2027-CCA", "Climate adaptation", **LIFE_CALL)
    )
    own = add_items(SourceFactory(organisation=world.org_a, name="Region"), call("R-1", "Regional klimatpott"))
    # Several entered by hand, so a generated DELETE of one leaves others to change.
    manual = [
        item_save(item=Item(identifier=f"M-{n}", title=f"Lokal utlysning {n}"), organisation=world.org_a, user=None)
        for n in range(3)
    ]
    # The other unit has none, so a generated POST can make one.
    profiles = [
        WatchProfile.objects.create(unit=unit, keywords="klimatanpassning = climate adaptation", programmes=["life"])
        for unit in (world.unit_a, world.central_office_a)
    ]
    return [item.pk for item in [*shared, *own, *manual]], [profile.pk for profile in profiles]
