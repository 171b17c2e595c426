from utblick.core.testing import (
    COORDINATORS_WRITE,
    MEMBERS_READ,
    OTHER_UNIT_WRITE,
    UNIT_EDITORS_WRITE,
    UrlCase,
    expect,
)
from utblick.engagements.choices import AgreementType, Kind
from utblick.engagements.models import Agreement, NetworkMembership, Project, Trip, Visit

from .factories import EngagementFactory, PartnerFactory

# Pages that create in one's own units: coordinators and editors; readers 403.
WRITERS = expect(200, 200, 200, 403, 404, "login")


def org(world):
    return {"org": world.org_a.slug}


def kind(world):
    return {"org": world.org_a.slug, "kind": "project"}


def _engagement(world, unit, kind=Kind.PROJECT):
    engagement = EngagementFactory(owner_unit=unit, kind=kind)
    if kind == Kind.PROJECT:
        Project.objects.create(engagement=engagement)
    elif kind == Kind.MEMBERSHIP:
        NetworkMembership.objects.create(engagement=engagement, network=PartnerFactory(organisation=world.org_a))
    elif kind == Kind.AGREEMENT:
        Agreement.objects.create(
            engagement=engagement,
            partner_city=PartnerFactory(organisation=world.org_a),
            agreement_type=AgreementType.TWIN,
        )
    elif kind == Kind.TRIP:
        Trip.objects.create(engagement=engagement)
    elif kind == Kind.VISIT:
        Visit.objects.create(engagement=engagement, direction="incoming", requester="Tartu")
    return engagement


def own(world):
    """An engagement of the editor's own unit."""
    return {"org": world.org_a.slug, "pk": _engagement(world, world.unit_a).pk}


def own_where_editors_publish(world):
    """An engagement of the editor's own unit, in an organisation that lets editors publish (X-5)."""
    world.org_a.editors_may_publish = True
    world.org_a.save()
    return own(world)


def others(world):
    """An engagement of a unit the editor does not edit."""
    return {"org": world.org_a.slug, "pk": _engagement(world, world.other_unit_a).pk}


def membership(world):
    return {"org": world.org_a.slug, "pk": _engagement(world, world.unit_a, Kind.MEMBERSHIP).pk}


def agreement(world):
    return {"org": world.org_a.slug, "pk": _engagement(world, world.unit_a, Kind.AGREEMENT).pk}


def trip(world):
    return {"org": world.org_a.slug, "pk": _engagement(world, world.unit_a, Kind.TRIP).pk}


def attachment(world):
    from django.core.files.base import ContentFile

    from utblick.engagements.models import Attachment

    item = Attachment(engagement=_engagement(world, world.unit_a), title="Beslut")
    item.file.save("beslut.txt", ContentFile(b"Beslut om medlemskap"), save=True)
    return {"org": world.org_a.slug, "pk": item.pk}


def _record(world, kind, make, unit=None):
    engagement = _engagement(world, unit or world.unit_a, kind)
    return {"org": world.org_a.slug, "engagement": engagement.pk, "pk": make(engagement).pk}


def evaluation(world):
    from utblick.engagements.models import Evaluation

    return _record(
        world,
        Kind.MEMBERSHIP,
        lambda e: Evaluation.objects.create(
            membership=e.membership, evaluated_on="2026-02-01", evaluated_by="KS", verdict="continue"
        ),
    )


def exchange(world):
    from utblick.engagements.models import Exchange

    return _record(
        world,
        Kind.AGREEMENT,
        lambda e: Exchange.objects.create(agreement=e.agreement, happened_on="2026-05-04", kind="school"),
    )


def review(world, unit=None):
    from utblick.engagements.models import AgreementReview

    return _record(
        world,
        Kind.AGREEMENT,
        lambda e: AgreementReview.objects.create(agreement=e.agreement, deadline="2026-12-31"),
        unit=unit,
    )


def others_review(world):
    return review(world, unit=world.other_unit_a)


def leg(world):
    from utblick.engagements.models import TripLeg

    return _record(
        world,
        Kind.TRIP,
        lambda e: TripLeg.objects.create(
            trip=e.trip, from_city="Växjö", from_country="SE", to_city="Oslo", to_country="NO", mode="rail"
        ),
    )


def decided_visit(world):
    from utblick.engagements.models import Visit

    engagement = EngagementFactory(owner_unit=world.unit_a, kind=Kind.VISIT)
    Visit.objects.create(
        engagement=engagement, direction="incoming", requester="Tartu", decision="accept", decision_reason="Välkomna."
    )
    return {"org": world.org_a.slug, "pk": engagement.pk}


def visit_request(world):
    """An incoming request of the editor's own unit (ST-3)."""
    return {"org": world.org_a.slug, "pk": _engagement(world, world.unit_a, Kind.VISIT).pk}


def assessed_request(world):
    """An incoming request already assessed against the strategy (ST-3)."""
    from utblick.engagements.models import VisitAssessment

    kwargs = visit_request(world)
    VisitAssessment.objects.create(visit_id=kwargs["pk"], capacity="Vi har plats.")
    return kwargs


def budget_line(world):
    from utblick.engagements.models import BudgetLine

    line = BudgetLine.objects.create(engagement=_engagement(world, world.unit_a), label="Resor", planned=40000)
    return {"org": world.org_a.slug, "pk": line.pk}


def others_budget_line(world):
    from utblick.engagements.models import BudgetLine

    line = BudgetLine.objects.create(engagement=_engagement(world, world.other_unit_a), label="Resor")
    return {"org": world.org_a.slug, "pk": line.pk}


