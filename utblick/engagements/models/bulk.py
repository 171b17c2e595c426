"""A bulk import of engagements from a file, run in the background when the file is large."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from utblick.core.models import AuditedModel, BackgroundJob
from utblick.core.problems import RowProblem
from utblick.organisations import permissions as perms
from utblick.organisations.models import Organisation

from ..choices import Kind


class EngagementImport(AuditedModel, BackgroundJob):
    """One uploaded file: checked row by row, then written all at once or not at all."""

    class State(models.TextChoices):
        WAITING = "waiting", _("waiting")
        CHECKING = "checking", _("checking the rows")
        DONE = "done", _("imported")
        REJECTED = "rejected", _("not imported")
        FAILED = "failed", _("failed")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    file = models.FileField(_("file"), upload_to="imports/%Y/", blank=True)
    filename = models.CharField(_("file name"), max_length=255)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.WAITING)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_checked = models.PositiveIntegerField(_("rows checked"), default=0)
    created_count = models.PositiveIntegerField(_("engagements imported"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "organisation"
    job_unfinished_states = (State.WAITING, State.CHECKING)
    job_upload_field = "file"

    class Meta:
        verbose_name = _("engagement import")
        verbose_name_plural = _("engagement imports")
        ordering = ["-created_at"]
        rules_permissions = {
            "view": perms.is_member,
            "add": perms.is_member,
            "change": perms.is_administrator,
            "delete": perms.is_administrator,
        }

    def __str__(self) -> str:
        return self.filename

    @property
    def row_problems(self) -> list[RowProblem]:
        return [RowProblem.from_dict(problem) for problem in self.problems]

    @property
    def scope_organisation_id(self) -> int:
        return self.organisation_id

    @property
    def is_running(self) -> bool:
        return self.state in (self.State.WAITING, self.State.CHECKING)

    @property
    def percent_checked(self) -> int:
        return round(100 * self.rows_checked / self.rows_total) if self.rows_total else 0
