from typing import Any

from django.db import transaction
from django.utils import timezone

from utblick.core import jobs
from utblick.core.models import User
from utblick.core.services import model_save

from .models import FollowUpSettings, MandateReviewDraft, ReportBuild, YearReportSubmission
from .selectors import report_data_stamp


def followup_settings_get(*, user: User) -> FollowUpSettings:
    settings_row, _ = FollowUpSettings.objects.get_or_create(user=user)
    return settings_row


@transaction.atomic
def digest_preference_set(*, user: User, weekly_digest: bool) -> FollowUpSettings:
    settings_row = followup_settings_get(user=user)
    settings_row.weekly_digest = weekly_digest
    settings_row._history_user = user  # type: ignore[attr-defined]
    settings_row.save()
    return settings_row


@transaction.atomic
def calendar_token_renew(*, user: User) -> FollowUpSettings:
    settings_row = followup_settings_get(user=user)
    settings_row.renew_calendar_token()
    settings_row._history_user = user  # type: ignore[attr-defined]
    settings_row.save()
    return settings_row


def mandate_review_draft_get(*, organisation: Any, period: Any) -> Any:
    return MandateReviewDraft.objects.filter(organisation=organisation, period=period).first() or MandateReviewDraft(
        organisation=organisation, period=period
    )


@transaction.atomic
def mandate_review_conclusions_save(
    *, organisation: Any, period: Any, conclusions: str, user: User, expected_version: int | None = None
) -> Any:
    """Store the conclusions; written against an older version than the saved one, they are refused (EditConflict)."""
    draft = mandate_review_draft_get(organisation=organisation, period=period)
    draft.conclusions = conclusions
    return model_save(draft, user=user, expected_version=expected_version or draft.version)


@transaction.atomic
def year_report_submit(*, organisation: Any, unit: Any, year: int, user: User) -> Any:
    """Mark a unit's yearly report as handed in (VX-9); its deviation resolves at once."""

    existing = YearReportSubmission.objects.filter(unit=unit, year=year).first()
    if existing is not None:
        return existing
    return model_save(
        YearReportSubmission(organisation=organisation, unit=unit, year=year, submitted_on=timezone.localdate()),
        user=user,
    )


@transaction.atomic
def report_build_start(*, organisation: Any, user: User, parameters: dict, file_format: str) -> Any:
    """Queue a report build; the task writes the file, the page shows progress (large organisations).

    A report already built (or being built) from the same data, parameters and format is reused
    instead: the file is cached until anything the report reads changes.
    """
    from .tasks import build_report

    stamp = report_data_stamp(organisation=organisation)
    reusable = (
        ReportBuild.objects.filter(
            organisation=organisation,
            parameters=parameters,
            file_format=file_format,
            data_stamp=stamp,
            state__in=[ReportBuild.State.WAITING, ReportBuild.State.RUNNING, ReportBuild.State.DONE],
        )
        .defer("content")
        .order_by("-created_at")
        .first()
    )
    if reusable is not None and jobs.job_check(reusable).state != ReportBuild.State.FAILED:
        return reusable  # (not one whose worker died meanwhile)
    build = ReportBuild.objects.create(
        organisation=organisation,
        requested_by=user,
        parameters=parameters,
        file_format=file_format,
        data_stamp=stamp,
    )
    jobs.job_enqueue(build, build_report, build.pk)
    return build
