from typing import Any

from django.db import transaction

from .models import FollowUpSettings


def followup_settings_get(*, user: Any) -> FollowUpSettings:
    settings_row, _ = FollowUpSettings.objects.get_or_create(user=user)
    return settings_row


@transaction.atomic
def digest_preference_set(*, user: Any, weekly_digest: bool) -> FollowUpSettings:
    settings_row = followup_settings_get(user=user)
    settings_row.weekly_digest = weekly_digest
    settings_row._history_user = user  # type: ignore[attr-defined]
    settings_row.save()
    return settings_row


@transaction.atomic
def calendar_token_renew(*, user: Any) -> FollowUpSettings:
    settings_row = followup_settings_get(user=user)
    settings_row.renew_calendar_token()
    settings_row._history_user = user  # type: ignore[attr-defined]
    settings_row.save()
    return settings_row


def mandate_review_draft_get(*, organisation: Any, period: Any) -> Any:
    from .models import MandateReviewDraft

    return MandateReviewDraft.objects.filter(organisation=organisation, period=period).first() or MandateReviewDraft(
        organisation=organisation, period=period
    )


@transaction.atomic
def mandate_review_conclusions_save(*, organisation: Any, period: Any, conclusions: str, user: Any) -> Any:
    from utblick.core.services import model_save

    draft = mandate_review_draft_get(organisation=organisation, period=period)
    draft.conclusions = conclusions
    return model_save(draft, user=user, expected_version=draft.version)
