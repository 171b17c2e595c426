from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DeleteView, TemplateView
from django_htmx.http import HttpResponseClientRedirect

from utblick.core import jobs
from utblick.core.concurrency import EditConflict
from utblick.core.permissions import get_object_for_user, signed_in
from utblick.core.views import ScopedCreateView, ScopedUpdateView
from utblick.organisations.mixins import OrganisationMixin, require_permission_name

from . import selectors, services
from .files import StrategyFileError, strategy_export, strategy_import
from .forms import (
    CopyVersionForm,
    DimensionForm,
    DirectionForm,
    DocumentReviewForm,
    DocumentUploadForm,
    GoalForm,
    GoverningDocumentForm,
    RuleSettingForm,
    StrategyImportForm,
    StrategyReviewForm,
    ThemeForm,
)
from .models import (
    Dimension,
    Direction,
    DocumentImport,
    DocumentImportStatus,
    Goal,
    GoverningDocument,
    RuleSetting,
    Strategy,
    StrategyReview,
    StrategyVersion,
    Theme,
)


class StrategyMixin(OrganisationMixin):
    """Resolves the organisation's strategy (the first it owns) for every strategy page."""

    strategy: Strategy

    def get_strategy(self) -> Strategy:
        strategy = selectors.strategy_get_current(organisation=self.organisation)
        if strategy is None:
            raise Http404(_("This organisation has no strategy yet."))
        return strategy

    def versions(self):
        return StrategyVersion.objects.filter(strategy__ownerships__organisation=self.organisation)

    def strategy_url(self) -> str:
        return reverse("strategies:strategy", kwargs={"org": self.organisation.slug})


class StrategyDetailView(StrategyMixin, TemplateView):
    template_name = "strategies/strategy_detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        strategy = selectors.strategy_get_current(organisation=self.organisation)
        if strategy is None:
            return render(request, "strategies/no_strategy.html", {"organisation": self.organisation})
        context = self.get_context_data(
            **selectors.strategy_page_context(strategy=strategy, organisation=self.organisation)
        )
        return self.render_to_response(context)


class VersionDetailView(StrategyMixin, TemplateView):
    template_name = "strategies/strategy_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        version = get_object_for_user(self.request.user, self.versions(), pk=self.kwargs["pk"])
        return super().get_context_data(
            **selectors.strategy_page_context(
                strategy=version.strategy, organisation=self.organisation, version=version
            ),
            showing_version=True,
            **kwargs,
        )


class VersionCompareView(StrategyMixin, TemplateView):
    template_name = "strategies/version_compare.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        strategy = self.get_strategy()
        versions = list(strategy.versions.order_by("adopted_on", "pk"))
        if len(versions) < 2:
            return super().get_context_data(strategy=strategy, versions=versions, **kwargs)
        by_pk = {str(version.pk): version for version in versions}
        old = by_pk.get(self.request.GET.get("old", ""), versions[-2])
        new = by_pk.get(self.request.GET.get("new", ""), versions[-1])
        return super().get_context_data(
            strategy=strategy,
            versions=versions,
            old=old,
            new=new,
            comparison=selectors.versions_compare(old=old, new=new, organisation=self.organisation),
            **kwargs,
        )


