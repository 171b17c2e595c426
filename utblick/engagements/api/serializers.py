"""The register in JSON: an engagement with its kind's own record under the kind's name."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from utblick.organisations.models import Person, Unit

from ..choices import Compensation, DirectionFit, Kind, TargetGroup
from ..forms import EngagementForm, TripForm, current_directions
from ..models import (
    Advocacy,
    Agreement,
    AgreementReview,
    BudgetLine,
    EmissionFactorSet,
    Engagement,
    Evaluation,
    Exchange,
    NetworkMembership,
    Partner,
    Project,
    Representation,
    Training,
    Trip,
    TripLeg,
    Visit,
    VisitAssessment,
)


class OrganisationBound:
    """Related rows can only be chosen among the organisation's own (as the forms do)."""

    organisation_querysets: dict[str, Any] = {}

    def bind_querysets(self) -> None:
        organisation = self.context.get("organisation")  # type: ignore[attr-defined]
        if organisation is None:
            return
        for name, model in self.organisation_querysets.items():
            field = self.fields.get(name)  # type: ignore[attr-defined]
            if field is None:
                continue
            target = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
            target.queryset = model.objects.filter(organisation=organisation).order_by("pk")


class KindSerializer(OrganisationBound, serializers.ModelSerializer):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.bind_querysets()


class ProjectSerializer(KindSerializer):
    class Meta:
        model = Project
        exclude = ["engagement", "created_at", "updated_at"]


class MembershipSerializer(KindSerializer):
    organisation_querysets = {"network": Partner, "representatives": Person}

    class Meta:
        model = NetworkMembership
        exclude = ["engagement", "created_at", "updated_at"]


class AgreementSerializer(KindSerializer):
    organisation_querysets = {"partner_city": Partner}

    class Meta:
        model = Agreement
        exclude = ["engagement", "created_at", "updated_at"]


class VisitSerializer(KindSerializer):
    serves_no_direction = serializers.BooleanField(
        read_only=True, help_text=gettext_lazy("An incoming request linked to none of the strategy's directions.")
    )

    class Meta:
        model = Visit
        exclude = ["engagement", "created_at", "updated_at"]


