import hashlib
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from utblick.core import conflicts, jobs
from utblick.core.concurrency import EditConflict
from utblick.core.permissions import get_object_for_user, signed_in
from utblick.engagements.models import BudgetLine, Engagement
from utblick.organisations.forms import NetworkSharingForm
from utblick.organisations.mixins import OrganisationMixin
from utblick.organisations.models import Organisation, Unit
from utblick.organisations.register_stamps import stamps
from utblick.organisations.services import organisation_update
from utblick.strategies.models import MandatePeriod
from utblick.strategies.registry import INDICATORS

from . import calendar, figure_cache, indicators, selectors, services
from .filtersets import DeviationFilterSet
from .forms import ConclusionsForm
from .models import Deviation, FollowUpSettings, MandateReviewDraft, ReportBuild


class DashboardView(OrganisationMixin, TemplateView):
    """The coordinator's view: where the organisation stands against its strategy."""

    template_name = "followup/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        org, user = self.organisation, self.request.user
        year = timezone.localdate().year
        deadlines = selectors.deadlines_upcoming(organisation=org, user=user)
        own = [deadline for deadline in deadlines if deadline.kind != selectors.CALL_DEADLINE]
        return super().get_context_data(
            by_rule=selectors.deviation_counts_by_rule(organisation=org, user=user),
            by_unit=selectors.deviation_counts_by_unit(organisation=org, user=user),
            # Calls' application deadlines and the organisation's own duties are different lists (issue 15).
            call_deadlines=[deadline for deadline in deadlines if deadline.kind == selectors.CALL_DEADLINE],
            overdue_duties=[deadline for deadline in own if deadline.overdue],
            coming_duties=[deadline for deadline in own if not deadline.overdue],
            indicators=indicators.dashboard_indicators(org, year=year),
            coverage=indicators.coverage_for(org, year),
            year=year,
            **kwargs,
        )


class ComparisonView(OrganisationMixin, TemplateView):
    """Indicators side by side with the organisations that also take part in comparisons (LN-2)."""

    template_name = "followup/comparison.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        year = timezone.localdate().year
        taking_part = self.organisation.comparison_opt_in
        organisations = list(Organisation.objects.filter(is_active=True, comparison_opt_in=True).order_by("name"))
        rows = []
        if taking_part:
            cells = comparison_cells(organisations, year)  # HTML escaped when it was written
            rows = [
                {"title": INDICATORS[key].title, "unit": INDICATORS[key].unit, "cells": mark_safe(html)}
                for key, html in cells.items()
            ]
        return super().get_context_data(
            taking_part=taking_part, organisations=organisations, rows=rows, year=year, **kwargs
        )


def comparison_cells(organisations: list[Organisation], year: int) -> dict[str, str]:
    """Each indicator's row of cells, one per organisation, as HTML (escaped by format_html_join).

    Hundreds of organisations make thousands of formatted figures: the rows are kept in the cache
    until one of the organisations' registers changes (figure_cache), per language and day.
    """
    from .reports.content import number

    ids = [o.pk for o in organisations]
    register = stamps(ids)
    signature = repr([sorted(register.items()), ids, year, get_language(), timezone.localdate().isoformat()])
    cache_key = "comparison-cells:1:" + hashlib.sha256(signature.encode()).hexdigest()
    cells = cache.get(cache_key)
    if cells is None:
        table = indicators.comparison(organisations, year=year, stamps=register)
        cells = {
            key: str(
                format_html_join(
                    "",
                    '<td class="number">{}</td>',
                    ((number(table[key][pk], 0 if _whole(table[key][pk]) else 1),) for pk in ids),
                )
            )
            for key in table
        }
        cache.set(cache_key, cells, figure_cache.TIMEOUT)
    return cells


