from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from utblick.core import maps
from utblick.core.concurrency import EditConflict
from utblick.core.forms import MapViewForm
from utblick.core.permissions import get_object_for_user
from utblick.engagements.choices import Kind, ProjectStage
from utblick.engagements.models import Engagement
from utblick.organisations.mixins import OrganisationMixin
from utblick.organisations.models import Organisation
from utblick.organisations.permissions import writes_for_some_unit

from . import feeds, selectors, services
from .forms import NetworkSearchForm, PartnerCallForm
from .models import PartnerCall

MAP_RECORDS = 500  # the results map shows the partners of at most this many matches

KIND_CATEGORY = {Kind.AGREEMENT: "twin", Kind.PROJECT: "project", Kind.MEMBERSHIP: "network"}


class SearchView(OrganisationMixin, TemplateView):
    """Partnersök: the shared engagements of the other organisations, grouped by organisation with whom to ask."""

    template_name = "network/search.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = NetworkSearchForm(self.request.GET or None)
        context: dict[str, Any] = {"form": form, "display": self.request.GET.get("display", "list")}
        if form.has_question:
            records = selectors.network_search(organisation=self.organisation, **form.question)
            page = _page(self.request)
            groups, total = selectors.network_search_grouped(records, page=page)
            list_query = self.request.GET.copy()
            list_query.pop("page", None)
            list_query.pop("view", None)
            list_query["display"] = "list"
            map_query = list_query.copy()
            map_query["display"] = "map"
            context.update(
                groups=groups,
                organisations_found=total,
                page=page,
                pages=(total + selectors.GROUPS_PER_PAGE - 1) // selectors.GROUPS_PER_PAGE,
                list_url=f"?{list_query.urlencode()}",
                map_url=f"?{map_query.urlencode()}#map",
                page_query=list_query.urlencode(),
            )
            if context["display"] == "map":
                context.update(self.results_map(records, list_query))
        context["calls"] = selectors.partner_calls_open_elsewhere(organisation=self.organisation)
        return super().get_context_data(**context, **kwargs)

    def results_map(self, records: Any, list_query: Any) -> dict[str, Any]:
        wanted = maps.MapRequest.of(self.request.GET)
        places = []
        rows = records.order_by("organisation_name", "title").values_list(
            "organisation_name", "organisation_slug", "title", "kind", "partners"
        )[:MAP_RECORDS]
        for organisation_name, slug, title, kind, partners in rows:
            for index, partner in enumerate(partners or []):
                if partner.get("latitude") is None or partner.get("longitude") is None:
                    continue
                places.append(
                    maps.Place(
                        key=f"{slug}-{title}-{index}",
                        label=_("%(partner)s: partner of %(organisation)s in “%(title)s”")
                        % {"partner": partner["name"], "organisation": organisation_name, "title": title},
                        latitude=partner["latitude"],
                        longitude=partner["longitude"],
                        category=KIND_CATEGORY.get(kind, "other"),
                        url=f"?{list_query.urlencode()}#org-{slug}",
                    )
                )
        picture = maps.draw(
            places,
            extent=wanted.extent,
            zoom_url=maps.zoom_link(self.request.GET),
            cluster_label=lambda count: _("%(count)s partners of the results here: zoom in") % {"count": count},
        )
        whole = self.request.GET.copy()
        whole.pop("view", None)
        return {
            "picture": picture,
            "map_view_form": MapViewForm(initial={"view": wanted.view}),
            "zoomed": wanted.zoomed,
            "unzoomed_url": f"?{whole.urlencode()}#map",
            "map_legend": [
                ("twin", _("partner city of an agreement")),
                ("project", _("project partner")),
                ("network", _("network")),
                ("other", _("partner of another kind")),
            ],
            "map_limited": records.count() > MAP_RECORDS,
        }


def _page(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 10_000))
    except ValueError:
        return 1


def write_to(call: PartnerCall, organisation: Organisation) -> str:
    """A mailto: address with a subject, for the button that writes to the contact."""
    subject = _("Partner for %(call)s? (%(organisation)s)") % {"call": call.title, "organisation": organisation.name}
    return f"mailto:{call.contact_email}?subject={quote(subject)}"


class PartnerCallCreateView(OrganisationMixin, TemplateView):
    """Say "we are preparing an application and looking for partners" on a call or a planned project."""

    template_name = "network/call_form.html"
    on = "item"

    def target(self) -> Any:
        if self.on == "engagement":
            engagement = get_object_for_user(
                self.request.user,
                Engagement.objects.in_organisation(self.organisation).select_related("project"),
                action="change",
                pk=self.kwargs["pk"],
            )
            return engagement
        from utblick.watch.models import Item

        item = get_object_for_user(
            self.request.user,
            Item.objects.visible_to(self.request.user).in_organisation(self.organisation),
            pk=self.kwargs["pk"],
        )
        item.viewed_in = self.organisation
        if not writes_for_some_unit(self.request.user, self.organisation):
            raise PermissionDenied  # coordinators and editors speak for the organisation; readers do not
        return item

    def new_call(self, target: Any) -> PartnerCall:
        call = PartnerCall(organisation=self.organisation)
        if self.on == "engagement":
            call.engagement = target
        else:
            call.item = target
        return call

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        target = kwargs.pop("target", None) or self.target()
        kwargs.setdefault("form", PartnerCallForm(organisation=self.organisation, instance=self.new_call(target)))
        return super().get_context_data(target=target, on=self.on, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        target = self.target()
        form = PartnerCallForm(request.POST, organisation=self.organisation, instance=self.new_call(target))
        if form.is_valid():
            try:
                services.partner_call_save(call=form.instance, user=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Other organisations taking part in the partner network now see that you look for partners."),
                )
                return redirect(target.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form, target=target), status=400)


