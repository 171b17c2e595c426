from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from ..models import NetworkRecord


class NetworkRecordSerializer(serializers.ModelSerializer):
    years = serializers.SerializerMethodField(help_text=_("First and last year; null where open."))
    countries = serializers.ListField(source="country_codes", child=serializers.CharField(), read_only=True)
    contact = serializers.SerializerMethodField(help_text=_("Whom to ask: name and work e-mail."))
    call = serializers.CharField(source="call_identifier", read_only=True)

    class Meta:
        model = NetworkRecord
        fields = [
            "title",
            "kind",
            "status",
            "stage",
            "programme",
            "call",
            "years",
            "countries",
            "partners",
            "network",
            "directions",
            "themes",
            "contact",
            "looking_for_partners",
            "partner_note",
        ]
        read_only_fields = fields

    def get_years(self, record: NetworkRecord) -> list[int | None]:
        return [record.starts_year, record.ends_year]

    def get_contact(self, record: NetworkRecord) -> dict[str, str] | None:
        if not (record.contact_name or record.contact_email):
            return None
        return {"name": record.contact_name, "email": record.contact_email}


class OrganisationResultsSerializer(serializers.Serializer):
    organisation = serializers.SerializerMethodField()
    source = serializers.CharField(help_text=_("The peer installation it was harvested from; empty for this one."))
    count = serializers.IntegerField(help_text=_("How many of its shared engagements match."))
    contacts = serializers.SerializerMethodField()
    engagements = NetworkRecordSerializer(source="records", many=True)

    def get_organisation(self, group) -> dict[str, str]:
        return {"slug": group.slug, "name": group.name}

    def get_contacts(self, group) -> list[dict[str, str]]:
        return [{"name": name, "email": email} for name, email in group.contacts]


@extend_schema_serializer(many=False)  # one answer object, although the view is a list action
class PartnerSearchSerializer(serializers.Serializer):
    """The answer of Partnersök: one page of organisations, each with its matching engagements."""

    organisations = serializers.IntegerField(help_text=_("How many organisations have matching engagements."))
    page = serializers.IntegerField(help_text=_("The page of organisations shown (20 a page)."))
    results = OrganisationResultsSerializer(many=True)
