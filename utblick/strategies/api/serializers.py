"""The strategy in JSON: read-only, with the parts this organisation sees (LN-11)."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import (
    Dimension,
    Direction,
    Goal,
    GoverningDocument,
    Indicator,
    RuleSetting,
    Strategy,
    StrategyReview,
    StrategyVersion,
    Theme,
)


class GoverningDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = GoverningDocument
        fields = ["id", "title", "kind", "adopted_on", "url", "description"]
        read_only_fields = fields


class GoalSerializer(serializers.ModelSerializer):
    governing_documents = GoverningDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = Goal
        fields = ["id", "text", "description", "order", "organisation", "governing_documents"]
        read_only_fields = fields


class DirectionSerializer(serializers.ModelSerializer):
    goals = GoalSerializer(many=True, read_only=True)

    class Meta:
        model = Direction
        fields = ["id", "code", "name", "description", "order", "organisation", "goals"]
        read_only_fields = fields


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["id", "code", "name", "description", "order"]
        read_only_fields = fields


class DimensionSerializer(serializers.ModelSerializer):
    themes = ThemeSerializer(many=True, read_only=True)

    class Meta:
        model = Dimension
        fields = ["id", "code", "name", "description", "order", "organisation", "themes"]
        read_only_fields = fields


class IndicatorSettingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "key", "good_direction", "target", "target_year", "order", "organisation"]
        read_only_fields = fields


class RuleSettingSerializer(serializers.ModelSerializer):
    class Meta:
        model = RuleSetting
        fields = ["id", "key", "enabled", "parameters", "note", "order", "organisation"]
        read_only_fields = fields


class StrategyVersionSerializer(serializers.ModelSerializer):
    governing_documents = GoverningDocumentSerializer(many=True, read_only=True)
    directions = DirectionSerializer(many=True, read_only=True)
    dimensions = DimensionSerializer(many=True, read_only=True)
    indicators = IndicatorSettingSerializer(many=True, read_only=True)
    rules = RuleSettingSerializer(many=True, read_only=True, source="rule_settings")

    class Meta:
        model = StrategyVersion
        fields = [
            "id",
            "label",
            "title",
            "status",
            "adopted_by",
            "adopted_on",
            "valid_from",
            "replaces",
            "case_number",
            "document_url",
            "summary",
            "governing_documents",
            "directions",
            "dimensions",
            "indicators",
            "rules",
            "version",
        ]
        read_only_fields = fields


class StrategyReviewSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="period.label", read_only=True, help_text=_("The mandate period."))

    class Meta:
        model = StrategyReview
        fields = ["id", "period", "reviewed_on", "body", "outcome", "summary", "case_number", "document_url"]
        read_only_fields = fields


class StrategySerializer(serializers.ModelSerializer):
    local_name = serializers.SerializerMethodField(help_text=_("What this organisation calls the strategy."))
    owners = serializers.SerializerMethodField(help_text=_("The organisations that own the strategy, by slug."))
    versions = StrategyVersionSerializer(many=True, read_only=True)
    reviews = serializers.SerializerMethodField()

    class Meta:
        model = Strategy
        fields = ["id", "slug", "name", "local_name", "description", "owners", "versions", "reviews", "version"]
        read_only_fields = fields

    def get_local_name(self, strategy: Strategy) -> str:
        return strategy.local_name(self.context.get("organisation"))

    def get_owners(self, strategy: Strategy) -> list[str]:
        return sorted(ownership.organisation.slug for ownership in strategy.ownerships.all())

    @extend_schema_field(StrategyReviewSerializer(many=True))
    def get_reviews(self, strategy: Strategy) -> Any:
        organisation = self.context.get("organisation")
        reviews = [
            review for review in strategy.reviews.all() if organisation and review.organisation_id == organisation.pk
        ]
        return StrategyReviewSerializer(reviews, many=True).data


class StrategyImportSerializer(serializers.Serializer):
    content = serializers.CharField(
        help_text=_("The whole strategy file (TOML, docs/strategy-file.md)."), trim_whitespace=False
    )
    dry_run = serializers.BooleanField(default=False, help_text=_("Check and report, but write nothing."))


class StrategyFileErrorSerializer(serializers.Serializer):
    """One ``core.problems.RowProblem``, as every import reports its problems."""

    row = serializers.IntegerField(allow_null=True, help_text=_("The line of the file, when known."))
    column = serializers.CharField(
        allow_blank=True, help_text=_("Where in the file's structure, e.g. versions[0].label.")
    )
    message = serializers.CharField()


class StrategyFileErrorsSerializer(serializers.Serializer):
    """The file's errors by line; a body that is not even a file gets the usual field messages instead."""

    detail = serializers.CharField(required=False)
    errors = StrategyFileErrorSerializer(many=True, required=False)


class StrategyDryRunSerializer(serializers.Serializer):
    detail = serializers.CharField()
    slug = serializers.CharField()
    name = serializers.CharField()