class DeviationListView(OrganisationMixin, TemplateView):
    template_name = "followup/deviation_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        filterset = DeviationFilterSet(
            self.request.GET,
            queryset=selectors.deviation_list_open(organisation=self.organisation, user=self.request.user),
            organisation=self.organisation,
        )
        if "unit" in filterset.errors:
            raise Http404
        deviations = list(filterset.qs)
        unit = filterset.form.cleaned_data.get("unit")
        rule = filterset.form.cleaned_data.get("rule") or None
        return super().get_context_data(deviations=deviations, unit=unit, rule=rule, **kwargs)


class SettingsView(OrganisationMixin, TemplateView):
    """The user's own follow-up settings: weekly digest on or off, the calendar feed's address; for coordinators
    also the organisation's part in the partner network (off until one turns it on)."""

    template_name = "followup/settings.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        settings_row = services.followup_settings_get(user=signed_in(self.request))
        feed = self.request.build_absolute_uri(reverse("feeds:calendar", kwargs={"token": settings_row.calendar_token}))
        if self.may_set_sharing():
            kwargs.setdefault("network_form", NetworkSharingForm(instance=self.organisation))
        return super().get_context_data(settings_row=settings_row, feed_url=feed, **kwargs)

    def may_set_sharing(self) -> bool:
        return self.request.user.has_perm("organisations.change_organisation", self.organisation)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "network" in request.POST:
            return self.post_network(request)
        if "renew" in request.POST:
            services.calendar_token_renew(user=signed_in(request))
            messages.success(request, _("The calendar address was renewed; the old one no longer works."))
        else:
            services.digest_preference_set(
                user=signed_in(request), weekly_digest=request.POST.get("weekly_digest") == "on"
            )
            messages.success(request, _("Your settings were saved."))
        return redirect("followup:settings", org=self.organisation.slug)

    def post_network(self, request: HttpRequest) -> HttpResponse:
        if not self.may_set_sharing():
            raise PermissionDenied
        form = NetworkSharingForm(request.POST, instance=self.organisation)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(network_form=form), status=400)
        try:
            organisation_update(
                organisation=form.instance, user=signed_in(request), expected_version=form.expected_version
            )
        except EditConflict:
            messages.error(
                request, _("Someone changed the organisation's settings meanwhile. Check them and save again.")
            )
            return redirect("followup:settings", org=self.organisation.slug)
        if form.instance.network_sharing:
            messages.success(
                request,
                _(
                    "The organisation takes part in the partner network: its shared engagements are visible to the other organisations here."
                ),
            )
        else:
            messages.success(
                request,
                _("The organisation does not take part in the partner network: nothing of it is shown to others."),
            )
        return redirect("followup:settings", org=self.organisation.slug)


@login_not_required
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A personal iCalendar feed of deadlines; the secret address is the only credential."""
    settings_row = FollowUpSettings.objects.filter(calendar_token=token, user__is_active=True).select_related("user")
    found = settings_row.first()
    if found is None:
        raise Http404
    response = HttpResponse(calendar.feed_for(found.user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="utblick.ics"'
    return response


def unit_panel(request: HttpRequest, unit: Unit) -> dict[str, Any] | None:
    """The unit's own international work: its engagements, resources, deviations and indicators (LN-10)."""
    deviations = list(selectors.deviation_list_open(organisation=unit.organisation, user=request.user, unit=unit))
    engagements = (
        Engagement.objects.visible_to(request.user)
        .filter(owner_unit=unit)
        .select_related("organisation")
        .order_by("-starts_on")[:50]
    )

    budget = BudgetLine.objects.filter(engagement__owner_unit=unit).aggregate(
        planned=Sum("planned"), decided=Sum("decided"), spent=Sum("spent")
    )
    year = timezone.localdate().year
    unit_indicators = indicators.dashboard_indicators(unit.organisation, year=year, units=[unit.pk])
    return {
        "deviations": deviations,
        "engagements": engagements,
        "budget": budget,
        "indicators": unit_indicators,
        "year": year,
    }


def organisation_panel(request: HttpRequest, organisation) -> dict[str, Any] | None:
    return {"open_count": Deviation.objects.visible_to(request.user).open().filter(organisation=organisation).count()}


