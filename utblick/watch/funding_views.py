"""The funding step of a planned engagement (KR-4): the best-matching open calls, and the record of what was considered."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from utblick.core import conflicts
from utblick.core.concurrency import EditConflict
from utblick.core.permissions import get_object_for_user, signed_in
from utblick.engagements.models import Engagement
from utblick.organisations.mixins import OrganisationMixin

from . import selectors, services
from .forms import (
    FundingForm,
)
from .models import Item, WatchProfile

# -- Funding investigated (KR-4) ----------------------------------------------------------------


class FundingView(OrganisationMixin, View):
    """On a planned engagement: the best-matching open calls, and the record of what was considered."""

    template_name = "watch/funding.html"

    def engagement(self) -> Engagement:
        return get_object_for_user(
            self.request.user,
            Engagement.objects.in_organisation(self.organisation).select_related("owner_unit", "organisation"),
            action="change",
            pk=self.kwargs["pk"],
        )

    def page(
        self, engagement: Engagement, form: FundingForm | None = None, status: int = 200, resolution: Any = None
    ) -> HttpResponse:
        suggestions = selectors.funding_suggestions(engagement=engagement, user=self.request.user)
        investigation = selectors.funding_investigation_for(engagement)
        profile = WatchProfile.objects.filter(unit=engagement.owner_unit).first()
        considered = list(investigation.items.all()) if investigation else []
        item_ids = [s.item.pk for s in suggestions] + [item.pk for item in considered]
        programme_choices = selectors.suggested_programmes(suggestions, profile)
        for key in investigation.programmes if investigation else []:
            if key not in dict(programme_choices):
                programme_choices.append((key, services.programmes.display_name(key)))
        if form is None:
            form = FundingForm(initial=_initial(investigation), **self.form_kwargs(item_ids, programme_choices))
        for suggestion in suggestions:
            suggestion.item.viewed_in = self.organisation
        context = {
            "organisation": self.organisation,
            "engagement": engagement,
            "suggestions": suggestions,
            "investigation": investigation,
            "profile": profile,
            "form": form,
            "explanations": {s.item.pk: s.explanation for s in suggestions},
            "resolution": resolution,
        }
        return render(self.request, self.template_name, context, status=status)

    def form_kwargs(self, item_ids: list[int], programme_choices: list[tuple[str, str]]) -> dict[str, Any]:
        items = Item.objects.visible_to(self.request.user).in_organisation(self.organisation).filter(pk__in=item_ids)
        return {"item_queryset": items, "programme_choices": programme_choices}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.page(self.engagement())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        engagement = self.engagement()
        suggestions = selectors.funding_suggestions(engagement=engagement, user=request.user)
        investigation = selectors.funding_investigation_for(engagement)
        profile = WatchProfile.objects.filter(unit=engagement.owner_unit).first()
        item_ids = [s.item.pk for s in suggestions] + (
            [i.pk for i in investigation.items.all()] if investigation else []
        )
        choices = selectors.suggested_programmes(suggestions, profile)
        choices += [
            (k, services.programmes.display_name(k))
            for k in (investigation.programmes if investigation else [])
            if k not in dict(choices)
        ]
        kwargs = self.form_kwargs(item_ids, choices)

        def showing(record: Any) -> FundingForm:
            return FundingForm(initial=_initial(record), **kwargs)

        data = conflicts.apply_choices(request.POST, [(showing, investigation)]) if investigation else request.POST
        form = FundingForm(data, **kwargs)
        if not form.is_valid():
            return self.page(engagement, form, status=400)
        cleaned = form.cleaned_data
        try:
            recorded = services.funding_investigation_record(
                engagement=engagement,
                user=signed_in(request),
                outcome=cleaned["outcome"],
                items=list(cleaned["items"]),
                programme_keys=list(cleaned["programmes"]),
                note=cleaned["note"],
                applies_to=cleaned["applies_to"],
                expected_version=cleaned.get("version") or (investigation.version if investigation else None),
            )
        except EditConflict:
            # Someone else recorded the investigation meanwhile: the conflict page, within the funding page.
            current = selectors.funding_investigation_for(engagement)
            assert current is not None  # a conflict means someone else's investigation is saved
            base = conflicts.base_of(current, form.cleaned_data.get("version"))
            resolution = conflicts.resolve(
                [conflicts.Part(form, showing, current, base)], request.POST, version=current.version
            )
            return self.page(engagement, FundingForm(resolution.data, **kwargs), status=409, resolution=resolution)
        except ValidationError as error:
            for field, problems in getattr(error, "message_dict", {None: error.messages}).items():
                form.add_error(field if field in form.fields else None, problems)
            return self.page(engagement, form, status=400)
        if recorded.project is not None and recorded.project_id != engagement.pk:
            messages.success(
                request,
                _("Recorded. The project “%(title)s” is in the pipeline, linked to this engagement.")
                % {"title": recorded.project.title},
            )
            return redirect(recorded.project.get_absolute_url())
        messages.success(request, _("The funding investigation was recorded."))
        return redirect(engagement.get_absolute_url())


def _initial(investigation: Any) -> dict[str, Any]:
    """The funding form showing a recorded investigation (or none yet)."""
    if investigation is None:
        return {"version": None}
    return {
        "version": investigation.version,
        "items": list(investigation.items.all()),
        "programmes": investigation.programmes,
        "note": investigation.note,
        "outcome": investigation.outcome,
        "applies_to": investigation.applies_to,
    }
