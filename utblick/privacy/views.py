"""The data protection pages of an organisation: people's data, requests, retention rules and runs.

All of them are for the organisation's coordinators and the system administrator (docs/permissions.md).
"""

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, UpdateView, View

from utblick.core.permissions import signed_in
from utblick.core.views import ConflictMixin
from utblick.organisations.mixins import OrganisationMixin
from utblick.organisations.models import Organisation, Person

from . import selectors, services
from .extract import retention_lines
from .forms import CorrectionForm, ErasureForm, ExtractForm, RetentionRulesForm
from .models import DataSubjectRequest, RetentionRun
from .permissions import MANAGE, may_manage_personal_data

PEOPLE_SHOWN = 50


class PrivacyMixin(OrganisationMixin):
    organisation_permission = MANAGE

    def breadcrumbs(self, *trail: tuple[str, str]) -> list[tuple[str, str]]:
        index = reverse("privacy:index", kwargs={"org": self.organisation.slug})
        return [(_("Data protection"), index), *trail]


class PrivacyIndexView(PrivacyMixin, TemplateView):
    template_name = "privacy/index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        query = self.request.GET.get("q", "").strip()
        people = selectors.person_list_for_privacy(organisation=self.organisation, query=query)
        return super().get_context_data(
            query=query,
            people=people[:PEOPLE_SHOWN],
            people_count=people.count(),
            people_shown=PEOPLE_SHOWN,
            rules=selectors.retention_rules(organisation=self.organisation),
            runs=RetentionRun.objects.in_organisation(self.organisation)[:10],
            requests=DataSubjectRequest.objects.in_organisation(self.organisation).select_related("handled_by")[:20],
            **kwargs,
        )


class PersonPrivacyMixin(PrivacyMixin):
    step_title = ""

    def get_person(self) -> Person:
        return get_object_or_404(
            Person.objects.in_organisation(self.organisation).select_related("organisation", "user"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        person = self.get_person()
        page = reverse("privacy:person", kwargs={"org": self.organisation.slug, "pk": person.pk})
        trail = [(person.name, page), (self.step_title, "")] if self.step_title else [(person.name, "")]
        return super().get_context_data(person=person, breadcrumbs=self.breadcrumbs(*trail), **kwargs)


class PersonPrivacyView(PersonPrivacyMixin, TemplateView):
    """What Utblick holds about one person, before an extract, a correction or an erasure."""

    template_name = "privacy/person.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        holdings = selectors.person_holdings(person=self.get_person())
        return super().get_context_data(
            holdings=holdings,
            record_groups=holdings.groups(holdings.records),
            account_groups=holdings.groups(holdings.account),
            history_groups=holdings.groups(holdings.history),
            **kwargs,
        )


class PersonExtractView(PersonPrivacyMixin, FormView):
    template_name = "privacy/extract.html"
    form_class = ExtractForm

    @property
    def step_title(self) -> str:  # type: ignore[override]
        return _("Register extract")

    def form_valid(self, form: ExtractForm) -> HttpResponse:
        person = self.get_person()
        _holdings, package = services.person_extract(
            person=person, user=signed_in(self.request), case_number=form.cleaned_data["case_number"]
        )
        day = timezone.localdate().isoformat()
        response = HttpResponse(package, content_type="application/zip")
        # The file is named by number, not by name: it may end up in a shared folder.
        filename = f"registerutdrag-{self.organisation.slug}-{person.pk}-{day}.zip"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class PersonCorrectView(PersonPrivacyMixin, ConflictMixin, UpdateView):
    template_name = "privacy/correct.html"
    form_class = CorrectionForm

    @property
    def step_title(self) -> str:  # type: ignore[override]
        return _("Correction")

    def get_object(self, queryset: Any = None) -> Person:
        return self.get_person()

    def save(self, form: CorrectionForm) -> Person:
        return services.person_correct(
            person=form.instance,
            user=signed_in(self.request),
            expected_version=form.expected_version,
            correct_history=form.cleaned_data["correct_history"],
            case_number=form.cleaned_data["case_number"],
        )

    def success_message(self) -> str:
        return _("The person's details were corrected.")

    def get_success_url(self) -> str:
        return reverse("privacy:person", kwargs={"org": self.organisation.slug, "pk": self.object.pk})


class PersonEraseView(PersonPrivacyMixin, FormView):
    template_name = "privacy/erase.html"
    form_class = ErasureForm

    @property
    def step_title(self) -> str:  # type: ignore[override]
        return _("Erasure")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        person = self.get_person()
        return super().get_context_data(
            roles=person.roles.count(),
            kept=selectors.person_is_referenced(person),
            account=person.user,
            account_goes=services.account_goes_with_person(person),
            **kwargs,
        )

    def form_valid(self, form: ErasureForm) -> HttpResponse:
        summary = services.person_erase(
            person=self.get_person(), user=signed_in(self.request), case_number=form.cleaned_data["case_number"]
        )
        if summary["person_kept"]:
            messages.success(
                self.request, _("The person was erased; the records that must stay now say “Anonymised person”.")
            )
        else:
            messages.success(self.request, _("The person was erased."))
        return redirect("privacy:index", org=self.organisation.slug)


class RetentionView(PrivacyMixin, FormView):
    template_name = "privacy/retention.html"
    form_class = RetentionRulesForm

    def get_form_kwargs(self) -> dict[str, Any]:
        rules = selectors.retention_rules(organisation=self.organisation)
        return {**super().get_form_kwargs(), "organisation": self.organisation, "rules": rules}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        due = {
            kind: len(selectors.retention_due(rule=rule, today=today))
            for kind, rule in selectors.retention_rules(organisation=self.organisation).items()
        }
        context = super().get_context_data(
            runs=RetentionRun.objects.in_organisation(self.organisation)[:20],
            breadcrumbs=self.breadcrumbs((_("Retention rules"), "")),
            **kwargs,
        )
        context["rows"] = [{**row, "due": due[row["kind"]]} for row in context["form"].rows()]
        return context

    def form_valid(self, form: RetentionRulesForm) -> HttpResponse:
        services.retention_rules_save(
            organisation=self.organisation, user=signed_in(self.request), values=form.values()
        )
        messages.success(self.request, _("The retention rules were saved."))
        return redirect("privacy:retention", org=self.organisation.slug)


class RetentionArchiveView(PrivacyMixin, View):
    """An archive package, served through the permission check (it is never a public file)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        run = get_object_or_404(RetentionRun.objects.in_organisation(self.organisation), pk=kwargs["pk"])
        if not run.archive:
            raise Http404
        name = (run.archive.name or "").rsplit("/", 1)[-1]
        return FileResponse(run.archive.open("rb"), as_attachment=True, filename=name)


# -- Panels other apps' pages show -------------------------------------------------------------


def person_panel(request: HttpRequest, person: Person) -> dict[str, Any] | None:
    if not may_manage_personal_data(request.user, person.organisation):
        return None
    return {"url": reverse("privacy:person", kwargs={"org": person.organisation.slug, "pk": person.pk})}


def notice_panel(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    """The privacy page's part on retention: what each organisation keeps, why and for how long."""
    organisations = list(Organisation.objects.filter(is_active=True).order_by("name"))
    if not organisations:
        return None
    rules = selectors.retention_rules_for(organisations)
    return {"organisations": [(org, retention_lines(org, rules[org.pk])) for org in organisations]}
