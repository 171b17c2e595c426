from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import DeleteView, DetailView, ListView, TemplateView

from utblick.core.permissions import ObjectPermissionMixin
from utblick.core.views import HistoryView, ScopedCreateView, ScopedUpdateView

from . import selectors, services
from .forms import OrganisationForm, PersonForm, UnitForm, UnitRoleForm
from .mixins import OrganisationMixin, require_permission_name
from .models import Organisation, Person, Unit, UnitRole


class HomeView(TemplateView):
    """Start page: straight to one's organisation, or a choice among several."""

    template_name = "core/home.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        organisations = list(Organisation.objects.member_of(request.user))
        chosen = [org for org in organisations if org.slug == request.GET.get("org")]
        if chosen:
            return redirect(chosen[0].get_absolute_url())
        if len(organisations) == 1:
            return redirect(organisations[0].get_absolute_url())
        return self.render_to_response(self.get_context_data(organisations=organisations))


class OrganisationDetailView(OrganisationMixin, TemplateView):
    template_name = "organisations/organisation_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        units = list(selectors.unit_list_with_contact_flags(organisation=self.organisation, user=self.request.user))
        return super().get_context_data(
            tree=selectors.unit_tree(units),
            missing_contact=[u for u in units if u.requires_contact_person and not u.has_current_contact],  # type: ignore[attr-defined]  # annotated by the selector
            people_count=Person.objects.in_organisation(self.organisation).count(),
            **kwargs,
        )


class OrganisationEditView(OrganisationMixin, ScopedUpdateView):
    model = Organisation
    form_class = OrganisationForm

    def get_object(self, queryset=None):
        require_permission_name(self.request.user, self.organisation, "organisations.change_organisation")
        return self.organisation

    def save(self, form):
        return services.organisation_update(
            organisation=form.instance, user=self.request.user, expected_version=form.expected_version
        )

    def get_success_url(self) -> str:
        return self.organisation.get_absolute_url()


class OrganisationHistoryView(OrganisationMixin, HistoryView):
    model = Organisation

    def get_object(self, queryset=None):
        return self.organisation


class UnitListView(OrganisationMixin, TemplateView):
    template_name = "organisations/unit_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        units = list(selectors.unit_list_with_contact_flags(organisation=self.organisation, user=self.request.user))
        return super().get_context_data(tree=selectors.unit_tree(units), **kwargs)


class UnitDetailView(OrganisationMixin, ObjectPermissionMixin, DetailView):
    model = Unit

    def get_queryset(self):
        return super().get_queryset().select_related("parent", "organisation")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        unit = self.object
        return super().get_context_data(
            roles=selectors.unit_roles_for_display(unit=unit),
            children=unit.children.order_by("order", "name"),
            missing_contact=unit.requires_contact_person and not unit.has_contact_person(),
            **kwargs,
        )


class UnitFormMixin:
    organisation: Organisation

    def get_form_extra_kwargs(self) -> dict[str, Any]:
        return {"organisation": self.organisation}

    def save(self, form):
        return services.unit_save(unit=form.instance, user=self.request.user, expected_version=form.expected_version)


class UnitCreateView(OrganisationMixin, UnitFormMixin, ScopedCreateView):
    model = Unit
    form_class = UnitForm
    organisation_permission = "organisations.add_unit"


class UnitEditView(OrganisationMixin, UnitFormMixin, ScopedUpdateView):
    model = Unit
    form_class = UnitForm


class UnitHistoryView(OrganisationMixin, HistoryView):
    model = Unit


class PersonListView(OrganisationMixin, ListView):
    model = Person
    paginate_by = 50

    def get_queryset(self):
        return selectors.person_list(organisation=self.organisation, user=self.request.user)


class PersonDetailView(OrganisationMixin, ObjectPermissionMixin, DetailView):
    model = Person

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        roles = self.object.roles.select_related("unit").order_by("-starts_on")
        return super().get_context_data(roles=roles, **kwargs)


class PersonFormMixin:
    organisation: Organisation

    def get_form_extra_kwargs(self) -> dict[str, Any]:
        return {"organisation": self.organisation}

    def save(self, form):
        return services.person_save(
            person=form.instance, user=self.request.user, expected_version=form.expected_version
        )


class PersonCreateView(OrganisationMixin, PersonFormMixin, ScopedCreateView):
    model = Person
    form_class = PersonForm
    organisation_permission = "organisations.add_person"


class PersonEditView(OrganisationMixin, PersonFormMixin, ScopedUpdateView):
    model = Person
    form_class = PersonForm


class PersonHistoryView(OrganisationMixin, HistoryView):
    model = Person


class UnitRoleCreateView(OrganisationMixin, ScopedCreateView):
    model = UnitRole
    form_class = UnitRoleForm

    unit: Unit | None = None

    def get_unit(self) -> Unit:
        if self.unit is None:
            self.unit = get_object_or_404(Unit.objects.in_organisation(self.organisation), pk=self.kwargs["pk"])
            require_permission_name(self.request.user, self.unit, "organisations.add_unitrole")
        return self.unit

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "unit": self.get_unit()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(unit=self.get_unit(), **kwargs)

    def save(self, form):
        return services.unit_role_save(unit_role=form.instance, user=self.request.user)

    def get_success_url(self) -> str:
        return self.get_unit().get_absolute_url()


class UnitRoleEditView(OrganisationMixin, ScopedUpdateView):
    model = UnitRole
    form_class = UnitRoleForm

    def get_queryset(self):
        return UnitRole.objects.filter(unit__organisation=self.organisation).select_related("unit", "person")

    def get_form_extra_kwargs(self) -> dict[str, Any]:
        return {"unit": self.object.unit}

    def save(self, form):
        return services.unit_role_save(unit_role=form.instance, user=self.request.user)

    def get_success_url(self) -> str:
        return self.object.unit.get_absolute_url()


class UnitRoleDeleteView(OrganisationMixin, ObjectPermissionMixin, DeleteView):
    model = UnitRole
    permission_action = "delete"
    template_name = "core/confirm_delete.html"

    def get_queryset(self):
        return UnitRole.objects.filter(unit__organisation=self.organisation).select_related("unit", "person")

    def form_valid(self, form):
        unit = self.object.unit
        services.unit_role_delete(unit_role=self.object, user=self.request.user)
        messages.success(self.request, _("The role was removed."))
        return redirect(unit.get_absolute_url())
