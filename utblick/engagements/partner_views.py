"""The partner register's pages: the list, the map, a partner's page and its form."""

from typing import Any

from django.db.models import Q
from django.views.generic import DetailView, TemplateView

from utblick.core.permissions import ObjectPermissionMixin
from utblick.core.views import ScopedCreateView, ScopedUpdateView, paginate_table
from utblick.organisations.mixins import OrganisationMixin
from utblick.organisations.models import Organisation

from . import partner_maps, selectors, services
from .filtersets import PartnerFilterSet, PartnerMapFilterSet
from .forms import (
    PartnerForm,
)
from .models import (
    Engagement,
    Partner,
)
from .tables import PartnerTable


class PartnerListView(OrganisationMixin, TemplateView):
    template_name = "engagements/partner_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        filterset = PartnerFilterSet(
            self.request.GET,
            queryset=Partner.objects.visible_to(self.request.user)
            .in_organisation(self.organisation)
            .select_related("organisation"),
        )
        table = PartnerTable(filterset.qs)
        paginate_table(self.request, table)
        return super().get_context_data(filterset=filterset, table=table, **kwargs)


class PartnerMapView(OrganisationMixin, TemplateView):
    """Every partner as a marker by what it is to the organisation, with the same partners in a table beside it."""

    template_name = "engagements/partner_map.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user, query = self.request.user, self.request.GET
        filterset = PartnerMapFilterSet(
            query,
            queryset=Engagement.objects.visible_to(user).in_organisation(self.organisation),
            organisation=self.organisation,
        )
        category = query.get("category", "")
        mapped = selectors.partner_map(
            partners=Partner.objects.visible_to(user).in_organisation(self.organisation),
            engagements=filterset.qs,
            category=category if category in selectors.MapCategory.values else "",
            linked_only=filterset.is_filtering,
        )
        return super().get_context_data(
            filterset=filterset,
            categories=selectors.MapCategory.choices,
            category=category,
            mapped=mapped,
            **partner_maps.map_context(self.request, mapped),
            **kwargs,
        )


class PartnerDetailView(OrganisationMixin, ObjectPermissionMixin, DetailView):
    model = Partner
    template_name = "engagements/partner_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        engagements = (
            Engagement.objects.visible_to(self.request.user)
            .filter(
                Q(partners=self.object) | Q(agreement__partner_city=self.object) | Q(membership__network=self.object)
            )
            .distinct()
            .select_related("owner_unit", "agreement")
            .order_by("-starts_on", "title")
        )
        return super().get_context_data(engagements=engagements, **kwargs)


class PartnerFormMixin:
    organisation: Organisation

    def get_form_extra_kwargs(self) -> dict[str, Any]:
        return {"organisation": self.organisation}

    def save(self, form):
        return services.partner_save(
            partner=form.instance, user=self.request.user, expected_version=form.expected_version
        )


class PartnerCreateView(OrganisationMixin, PartnerFormMixin, ScopedCreateView):
    model = Partner
    form_class = PartnerForm
    organisation_permission = "engagements.add_partner"


class PartnerEditView(OrganisationMixin, PartnerFormMixin, ScopedUpdateView):
    model = Partner
    form_class = PartnerForm