class VersionCopyView(StrategyMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        version = get_object_for_user(request.user, self.versions(), action="change", pk=kwargs["pk"])
        return render(
            request,
            "strategies/version_copy.html",
            {"organisation": self.organisation, "version": version, "form": CopyVersionForm()},
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        version = get_object_for_user(request.user, self.versions(), action="change", pk=kwargs["pk"])
        form = CopyVersionForm(request.POST)
        if form.is_valid():
            if version.strategy.versions.filter(label=form.cleaned_data["label"]).exists():
                form.add_error("label", _("The strategy already has a version with this label."))
            else:
                draft = services.version_copy_to_draft(
                    version=version, label=form.cleaned_data["label"], user=signed_in(request)
                )
                messages.success(request, _("A new draft was created from the version."))
                return redirect("strategies:version", org=self.organisation.slug, pk=draft.pk)
        return render(
            request,
            "strategies/version_copy.html",
            {"organisation": self.organisation, "version": version, "form": form},
            status=400,
        )


class DirectionScoped(StrategyMixin):
    def directions(self):
        return Direction.objects.filter(version__strategy__ownerships__organisation=self.organisation).for_organisation(
            self.organisation
        )

    def goals(self):
        return Goal.objects.filter(
            direction__version__strategy__ownerships__organisation=self.organisation
        ).for_organisation(self.organisation)


class GoalCreateView(DirectionScoped, ScopedCreateView):
    model = Goal
    form_class = GoalForm
    direction: Direction | None = None

    def get_direction(self) -> Direction:
        if self.direction is None:
            self.direction = get_object_for_user(self.request.user, self.directions(), pk=self.kwargs["pk"])
            require_permission_name(self.request.user, self.direction, "strategies.add_goal")
        return self.direction

    def get_form_extra_kwargs(self) -> dict[str, Any]:
        return {"direction": self.get_direction(), "organisation": self.organisation}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(form_heading=self.get_direction().name, **kwargs)

    def save(self, form):
        goal = services.goal_save(goal=form.instance, user=self.request.user, expected_version=form.expected_version)
        self.shared_with = form.partners if goal.organisation_id is None else []
        return goal

    def success_message(self) -> str:
        return _goal_saved(super().success_message(), getattr(self, "shared_with", []))

    def get_success_url(self) -> str:
        return self.strategy_url() + f"#direction-{self.get_direction().pk}"


class GoalEditView(DirectionScoped, ScopedUpdateView):
    model = Goal
    form_class = GoalForm

    def get_queryset(self):
        return self.goals()

    def get_form_extra_kwargs(self) -> dict[str, Any]:
        return {"direction": self.object.direction, "organisation": self.organisation}

    def save(self, form):
        goal = services.goal_save(goal=form.instance, user=self.request.user, expected_version=form.expected_version)
        self.shared_with = form.partners if goal.organisation_id is None else []
        return goal

    def success_message(self) -> str:
        return _goal_saved(super().success_message(), getattr(self, "shared_with", []))

    def get_success_url(self) -> str:
        return self.strategy_url() + f"#direction-{self.object.direction_id}"


def _goal_saved(message: str, partners: list) -> str:
    """The save's message; a shared goal's says who else sees it (LN-11)."""
    if not partners:
        return message
    names = ", ".join(partner.name for partner in partners)
    return _("%(message)s The goal is shared: %(partners)s see it in their strategy too.") % {
        "message": message,
        "partners": names,
    }


class GoalDeleteView(DirectionScoped, DeleteView):
    model = Goal
    template_name = "core/confirm_delete.html"

    def get_object(self, queryset=None):
        return get_object_for_user(self.request.user, self.goals(), action="delete", pk=self.kwargs["pk"])

    def form_valid(self, form):
        direction_id = self.object.direction_id
        services.part_delete(part=self.object, user=self.request.user)
        messages.success(self.request, _("The goal was removed."))
        return redirect(self.strategy_url() + f"#direction-{direction_id}")


class DirectionCreateView(DirectionScoped, ScopedCreateView):
    model = Direction
    form_class = DirectionForm
    version: StrategyVersion | None = None

    def get_version(self) -> StrategyVersion:
        if self.version is None:
            self.version = get_object_for_user(
                self.request.user, self.versions(), action="change", pk=self.kwargs["pk"]
            )
        return self.version

    def get_form_extra_kwargs(self) -> dict[str, Any]:
        return {"version": self.get_version(), "organisation": self.organisation}

    def save(self, form):
        return services.direction_save(
            direction=form.instance, user=self.request.user, expected_version=form.expected_version
        )

    def get_success_url(self) -> str:
        return self.strategy_url()


class DirectionEditView(DirectionScoped, ScopedUpdateView):
    model = Direction
    form_class = DirectionForm

    def get_queryset(self):
        return self.directions()

    def get_form_extra_kwargs(self) -> dict[str, Any]:
        return {"version": self.object.version, "organisation": self.organisation}

    def save(self, form):
        return services.direction_save(
            direction=form.instance, user=self.request.user, expected_version=form.expected_version
        )

    def get_success_url(self) -> str:
        return self.strategy_url()


class ReviewCreateView(StrategyMixin, ScopedCreateView):
    model = StrategyReview
    form_class = StrategyReviewForm
    organisation_permission = "strategies.add_strategyreview"

    def get_form_extra_kwargs(self) -> dict[str, Any]:
        return {"strategy": self.get_strategy(), "organisation": self.organisation}

    def save(self, form):
        return services.strategy_review_record(review=form.instance, user=self.request.user)

    def get_success_url(self) -> str:
        return self.strategy_url()


class StrategyExportView(StrategyMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        strategy = self.get_strategy()
        response = HttpResponse(
            strategy_export(strategy, organisation=self.organisation), content_type="application/toml; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{strategy.slug}.toml"'
        return response


class StrategyImportView(StrategyMixin, View):
    template_name = "strategies/strategy_import.html"

    def check(self, request: HttpRequest) -> None:
        if not request.user.has_perm("strategies.change_strategy", self.organisation) and not request.user.has_perm(
            "organisations.change_organisation", self.organisation
        ):
            raise PermissionDenied

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check(request)
        return render(request, self.template_name, {"organisation": self.organisation, "form": StrategyImportForm()})

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check(request)
        form = StrategyImportForm(request.POST, request.FILES)
        errors: list[Any] = []
        if form.is_valid():
            try:
                strategy = strategy_import(form.cleaned_data["file"], user=request.user, organisation=self.organisation)
            except StrategyFileError as error:
                errors = error.errors
            else:
                messages.success(request, _("The strategy %(name)s was imported.") % {"name": strategy.name})
                return redirect("strategies:strategy", org=self.organisation.slug)
        return render(
            request, self.template_name, {"organisation": self.organisation, "form": form, "errors": errors}, status=400
        )


class VersionPartCreateView(DirectionScoped, ScopedCreateView):
    """Adds a dimension or rule setting to a version the coordinator may change."""

    version: StrategyVersion | None = None

    def get_version(self) -> StrategyVersion:
        if self.version is None:
            self.version = get_object_for_user(
                self.request.user, self.versions(), action="change", pk=self.kwargs["pk"]
            )
        return self.version

    def get_form_extra_kwargs(self) -> dict[str, Any]:
        return {"version": self.get_version(), "organisation": self.organisation}

    def save(self, form):
        return services.part_save(part=form.instance, user=self.request.user, expected_version=form.expected_version)

    def get_success_url(self) -> str:
        return self.strategy_url()


class VersionPartEditView(DirectionScoped, ScopedUpdateView):
    def get_form_extra_kwargs(self) -> dict[str, Any]:
        return {"version": self.object.version, "organisation": self.organisation}

    def save(self, form):
        return services.part_save(part=form.instance, user=self.request.user, expected_version=form.expected_version)

    def get_success_url(self) -> str:
        return self.strategy_url()


class DimensionCreateView(VersionPartCreateView):
    model = Dimension
    form_class = DimensionForm


class DimensionEditView(VersionPartEditView):
    model = Dimension
    form_class = DimensionForm

    def get_queryset(self):
        return Dimension.objects.filter(version__strategy__ownerships__organisation=self.organisation).for_organisation(
            self.organisation
        )


class RuleSettingCreateView(VersionPartCreateView):
    model = RuleSetting
    form_class = RuleSettingForm

    def get_initial(self) -> dict[str, Any]:
        """``?rule=<key>`` opens the form with that rule and its parameters (the way without scripts)."""
        return {**super().get_initial(), "key": self.request.GET.get("rule", "")}


class RuleSettingEditView(VersionPartEditView):
    model = RuleSetting
    form_class = RuleSettingForm

    def get_queryset(self):
        return RuleSetting.objects.filter(
            version__strategy__ownerships__organisation=self.organisation
        ).for_organisation(self.organisation)


class ThemeCreateView(DirectionScoped, ScopedCreateView):
    model = Theme
    form_class = ThemeForm
    dimension: Dimension | None = None

    def get_dimension(self) -> Dimension:
        if self.dimension is None:
            dimensions = selectors.parts_seen_by(
                Dimension.objects.filter(version__strategy__ownerships__organisation=self.organisation),
                self.organisation,
            )
            self.dimension = get_object_for_user(self.request.user, dimensions, action="change", pk=self.kwargs["pk"])
        return self.dimension

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "dimension": self.get_dimension(), "organisation": self.organisation}

    def save(self, form):
        return services.part_save(part=form.instance, user=self.request.user)

    def get_success_url(self) -> str:
        return self.strategy_url()


class GoverningDocumentCreateView(StrategyMixin, ScopedCreateView):
    model = GoverningDocument
    form_class = GoverningDocumentForm
    organisation_permission = "strategies.add_governingdocument"

    def get_form_extra_kwargs(self) -> dict[str, Any]:
        return {"organisation": self.organisation}

    def save(self, form):
        document = services.part_save(part=form.instance, user=self.request.user)
        strategy = selectors.strategy_get_current(organisation=self.organisation)
        version = strategy.current_version() if strategy else None
        if version is not None:
            version.governing_documents.add(document)
        return document

    def get_success_url(self) -> str:
        return self.strategy_url()


class GoverningDocumentEditView(StrategyMixin, ScopedUpdateView):
    model = GoverningDocument
    form_class = GoverningDocumentForm

    def get_queryset(self):
        return GoverningDocument.objects.filter(organisation=self.organisation)

    def get_form_extra_kwargs(self) -> dict[str, Any]:
        return {"organisation": self.organisation}

    def save(self, form):
        return services.part_save(part=form.instance, user=self.request.user, expected_version=form.expected_version)

    def get_success_url(self) -> str:
        return self.strategy_url()


# -- From document to strategy (X-7) ---------------------------------------------------------------


class DocumentImportMixin(StrategyMixin):
    """Reading strategy documents is for the coordinators: editors and readers get 403."""

    organisation_permission = "strategies.add_documentimport"

    def get_document_import(self) -> DocumentImport:
        return get_object_for_user(
            self.request.user,
            DocumentImport.objects.in_organisation(self.organisation),
            action="change",
            pk=self.kwargs["pk"],
        )

    def breadcrumbs(self, *current: str) -> list[tuple[str, str]]:
        upload = reverse("strategies:document_import_add", kwargs={"org": self.organisation.slug})
        crumbs = [(_("Strategy"), self.strategy_url()), (_("Read a strategy document"), upload if current else "")]
        return crumbs + [(label, "") for label in current]


class DocumentImportCreateView(DocumentImportMixin, View):
    """Upload a strategy document: type, size and readability are checked before anything is stored."""

    template_name = "strategies/document_upload.html"

    def render_form(self, form: DocumentUploadForm, status: int = 200) -> HttpResponse:
        drafts = DocumentImport.objects.in_organisation(self.organisation).exclude(
            status=DocumentImportStatus.CONFIRMED
        )
        context = {"organisation": self.organisation, "form": form, "drafts": drafts.select_related("uploaded_by")}
        return render(self.request, self.template_name, {**context, "breadcrumbs": self.breadcrumbs()}, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_form(DocumentUploadForm())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = DocumentUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(form, status=400)
        record = services.document_import_start(
            organisation=self.organisation, upload=form.cleaned_data["file"], user=signed_in(request)
        )
        return redirect(record.get_absolute_url())


class DocumentImportView(DocumentImportMixin, View):
    """While the document is read: its progress (htmx refreshes it). Then the review; confirm makes the draft."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        record = jobs.job_check(self.get_document_import())  # a reading whose worker died shows failed
        if getattr(request, "htmx", False) and record.status != DocumentImportStatus.READING:
            return HttpResponseClientRedirect(request.path)  # the reading ended: load the whole page
        if record.status == DocumentImportStatus.CONFIRMED and record.strategy_version_id:
            return redirect("strategies:version", org=self.organisation.slug, pk=record.strategy_version_id)
        if record.status == DocumentImportStatus.READY:
            return self.render_review(record, self.review_form(record))
        context = {
            "organisation": self.organisation,
            "record": record,
            "breadcrumbs": self.breadcrumbs(record.filename),
        }
        return render(request, "strategies/document_reading.html", context)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        record = self.get_document_import()
        if record.status != DocumentImportStatus.READY:
            return redirect(request.path)
        form = self.review_form(record, data=request.POST)
        if form.is_stale(record.version) or not form.is_valid():
            return self.refused(record, form)
        try:
            if "confirm" in request.POST:
                version = services.document_import_confirm(
                    document_import=record,
                    draft=form.corrected(),
                    expected_version=record.version,
                    user=signed_in(request),
                )
                messages.success(request, _("The draft version %(label)s was created.") % {"label": version.label})
                return redirect("strategies:version", org=self.organisation.slug, pk=version.pk)
            services.document_import_save(
                document_import=record, draft=form.corrected(), expected_version=record.version, user=signed_in(request)
            )
        except EditConflict:
            return self.refused(self.get_document_import(), form)
        except StrategyFileError as error:
            return self.render_review(self.get_document_import(), form, import_errors=error.errors, status=400)
        messages.success(request, _("Your corrections were saved."))
        return redirect(request.path)

    def review_form(self, record: DocumentImport, data: Any = None) -> DocumentReviewForm:
        strategy = selectors.strategy_get_current(organisation=self.organisation)
        versions = (
            list(strategy.versions.order_by("adopted_on", "pk").values_list("label", "adopted_on")) if strategy else []
        )
        return DocumentReviewForm(data, review=record.draft, version=record.version, versions=versions)

    def refused(self, record: DocumentImport, form: DocumentReviewForm) -> HttpResponse:
        """Invalid input (400), or a draft someone else saved meanwhile (409: the saved draft beside the lost values)."""
        if not form.is_stale(record.version):
            return self.render_review(record, form, status=400)
        fresh = self.review_form(record)
        return self.render_review(record, fresh, conflict=fresh.differences(form.data), conflicted=True, status=409)

    def render_review(
        self, record: DocumentImport, form: DocumentReviewForm, status: int = 200, **extra: Any
    ) -> HttpResponse:
        from .document_imports import review_page

        strategy = selectors.strategy_get_current(organisation=self.organisation)
        context = {
            "organisation": self.organisation,
            "record": record,
            "form": form,
            "strategy": strategy,
            "local_name": strategy.local_name(self.organisation) if strategy else "",
            "breadcrumbs": self.breadcrumbs(record.filename),
            **review_page(form.review, record.text, organisation=self.organisation),
            **extra,
        }
        return render(self.request, "strategies/document_review.html", context, status=status)


class DocumentImportDeleteView(DocumentImportMixin, DeleteView):
    model = DocumentImport
    template_name = "core/confirm_delete.html"

    def get_object(self, queryset=None):
        return get_object_for_user(
            self.request.user,
            DocumentImport.objects.in_organisation(self.organisation),
            action="delete",
            pk=self.kwargs["pk"],
        )

    def form_valid(self, form):
        services.document_import_discard(document_import=self.object, user=self.request.user)
        messages.success(self.request, _("The reading was thrown away."))
        return redirect("strategies:document_import_add", org=self.organisation.slug)
