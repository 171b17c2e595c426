"""Writes to the register. The pages, the bulk import and the API all go through these."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from utblick.core import changes
from utblick.core.concurrency import EditConflict
from utblick.core.models import User
from utblick.core.services import model_delete, model_save

from .choices import AgreementStatus, ReviewDecision, Status, Verdict
from .models import (
    KIND_MODELS,
    Agreement,
    AgreementReview,
    BudgetLine,
    EmissionFactorSet,
    Engagement,
    Evaluation,
    Exchange,
    Partner,
    Project,
    ProjectStageChange,
    Trip,
    TripLeg,
    VisitAssessment,
)


def _check_directions(engagement: Engagement, directions: list | None) -> None:
    if directions is None:
        directions = list(engagement.directions.all()) if engagement.pk else []
    if engagement.needs_directions() and not directions:
        raise ValidationError(
            {"directions": _("Choose at least one of the strategy's directions once past the idea stage.")}
        )


@transaction.atomic
def engagement_save(
    *,
    engagement: Engagement,
    detail: Any = None,
    user: User,
    expected_version: int | None = None,
    directions: list | None = None,
    themes: list | None = None,
    partners: list | None = None,
    detail_relations: dict[str, list] | None = None,
    shared: bool | None = None,
) -> Engagement:
    """Create or update an engagement and its kind's record in one transaction.

    ``detail_relations`` are the kind's many-to-many fields (a membership's representatives).
    ``shared``: visible to the other organisations in the installation (the partner network), or not;
    None keeps it as it is, and a new engagement follows the organisation's default. Who marked it and
    when are recorded, as for publishing; a confidential engagement is never shared.
    """
    _check_directions(engagement, directions)
    creating = engagement.pk is None
    if shared is None and creating:
        shared = engagement.organisation.network_share_by_default and not engagement.is_confidential
    reason = _share(engagement, shared, user)
    if engagement.is_confidential and engagement.published_at is not None:
        # A record that becomes confidential leaves the public pages at once.
        engagement.published_at = engagement.published_by = None
    previous_stage = None
    if detail is not None and isinstance(detail, Project) and not creating:
        previous_stage = Project.objects.filter(pk=engagement.pk).values_list("stage", flat=True).first()
    model_save(engagement, user=user, expected_version=expected_version, notify=False, reason=reason)
    if directions is not None:
        engagement.directions.set(directions)
    if themes is not None:
        engagement.themes.set(themes)
    if partners is not None:
        engagement.partners.set(partners)
    if detail is not None:
        detail.engagement = engagement
        if (
            isinstance(detail, Project)
            and previous_stage is not None
            and previous_stage != detail.stage
            and not ProjectStageChange.allowed(previous_stage, detail.stage)
        ):
            raise ValidationError(
                {
                    "stage": _("A project cannot go from %(old)s to %(new)s.")
                    % {"old": previous_stage, "new": detail.stage}
                }
            )
        legs = detail.recalculate() if isinstance(detail, Trip) and detail.pk else []
        model_save(detail, user=user, notify=False)
        for leg in legs:  # more travellers, other factors: each leg is measured again (VX-4)
            model_save(leg, user=user, notify=False)
        for name, values in (detail_relations or {}).items():
            getattr(detail, name).set(values)
        if isinstance(detail, Project) and (creating or previous_stage != detail.stage):
            ProjectStageChange.objects.create(project=detail, stage=detail.stage, changed_on=timezone.localdate())
    # One re-evaluation for the whole save, once the directions and the kind's record are in place.
    changes.changed(engagement)
    return engagement


def _share(engagement: Engagement, shared: bool | None, user: Any) -> str:
    """Mark or unmark the engagement for the partner network; the history's reason when that changed."""
    if engagement.is_confidential:
        if shared:
            raise ValidationError({"shared": _("A confidential engagement cannot be shared with other organisations.")})
        shared = False
    if shared and engagement.shared_at is None:
        engagement.shared_at = timezone.now()
        engagement.shared_by = user if getattr(user, "is_authenticated", False) else None
        return _("Shared with the other organisations in the installation.")
    if shared is False and engagement.shared_at is not None:
        engagement.shared_at = engagement.shared_by = None
        return _("No longer shared with other organisations.")
    return ""