class TripSerializer(KindSerializer):
    factor_set = serializers.PrimaryKeyRelatedField(
        queryset=EmissionFactorSet.objects.all(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("The emission factors used; the default set when left empty."),
    )

    class Meta:
        model = Trip
        fields = [*TripForm.Meta.fields, "distance_km", "flight_km", "co2e_kg", "flight_co2e_kg"]
        read_only_fields = ["distance_km", "flight_km", "co2e_kg", "flight_co2e_kg"]


class TrainingSerializer(KindSerializer):
    participants = serializers.IntegerField(read_only=True, help_text=gettext_lazy("All participants."))

    class Meta:
        model = Training
        exclude = ["engagement", "created_at", "updated_at"]


class RepresentationSerializer(KindSerializer):
    organisation_querysets = {"person": Person}

    class Meta:
        model = Representation
        exclude = ["engagement", "created_at", "updated_at"]


class AdvocacySerializer(KindSerializer):
    class Meta:
        model = Advocacy
        exclude = ["engagement", "created_at", "updated_at"]


KIND_SERIALIZERS: dict[str, type[KindSerializer]] = {
    Kind.PROJECT.value: ProjectSerializer,
    Kind.MEMBERSHIP.value: MembershipSerializer,
    Kind.AGREEMENT.value: AgreementSerializer,
    Kind.VISIT.value: VisitSerializer,
    Kind.TRIP.value: TripSerializer,
    Kind.TRAINING.value: TrainingSerializer,
    Kind.REPRESENTATION.value: RepresentationSerializer,
    Kind.ADVOCACY.value: AdvocacySerializer,
}
# The kind's fields that are lists of related rows, set after the kind's record is saved.
KIND_MANY_TO_MANY = {Kind.MEMBERSHIP.value: ["representatives"]}


class CountryCodeField(serializers.RegexField):
    def __init__(self, **kwargs: Any):
        super().__init__(r"^[A-Za-z]{2}$", max_length=2, min_length=2, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        return super().to_internal_value(data).upper()


def version_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=gettext_lazy("The version you read; required when changing a record (or send If-Match)."),
    )


class BudgetLineSerializer(serializers.ModelSerializer):
    version = version_field()

    class Meta:
        model = BudgetLine
        fields = ["id", "label", "planned", "decided", "spent", "version"]
        read_only_fields = ["id"]


class EngagementSerializer(OrganisationBound, serializers.ModelSerializer):
    organisation_querysets = {"responsible": Person, "partners": Partner}

    target_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=TargetGroup.choices),
        required=False,
        help_text=Engagement._meta.get_field("target_groups").help_text,
    )
    countries = serializers.ListField(
        child=CountryCodeField(),
        required=False,
        help_text=Engagement._meta.get_field("countries").help_text,
    )
    version = version_field()
    budget_lines = BudgetLineSerializer(
        many=True, read_only=True, help_text=gettext_lazy("Resources: planned, decided and spent amounts.")
    )
    published_by = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("Who published the engagement on the public pages."),
    )
    is_public = serializers.SerializerMethodField(
        help_text=gettext_lazy("Whether the public pages and the open data show it now.")
    )
    shared = serializers.BooleanField(
        source="is_shared",
        required=False,
        help_text=gettext_lazy(
            "Visible to the other organisations in this installation (the partner network); never when confidential. "
            "A new engagement follows the organisation's default."
        ),
    )

    class Meta:
        model = Engagement
        # The form's fields, so the API and the pages edit the same things.
        fields = [
            "id",
            "kind",
            *EngagementForm.Meta.fields,
            "related",
            "budget_lines",
            "published_at",
            "published_by",
            "is_public",
            "shared",
            "shared_at",
            "version",
            "created_at",
            "updated_at",
            *KIND_SERIALIZERS,
        ]
        read_only_fields = ["id", "related", "published_at", "shared_at", "created_at", "updated_at"]
        extra_kwargs = {"directions": {"required": False}, "themes": {"required": False}}

    def get_is_public(self, instance: Engagement) -> bool:
        return instance.is_published and instance.organisation.public_pages_enabled

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        for kind, serializer_class in KIND_SERIALIZERS.items():
            fields[kind] = serializer_class(
                required=False,
                allow_null=True,
                context=self.context,
                help_text=_("Only for engagements of kind %(kind)s: its own fields.") % {"kind": kind},
            )
        return fields

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not hasattr(self, "initial_data"):  # only read: no choice to check (the strategy is not looked up)
            return
        self.bind_querysets()
        organisation = self.context.get("organisation")
        if organisation is not None:
            self.fields["owner_unit"].queryset = Unit.objects.filter(organisation=organisation, is_active=True)
            directions, themes = current_directions(organisation)
            if isinstance(self.instance, Engagement):
                # Keep directions of an older strategy version the engagement already has (as the form does).
                directions = (directions | self.instance.directions.all()).distinct()
            self.fields["directions"].child_relation.queryset = directions
            self.fields["themes"].child_relation.queryset = themes

    def to_representation(self, instance: Engagement) -> dict[str, Any]:
        data = super().to_representation(instance)
        for kind in KIND_SERIALIZERS:
            if kind != instance.kind:
                data.pop(kind, None)
        data["version"] = instance.version
        return data

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        kind = attrs.get("kind") or getattr(self.instance, "kind", None)
        if self.instance is not None and "kind" in attrs and attrs["kind"] != self.instance.kind:
            raise serializers.ValidationError({"kind": [_("The kind of an engagement cannot be changed.")]})
        others = [name for name in KIND_SERIALIZERS if name != kind and attrs.get(name) is not None]
        if others:
            raise serializers.ValidationError(
                {
                    name: [_("Only the fields of %(kind)s belong to this engagement.") % {"kind": kind}]
                    for name in others
                }
            )
        if kind and attrs.get(kind) is None and not self.partial:
            # No own fields given: validated as an empty form would be, so required ones are named.
            detail = KIND_SERIALIZERS[kind](data={}, context=self.context)
            if not detail.is_valid():
                raise serializers.ValidationError({kind: detail.errors})
            attrs[kind] = detail.validated_data
        return attrs


