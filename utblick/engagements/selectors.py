"""Reads of the register that encode rules: what a user sees, in which shape."""

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from utblick.core.history import Entry, history_entries, history_entries_of, merged
from utblick.core.models import Visitor
from utblick.organisations.models import Organisation
from utblick.strategies.models import Direction

from .choices import Kind, PartnerKind, Status
from .models import (
    KIND_MODELS,
    Agreement,
    AgreementReview,
    Attachment,
    BudgetLine,
    Engagement,
    Evaluation,
    Exchange,
    NetworkMembership,
    Partner,
    TripLeg,
    VisitAssessment,
    country_name,
)

CLOSED = (Status.COMPLETED, Status.CANCELLED)


def engagement_list(*, organisation: Organisation, user: Visitor) -> QuerySet[Engagement]:
    """Visible engagements with what the list shows, in a fixed number of queries."""
    return (
        Engagement.objects.visible_to(user)
        .in_organisation(organisation)
        .select_related("owner_unit", "organisation")
        .prefetch_related(Prefetch("directions", queryset=Direction.objects.order_by("order")))
    )


def engagement_detail_context(*, engagement: Engagement) -> dict[str, Any]:
    detail = engagement.detail
    context: dict[str, Any] = {
        "detail": detail,
        "countries": [country_name(code) for code in engagement.countries or []],
        "budget_lines": (lines := list(engagement.budget_lines.all())),
        "budget_totals": {
            column: sum((getattr(line, column) or 0) for line in lines) for column in ("planned", "decided", "spent")
        },
        "attachments": engagement.attachments.all(),
        "related": engagement.related.select_related("owner_unit"),
    }
    if engagement.kind == "membership" and detail is not None:
        context["evaluations"] = detail.evaluations.all()
        # An ended membership is evaluated no more.
        context["evaluation_due_on"] = None if engagement.status in CLOSED else detail.evaluation_due_on()
    if engagement.kind == "agreement" and detail is not None:
        context["exchanges"] = detail.exchanges.all()
        context["reviews"] = detail.reviews.all()
        context["active_since"] = detail.active_since()
    if engagement.kind == "trip" and detail is not None:
        context["legs"] = detail.legs.select_related("trip__factor_set")
    if engagement.kind == "project" and detail is not None:
        context["stage_changes"] = detail.stage_changes.all()
    return context


# -- The partner map ------------------------------------------------------------------------------


class MapCategory(models.TextChoices):
    """What a partner is to the organisation, as the map colours and shapes it."""

    TWIN = "twin", _("twin city or partner city")
    PROJECT = "project", _("project partner")
    NETWORK = "network", _("network")
    OTHER = "other", _("other partner")


# A partner that is several things is drawn as the first of these.
CATEGORY_ORDER = (MapCategory.TWIN, MapCategory.PROJECT, MapCategory.NETWORK, MapCategory.OTHER)
KIND_CATEGORY: dict[str, str] = {
    Kind.AGREEMENT: MapCategory.TWIN,
    Kind.PROJECT: MapCategory.PROJECT,
    Kind.MEMBERSHIP: MapCategory.NETWORK,
}


@dataclass
class MappedPartner:
    """A partner on the map with what it is to the organisation and how many engagements link it."""

    partner: Partner
    categories: set[str] = field(default_factory=set)
    engagements: set[int] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)

    @property
    def category(self) -> str:
        for category in CATEGORY_ORDER:
            if category in self.categories:
                return category
        return MapCategory.NETWORK if self.partner.kind == PartnerKind.NETWORK else MapCategory.OTHER

    @property
    def category_label(self) -> str:
        return str(MapCategory(self.category).label)

    @property
    def engagement_count(self) -> int:
        return len(self.engagements)


def partner_map(
    *, partners: QuerySet[Partner], engagements: QuerySet[Engagement], category: str = "", linked_only: bool = False
) -> list[MappedPartner]:
    """The partners with what they are to the organisation, through the given engagements, in four queries.

    A partner is linked to an engagement as one of its partners, as the city of an agreement or as the
    network of a membership. ``linked_only``: only partners of the given engagements (a filtered map, the
    public map); otherwise every partner, those without engagements as "other".
    """
    found = {partner.pk: MappedPartner(partner) for partner in partners.select_related("organisation").order_by("name")}
    engagement_ids = engagements.values("pk")
    links = [
        Engagement.partners.through.objects.filter(engagement__in=engagement_ids).values_list(
            "partner_id", "engagement_id", "engagement__kind"
        ),
        Agreement.objects.filter(engagement__in=engagement_ids).values_list(
            "partner_city_id", "engagement_id", "engagement__kind"
        ),
        NetworkMembership.objects.filter(engagement__in=engagement_ids).values_list(
            "network_id", "engagement_id", "engagement__kind"
        ),
    ]
    for rows in links:
        for partner_id, engagement_id, kind in rows:
            mapped = found.get(partner_id)
            if mapped is not None:
                mapped.engagements.add(engagement_id)
                mapped.categories.add(KIND_CATEGORY.get(kind, MapCategory.OTHER))
    result = [mapped for mapped in found.values() if mapped.engagements or not linked_only]
    if category:
        result = [mapped for mapped in result if mapped.category == category]
    return result


# The records logged under an engagement: how each finds its engagement in its history rows, and the
# field that tells one from another in the history.
LOGGED_RECORDS: list[tuple[Any, str, str]] = [
    (Evaluation, "membership_id", "evaluated_on"),
    (Exchange, "agreement_id", "happened_on"),
    (AgreementReview, "agreement_id", "deadline"),
    (TripLeg, "trip_id", "to_city"),
    (BudgetLine, "engagement_id", "label"),
    (Attachment, "engagement_id", "title"),
]


def engagement_history(*, engagement: Engagement) -> list[Entry]:
    """The engagement's *Historik*: its own changes, its kind's record and every record logged under it
    (removed ones too), newest first — so a decision on a review shows where the agreement is (X-4)."""

    def named(model: Any, field: str) -> Any:
        return lambda record: f"{str(model._meta.verbose_name).capitalize()} {getattr(record, field)}"

    histories = [history_entries(engagement)]
    kind_model = KIND_MODELS.get(engagement.kind)
    if kind_model is not None:
        kind_label = str(kind_model._meta.verbose_name).capitalize()
        histories.append(
            history_entries_of(
                kind_model,
                kind_model.history.filter(engagement_id=engagement.pk),
                lambda _: kind_label,
                hidden=frozenset({"engagement"}),
            )
        )
    for model, link, label_field in LOGGED_RECORDS:
        rows = model.history.filter(**{link: engagement.pk})
        histories.append(history_entries_of(model, rows, named(model, label_field), hidden=frozenset({link[:-3]})))
    if engagement.kind == "visit":
        label = str(VisitAssessment._meta.verbose_name).capitalize()
        rows = VisitAssessment.history.filter(visit_id=engagement.pk)
        histories.append(history_entries_of(VisitAssessment, rows, lambda _: label, hidden=frozenset({"visit"})))
    return merged(*histories)
