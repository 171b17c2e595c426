from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DeleteView, DetailView, TemplateView

from utblick.core import conflicts, fulltext
from utblick.core.concurrency import EditConflict
from utblick.core.files import file_response
from utblick.core.models import Visitor
from utblick.core.permissions import ObjectPermissionMixin, get_object_for_user, signed_in
from utblick.core.views import HistoryView, ScopedCreateView, ScopedUpdateView, paginate_table
from utblick.organisations.mixins import OrganisationMixin
from utblick.organisations.permissions import units_writable_by, writes_for_some_unit
from utblick.organisations.register_stamps import stamps

from . import exports, selectors, services
from .choices import Kind
from .filtersets import EngagementFilterSet
from .forms import (
    KIND_FORMS,
    NEEDS_ORGANISATION,
    AgreementReviewForm,
    AttachmentForm,
    BudgetLineForm,
    EngagementForm,
    EvaluationForm,
    ExchangeForm,
    PublishForm,
    TripLegForm,
)
from .models import (
    AgreementReview,
    Attachment,
    BudgetLine,
    Engagement,
    Evaluation,
    Exchange,
    Partner,
    TripLeg,
    country_name,
)
from .tables import EngagementTable


def require_some_unit(user: Visitor, organisation: Any) -> None:
    """Coordinators, and editors who have units to record for; everyone else 403."""
    if not writes_for_some_unit(user, organisation):
        raise PermissionDenied


def kind_or_404(kind: str) -> str:
    if kind not in Kind.values:
        raise Http404
    return kind


class EngagementListView(OrganisationMixin, TemplateView):
    """Every kind, or one kind, filtered and sortable; exports give exactly what is shown."""

    template_name = "engagements/engagement_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kind = kwargs.pop("kind", None)
        data = self.request.GET.copy()
        if kind:
            data["kind"] = kind_or_404(kind)
        filterset = EngagementFilterSet(
            data,
            queryset=selectors.engagement_list(organisation=self.organisation, user=self.request.user),
            organisation=self.organisation,
        )
        engagements = filterset.qs
        if data.get("q", "").strip() and "sort" not in data:
            # A search shows the best matches first unless the reader sorts by a column.
            table = EngagementTable(fulltext.ranked(engagements), order_by=())
        else:
            table = EngagementTable(engagements)
        paginate_table(self.request, table)
        return super().get_context_data(
            filterset=filterset,
            table=table,
            kind=kind,
            kind_label=Kind(kind).plural_label if kind else None,
            new_label=Kind(kind).new_label if kind else None,
            kinds=[(each, each.plural_label, each.new_label) for each in Kind],
            may_add=self.may_add(),
            query=self.request.GET.urlencode(),
            filters_drawn_from=self.filters_drawn_from(data),
            **kwargs,
        )

    def filters_drawn_from(self, data: Any) -> str:
        """What the filter form shows depends on: the organisation's units, strategy in force and
        partners (its stamp, docs/adr/0027), the day (a strategy version takes effect) and what was
        asked. The page keeps the drawn form under these (with the language), since a few hundred
        partners and the strategy's directions cost more to draw than the list's rows."""
        stamp = stamps([self.organisation.pk])[self.organisation.pk]
        return f"{self.organisation.pk}:{stamp}:{timezone.localdate().isoformat()}:{data.urlencode()}"

    def may_add(self) -> bool:
        return writes_for_some_unit(self.request.user, self.organisation)


