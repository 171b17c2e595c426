import datetime
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView, UpdateView

from utblick.core import jobs, spreadsheets
from utblick.core.permissions import ObjectPermissionMixin, get_object_for_user, require_permission, signed_in
from utblick.core.problems import RowProblem
from utblick.core.services import model_save
from utblick.core.views import ConflictMixin, HistoryView, ScopedCreateView, ScopedUpdateView, paginate_table
from utblick.engagements.models import Engagement
from utblick.organisations.mixins import OrganisationMixin
from utblick.organisations.models import Organisation, Unit

from . import formats, selectors, services
from .choices import FileFormat, RunKind, RunState, SourceKind
from .filtersets import ItemFilterSet
from .forms import (
    CommentEditForm,
    CommentForm,
    MappingForm,
    MarkForm,
    ShareForm,
    SourceForm,
    UploadForm,
    WatchProfileForm,
)
from .matching import reasons_text
from .models import ImportRun, Item, ItemComment, ItemMark, ItemShare, Match, Source, WatchProfile
from .search import rank_items
from .tables import ItemTable


def _unit(view: Any) -> Unit:
    return get_object_or_404(Unit.objects.in_organisation(view.organisation), pk=view.kwargs["unit"])


def _back(request: HttpRequest, default: str) -> str:
    """The page to go back to: a path on this site (redirect() would take any other word for a view's name)."""
    target = request.POST.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


class OverviewView(OrganisationMixin, TemplateView):
    """The scanning desk's start: the units' desks, the central office's shared items, the sources."""

    template_name = "watch/overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        units = list(Unit.objects.filter(organisation=self.organisation, is_active=True).order_by("order", "name"))
        mine = selectors.user_unit_ids(user=user, organisation=self.organisation)
        profiles = {p.unit_id: p for p in WatchProfile.objects.filter(unit__organisation=self.organisation)}
        counts = selectors.match_counts(organisation=self.organisation)
        rows = [
            {"unit": unit, "profile": profiles.get(unit.pk), **counts.get(unit.pk, {"matches": 0, "new": 0})}
            for unit in units
        ]
        own = [row for row, unit in zip(rows, units, strict=True) if mine is not None and unit.pk in mine]
        shared = selectors.shared_with_everyone(organisation=self.organisation, user=user)
        return super().get_context_data(rows=rows, own=own, shared=shared, **kwargs)


class ItemListView(OrganisationMixin, TemplateView):
    template_name = "watch/item_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        filterset = ItemFilterSet(
            self.request.GET,
            queryset=selectors.item_list(organisation=self.organisation, user=self.request.user),
            organisation=self.organisation,
            user=self.request.user,
        )
        items = filterset.qs
        explanations: dict[int, str] = {}
        if filterset.form.is_valid() and filterset.search_query is not None:
            # A search lists the best matches first, each with why it was found.
            ranked = rank_items(items, filterset.search_query, limit=200, owner=self.organisation.pk)
            order = [result.item_id for result in ranked]
            explanations = {result.item_id: reasons_text(result.reasons) for result in ranked}
            found = {item.pk: item for item in items.filter(pk__in=order)}
            items = [found[pk] for pk in order if pk in found] + list(items.exclude(pk__in=order)[:50])
        table = ItemTable(items, organisation=self.organisation, explanations=explanations)
        paginate_table(self.request, table)
        return super().get_context_data(filterset=filterset, table=table, searched=bool(explanations), **kwargs)


class ItemMixin(OrganisationMixin, ObjectPermissionMixin):
    model = Item

    def get_queryset(self):
        return Item.objects.in_organisation(self.organisation).select_related("source")

    def get_object(self, queryset=None):
        item = super().get_object(queryset)
        item.viewed_in = self.organisation
        return item


class ItemDetailView(ItemMixin, DetailView):
    template_name = "watch/item_detail.html"
    context_object_name = "item"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = selectors.item_detail_context(
            item=self.object, organisation=self.organisation, user=self.request.user
        )
        return super().get_context_data(
            **context,
            share_form=ShareForm(organisation=self.organisation),
            comment_form=CommentForm(organisation=self.organisation, user=self.request.user),
            next_deadline=self.object.next_deadline(),
            **kwargs,
        )


class ItemHistoryView(ItemMixin, HistoryView):
    pass


class ItemActionView(OrganisationMixin, View):
    """POST-only actions on an item: the item through the choke point, then one service."""

    def item(self) -> Item:
        item = get_object_for_user(
            self.request.user, Item.objects.in_organisation(self.organisation), pk=self.kwargs["pk"]
        )
        item.viewed_in = self.organisation
        return item

    def invalid(self, form: Any, item: Item) -> HttpResponse:
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)
        return redirect(_back(self.request, item.get_absolute_url()))


