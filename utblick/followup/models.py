"""Follow-up: deviations (avvikelser) from the strategy's rules, and personal follow-up settings."""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from utblick.core.models import AuditedModel, BackgroundJob, VersionedModel
from utblick.organisations import permissions as perms
from utblick.organisations.models import Organisation, Unit

from .registry import REGISTRY, Evaluator


class DeviationQuerySet(perms.ScopedQuerySet):
    def open(self) -> "DeviationQuerySet":
        return self.filter(resolved_at__isnull=True)


class Deviation(AuditedModel):
    """A failed check of one of the strategy's rules, on an engagement, a unit or the organisation.

    Open while ``resolved_at`` is empty; resolving it (the cause went away) keeps the row, so the
    history of compliance stays. The message is rendered in the reader's language from the rule's
    evaluator and ``params``.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="deviations", verbose_name=_("organisation")
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="deviations", verbose_name=_("unit")
    )
    rule_key = models.SlugField(_("rule"), max_length=80)
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    subject_label = models.CharField(_("concerns"), max_length=300)
    fingerprint = models.CharField(max_length=250)
    params = models.JSONField(default=dict, blank=True)
    is_confidential = models.BooleanField(
        _("concerns a confidential record"),
        default=False,
        help_text=_("Never shown in digests, feeds or public pages."),
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    first_seen = models.DateTimeField(_("since"))
    last_seen = models.DateTimeField(_("last checked"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    objects = DeviationQuerySet.as_manager()
    scope_organisation_field = "organisation"
    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("deviation")
        verbose_name_plural = _("deviations")
        ordering = ["-first_seen", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "fingerprint"],
                condition=Q(resolved_at__isnull=True),
                name="one_open_deviation_per_fingerprint",
            )
        ]
        indexes = [models.Index(fields=["organisation", "rule_key", "resolved_at"])]
        rules_permissions = {
            "view": perms.is_member,
            "add": perms.is_administrator,
            "change": perms.is_administrator,
            "delete": perms.is_administrator,
        }

    def __str__(self) -> str:
        return f"{self.rule_title}: {self.subject_label}"

    @property
    def scope_organisation_id(self) -> int:
        return self.organisation_id

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    @property
    def evaluator(self) -> Evaluator | None:
        return REGISTRY.get(self.rule_key)

    @property
    def rule_title(self) -> str:
        evaluator = self.evaluator
        return str(evaluator.title) if evaluator else self.rule_key

    @property
    def message(self) -> str:
        evaluator = self.evaluator
        return evaluator.message(self.params) if evaluator else self.rule_key

    @property
    def resolution(self) -> str:
        evaluator = self.evaluator
        return evaluator.resolution(self.params) if evaluator else ""


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class FollowUpSettings(AuditedModel):
    """A user's own follow-up settings: the weekly digest and the personal calendar feed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followup_settings", verbose_name=_("user")
    )
    weekly_digest = models.BooleanField(
        _("weekly digest by e-mail"),
        default=True,
        help_text=_("Open deviations and coming deadlines of your units, every Monday."),
    )
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    last_digest_sent = models.DateTimeField(_("last digest sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up settings")
        verbose_name_plural = _("follow-up settings")

    def __str__(self) -> str:
        return str(self.user)

    def renew_calendar_token(self) -> None:
        self.calendar_token = new_calendar_token()


class MandateReviewDraft(VersionedModel):
    """The conclusions a coordinator writes for the mandate-period review before it is exported (VX-11)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="mandate_review_drafts", verbose_name=_("organisation")
    )
    period = models.ForeignKey(
        "strategies.MandatePeriod", on_delete=models.PROTECT, related_name="+", verbose_name=_("mandate period")
    )
    conclusions = models.TextField(_("conclusions"), blank=True)

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "organisation"

    class Meta:
        verbose_name = _("mandate review draft")
        verbose_name_plural = _("mandate review drafts")
        constraints = [models.UniqueConstraint(fields=["organisation", "period"], name="one_review_draft_per_period")]
        rules_permissions = perms.READ_MEMBERS_WRITE_COORDINATORS

    def __str__(self) -> str:
        return f"{self.organisation} {self.period}"

    @property
    def scope_organisation_id(self) -> int:
        return self.organisation_id

    def get_absolute_url(self) -> str:
        url = reverse("followup:reports", kwargs={"org": self.organisation.slug})
        return f"{url}?kind=mandate&period={self.period_id}"


class YearReportSubmission(AuditedModel):
    """A unit's yearly report marked as handed in for a year (VX-9)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="year_reports", verbose_name=_("unit"))
    year = models.PositiveIntegerField(_("year"))
    submitted_on = models.DateField(_("handed in on"))

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "organisation"
    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("yearly report handed in")
        verbose_name_plural = _("yearly reports handed in")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_year_report_per_unit")]
        rules_permissions = perms.READ_MEMBERS_WRITE_UNIT_EDITORS

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"

    @property
    def scope_organisation_id(self) -> int:
        return self.organisation_id

    @property
    def scope_unit_id(self) -> int:
        return self.unit_id


class ReportBuild(AuditedModel, BackgroundJob):
    """A report being written in the background; the page shows its progress, then the file."""

    class State(models.TextChoices):
        WAITING = "waiting", _("waiting")
        RUNNING = "running", _("being written")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    parameters = models.JSONField(default=dict)
    file_format = models.CharField(max_length=10)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.WAITING)
    title = models.CharField(max_length=300, blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)
    error = models.TextField(blank=True)
    # A finished build is reused while the data it was built from stays the same (selectors.report_data_stamp).
    data_stamp = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "organisation"
    job_unfinished_states = (State.WAITING, State.RUNNING)

    class Meta:
        verbose_name = _("report build")
        verbose_name_plural = _("report builds")
        ordering = ["-created_at"]
        rules_permissions = {
            "view": perms.is_member,
            "add": perms.is_member,
            "change": perms.is_administrator,
            "delete": perms.is_administrator,
        }

    def __str__(self) -> str:
        return self.title or f"{self.file_format} {self.pk}"

    def job_failure_values(self, *, interrupted: bool) -> dict[str, object]:
        if interrupted:
            return {"error": gettext("The task worker stopped before the report was written.")}
        return {"error": gettext("The report could not be written.")}

    @property
    def scope_organisation_id(self) -> int:
        return self.organisation_id
