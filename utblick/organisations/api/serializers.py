from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import Organisation, Person, Unit, UnitRole


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = [
            "slug",
            "name",
            "kind",
            "organisation_number",
            "description",
            "website",
            "public_pages_enabled",
            "editors_may_publish",
            "comparison_opt_in",
            "network_sharing",
            "network_share_by_default",
            "case_number_pattern",
            "report_language",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class UnitSerializer(serializers.ModelSerializer):
    has_contact_person = serializers.BooleanField(
        read_only=True, help_text=_("Whether the unit has a contact person today.")
    )

    class Meta:
        model = Unit
        fields = [
            "id",
            "name",
            "short_name",
            "slug",
            "kind",
            "parent",
            "description",
            "is_active",
            "order",
            "has_contact_person",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class PersonSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("The version you read; required when changing a record (or send If-Match)."),
    )

    class Meta:
        model = Person
        fields = ["id", "name", "title", "kind", "email", "phone", "version", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]

    def to_representation(self, instance: Any) -> dict[str, Any]:
        return {**super().to_representation(instance), "version": instance.version}


class UnitRoleSerializer(serializers.ModelSerializer):
    class Meta:
        model = UnitRole
        fields = ["id", "person", "unit", "role", "starts_on", "ends_on", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        organisation = self.context.get("organisation")
        if organisation is not None:
            self.fields["person"].queryset = Person.objects.filter(organisation=organisation)
            self.fields["unit"].queryset = Unit.objects.filter(organisation=organisation)