class EngagementExportView(OrganisationMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        filterset = EngagementFilterSet(
            request.GET,
            queryset=selectors.engagement_list(organisation=self.organisation, user=request.user),
            organisation=self.organisation,
        )
        file_format = request.GET.get("format", "csv")
        if file_format not in ("csv", "xlsx"):
            raise Http404
        return exports.engagements_response(filterset.qs, file_format=file_format, organisation=self.organisation)


class EngagementDetailView(OrganisationMixin, ObjectPermissionMixin, DetailView):
    model = Engagement
    template_name = "engagements/engagement_detail.html"

    def get_queryset(self):
        # The links on the page name their organisation: read with the engagement, not one query per link.
        return (
            super()
            .get_queryset()
            .select_related("owner_unit__organisation", "responsible", "organisation")
            .prefetch_related(
                Prefetch("partners", queryset=Partner.objects.select_related("organisation")), "directions", "themes"
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**selectors.engagement_detail_context(engagement=self.object), **kwargs)


class EngagementHistoryView(OrganisationMixin, HistoryView):
    model = Engagement

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["entries"] = selectors.engagement_history(engagement=self.object)
        return context


class EngagementFormMixin:
    """An engagement's shared fields and its kind's own fields on one page, saved together."""

    organisation: Any
    request: HttpRequest

    def get_kind(self) -> str:
        raise NotImplementedError

    def get_form_extra_kwargs(self) -> dict[str, Any]:
        return {"organisation": self.organisation, "user": self.request.user, "kind": self.get_kind()}

    def detail_form(self, instance: Any = None, data: Any = None) -> Any:
        if data is None and self.request.method == "POST":
            data = self.posted_data()
        if data is None:
            return self.unbound_detail(instance)
        return KIND_FORMS[self.get_kind()](data, self.request.FILES, **self.detail_form_kwargs(instance))

    def unbound_detail(self, instance: Any) -> Any:
        return KIND_FORMS[self.get_kind()](**self.detail_form_kwargs(instance))

    def detail_form_kwargs(self, instance: Any) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"prefix": "detail", "instance": instance}
        if self.get_kind() in NEEDS_ORGANISATION:
            kwargs["organisation"] = self.organisation
        return kwargs

    # The conflict page holds both forms, the kind's part included (ADR 0026).

    def posted_data(self) -> Any:
        current = getattr(self, "object", None)
        if current is None:
            return self.request.POST
        return conflicts.apply_choices(
            self.request.POST,
            [(self.unbound_form, current), (self.unbound_detail, services.detail_for(current))],  # type: ignore[attr-defined]
        )

    def conflict_parts(self, form: Any, current: Any) -> list[conflicts.Part]:
        version = form.cleaned_data.get("version")
        detail = services.detail_for(current)
        # The kind's record as it was when the other person's save (the next version) began.
        when = conflicts.version_time(current, version + 1) if version else None
        return [
            conflicts.Part(form, self.unbound_form, current, conflicts.base_of(current, version)),  # type: ignore[attr-defined]
            conflicts.Part(
                self.posted_detail, self.unbound_detail, detail, conflicts.before(type(detail), current.pk, when)
            ),
        ]

    def conflict_forms(self, data: Any, current: Any) -> list[tuple[Any, Any]]:
        return [
            (_("The engagement"), self.get_form_class()(data=data, instance=current, **self.get_form_extra_kwargs())),  # type: ignore[attr-defined]
            (Kind(self.get_kind()).label, self.detail_form(services.detail_for(current), data=data)),
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("detail_form", self.detail_form(self.current_detail()))
        kind = Kind(self.get_kind())
        return super().get_context_data(kind=kind, kind_label=kind.label, new_label=kind.new_label, **kwargs)  # type: ignore[misc]

    def current_detail(self) -> Any:
        return None

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object() if getattr(self, "editing", False) else None  # type: ignore[attr-defined]
        form = self.get_form()  # type: ignore[attr-defined]
        detail_form = self.posted_detail = self.detail_form(self.current_detail())
        if form.is_valid() and detail_form.is_valid():
            try:
                self.object = services.engagement_save(
                    engagement=form.instance,
                    detail=detail_form.save(commit=False),
                    user=signed_in(request),
                    expected_version=form.expected_version,
                    directions=list(form.cleaned_data["directions"]),
                    themes=list(form.cleaned_data["themes"]),
                    partners=list(form.cleaned_data["partners"]),
                    shared=form.cleaned_data["shared"],
                    detail_relations={
                        field.name: list(detail_form.cleaned_data[field.name])
                        for field in detail_form._meta.model._meta.many_to_many
                        if field.name in detail_form.fields
                    },
                )
            except EditConflict as conflict:
                return self.render_conflict(form, conflict.current)  # type: ignore[attr-defined]
            except ValidationError as error:
                _attach_errors(form, detail_form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(self.object.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form, detail_form=detail_form))  # type: ignore[attr-defined]


def _attach_errors(form: Any, detail_form: Any, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, problems in error.message_dict.items():
        target = form if field in form.fields else detail_form if field in detail_form.fields else form
        target.add_error(field if field in target.fields else None, problems)


class EngagementCreateView(OrganisationMixin, EngagementFormMixin, ScopedCreateView):
    template_name = "engagements/engagement_form.html"
    model = Engagement
    form_class = EngagementForm

    def get_kind(self) -> str:
        return kind_or_404(self.kwargs["kind"])

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require_some_unit()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require_some_unit()
        return super().post(request, *args, **kwargs)

    def require_some_unit(self) -> None:
        require_some_unit(self.request.user, self.organisation)

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        units = list(units_writable_by(self.request.user, self.organisation).filter(is_active=True)[:2])
        if len(units) == 1:
            initial["owner_unit"] = units[0].pk
        return initial


class EngagementEditView(OrganisationMixin, EngagementFormMixin, ScopedUpdateView):
    template_name = "engagements/engagement_form.html"
    model = Engagement
    form_class = EngagementForm
    editing = True

    object: Engagement

    def get_kind(self) -> str:
        return self.object.kind

    def current_detail(self) -> Any:
        return services.detail_for(self.object)


class EngagementPublishView(OrganisationMixin, ObjectPermissionMixin, DetailView):
    """Publish on the public pages, or take off them, after seeing exactly what the public sees (X-5).

    The confirmation carries the version it showed: if the engagement changed meanwhile, the step is
    refused and the page shows the new text to confirm again.
    """

    model = Engagement
    permission_action = "publish"
    template_name = "engagements/engagement_publish.html"
    publish = True

    def get_queryset(self):
        return super().get_queryset().select_related("owner_unit", "organisation", "published_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("form", PublishForm(initial={"version": self.object.version}))
        return super().get_context_data(
            publish=self.publish,
            countries=[country_name(code) for code in self.object.countries or []],
            **kwargs,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        form = PublishForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        step = services.engagement_publish if self.publish else services.engagement_unpublish
        try:
            step(engagement=self.object, user=signed_in(request), expected_version=form.cleaned_data["version"])
        except EditConflict:
            messages.error(
                request,
                _(
                    "The engagement was changed while you were looking at it. Check what is shown now and confirm again."
                ),
            )
            return redirect(request.path)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.object.get_absolute_url())
        if self.publish:
            messages.success(request, _("Published: the engagement is on the public pages."))
        else:
            messages.success(request, _("The engagement was taken off the public pages; it is internal now."))
        return redirect(self.object.get_absolute_url())


class EngagementUnpublishView(EngagementPublishView):
    publish = False


class EngagementDeleteView(OrganisationMixin, ObjectPermissionMixin, DeleteView):
    model = Engagement
    permission_action = "delete"
    template_name = "core/confirm_delete.html"

    def form_valid(self, form):
        services.engagement_delete(engagement=self.object, user=self.request.user)
        messages.success(self.request, _("The engagement was removed."))
        return redirect("engagements:engagement_list", org=self.organisation.slug)


class SubRecordCreateView(OrganisationMixin, ScopedCreateView):
    """Adds an evaluation, exchange, review, leg, resource or attachment to an engagement its editor may change.

    The record hangs under the kind's part (``parent_attribute``, e.g. "membership") or, without
    one, under the engagement itself."""

    parent_attribute: str = ""
    engagement: Engagement | None = None

    def get_engagement(self) -> Engagement:
        if self.engagement is None:
            self.engagement = get_object_for_user(
                self.request.user,
                Engagement.objects.in_organisation(self.organisation),
                action="change",
                pk=self.kwargs["pk"],
            )
            if self.parent_attribute and getattr(self.engagement, self.parent_attribute, None) is None:
                raise Http404
        return self.engagement

    def parent(self) -> Any:
        engagement = self.get_engagement()
        return getattr(engagement, self.parent_attribute) if self.parent_attribute else engagement

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        setattr(form.instance, self.parent_field, self.parent())
        return form

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(parent=self.get_engagement(), **kwargs)

    def get_success_url(self) -> str:
        return self.get_engagement().get_absolute_url()

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.get_engagement()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.get_engagement()
        return super().post(request, *args, **kwargs)

    def save(self, form):
        return services.record_save(record=form.instance, user=self.request.user)


class EvaluationCreateView(SubRecordCreateView):
    form_class = EvaluationForm
    parent_attribute = "membership"
    parent_field = "membership"


class ExchangeCreateView(SubRecordCreateView):
    form_class = ExchangeForm
    parent_attribute = "agreement"
    parent_field = "agreement"


class AgreementReviewCreateView(SubRecordCreateView):
    form_class = AgreementReviewForm
    parent_attribute = "agreement"
    parent_field = "agreement"


class TripLegCreateView(SubRecordCreateView):
    form_class = TripLegForm
    parent_attribute = "trip"
    parent_field = "trip"


class RecordMixin(OrganisationMixin):
    """An evaluation, exchange, review or leg of one engagement, found through the choke point."""

    model: Any
    object: Any
    engagement_path: str = ""  # from the record to its engagement, e.g. "membership__engagement"

    def get_queryset(self) -> Any:
        return self.model.objects.in_organisation(self.organisation).filter(
            **{f"{self.engagement_path}__pk": self.kwargs["engagement"]}
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(parent=self.object.parent_engagement, **kwargs)


class RecordEditView(RecordMixin, ScopedUpdateView):
    """Correct a record, or write a review's decision once it is taken; stale edits get the conflict page."""

    def save(self, form):
        return services.record_save(
            record=form.instance, user=self.request.user, expected_version=form.expected_version
        )


class EvaluationEditView(RecordEditView):
    model, form_class, engagement_path = Evaluation, EvaluationForm, "membership__engagement"


class ExchangeEditView(RecordEditView):
    model, form_class, engagement_path = Exchange, ExchangeForm, "agreement__engagement"


class AgreementReviewEditView(RecordEditView):
    model, form_class, engagement_path = AgreementReview, AgreementReviewForm, "agreement__engagement"


class TripLegEditView(RecordEditView):
    model, form_class, engagement_path = TripLeg, TripLegForm, "trip__engagement"


class RemoveView(OrganisationMixin, ObjectPermissionMixin, DeleteView):
    """Asks first, then removes through a service and goes back to where the thing was shown."""

    permission_action = "delete"
    template_name = "core/confirm_delete.html"

    def remove(self, obj: Any) -> None:
        raise NotImplementedError

    def form_valid(self, form):
        back = self.object.get_absolute_url()
        self.remove(self.object)
        messages.success(self.request, _("Removed: %(record)s.") % {"record": self.object})
        return redirect(back)


class RecordDeleteView(RecordMixin, RemoveView):
    def remove(self, obj: Any) -> None:
        services.record_remove(record=obj, user=signed_in(self.request))


class EvaluationDeleteView(RecordDeleteView):
    model, engagement_path = Evaluation, "membership__engagement"


class ExchangeDeleteView(RecordDeleteView):
    model, engagement_path = Exchange, "agreement__engagement"


class AgreementReviewDeleteView(RecordDeleteView):
    model, engagement_path = AgreementReview, "agreement__engagement"


class TripLegDeleteView(RecordDeleteView):
    model, engagement_path = TripLeg, "trip__engagement"


class AttachmentDeleteView(RemoveView):
    model = Attachment

    def get_queryset(self) -> Any:
        return Attachment.objects.in_organisation(self.organisation).select_related("engagement")

    def remove(self, obj: Any) -> None:
        services.attachment_remove(attachment=obj, user=signed_in(self.request))


class AttachmentCreateView(SubRecordCreateView):
    """Attach a document; size and type are limited (settings.UTBLICK_MAX_UPLOAD_BYTES)."""

    form_class = AttachmentForm
    parent_field = "engagement"

    def save(self, form):
        return services.attachment_add(attachment=form.instance, user=self.request.user)


class BudgetLineCreateView(SubRecordCreateView):
    """Record resources for an engagement: planned, decided, spent; each optional (ST-7)."""

    form_class = BudgetLineForm
    parent_field = "engagement"

    def save(self, form):
        return services.budget_line_save(line=form.instance, user=self.request.user)

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()


class BudgetLineEditView(OrganisationMixin, ScopedUpdateView):
    model = BudgetLine
    form_class = BudgetLineForm

    def get_queryset(self) -> Any:
        return BudgetLine.objects.in_organisation(self.organisation).select_related("engagement")

    def save(self, form):
        return services.budget_line_save(
            line=form.instance, user=self.request.user, expected_version=form.expected_version
        )


class BudgetLineDeleteView(RemoveView):
    model = BudgetLine

    def get_queryset(self) -> Any:
        return BudgetLine.objects.in_organisation(self.organisation).select_related("engagement")

    def remove(self, obj: Any) -> None:
        services.budget_line_delete(line=obj, user=signed_in(self.request))


class AttachmentDownloadView(OrganisationMixin, View):
    """Attachments are served through the permission check, never as public media files."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        attachment = get_object_for_user(
            request.user, Attachment.objects.in_organisation(self.organisation), pk=kwargs["pk"]
        )
        return file_response(request, attachment.file, back=attachment.get_absolute_url())