class PublicationSerializer(serializers.Serializer):
    """Publishing, or taking off the public pages: the version of the engagement that was read."""

    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=gettext_lazy("The version you read (or send If-Match); a change made meanwhile answers 409."),
    )


class ExchangeSerializer(serializers.ModelSerializer):
    version = version_field()

    class Meta:
        model = Exchange
        fields = [
            "id",
            "happened_on",
            "kind",
            "description",
            "participants",
            "democracy_equality",
            "version",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]


class AgreementReviewSerializer(serializers.ModelSerializer):
    version = version_field()

    class Meta:
        model = AgreementReview
        fields = [
            "id",
            "deadline",
            "decision",
            "decided_on",
            "decided_by",
            "case_number",
            "reasoning",
            "version",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]


class EvaluationSerializer(serializers.ModelSerializer):
    version = version_field()

    class Meta:
        model = Evaluation
        fields = ["id", "evaluated_on", "evaluated_by", "verdict", "case_number", "reasoning", "version", "created_at"]
        read_only_fields = ["id", "created_at"]


class GradeSerializer(serializers.Serializer):
    direction = serializers.IntegerField(help_text=gettext_lazy("The direction's id, as the strategy gives it."))
    direction_name = serializers.CharField(read_only=True)
    fit = serializers.ChoiceField(choices=DirectionFit.choices, help_text=gettext_lazy("How well it is served."))
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class VisitAssessmentSerializer(serializers.ModelSerializer):
    """An incoming request assessed against the strategy in force: one grade per direction, capacity, cost."""

    grades = GradeSerializer(many=True, help_text=gettext_lazy("One line for each direction of the strategy in force."))
    serves_no_direction = serializers.BooleanField(
        source="serves_none",
        read_only=True,
        help_text=gettext_lazy("The assessment finds that the request serves none of the directions."),
    )
    version = version_field()

    class Meta:
        model = VisitAssessment
        fields = ["id", "grades", "capacity", "cost", "serves_no_direction", "version", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]

    def to_representation(self, instance: VisitAssessment) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["grades"] = [
            {"direction": g.direction.pk, "direction_name": g.direction.name, "fit": g.fit, "note": g.note}
            for g in instance.grade_lines()
        ]
        return data


class TripLegSerializer(serializers.ModelSerializer):
    from_country = CountryCodeField(help_text=gettext_lazy("Two-letter country code."))
    to_country = CountryCodeField(help_text=gettext_lazy("Two-letter country code."))
    version = version_field()
    factor = serializers.CharField(
        read_only=True, help_text=gettext_lazy("The emission factor per passenger-km the leg was measured with.")
    )
    compensation = serializers.ChoiceField(
        choices=Compensation.choices,
        read_only=True,
        help_text=gettext_lazy("Flights are compensated as the trip says; other legs need no compensation."),
    )

    class Meta:
        model = TripLeg
        fields = [
            "id",
            "from_city",
            "from_country",
            "to_city",
            "to_country",
            "mode",
            "is_return",
            "from_latitude",
            "from_longitude",
            "to_latitude",
            "to_longitude",
            "distance_km",
            "co2e_kg",
            "factor",
            "compensation",
            "version",
            "created_at",
        ]
        read_only_fields = [
            "id",
            "from_latitude",
            "from_longitude",
            "to_latitude",
            "to_longitude",
            "distance_km",
            "co2e_kg",
            "created_at",
        ]


class PartnerSerializer(serializers.ModelSerializer):
    """A partner with its place: coordinates given are kept (entered by hand); without them the gazetteer places
    a city or region by its name, or any partner by its ``city``."""

    version = version_field()

    class Meta:
        model = Partner
        fields = [
            "id",
            "name",
            "kind",
            "country",
            "region_group",
            "city",
            "latitude",
            "longitude",
            "placement",
            "website",
            "description",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "region_group", "placement", "created_at", "updated_at"]

    def validate_country(self, value: str) -> str:
        return value.upper()

    def to_representation(self, instance: Partner) -> dict[str, Any]:
        return {**super().to_representation(instance), "version": instance.version}
