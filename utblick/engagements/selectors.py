"""Reads of the register that encode rules: what a user sees, in which shape."""

from typing import Any

from django.db.models import Prefetch, QuerySet

from utblick.core.models import Visitor
from utblick.organisations.models import Organisation
from utblick.strategies.models import Direction

from .models import Engagement, country_name


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
        context["evaluation_due_on"] = detail.evaluation_due_on()
    if engagement.kind == "agreement" and detail is not None:
        context["exchanges"] = detail.exchanges.all()
        context["reviews"] = detail.reviews.all()
    if engagement.kind == "trip" and detail is not None:
        context["legs"] = detail.legs.all()
    if engagement.kind == "project" and detail is not None:
        context["stage_changes"] = detail.stage_changes.all()
    return context