def placed_partners(world):
    """Partners on the map: a twin city, one by hand, and one not placed."""
    from utblick.engagements.choices import Placement
    from utblick.engagements.models import Partner

    if Partner.objects.filter(organisation=world.org_a, name="Gdańsk").exists():
        return org(world)  # another page of the same walk placed them already
    _engagement(world, world.unit_a, Kind.AGREEMENT)
    PartnerFactory(organisation=world.org_a, name="Gdańsk", country="PL", latitude=54.35, longitude=18.65)
    PartnerFactory(
        organisation=world.org_a,
        name="Skagafjörður",
        country="IS",
        latitude=65.7,
        longitude=-19.6,
        placement=Placement.MANUAL,
    )
    PartnerFactory(organisation=world.org_a, name="Budafok-Tétény", country="HU")
    return org(world)


def partner(world):
    return {"org": world.org_a.slug, "pk": PartnerFactory(organisation=world.org_a).pk}


def import_job(world):
    from utblick.engagements.models import EngagementImport

    job = EngagementImport.objects.create(
        organisation=world.org_a, kind=Kind.TRAINING, filename="kurser.csv", state="done", created_count=3
    )
    return {"org": world.org_a.slug, "pk": job.pk}


CASES = [
    UrlCase("engagements:engagement_list", MEMBERS_READ, org),
    UrlCase("engagements:engagement_export", MEMBERS_READ, org, query="format=csv"),
    UrlCase("engagements:kind_list", MEMBERS_READ, kind),
    UrlCase("engagements:engagement_add", WRITERS, kind),
    UrlCase("engagements:import", WRITERS, kind),
    UrlCase("engagements:import_job", MEMBERS_READ, import_job),
    UrlCase("engagements:import_template", MEMBERS_READ, kind),
    UrlCase("engagements:engagement", MEMBERS_READ, own),
    UrlCase("engagements:engagement_history", MEMBERS_READ, own),
    UrlCase("engagements:visit_reply", MEMBERS_READ, decided_visit, query="language=en"),
    UrlCase("engagements:visit_assessment", UNIT_EDITORS_WRITE, visit_request),
    UrlCase("engagements:visit_assessment", UNIT_EDITORS_WRITE, assessed_request),
    UrlCase("engagements:visit_assessment_history", MEMBERS_READ, assessed_request),
    UrlCase("engagements:engagement_edit", UNIT_EDITORS_WRITE, own),
    UrlCase("engagements:engagement_edit", OTHER_UNIT_WRITE, others),
    UrlCase("engagements:engagement_delete", UNIT_EDITORS_WRITE, own),
    UrlCase("engagements:engagement_publish", COORDINATORS_WRITE, own),
    UrlCase("engagements:engagement_publish", UNIT_EDITORS_WRITE, own_where_editors_publish),
    UrlCase("engagements:engagement_unpublish", COORDINATORS_WRITE, own),
    UrlCase("engagements:evaluation_add", UNIT_EDITORS_WRITE, membership),
    UrlCase("engagements:exchange_add", UNIT_EDITORS_WRITE, agreement),
    UrlCase("engagements:agreement_review_add", UNIT_EDITORS_WRITE, agreement),
    UrlCase("engagements:leg_add", UNIT_EDITORS_WRITE, trip),
    UrlCase("engagements:attachment_add", UNIT_EDITORS_WRITE, own),
    UrlCase("engagements:attachment", MEMBERS_READ, attachment),
    UrlCase("engagements:attachment_delete", UNIT_EDITORS_WRITE, attachment),
    UrlCase("engagements:evaluation_edit", UNIT_EDITORS_WRITE, evaluation),
    UrlCase("engagements:evaluation_delete", UNIT_EDITORS_WRITE, evaluation),
    UrlCase("engagements:exchange_edit", UNIT_EDITORS_WRITE, exchange),
    UrlCase("engagements:exchange_delete", UNIT_EDITORS_WRITE, exchange),
    UrlCase("engagements:agreement_review_edit", UNIT_EDITORS_WRITE, review),
    UrlCase("engagements:agreement_review_edit", OTHER_UNIT_WRITE, others_review),
    UrlCase("engagements:agreement_review_delete", UNIT_EDITORS_WRITE, review),
    UrlCase("engagements:leg_edit", UNIT_EDITORS_WRITE, leg),
    UrlCase("engagements:leg_delete", UNIT_EDITORS_WRITE, leg),
    UrlCase("engagements:budget_line_add", UNIT_EDITORS_WRITE, own),
    UrlCase("engagements:budget_line_add", OTHER_UNIT_WRITE, others),
    UrlCase("engagements:budget_line_edit", UNIT_EDITORS_WRITE, budget_line),
    UrlCase("engagements:budget_line_edit", OTHER_UNIT_WRITE, others_budget_line),
    UrlCase("engagements:budget_line_delete", UNIT_EDITORS_WRITE, budget_line),
    UrlCase("engagements:partner_list", MEMBERS_READ, org),
    UrlCase("engagements:partner_add", WRITERS, org),
    UrlCase("engagements:partner_map", MEMBERS_READ, placed_partners),
    UrlCase("engagements:partner_map", MEMBERS_READ, placed_partners, query="status=ongoing&category=twin&view=europe"),
    UrlCase("engagements:partner_map", MEMBERS_READ, placed_partners, query="view=10.00,50.00,20.00,60.00"),
    UrlCase("engagements:partner", MEMBERS_READ, partner),
    UrlCase("engagements:partner_edit", WRITERS, partner),
]