def engagement_panel(request: HttpRequest, engagement) -> dict[str, Any] | None:
    deviations = (
        Deviation.objects.visible_to(request.user)
        .open()
        .filter(subject_type=ContentType.objects.get_for_model(engagement), subject_id=engagement.pk)
    )
    return {"deviations": list(deviations.select_related("unit"))}


class ReportView(OrganisationMixin, TemplateView):
    """Choose a report, preview it, download it as DOCX, PDF or XLSX (VX-9, VX-11, LN-12)."""

    template_name = "followup/reports.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from . import reports

        today = timezone.localdate()
        kind = self.request.GET.get("kind", "year")
        year = _year(self.request.GET.get("year"), today.year)
        units = Unit.objects.filter(organisation=self.organisation, is_active=True).order_by("name")
        unit = units.filter(pk=_int(self.request.GET.get("unit"), 0)).first()
        periods = [MandatePeriod.for_date(MandatePeriod.bounds_for_election(y)[0]) for y in (2014, 2018, 2022, 2026)]
        period = next((p for p in periods if str(p.pk) == self.request.GET.get("period")), periods[-2])
        draft = services.mandate_review_draft_get(organisation=self.organisation, period=period)
        if kind == "mandate":
            report: Any = reports.build_mandate_review(
                organisation=self.organisation, period=period, conclusions=draft.conclusions
            )
        else:
            report = reports.build_year_report(organisation=self.organisation, year=year, unit=unit)
        return super().get_context_data(
            report=report,
            preview=reports.render_html(report, standalone=False),
            kind=kind,
            year=year,
            years=range(today.year - 5, today.year + 1),
            units=units,
            unit=unit,
            periods=periods,
            period=period,
            draft=draft,
            query=self.request.GET.urlencode(),
            **kwargs,
        )


class ReportDownloadView(ReportView):
    """A small report downloads at once; a large one is written in the background (never in the request)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from . import reports

        if self.kwargs["format"] not in reports.RENDERERS:
            raise Http404
        if (
            selectors.report_size(organisation=self.organisation, parameters=request.GET)
            > settings.UTBLICK_REPORT_INLINE_LIMIT
        ):
            parameters = {key: request.GET.get(key, "") for key in ("kind", "year", "unit", "period")}
            build = services.report_build_start(
                organisation=self.organisation,
                user=signed_in(request),
                parameters=parameters,
                file_format=self.kwargs["format"],
            )
            return redirect("followup:report_build", org=self.organisation.slug, pk=build.pk)
        return super().get(request, *args, **kwargs)

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        from . import reports

        file_format = self.kwargs["format"]
        response = HttpResponse(
            reports.render(context["report"], file_format), content_type=reports.CONTENT_TYPES[file_format]
        )
        response["Content-Disposition"] = f'attachment; filename="{slugify(context["report"].title)}.{file_format}"'
        return response


class ConclusionsView(OrganisationMixin, View):
    """The coordinator writes the review's conclusions in the app before export; a stale text gets the
    conflict page, so two coordinators writing at once lose nothing (ADR 0026)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm("followup.change_mandatereviewdraft", self.organisation):
            raise PermissionDenied
        period = MandatePeriod.objects.filter(pk=_int(request.POST.get("period"), 0)).first()
        if period is None:
            raise Http404
        draft = services.mandate_review_draft_get(organisation=self.organisation, period=period)
        data = conflicts.apply_choices(request.POST, [(_conclusions_form, draft)]) if draft.pk else request.POST
        form = ConclusionsForm(data, instance=draft)
        if form.is_valid():
            try:
                services.mandate_review_conclusions_save(
                    organisation=self.organisation,
                    period=period,
                    conclusions=form.cleaned_data["conclusions"],
                    user=signed_in(request),
                    expected_version=form.cleaned_data.get("version"),
                )
            except EditConflict as conflict:
                current = cast(MandateReviewDraft, conflict.current)
                base = conflicts.base_of(current, form.cleaned_data.get("version"))
                part = conflicts.Part(form, _conclusions_form, current, base)
                resolution = conflicts.resolve([part], request.POST, version=current.edit_version)
                context = {
                    "organisation": self.organisation,
                    "conflict_forms": [("", ConclusionsForm(resolution.data, instance=current))],
                    "resolution": resolution,
                    "current": current,
                }
                return render(request, "core/conflict.html", context, status=409)
            messages.success(request, _("The conclusions were saved."))
        return redirect(draft.get_absolute_url())


