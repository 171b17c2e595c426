from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from utblick.organisations.models import Unit
from utblick.strategies.models import MandatePeriod

from ..models import Deviation, ReportBuild
from ..reports import RENDERERS


class DeviationSerializer(serializers.ModelSerializer):
    rule_title = serializers.CharField(read_only=True, help_text=_("The rule's name, in the language asked for."))
    message = serializers.CharField(read_only=True, help_text=_("What is wrong."))
    resolution = serializers.CharField(read_only=True, help_text=_("How to resolve it."))
    subject_type = serializers.SerializerMethodField(help_text=_("The kind of record, e.g. engagements.engagement."))
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = Deviation
        fields = [
            "id",
            "rule_key",
            "rule_title",
            "message",
            "resolution",
            "unit",
            "subject_type",
            "subject_id",
            "subject_label",
            "is_confidential",
            "due_on",
            "first_seen",
            "last_seen",
            "resolved_at",
            "is_open",
        ]
        read_only_fields = fields

    def get_subject_type(self, deviation: Deviation) -> str:
        return f"{deviation.subject_type.app_label}.{deviation.subject_type.model}"


class IndicatorPointSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True, coerce_to_string=False)


class IndicatorSerializer(serializers.Serializer):
    """A figure the strategy follows, computed from the register for each year."""

    key = serializers.CharField()
    title = serializers.CharField()
    unit = serializers.CharField(help_text=_("What the figure counts, e.g. SEK or %."))
    good_direction = serializers.ChoiceField(choices=[("rise", "rise"), ("fall", "fall")])
    target = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True, coerce_to_string=False)
    target_year = serializers.IntegerField(allow_null=True)
    trend = serializers.ChoiceField(choices=[("up", "up"), ("down", "down"), ("flat", "flat")])
    trend_is_good = serializers.BooleanField(allow_null=True)
    values = IndicatorPointSerializer(many=True, source="point_rows")
    breakdown = serializers.DictField(child=serializers.IntegerField(), help_text=_("E.g. participants by level."))

    def to_representation(self, series: Any) -> dict[str, Any]:
        series.point_rows = [{"year": year, "value": value} for year, value in series.points]
        return super().to_representation(series)


class ReportBuildRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[("year", _("yearly report")), ("mandate", _("mandate-period review"))], default="year"
    )
    year = serializers.IntegerField(
        min_value=2000, max_value=2100, required=False, help_text=_("For the yearly report; this year if left out.")
    )
    unit = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text=_("A unit's report instead of the organisation's.")
    )
    period = serializers.IntegerField(
        required=False, min_value=1, help_text=_("The mandate period's id, for the mandate-period review.")
    )
    format = serializers.ChoiceField(choices=sorted(RENDERERS), default="docx")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        organisation = self.context["organisation"]
        if attrs.get("unit") and not Unit.objects.filter(organisation=organisation, pk=attrs["unit"]).exists():
            raise serializers.ValidationError({"unit": [_("No such unit in this organisation.")]})
        if attrs["kind"] == "mandate":
            if not attrs.get("period"):
                raise serializers.ValidationError({"period": [_("Choose the mandate period.")]})
            if not MandatePeriod.objects.filter(pk=attrs["period"]).exists():
                raise serializers.ValidationError({"period": [_("No such mandate period.")]})
        return attrs


class ReportBuildSerializer(serializers.ModelSerializer):
    state = serializers.ChoiceField(choices=ReportBuild.State.choices, read_only=True)
    download = serializers.SerializerMethodField(help_text=_("Where to fetch the file once the state is done."))

    class Meta:
        model = ReportBuild
        fields = [
            "id",
            "state",
            "progress",
            "title",
            "file_format",
            "parameters",
            "error",
            "created_at",
            "updated_at",
            "download",
        ]
        read_only_fields = fields

    def get_download(self, build: ReportBuild) -> str | None:
        if build.state != ReportBuild.State.DONE:
            return None
        return reverse(
            "api:v1:reportbuild-download", kwargs={"organisation_slug": build.organisation.slug, "pk": build.pk}
        )