class EngagementCallCreateView(PartnerCallCreateView):
    on = "engagement"


class PartnerCallWithdrawView(OrganisationMixin, TemplateView):
    """Partners found, or no application after all: others no longer see the search."""

    template_name = "network/call_withdraw.html"

    def call(self) -> PartnerCall:
        return get_object_for_user(
            self.request.user,
            PartnerCall.objects.in_organisation(self.organisation).open().select_related("item", "engagement"),
            action="change",
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(call=self.call(), **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        call = self.call()
        if call.item_id and call.item is not None:
            call.item.viewed_in = self.organisation
        back = call.get_absolute_url() or reverse("network:search", kwargs={"org": self.organisation.slug})
        try:
            services.partner_call_withdraw(call=call, user=request.user)
        except EditConflict:
            messages.error(request, _("The search for partners was changed meanwhile; look again."))
            return redirect(request.path)
        messages.success(request, _("Others no longer see that you look for partners for this call."))
        return redirect(back)


# -- Panels on the pages of earlier apps ----------------------------------------------------------


def _calls_with_links(calls: list[PartnerCall], organisation: Organisation) -> list[tuple[PartnerCall, str]]:
    return [(call, write_to(call, organisation)) for call in calls]


def item_panel(request: HttpRequest, item: Any) -> dict[str, Any] | None:
    """On a funding call: who else prepares an application (with a button to write), and our own search."""
    organisation = getattr(item, "viewed_in", None)
    if organisation is None or item.kind != "call":
        return None
    own = list(PartnerCall.objects.in_organisation(organisation).open().filter(item=item).select_related("contact"))
    return {
        "organisation": organisation,
        "others": _calls_with_links(
            selectors.partner_calls_for_item(item=item, organisation=organisation), organisation
        ),
        "own": own,
        "may_declare": writes_for_some_unit(request.user, organisation),
        "taking_part": organisation.network_sharing,
    }


def engagement_panel(request: HttpRequest, engagement: Engagement) -> dict[str, Any] | None:
    """On a planned project: our search for partners, and others preparing applications to the same call."""
    if engagement.kind != Kind.PROJECT:
        return None
    project = getattr(engagement, "project", None)
    if project is None:
        return None
    organisation = engagement.organisation
    own = list(engagement.partner_calls.open().select_related("contact"))
    others = selectors.partner_calls_for_topics(topics=[project.call_identifier], organisation=organisation)
    planning = project.stage in (ProjectStage.IDEA, ProjectStage.PREPARING)
    if not own and not others and not planning:
        return None
    return {
        "engagement": engagement,
        "organisation": organisation,
        "own": own,
        "others": _calls_with_links(others.get(project.call_identifier, []), organisation),
        "may_declare": planning and request.user.has_perm("engagements.change_engagement", engagement),
        "taking_part": organisation.network_sharing,
    }


def desk_panel(request: HttpRequest, unit: Any) -> dict[str, Any] | None:
    """On a unit's desk: the matched calls other organisations prepare applications to."""
    found = selectors.partner_calls_for_units(units=[unit.pk], organisation=unit.organisation)
    for item, _calls in found:
        item.viewed_in = unit.organisation
    return {
        "organisation": unit.organisation,
        "found": [(item, _calls_with_links(calls, unit.organisation)) for item, calls in found],
    }


# -- Feeds ----------------------------------------------------------------------------------------


@login_not_required
def shared_feed(request: HttpRequest) -> HttpResponse:
    """The installation's shared data for a peer installation holding a feed token (docs/partner-network.md)."""
    token = feeds.bearer_token(request)
    if not token or not feeds.token_valid(token):
        response = JsonResponse({"detail": _("A valid feed token is required (Authorization: Bearer …).")}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="utblick-partner-network"'
        return response
    return feeds.response(feeds.shared_document(request))


@login_not_required
def public_feed(request: HttpRequest, org: str) -> HttpResponse:
    """One organisation's published engagements in the partner network's schema, for anyone (open data)."""
    organisation = get_object_or_404(Organisation.objects.public(), slug=org)
    response = feeds.response(feeds.public_document(request, organisation))
    response["Access-Control-Allow-Origin"] = "*"
    return response


__all__ = [
    "EngagementCallCreateView",
    "PartnerCallCreateView",
    "PartnerCallWithdrawView",
    "SearchView",
    "desk_panel",
    "engagement_panel",
    "item_panel",
    "public_feed",
    "shared_feed",
]