@transaction.atomic
def engagement_publish(*, engagement: Engagement, user: User, expected_version: int | None = None) -> Engagement:
    """Show the engagement on the public pages and open data, recording who published it and when (X-5).

    ``expected_version`` is the version the user looked at before publishing: a change made meanwhile
    (by someone else) refuses the step, so nobody publishes text they have not seen.
    """
    if engagement.is_confidential:
        raise ValidationError(_("A confidential engagement cannot be published."))
    engagement.published_at = timezone.now()
    engagement.published_by = user if getattr(user, "is_authenticated", False) else None
    return model_save(
        engagement, user=user, expected_version=expected_version, reason=_("Published on the public pages.")
    )


@transaction.atomic
def engagement_unpublish(*, engagement: Engagement, user: User, expected_version: int | None = None) -> Engagement:
    """Take the engagement off the public pages; it stays in the register, internal."""
    engagement.published_at = engagement.published_by = None
    return model_save(engagement, user=user, expected_version=expected_version, reason=_("Taken off the public pages."))


@transaction.atomic
def engagement_delete(*, engagement: Engagement, user: User) -> None:
    model_delete(engagement, user=user)


def budget_line_save(*, line: BudgetLine, user: User, expected_version: int | None = None) -> BudgetLine:
    """Record or change a resource line; a line changed meanwhile by someone else is refused."""
    return model_save(line, user=user, expected_version=expected_version)


def budget_line_delete(*, line: BudgetLine, user: User) -> None:
    model_delete(line, user=user)


@transaction.atomic
def visit_assessment_save(
    *, assessment: VisitAssessment, user: User, expected_version: int | None = None
) -> VisitAssessment:
    """Assess an incoming request against the strategy in force, or correct the assessment (ST-3); an
    assessment saved meanwhile by someone else is refused (EditConflict), a first one included."""
    if assessment.pk is None:
        existing = VisitAssessment.objects.filter(visit_id=assessment.visit_id).first()
        if existing is not None:
            raise EditConflict(existing)
    return model_save(assessment, user=user, expected_version=expected_version)


def detail_for(engagement: Engagement) -> Any:
    """The kind's record of an engagement, or a new unsaved one."""
    model = KIND_MODELS[engagement.kind]
    if engagement.pk:
        found = model.objects.filter(pk=engagement.pk).first()
        if found is not None:
            return found
    return model(engagement=engagement) if engagement.pk else model()  # type: ignore[misc]


def _decision_reason(text: str, *, body: str, day: datetime.date | None, case_number: str) -> str:
    """The line in the engagement's history that says which decision changed it, by whom, when, under which case."""
    parts = [text]
    if body:
        parts.append(_("by %(body)s") % {"body": body})
    if day:
        parts.append(_("on %(date)s") % {"date": day.isoformat()})
    reason = " ".join(parts)
    if case_number:
        reason += ", " + _("case %(number)s") % {"number": case_number}
    return reason


def _end(engagement: Engagement, *, on: datetime.date, user: Any, reason: str) -> None:
    """End an engagement on ``on``: completed, with that end date."""
    engagement.status, engagement.ends_on = Status.COMPLETED, on
    model_save(engagement, user=user, reason=reason, notify=False)


def _reopen(engagement: Engagement, *, ended_on: datetime.date | None, user: Any, reason: str) -> bool:
    """Undo ``_end`` when the decision that ended the engagement is corrected or removed."""
    if engagement.status == Status.COMPLETED and engagement.ends_on == ended_on:
        engagement.status, engagement.ends_on = Status.ONGOING, None
        model_save(engagement, user=user, reason=reason, notify=False)
        return True
    return False


