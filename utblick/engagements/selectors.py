"""Reads of the register that encode rules: what a user sees, in which shape."""

from typing import Any

from django.db.models import Prefetch, QuerySet

from utblick.core.history import Entry, history_entries, history_entries_of, merged
from utblick.organisations.models import Organisation
from utblick.strategies.models import Direction

from .choices import Status
from .models import (
    KIND_MODELS,
    AgreementReview,
    Attachment,
    BudgetLine,
    Engagement,
    Evaluation,
    Exchange,
    TripLeg,
    country_name,
)

CLOSED = (Status.COMPLETED, Status.CANCELLED)


def engagement_list(*, organisation: Organisation, user: Any) -> QuerySet[Engagement]:
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
                kind_model.history.filter(engagement_id=engagement.pk),  # type: ignore[attr-defined]
                lambda _: kind_label,
                hidden=frozenset({"engagement"}),
            )
        )
    for model, link, field in LOGGED_RECORDS:
        rows = model.history.filter(**{link: engagement.pk})
        histories.append(history_entries_of(model, rows, named(model, field), hidden=frozenset({link[:-3]})))
    return merged(*histories)