class ItemMarkView(ItemActionView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        item = self.item()
        form = MarkForm(request.POST, organisation=self.organisation)
        if not form.is_valid():
            return self.invalid(form, item)
        unit = form.cleaned_data["unit"]
        require_permission(request.user, ItemMark(item=item, unit=unit, organisation=self.organisation), "add")
        mark = services.mark_set(item=item, unit=unit, verdict=form.cleaned_data["verdict"], user=signed_in(request))
        messages.success(
            request,
            _("%(title)s is marked %(verdict)s for %(unit)s.")
            % {"title": item.title, "verdict": mark.get_verdict_display(), "unit": unit.name},
        )
        return redirect(_back(request, item.get_absolute_url()))


class ItemShareView(ItemActionView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        item = self.item()
        form = ShareForm(request.POST, organisation=self.organisation)
        if not form.is_valid():
            return self.invalid(form, item)
        from_unit, to_unit = form.cleaned_data["from_unit"], form.cleaned_data["to_unit"]
        share = ItemShare(item=item, organisation=self.organisation, from_unit=from_unit, to_unit=to_unit)
        require_permission(request.user, share, "add")
        try:
            services.share_create(
                item=item,
                organisation=self.organisation,
                from_unit=from_unit,
                to_unit=to_unit,
                note=form.cleaned_data["note"],
                user=signed_in(request),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(_back(request, item.get_absolute_url()))
        messages.success(
            request,
            _("%(title)s is shared with %(unit)s.")
            % {"title": item.title, "unit": to_unit.name if to_unit else _("every unit")},
        )
        return redirect(_back(request, item.get_absolute_url()))


class ItemCommentView(ItemActionView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        item = self.item()
        form = CommentForm(request.POST, organisation=self.organisation, user=request.user)
        require_permission(request.user, ItemComment(item=item, organisation=self.organisation), "add")
        if not form.is_valid():
            return self.invalid(form, item)
        services.comment_add(
            item=item,
            organisation=self.organisation,
            unit=form.cleaned_data["unit"],
            text=form.cleaned_data["text"],
            user=signed_in(request),
        )
        messages.success(request, _("Your comment was saved."))
        return redirect(_back(request, item.get_absolute_url()) + "#comments-heading")


class ItemCommentEditView(OrganisationMixin, ScopedUpdateView):
    model = ItemComment
    form_class = CommentEditForm

    def get_queryset(self) -> Any:
        return ItemComment.objects.filter(organisation=self.organisation, item_id=self.kwargs["pk"]).select_related(
            "organisation"
        )

    def get_lookup(self) -> dict[str, Any]:
        return {"pk": self.kwargs["comment"]}

    def save(self, form):
        return services.comment_save(
            comment=form.instance, user=self.request.user, expected_version=form.expected_version
        )


class ItemCommentRemoveView(ItemActionView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        item = self.item()
        comment = get_object_or_404(
            ItemComment.objects.filter(item=item, organisation=self.organisation), pk=kwargs["comment"]
        )
        require_permission(request.user, comment, "delete")
        services.comment_delete(comment=comment, user=signed_in(request))
        messages.success(request, _("The comment was removed."))
        return redirect(_back(request, item.get_absolute_url()) + "#comments-heading")


# -- The unit's desk and profile ----------------------------------------------------------------


class DeskView(OrganisationMixin, TemplateView):
    template_name = "watch/desk.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("unit", None)
        unit = _unit(self)
        context = selectors.desk_context(unit=unit, user=self.request.user)
        profile = context["profile"] or WatchProfile(unit=unit)
        may_edit = self.request.user.has_perm("watch.change_watchprofile", profile)
        for section in ("new_matches", "matches", "deadlines", "shared", "relevant"):
            for entry in context[section]:
                entry.item.viewed_in = self.organisation
        other_units = Unit.objects.filter(organisation=self.organisation, is_active=True).exclude(pk=unit.pk)
        return super().get_context_data(
            unit=unit, may_edit=may_edit, other_units=other_units.order_by("name"), **context, **kwargs
        )


class ProfileEditView(OrganisationMixin, ConflictMixin, UpdateView):
    """A unit's watch profile; saving ranks the items for it at once."""

    template_name = "watch/profile_form.html"
    form_class = WatchProfileForm
    model = WatchProfile

    def get_object(self, queryset=None):
        self.unit = _unit(self)
        profile = services.profile_for(self.unit)
        require_permission(self.request.user, profile, "change")
        return profile

    def get_form_extra_kwargs(self) -> dict[str, Any]:
        return {"unit": self.unit}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(unit=self.unit, **kwargs)

    def save(self, form):
        return services.profile_save(
            profile=form.instance,
            user=self.request.user,
            expected_version=form.expected_version,
            directions=list(form.cleaned_data["directions"]),
            themes=list(form.cleaned_data["themes"]),
        )

    def success_message(self) -> str:
        return _("The watch profile was saved and the matches updated.")

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()


# -- Sources and imports ------------------------------------------------------------------------


class SourceListView(OrganisationMixin, TemplateView):
    template_name = "watch/source_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        sources = list(Source.objects.visible_to(self.request.user).in_organisation(self.organisation).order_by("name"))
        return super().get_context_data(
            sources=selectors.sources_with_runs(sources=sources, user=self.request.user),
            may_add=self.request.user.has_perm("watch.add_source", Source(organisation=self.organisation)),
            formats=FileFormat.choices,
            **kwargs,
        )


class SourceFormMixin:
    organisation: Organisation

    def get_form_extra_kwargs(self) -> dict[str, Any]:
        return {"organisation": self.organisation}

    def save(self, form):

        return model_save(form.instance, user=self.request.user, expected_version=form.expected_version)

    def get_success_url(self) -> str:
        return Source(organisation=self.organisation).get_absolute_url()


class SourceCreateView(OrganisationMixin, SourceFormMixin, ScopedCreateView):
    model = Source
    form_class = SourceForm
    template_name = "core/form.html"
    organisation_permission = "watch.add_source"


class SourceEditView(OrganisationMixin, SourceFormMixin, ScopedUpdateView):
    model = Source
    form_class = SourceForm
    template_name = "core/form.html"

    def get_queryset(self):
        return Source.objects.in_organisation(self.organisation)

    def get_object(self, queryset=None):
        source = super().get_object(queryset)
        source.viewed_in = self.organisation
        return source


def _source(view: Any, action: str) -> Source:
    source = get_object_for_user(
        view.request.user, Source.objects.in_organisation(view.organisation), action=action, pk=view.kwargs["pk"]
    )
    source.viewed_in = view.organisation
    return source


class SourceImportView(OrganisationMixin, View):
    """Upload a file into a source: recognised, then mapped (tables) or imported in the background."""

    template_name = "watch/source_import.html"

    def source(self) -> Source:
        source = _source(self, "change")
        if not source.accepts_imports:
            raise Http404  # the items entered by hand are written one by one, never by a file
        return source

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        source = self.source()
        return render(
            request, self.template_name, self.context(source, UploadForm(initial={"file_format": source.file_format}))
        )

    def context(self, source: Source, form: Any, **extra: Any) -> dict[str, Any]:
        return {"organisation": self.organisation, "source": source, "form": form, **extra}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        source = self.source()
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, self.context(source, form), status=400)
        upload = form.cleaned_data["file"]
        file_format = form.cleaned_data["file_format"]
        if not file_format:
            try:
                file_format = formats.detect_format(upload.read(65536), upload.name)
            except formats.FormatError as error:
                form.add_error("file_format", str(error))
                return render(request, self.template_name, self.context(source, form), status=400)
            upload.seek(0)
        tables = file_format in (FileFormat.CSV, FileFormat.XLSX)
        stored, name = upload, upload.name
        if tables:
            try:
                stored, name, file_format = _table_as_csv(upload, file_format)
            except formats.FormatError as error:
                form.add_error("file", str(error))
                return render(request, self.template_name, self.context(source, form), status=400)
        run = ImportRun(
            source=source,
            file_name=upload.name[:300],
            file_format=file_format,
            state=RunState.MAPPING if tables else RunState.WAITING,
            started_by=signed_in(request),
            size=upload.size,
        )
        run.file.save(f"{timezone.now():%Y%m%d-%H%M%S}-{name}"[-200:], stored, save=False)
        run.save()
        if tables:
            return redirect("watch:import_mapping", org=self.organisation.slug, pk=run.pk)
        _enqueue_import(run)
        return redirect("watch:import_run", org=self.organisation.slug, pk=run.pk)


def _table_as_csv(upload: Any, file_format: str) -> tuple[ContentFile, str, str]:
    """An uploaded table read once, here, and kept as plain CSV: the mapping page and the import read
    that, so an XLSX is never unpacked again. FormatError when it cannot be read: nothing is kept."""
    header, rows = formats.read_table(upload.read(), file_format)
    return ContentFile(spreadsheets.table_csv(header, rows)), f"{Path(upload.name).stem}.csv", FileFormat.CSV


def _enqueue_import(run: ImportRun) -> None:
    from .tasks import import_uploaded_file

    jobs.job_enqueue(run, import_uploaded_file, run.pk)


def _run(view: Any, action: str = "view") -> ImportRun:
    run = get_object_for_user(
        view.request.user,
        ImportRun.objects.filter(source__in=Source.objects.in_organisation(view.organisation)).select_related("source"),
        action=action,
        pk=view.kwargs["pk"],
    )
    run.source.viewed_in = view.organisation
    return run


class ImportMappingView(OrganisationMixin, View):
    """Which column holds which field: every row is checked before anything is written."""

    template_name = "watch/import_mapping.html"

    def setup_run(self) -> tuple[ImportRun, list[str], list[dict[str, str]]]:
        run = _run(self, "change")
        if run.state != RunState.MAPPING:
            raise Http404
        try:
            with run.file.open("rb") as stream:
                header, rows = formats.read_table(stream.read(), run.file_format)
        except formats.FormatError as error:
            self.error = str(error)
            return run, [], []
        except (OSError, ValueError):  # the kept file is gone (ValueError: the run has none)
            self.error = _("The uploaded file is no longer kept. Upload it again.")
            return run, [], []
        self.error = ""
        return run, header, rows

    def render_page(self, run: ImportRun, form: Any, status: int = 200, **extra: Any) -> HttpResponse:
        context = {"organisation": self.organisation, "run": run, "form": form, "error": self.error, **extra}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        run, header, rows = self.setup_run()
        form = MappingForm(header=header, initial_mapping=formats.default_mapping(header))
        return self.render_page(
            run, form, status=400 if self.error else 200, rows=_preview(header, rows), header=header
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        run, header, rows = self.setup_run()
        form = MappingForm(request.POST, header=header, initial_mapping={})
        if self.error or not form.is_valid():
            return self.render_page(run, form, status=400, rows=_preview(header, rows), header=header)
        items, problems = formats.rows_to_items(rows, form.mapping(), language=run.source.language)
        if problems or not items:
            problems = problems or [RowProblem(1, "", _("The file has no rows."))]
            return self.render_page(
                run, form, status=400, rows=_preview(header, rows), header=header, problems=problems
            )
        run.mapping = form.mapping()
        run.state = RunState.WAITING
        run.save(update_fields=["mapping", "state", "updated_at"])
        _enqueue_import(run)
        return redirect("watch:import_run", org=self.organisation.slug, pk=run.pk)


def _preview(header: list[str], rows: list[dict[str, str]]) -> list[list[str]]:
    return [[row.get(column, "") for column in header] for row in rows[:3]]


class ImportRunView(OrganisationMixin, TemplateView):
    """An import's progress (htmx refreshes it; without scripts, "Update now" does) and its result."""

    template_name = "watch/import_run.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        run = jobs.job_check(_run(self, "change"))  # the import log is the coordinators'
        kwargs.pop("pk", None)
        return super().get_context_data(run=run, **kwargs)


class SourceFetchView(OrganisationMixin, View):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        source = _source(self, "change")
        if source.kind != SourceKind.FEED:
            raise Http404
        run = ImportRun.objects.create(
            source=source, kind=RunKind.FETCH, file_name=source.url[:300], started_by=signed_in(request)
        )
        from .tasks import fetch_source

        jobs.job_enqueue(run, fetch_source, source.pk, run.pk)
        return redirect("watch:import_run", org=self.organisation.slug, pk=run.pk)


# -- Panels on other apps' pages ----------------------------------------------------------------


def engagement_panel(request: HttpRequest, engagement: Engagement) -> dict[str, Any] | None:
    """On a planned engagement: the funding step (KR-4) with the best-matching calls."""
    if not selectors.needs_funding_step(engagement):
        return None
    investigation = selectors.funding_investigation_for(engagement)
    suggestions = []
    if engagement.status != "ongoing" or investigation is None:
        suggestions = selectors.funding_suggestions(engagement=engagement, user=request.user, limit=3)
    for suggestion in suggestions:
        suggestion.item.viewed_in = engagement.organisation
    return {
        "investigation": investigation,
        "suggestions": suggestions,
        "may_record": request.user.has_perm("engagements.change_engagement", engagement),
    }


def unit_panel(request: HttpRequest, unit: Unit) -> dict[str, Any] | None:
    profile = WatchProfile.objects.filter(unit=unit).first()
    since = timezone.now() - datetime.timedelta(days=selectors.NEW_DAYS)
    matches = Match.objects.filter(profile=profile) if profile else Match.objects.none()
    return {
        "profile": profile,
        "match_count": matches.count(),
        "new_count": matches.filter(first_seen__gte=since).count(),
        "may_edit": request.user.has_perm("watch.change_watchprofile", profile or WatchProfile(unit=unit)),
    }
