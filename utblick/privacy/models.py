"""Retention rules (gallringsregler), retention runs with their archive packages, and the log of
data subjects' requests (registerutdrag, rättelse, radering)."""

import datetime

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from utblick.core.models import AuditedModel, VersionedModel
from utblick.organisations import permissions as perms
from utblick.organisations.models import Organisation

from .choices import RecordKind, RequestKind

MANAGERS = {
    "view": perms.is_coordinator,
    "add": perms.is_coordinator,
    "change": perms.is_coordinator,
    "delete": perms.is_administrator,
}


def archive_storage() -> FileSystemStorage:
    """Archive packages live apart from uploaded files, never under the media address (docs/personal-data.md)."""
    return FileSystemStorage(location=settings.UTBLICK_ARCHIVE_DIR)


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class RetentionRule(VersionedModel):
    """How long one kind of record is kept before a retention run archives and removes it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="retention_rules", verbose_name=_("organisation")
    )
    record_kind = models.CharField(_("records"), max_length=20, choices=RecordKind.choices)
    years = models.PositiveSmallIntegerField(
        _("years"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Empty: kept until the organisation decides otherwise."),
    )
    basis = models.CharField(
        _("decided in"),
        max_length=200,
        blank=True,
        help_text=_("The records management plan or decision the rule follows, e.g. its case number."),
    )
    removes_history = models.BooleanField(
        _("remove the change history too"),
        default=True,
        help_text=_("The archive package keeps the history either way."),
    )

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "organisation"

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["organisation", "record_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "record_kind"],
                name="one_retention_rule_per_kind",
                violation_error_message=_("This kind of record already has a retention rule."),
            )
        ]
        rules_permissions = MANAGERS

    def __str__(self) -> str:
        return str(self.get_record_kind_display())

    @property
    def scope_organisation_id(self) -> int:
        return self.organisation_id

    def cutoff(self, today: datetime.date) -> datetime.date | None:
        """Records that ended before this day are due for removal."""
        return years_before(today, self.years) if self.years else None


class RetentionRun(AuditedModel):
    """One run of the retention rules for an organisation: what it removed and where it was archived."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="retention_runs", verbose_name=_("organisation")
    )
    run_on = models.DateField(_("as of"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    counts = models.JSONField(_("removed"), default=dict, blank=True)
    archive = models.FileField(_("archive package"), storage=archive_storage, upload_to="%Y/", blank=True)
    archive_sha256 = models.CharField(_("SHA-256 of the package"), max_length=64, blank=True)
    archive_size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "organisation"

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-created_at", "-pk"]
        rules_permissions = MANAGERS

    def __str__(self) -> str:
        return f"{self.organisation} {self.run_on}"

    @property
    def scope_organisation_id(self) -> int:
        return self.organisation_id

    @property
    def total(self) -> int:
        return sum(value for key, value in self.counts.items() if key in RecordKind.values)


class DataSubjectRequest(AuditedModel):
    """A register extract, correction or erasure carried out, for accountability.

    It names the person by number only, so the log itself holds no personal data of theirs.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="data_subject_requests", verbose_name=_("organisation")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices)
    person_number = models.PositiveBigIntegerField(_("person number in Utblick"))
    case_number = models.CharField(_("case number"), max_length=60, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("handled by"),
    )
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "organisation"

    class Meta:
        verbose_name = _("data subject request")
        verbose_name_plural = _("data subject requests")
        ordering = ["-created_at", "-pk"]
        rules_permissions = MANAGERS

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.person_number}"

    @property
    def scope_organisation_id(self) -> int:
        return self.organisation_id