@transaction.atomic
def evaluation_record(*, evaluation: Evaluation, user: User, expected_version: int | None = None) -> Evaluation:
    """Record or correct an evaluation (KR-8). A verdict to leave ends the membership on its date;
    correcting that verdict (or its date) takes the end back."""
    before = (
        Evaluation.objects.filter(pk=evaluation.pk).values("verdict", "evaluated_on").first() if evaluation.pk else None
    )
    model_save(evaluation, user=user, expected_version=expected_version, notify=False)
    engagement = Engagement.objects.get(pk=evaluation.membership.engagement_id)
    reason = _decision_reason(
        _("Evaluation: %(verdict)s") % {"verdict": evaluation.get_verdict_display()},
        body=evaluation.evaluated_by,
        day=evaluation.evaluated_on,
        case_number=evaluation.case_number,
    )
    if (
        before
        and before["verdict"] == Verdict.LEAVE
        and (evaluation.verdict != Verdict.LEAVE or before["evaluated_on"] != evaluation.evaluated_on)
    ):
        _reopen(engagement, ended_on=before["evaluated_on"], user=user, reason=reason)
    if evaluation.verdict == Verdict.LEAVE and (engagement.status, engagement.ends_on) != (
        Status.COMPLETED,
        evaluation.evaluated_on,
    ):
        _end(engagement, on=evaluation.evaluated_on, user=user, reason=reason)
    elif before is None or before["verdict"] != evaluation.verdict:
        # The verdict stands in the membership's own history.
        model_save(engagement, user=user, reason=reason, notify=False)
    changes.changed(engagement)
    return evaluation


@transaction.atomic
def exchange_record(*, exchange: Exchange, user: User, expected_version: int | None = None) -> Exchange:
    model_save(exchange, user=user, expected_version=expected_version, notify=False)
    changes.changed(exchange.parent_engagement)
    return exchange


# What a review's decision makes of the agreement (KR-10): its status, and whether it ends.
AGREEMENT_STATUS_AFTER: dict[str, str] = {
    ReviewDecision.CONTINUE: AgreementStatus.ACTIVE,
    ReviewDecision.RENEGOTIATE: AgreementStatus.UNDER_REVIEW,
    ReviewDecision.END: AgreementStatus.ENDED,
}


@transaction.atomic
def agreement_review_record(
    *, review: AgreementReview, user: User, expected_version: int | None = None
) -> AgreementReview:
    """A review with its deadline; its decision is recorded on it later, once taken (KR-10).

    The decision takes effect on the agreement: to end ends it on the decision's date (the agreement's
    status, the engagement's status and end date); to continue makes it active again and restarts the
    inactivity clock from that date; to renegotiate keeps it under review. The engagement's history says
    which decision, by whom, when and under which case number. A corrected or withdrawn decision to end
    takes the end back.
    """
    before = (
        AgreementReview.objects.filter(pk=review.pk).values("decision", "decided_on").first() if review.pk else None
    )
    model_save(review, user=user, expected_version=expected_version, notify=False)
    if before is None or (before["decision"], before["decided_on"]) != (review.decision, review.decided_on):
        _agreement_follow(review, before=before, user=user)
    changes.changed(review.parent_engagement)
    return review


def _agreement_follow(review: AgreementReview, *, before: Any, user: Any) -> None:
    """Let a review's decision (new, corrected or withdrawn) take effect on its agreement."""
    if not review.decision and not (before and before["decision"]):
        return  # a review recorded before its decision changes nothing yet
    agreement = Agreement.objects.select_related("engagement__organisation").get(pk=review.agreement_id)
    engagement = agreement.engagement
    if review.decision:
        text = _("Review decision: %(decision)s") % {"decision": review.get_decision_display()}
    else:
        text = _("Review decision withdrawn")
    reason = _decision_reason(text, body=review.decided_by, day=review.decided_on, case_number=review.case_number)
    saved = False
    if before and before["decision"] == ReviewDecision.END:
        saved = _reopen(engagement, ended_on=before["decided_on"], user=user, reason=reason)
    status = AGREEMENT_STATUS_AFTER.get(review.decision, AgreementStatus.UNDER_REVIEW)
    if agreement.agreement_status != status:
        agreement.agreement_status = status
        model_save(agreement, user=user, reason=reason, notify=False)
    if review.decision == ReviewDecision.END and review.decided_on:
        _end(engagement, on=review.decided_on, user=user, reason=reason)
    elif not saved:
        # The decision stands in the engagement's own history even when nothing else on it changes.
        model_save(engagement, user=user, reason=reason, notify=False)