def _conclusions_form(draft: Any) -> ConclusionsForm:
    return ConclusionsForm(instance=draft)


def _whole(value: Any) -> bool:
    return value is None or value == int(value)


def _int(value: Any, default: int) -> int:
    """A whole number from the request, or the default: never one the database cannot hold."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if -(2**63) <= number < 2**63 else default


def _year(value: Any, default: int) -> int:
    """A year a report can be written for; anything else is the default."""
    year = _int(value, default)
    return year if 1900 <= year <= 2999 else default


def _build_parameters(data: Any) -> dict[str, str]:
    """What the report page sent, checked as the page itself reads it; an unknown period answers 404."""
    kind = "mandate" if data.get("kind") == "mandate" else "year"
    period = _int(data.get("period"), 0)
    if kind == "mandate" and not MandatePeriod.objects.filter(pk=period).exists():
        raise Http404
    return {
        "kind": kind,
        "year": str(_year(data.get("year"), timezone.localdate().year)),
        "unit": str(_int(data.get("unit"), 0) or ""),
        "period": str(period),
    }


class ReportBuildStartView(OrganisationMixin, View):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from . import reports

        file_format = request.POST.get("format", "docx")
        if file_format not in reports.RENDERERS:
            raise Http404
        parameters = _build_parameters(request.POST)
        build = services.report_build_start(
            organisation=self.organisation, user=signed_in(request), parameters=parameters, file_format=file_format
        )
        return redirect("followup:report_build", org=self.organisation.slug, pk=build.pk)


class ReportBuildView(OrganisationMixin, TemplateView):
    """Progress of a report being written; the page reloads itself (no script needed) until it is ready."""

    template_name = "followup/report_build.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        build = get_object_for_user(
            self.request.user,
            ReportBuild.objects.filter(organisation=self.organisation).defer("content"),
            pk=kwargs.pop("pk"),
        )
        jobs.job_check(build)  # a build whose worker died shows failed, not running for ever
        return super().get_context_data(build=build, **kwargs)


class ReportBuildDownloadView(OrganisationMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from . import reports

        build = get_object_for_user(
            request.user, ReportBuild.objects.filter(organisation=self.organisation), pk=kwargs["pk"]
        )
        if build.state != ReportBuild.State.DONE:
            raise Http404
        response = HttpResponse(bytes(build.content), content_type=reports.CONTENT_TYPES[build.file_format])
        response["Content-Disposition"] = f'attachment; filename="{slugify(build.title)}.{build.file_format}"'
        return response


class ReportSubmitView(OrganisationMixin, View):
    """Mark a unit's yearly report as handed in (VX-9)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        unit = get_object_or_404(Unit.objects.in_organisation(self.organisation), pk=_int(request.POST.get("unit"), 0))
        if not request.user.has_perm("followup.add_yearreportsubmission", unit):
            raise PermissionDenied
        year = _year(request.POST.get("year"), timezone.localdate().year)
        services.year_report_submit(organisation=self.organisation, unit=unit, year=year, user=signed_in(request))
        messages.success(
            request,
            _("The yearly report of %(unit)s for %(year)s is marked as handed in.") % {"unit": unit.name, "year": year},
        )
        return redirect(
            reverse("followup:reports", kwargs={"org": self.organisation.slug})
            + f"?kind=year&year={year}&unit={unit.pk}"
        )
