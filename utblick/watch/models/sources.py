"""Where items come from (``Source``) and the log of every import and fetch (``ImportRun``)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from utblick.core.models import AuditedModel, BackgroundJob, VersionedModel
from utblick.core.problems import RowProblem
from utblick.organisations import permissions as perms
from utblick.organisations.models import Organisation

from ..choices import FileFormat, ItemKind, RunKind, RunState, SourceKind
from ..permissions import SHARED_OR_OWN, SharedOrOwnQuerySet

ALLOWED_UPLOAD_TYPES = {".json", ".csv", ".xlsx", ".xml", ".rss", ".atom"}


def validate_upload(upload) -> None:
    """The same limits as engagement attachments: size from the settings, known file types only."""
    if upload.size > settings.UTBLICK_MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)s MB. Larger files are imported with the watch_import command."),
            params={"mb": settings.UTBLICK_MAX_UPLOAD_BYTES // (1024 * 1024)},
        )
    if Path(upload.name).suffix.lower() not in ALLOWED_UPLOAD_TYPES:
        raise ValidationError(
            _("Files of this type cannot be imported. Allowed: %(types)s."),
            params={"types": ", ".join(sorted(ALLOWED_UPLOAD_TYPES))},
        )


class Source(VersionedModel):
    """A feed (RSS or Atom address fetched on a schedule) or a named series of file imports.

    A source of an organisation is kept by its central office and seen by its members only; a
    source without organisation is the installation's (the EU portal) and seen by everyone.
    """

    new_label = _("New source")  # the heading of its create form: Swedish nouns differ in gender

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("kept by"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="watch_sources",
        help_text=_("Empty: shared by every organisation in this installation (kept by the system administrator)."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=SourceKind.choices, default=SourceKind.FILE)
    url = models.URLField(
        _("feed address"),
        max_length=1000,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("For feeds: the address of the RSS or Atom feed, starting with https://."),
    )
    file_format = models.CharField(
        _("usual file format"),
        max_length=10,
        choices=FileFormat.choices,
        blank=True,
        help_text=_("Leave empty to let Utblick recognise the format of each file."),
    )
    item_kind = models.CharField(
        _("what it brings"),
        max_length=20,
        choices=ItemKind.choices,
        default=ItemKind.CALL,
        help_text=_("Used when an entry does not say itself whether it is a funding call, news or a consultation."),
    )
    language = models.CharField(
        _("language"), max_length=10, blank=True, help_text=_("E.g. sv or en, when the entries do not say.")
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Feeds are fetched only while active."))
    etag = models.CharField(max_length=300, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True, editable=False)

    # Set by views to the organisation being looked at: a shared item has no organisation of its own.
    viewed_in: Any = None

    objects = SharedOrOwnQuerySet.as_manager()
    scope_organisation_field = "organisation"

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="watch_source_name_unique_in_organisation",
                violation_error_message=_("The organisation already has a source with this name."),
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(organisation__isnull=True),
                name="watch_shared_source_name_unique",
                violation_error_message=_("A shared source with this name already exists."),
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(kind="manual"),
                name="watch_one_manual_source_per_organisation",
                violation_error_message=_("The organisation already has a source for items entered by hand."),
            ),
        ]
        rules_permissions = SHARED_OR_OWN

    def __str__(self) -> str:
        return self.name

    @property
    def scope_organisation_id(self) -> int | None:
        return self.organisation_id

    @property
    def is_shared(self) -> bool:
        return self.organisation_id is None

    @property
    def accepts_imports(self) -> bool:
        """Files and feeds write a source's items; the manual source's items are written one by one."""
        return self.kind != SourceKind.MANUAL

    def get_absolute_url(self) -> str:
        organisation = getattr(self, "viewed_in", None) or self.organisation
        return reverse("watch:source_list", kwargs={"org": organisation.slug}) if organisation else ""

    def clean(self) -> None:
        if self.kind == SourceKind.MANUAL and self.organisation_id is None:
            raise ValidationError({"organisation": _("Items entered by hand belong to one organisation.")})
        if self.kind == SourceKind.FEED and not self.url:
            raise ValidationError({"url": _("A feed needs its address.")})
        if self.kind == SourceKind.FEED and self.file_format not in ("", FileFormat.RSS, FileFormat.ATOM):
            raise ValidationError({"file_format": _("A feed is RSS or Atom.")})


class ImportRun(AuditedModel, BackgroundJob):
    """One import of a file or fetch of a feed: what it found, what it wrote, what it rejected and why."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="runs", verbose_name=_("source"))
    kind = models.CharField(_("kind"), max_length=10, choices=RunKind.choices, default=RunKind.FILE)
    file = models.FileField(_("file"), upload_to="watch-imports/%Y/", blank=True)
    file_name = models.CharField(_("file name"), max_length=300, blank=True)
    file_format = models.CharField(_("format"), max_length=10, choices=FileFormat.choices, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=RunState.choices, default=RunState.WAITING)
    size = models.BigIntegerField(_("size (bytes)"), default=0)
    position = models.BigIntegerField(_("bytes read"), default=0)
    processed = models.PositiveIntegerField(_("entries read"), default=0)
    new = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    rejections = models.JSONField(_("rejected entries"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "source__organisation"
    # A run waiting for its column mapping waits for a person, not for the worker.
    job_unfinished_states = (RunState.WAITING, RunState.RUNNING, RunState.WRITING)
    job_upload_field = "file"

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        rules_permissions = perms.READ_MEMBERS_WRITE_COORDINATORS | {"view": perms.is_coordinator}

    def __str__(self) -> str:
        return f"{self.source} {self.created_at:%Y-%m-%d %H:%M}" if self.created_at else str(self.source)

    @property
    def scope_organisation_id(self) -> int | None:
        return self.source.organisation_id

    def job_failure_values(self, *, interrupted: bool) -> dict[str, object]:
        return {"finished_at": timezone.now()}

    @property
    def is_finished(self) -> bool:
        return self.state in {RunState.DONE, RunState.UNCHANGED, RunState.FAILED}

    @property
    def row_problems(self) -> list[RowProblem]:
        """The rows and columns of a table that failed (``imports.ImportFailed``); entries rejected from a
        run that went through are ``rejections`` with where and why."""
        return [RowProblem.from_dict(problem) for problem in self.rejections if "message" in problem]

    @property
    def percent(self) -> int | None:
        if not self.size:
            return None
        return min(100, round(100 * self.position / self.size))

    def summary_line(self) -> str:
        """The command's last line; the same words in every language, so scripts can read it."""
        return f"new {self.new}, updated {self.updated}, unchanged {self.unchanged}, rejected {self.rejected}"