@transaction.atomic
def trip_leg_add(*, leg: TripLeg, user: User, expected_version: int | None = None) -> TripLeg:
    """Add or correct a leg; the trip's distance and CO2e follow (VX-4)."""
    if leg.pk:
        # The coordinates come from the cities: a corrected city is looked up again.
        leg.from_latitude = leg.from_longitude = leg.to_latitude = leg.to_longitude = None
    leg.full_clean()  # finds the cities' coordinates, so the leg is measured before it is saved
    trip = Trip.objects.select_related("factor_set").get(pk=leg.trip_id)
    leg.measure(trip.factor_set or EmissionFactorSet.default(), travellers=trip.travellers)
    model_save(leg, user=user, expected_version=expected_version, notify=False)
    _trip_recalculate(trip, user=user)
    return leg


def _trip_recalculate(trip: Trip, *, user: User) -> None:
    for leg in trip.recalculate():
        model_save(leg, user=user, notify=False)
    model_save(trip, user=user, notify=False)
    changes.changed(trip.engagement)


def record_save(
    *, record: Evaluation | Exchange | AgreementReview | TripLeg, user: User, expected_version: int | None = None
) -> Any:
    """Add or correct a record logged under an engagement, through the service of its kind."""
    if isinstance(record, Evaluation):
        return evaluation_record(evaluation=record, user=user, expected_version=expected_version)
    if isinstance(record, Exchange):
        return exchange_record(exchange=record, user=user, expected_version=expected_version)
    if isinstance(record, AgreementReview):
        return agreement_review_record(review=record, user=user, expected_version=expected_version)
    return trip_leg_add(leg=record, user=user, expected_version=expected_version)


@transaction.atomic
def record_remove(*, record: Evaluation | Exchange | AgreementReview | TripLeg, user: User) -> None:
    """Remove a record logged under an engagement; the history keeps it, the follow-up is redone.

    Removing the decision or verdict that ended an agreement or a membership takes the end back."""
    engagement = record.parent_engagement
    model_delete(record, user=user, notify=False)
    if isinstance(record, AgreementReview) and record.decision:
        _agreement_follow(
            AgreementReview(agreement=record.agreement, deadline=record.deadline),
            before={"decision": record.decision, "decided_on": record.decided_on},
            user=user,
        )
    if isinstance(record, Evaluation) and record.verdict == Verdict.LEAVE:
        reason = _("Evaluation removed: %(verdict)s") % {"verdict": record.get_verdict_display()}
        _reopen(Engagement.objects.get(pk=engagement.pk), ended_on=record.evaluated_on, user=user, reason=reason)
    if isinstance(record, TripLeg):
        _trip_recalculate(Trip.objects.get(pk=record.trip_id), user=user)
    else:
        changes.changed(engagement)


@transaction.atomic
def attachment_remove(*, attachment: Any, user: User) -> None:
    """Remove an attachment and its file; the history keeps that it was there."""
    engagement = attachment.engagement
    storage, name = attachment.file.storage, attachment.file.name
    model_delete(attachment, user=user, notify=False)
    transaction.on_commit(lambda: storage.delete(name))  # the file goes only if the removal holds
    changes.changed(engagement)


@transaction.atomic
def attachment_add(*, attachment: Any, user: User) -> Any:
    return model_save(attachment, user=user)


@transaction.atomic
def partner_save(*, partner: Partner, user: User, expected_version: int | None = None) -> Partner:
    """Record or change a partner, placed on the map: by the gazetteer, or where the user put it by hand."""
    previous = Partner.objects.filter(pk=partner.pk).first() if partner.pk else None
    partner.place(previous)
    return model_save(partner, user=user, expected_version=expected_version)


def years_of(engagement: Engagement) -> range:
    start = (engagement.starts_on or datetime.date.today()).year
    end = (engagement.ends_on or datetime.date.today()).year
    return range(start, end + 1)
