"""A strategy document being read into a draft: the upload, the reading's progress and the draft to review (X-7)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from utblick.core.models import BackgroundJob, VersionedModel
from utblick.organisations import permissions as perms
from utblick.organisations.models import Organisation


class DocumentImportStatus(models.TextChoices):
    READING = "reading", _("being read")
    READY = "ready", _("ready for review")
    FAILED = "failed", _("could not be read")
    CONFIRMED = "confirmed", _("confirmed")


class DocumentImport(VersionedModel, BackgroundJob):
    """A strategy document read into a draft (X-7), kept while a coordinator reviews the draft.

    The upload is read in the background (``pages_read`` of ``pages`` shows progress, ``ocr`` whether the pages
    are scans that text recognition reads); ``text`` is the
    repaired text and ``draft`` the corrected draft whose elements point into it (see
    ``strategies.document_imports``). Confirming writes the draft as ``strategy_version``.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="document_imports", verbose_name=_("organisation")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    file = models.FileField(_("file"), upload_to="strategy-documents/%Y/", max_length=300, blank=True)
    filename = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=20, choices=DocumentImportStatus.choices, default=DocumentImportStatus.READING
    )
    pages_read = models.PositiveIntegerField(default=0, editable=False)
    pages = models.PositiveIntegerField(default=0, editable=False)
    ocr = models.BooleanField(_("read by text recognition"), default=False, editable=False)
    text = models.TextField(_("text"), blank=True, editable=False)
    draft = models.JSONField(_("draft"), default=dict, blank=True)
    error_code = models.CharField(max_length=40, blank=True, editable=False)
    error_params = models.JSONField(default=dict, blank=True, editable=False)
    strategy_version = models.ForeignKey(
        "strategies.StrategyVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("strategy version"),
    )

    objects = perms.ScopedQuerySet.as_manager()
    scope_organisation_field = "organisation"
    job_state_field = "status"
    job_unfinished_states = (DocumentImportStatus.READING,)
    job_failed_state = DocumentImportStatus.FAILED
    job_upload_field = "file"

    class Meta:
        verbose_name = _("strategy document")
        verbose_name_plural = _("strategy documents")
        ordering = ["-created_at"]
        # The strategy is the coordinators': only they read documents into it and see the drafts.
        rules_permissions = {
            "view": perms.is_coordinator,
            "add": perms.is_coordinator,
            "change": perms.is_coordinator,
            "delete": perms.is_coordinator,
        }

    def __str__(self) -> str:
        return self.filename

    @property
    def scope_organisation_id(self) -> int:
        return self.organisation_id

    def get_absolute_url(self) -> str:
        return reverse("strategies:document_import", kwargs={"org": self.organisation.slug, "pk": self.pk})

    def job_failure_values(self, *, interrupted: bool) -> dict[str, object]:
        return {"error_code": "interrupted" if interrupted else "unexpected", "error_params": {}}

    @property
    def error_message(self) -> str:
        """Why the document could not be read, in the reader's language."""
        from .importer.errors import DocumentImportError

        if self.error_code in DocumentImportError.MESSAGES:
            return DocumentImportError(self.error_code, **self.error_params).message
        return str(_("The document could not be read. Try again, or ask the system administrator."))
