"""Bulk import of engagements from CSV or XLSX: the upload, the job's page and the template."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView

from utblick.core import jobs
from utblick.core.permissions import ObjectPermissionMixin, signed_in
from utblick.organisations.mixins import OrganisationMixin

from . import exports, imports
from .choices import Kind
from .forms import (
    ImportForm,
)
from .models import (
    EngagementImport,
)
from .views import kind_or_404, require_some_unit


class EngagementImportView(OrganisationMixin, View):
    """Bulk import from CSV or XLSX: every row checked first, then all rows or none.

    Coordinators import for any unit, editors for their own units. A large file is imported by
    the task worker while a progress page follows it.
    """

    template_name = "engagements/engagement_import.html"

    def context(self, **extra: Any) -> dict[str, Any]:
        kind = kind_or_404(self.kwargs["kind"])
        return {
            "organisation": self.organisation,
            "kind": kind,
            "kind_label": Kind(kind).plural_label,
            "columns": imports.columns_for(kind),
            **extra,
        }

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_some_unit(request.user, self.organisation)
        return render(request, self.template_name, self.context(form=ImportForm()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_some_unit(request.user, self.organisation)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, self.context(form=form), status=400)
        upload, kind = form.cleaned_data["file"], self.kwargs["kind"]
        try:
            if upload.size > imports.INLINE_BYTES:
                job = imports.engagement_import_start(
                    upload=upload, kind=kind, organisation=self.organisation, user=signed_in(request)
                )
                return redirect("engagements:import_job", org=self.organisation.slug, pk=job.pk)
            created = imports.engagements_import(
                upload=upload, kind=kind, organisation=self.organisation, user=signed_in(request)
            )
        except imports.ImportRejected as rejected:
            return render(request, self.template_name, self.context(form=form, problems=rejected.problems), status=400)
        messages.success(request, _("%(count)s engagements were imported.") % {"count": len(created)})
        return redirect("engagements:kind_list", org=self.organisation.slug, kind=kind)


class EngagementImportJobView(OrganisationMixin, ObjectPermissionMixin, DetailView):
    """A large import's progress; htmx refreshes it, and without scripts a link does."""

    model = EngagementImport
    template_name = "engagements/engagement_import_job.html"
    context_object_name = "job"

    def get_queryset(self) -> Any:
        return EngagementImport.objects.filter(organisation=self.organisation)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        jobs.job_check(self.object)  # a job whose worker died shows failed, not running for ever
        return super().get_context_data(kind_label=Kind(self.object.kind).plural_label, **kwargs)


class ImportTemplateView(OrganisationMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        kind = kind_or_404(kwargs["kind"])
        return exports.template_response(kind)
