"""An incoming request assessed against the strategy in force (ST-3): the form, and its history."""

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from utblick.core.permissions import get_object_for_user, signed_in
from utblick.core.views import HistoryView, ScopedUpdateView
from utblick.organisations.mixins import OrganisationMixin
from utblick.strategies.selectors import directions_in_force

from . import services
from .choices import Kind, VisitDirection
from .forms import VisitAssessmentForm
from .models import Engagement, VisitAssessment


class VisitAssessmentEditView(OrganisationMixin, ScopedUpdateView):
    """Assess the request, or correct its assessment: whoever may edit the request may assess it.

    One address for both: the form shows the assessment recorded, or a new one. A stale save, or an
    assessment someone else made meanwhile, answers with the conflict page."""

    model = VisitAssessment
    form_class = VisitAssessmentForm
    template_name = "engagements/visit_assessment_form.html"
    object: VisitAssessment

    def get_object(self, queryset: Any = None) -> VisitAssessment:
        engagement = get_object_for_user(
            self.request.user,
            Engagement.objects.in_organisation(self.organisation).filter(kind=Kind.VISIT).select_related("visit"),
            action="change",
            pk=self.kwargs["pk"],
        )
        visit = getattr(engagement, "visit", None)
        if visit is None or visit.direction != VisitDirection.INCOMING:
            raise Http404
        return visit.graded_assessment or VisitAssessment(visit=visit)

    def get_form_extra_kwargs(self) -> dict[str, Any]:
        return {"directions": list(directions_in_force(self.organisation))}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(engagement=self.object.visit.engagement, visit=self.object.visit, **kwargs)

    def save(self, form: VisitAssessmentForm) -> VisitAssessment:
        return services.visit_assessment_save(
            assessment=form.instance,
            user=signed_in(self.request),
            expected_version=form.cleaned_data.get("version"),
        )

    def success_message(self) -> str:
        return _("The assessment against the strategy was saved.")

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()


class VisitAssessmentHistoryView(OrganisationMixin, HistoryView):
    """The assessment's *Historik*: each version, direction by direction."""

    model = VisitAssessment

    def get_queryset(self) -> Any:
        return VisitAssessment.objects.in_organisation(self.organisation).select_related("visit__engagement")

    def get_lookup(self) -> dict[str, Any]:
        return {"visit__engagement__pk": self.kwargs["pk"]}
