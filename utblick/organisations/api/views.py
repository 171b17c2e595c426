from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy
from rest_framework import viewsets

from utblick.api.viewsets import ApiViewMixin, ReadOnlyViewSet, WritableViewSet
from utblick.core.permissions import get_object_for_user

from .. import selectors, services
from ..models import Organisation, Person, Unit, UnitRole
from .serializers import OrganisationSerializer, PersonSerializer, UnitRoleSerializer, UnitSerializer


class OrganisationViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """The organisations you are a member of."""

    api_description = gettext_lazy("The organisations you are a member of.")

    serializer_class = OrganisationSerializer
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    ordering_fields = ["name", "slug"]
    ordering = ["name"]

    def get_queryset(self) -> models.QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Organisation.objects.none()
        return Organisation.objects.member_of(self.request.user)

    def get_object(self) -> Organisation:
        return get_object_for_user(self.request.user, self.get_queryset(), slug=self.kwargs["slug"])


class UnitViewSet(ReadOnlyViewSet):
    """The organisation's units (KR-13): council, boards, committees, departments, companies, groups."""

    api_description = gettext_lazy(
        "The organisation's units: council, boards, committees, departments, companies, groups."
    )

    model = Unit
    serializer_class = UnitSerializer
    ordering_fields = ["name", "order", "kind"]
    ordering = ["order", "name"]

    def base_queryset(self) -> models.QuerySet:
        return selectors.unit_list_with_contact_flags(organisation=self.organisation, user=self.request.user)


class PersonViewSet(WritableViewSet):
    """People named in the register; coordinators add and change them."""

    api_description = gettext_lazy("People named in the register; coordinators add and change them.")

    model = Person
    serializer_class = PersonSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    ordering_fields = ["name", "kind", "updated_at"]
    ordering = ["name"]

    def create_object(self, data: dict[str, Any]) -> Person:
        data.pop("version", None)
        person = Person(organisation=self.organisation, **data)
        self.require(person, "add")
        return services.person_save(person=person, user=self.request.user)

    def update_object(self, obj: Any, data: dict[str, Any], *, expected_version: int | None) -> Person:
        for field, value in data.items():
            setattr(obj, field, value)
        return services.person_save(person=obj, user=self.request.user, expected_version=expected_version)


class UnitRoleViewSet(WritableViewSet):
    """People's roles in units: contact person, EU contact, chair, member (KR-6, VX-8, VX-10)."""

    api_description = gettext_lazy("People's roles in units: contact person, EU contact, chair, member.")

    model = UnitRole
    serializer_class = UnitRoleSerializer
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    ordering_fields = ["unit", "role", "starts_on"]
    ordering = ["unit", "role", "person__name"]

    def base_queryset(self) -> models.QuerySet:
        return UnitRole.objects.in_organisation(self.organisation).select_related("person", "unit")

    def create_object(self, data: dict[str, Any]) -> UnitRole:
        role = UnitRole(**data)
        self.require(role, "add")
        return services.unit_role_save(unit_role=role, user=self.request.user)

    def update_object(self, obj: Any, data: dict[str, Any], *, expected_version: int | None) -> UnitRole:
        for field, value in data.items():
            setattr(obj, field, value)
        return services.unit_role_save(unit_role=obj, user=self.request.user)

    def delete_object(self, obj: Any) -> None:
        services.unit_role_delete(unit_role=obj, user=self.request.user)
