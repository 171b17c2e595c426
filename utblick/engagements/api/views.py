from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from utblick.api.exceptions import validation_error_detail
from utblick.api.viewsets import WritableViewSet
from utblick.core.permissions import get_object_for_user
from utblick.strategies.models import Direction

from .. import services
from ..filtersets import EngagementFilterSet, PartnerFilterSet
from ..models import (
    KIND_MODELS,
    AgreementReview,
    BudgetLine,
    Engagement,
    Evaluation,
    Exchange,
    Partner,
    TripLeg,
    VisitAssessment,
)
from .serializers import (
    KIND_MANY_TO_MANY,
    KIND_SERIALIZERS,
    AgreementReviewSerializer,
    BudgetLineSerializer,
    EngagementSerializer,
    EvaluationSerializer,
    ExchangeSerializer,
    PartnerSerializer,
    PublicationSerializer,
    TripLegSerializer,
    VisitAssessmentSerializer,
)

ENGAGEMENT_FIELDS = {name for name in EngagementSerializer.Meta.fields}


@extend_schema_view(
    list=extend_schema(description=gettext_lazy("Engagements of every kind, filtered as on the register's list page.")),
)
class EngagementViewSet(WritableViewSet):
    """The register (VX-1): every kind of engagement, its own fields under the kind's name."""

    api_description = gettext_lazy("The register: every kind of engagement, its own fields under the kind's name.")

    model = Engagement
    serializer_class = EngagementSerializer
    filterset_class = EngagementFilterSet
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    ordering_fields = ["title", "starts_on", "ends_on", "status", "kind", "created_at", "updated_at"]
    ordering = ["-starts_on", "title"]

    def base_queryset(self) -> models.QuerySet:
        return (
            Engagement.objects.in_organisation(self.organisation)
            .select_related("organisation", "owner_unit", "published_by")
            .prefetch_related(
                # The kinds' own rows apart: one join of all eight tables costs PostgreSQL's planner more
                # (≈ 12 ms a query) than eight look-ups by key.
                *KIND_SERIALIZERS,
                Prefetch("directions", queryset=Direction.objects.order_by("pk")),
                "themes",
                "partners",
                "membership__representatives",
                Prefetch("related", queryset=Engagement.objects.only("pk").order_by("pk")),
                "budget_lines",
            )
        )

    def create_object(self, data: dict[str, Any]) -> Engagement:
        engagement = Engagement(organisation=self.organisation, kind=data["kind"])
        return self.save(engagement, data, expected_version=None, action="add")

    def update_object(self, obj: Any, data: dict[str, Any], *, expected_version: int | None) -> Engagement:
        return self.save(obj, data, expected_version=expected_version, action="change")

    def delete_object(self, obj: Any) -> None:
        services.engagement_delete(engagement=obj, user=self.request.user)

    def save(self, engagement: Engagement, data: dict[str, Any], *, expected_version: int | None, action: str) -> Any:
        kind = engagement.kind
        detail_data = dict(data.pop(kind, None) or {})
        for other in KIND_SERIALIZERS:
            data.pop(other, None)
        data.pop("kind", None)
        data.pop("version", None)
        relations: dict[str, Any] = {
            name: data.pop(name) for name in ("directions", "themes", "partners") if name in data
        }
        if "is_shared" in data:
            relations["shared"] = data.pop("is_shared")
        for field, value in data.items():
            setattr(engagement, field, value)
        detail_relations = {
            name: detail_data.pop(name) for name in KIND_MANY_TO_MANY.get(kind, []) if name in detail_data
        }
        detail = services.detail_for(engagement) if engagement.pk else KIND_MODELS[kind]()
        for field, value in detail_data.items():
            setattr(detail, field, value)
        # The owner unit decides who may write: an editor only in their own units (403 otherwise).
        self.require(engagement, action)
        try:
            with transaction.atomic():
                return services.engagement_save(
                    engagement=engagement,
                    detail=detail,
                    user=self.request.user,
                    expected_version=expected_version,
                    detail_relations=detail_relations,
                    **relations,
                )
        except ValidationError as error:
            raise exceptions.ValidationError(self.nest_kind_errors(kind, error)) from error

    @extend_schema(
        summary=gettext_lazy("Publish on the public pages"),
        description=gettext_lazy(
            "Shows the engagement on the public pages and in the open data, recording who and when. "
            "Coordinators, and editors of the unit where the organisation allows it; never a confidential engagement."
        ),
        request=PublicationSerializer,
        responses=EngagementSerializer,
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.publication(request, services.engagement_publish)

    @extend_schema(
        summary=gettext_lazy("Take off the public pages"),
        description=gettext_lazy("The engagement becomes internal again; its history keeps that it was published."),
        request=PublicationSerializer,
        responses=EngagementSerializer,
    )
    @action(detail=True, methods=["post"])
    def unpublish(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.publication(request, services.engagement_unpublish)

    def publication(self, request: Request, step: Any) -> Response:
        engagement = get_object_for_user(request.user, self.get_queryset(), action="publish", pk=int(self.kwargs["pk"]))
        body = PublicationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        expected = self.expected_version(request, dict(body.validated_data), engagement)
        step(engagement=engagement, user=request.user, expected_version=expected)
        engagement = self.refetch(engagement)
        return Response(self.get_serializer(engagement).data, headers=self.object_headers(engagement))

    @staticmethod
    def nest_kind_errors(kind: str, error: ValidationError) -> Any:
        """Errors of the kind's own fields go under the kind's name, as in the request body."""
        detail = validation_error_detail(error)
        kind_fields = set(KIND_SERIALIZERS[kind]().fields)
        nested = {field: messages for field, messages in detail.items() if field in kind_fields - ENGAGEMENT_FIELDS}
        body = {field: messages for field, messages in detail.items() if field not in nested}
        if nested:
            body[kind] = nested
        return body


class PartnerViewSet(WritableViewSet):
    """Partners: cities, regions, universities, companies, agencies, networks (VX-5, ST-9), with their place on
    the map; coordinators and editors add and change them."""

    api_description = gettext_lazy("Partners: cities, regions, universities, companies, agencies, networks.")

    model = Partner
    serializer_class = PartnerSerializer
    filterset_class = PartnerFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    ordering_fields = ["name", "country", "kind"]
    ordering = ["name"]

    def create_object(self, data: dict[str, Any]) -> Partner:
        data.pop("version", None)
        partner = Partner(organisation=self.organisation, **data)
        self.require(partner, "add")
        return services.partner_save(partner=partner, user=self.request.user)

    def update_object(self, obj: Any, data: dict[str, Any], *, expected_version: int | None) -> Partner:
        for field, value in data.items():
            setattr(obj, field, value)
        return services.partner_save(partner=obj, user=self.request.user, expected_version=expected_version)


class EngagementPartViewSet(WritableViewSet):
    """Records under one engagement (exchanges, reviews, evaluations, legs, resources): listed, read, added,
    corrected with their version and removed, through the same services as the pages."""

    api_description = gettext_lazy(
        "Records under one engagement: listed, read, added, corrected with their version and removed, as on its page."
    )

    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    parent_attribute: str = ""
    parent_field: str = ""

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.parent()  # an engagement that is not there (or of another kind) answers 404 before anything else

    def parent(self) -> Any:
        """The kind's record the rows hang under, or (without ``parent_attribute``) the engagement itself."""
        if not hasattr(self, "_parent"):
            engagements = Engagement.objects.in_organisation(self.organisation)
            if self.parent_attribute:
                engagements = engagements.select_related(self.parent_attribute)
            engagement = get_object_for_user(self.request.user, engagements, pk=int(self.kwargs["engagement_pk"]))
            part = getattr(engagement, self.parent_attribute, None) if self.parent_attribute else engagement
            if part is None:
                raise Http404
            self._parent = part
        return self._parent

    def base_queryset(self) -> models.QuerySet:
        return self.model._default_manager.filter(**{self.parent_field: self.parent()})

    def create_object(self, data: dict[str, Any]) -> Any:
        data.pop("version", None)
        record = self.model(**{self.parent_field: self.parent()}, **data)
        self.require(record, "add")
        return self.record(record)

    def update_object(self, obj: Any, data: dict[str, Any], *, expected_version: int | None) -> Any:
        for field, value in data.items():
            setattr(obj, field, value)
        return self.record(obj, expected_version=expected_version)

    def delete_object(self, obj: Any) -> None:
        services.record_remove(record=obj, user=self.request.user)

    def record(self, record: Any, expected_version: int | None = None) -> Any:
        return services.record_save(record=record, user=self.request.user, expected_version=expected_version)


class ExchangeViewSet(EngagementPartViewSet):
    """Exchanges logged under a twin-city or cooperation agreement (KR-10, KR-11)."""

    api_description = gettext_lazy("Exchanges logged under a twin-city or cooperation agreement.")

    model = Exchange
    serializer_class = ExchangeSerializer
    parent_attribute = parent_field = "agreement"
    ordering_fields = ["happened_on"]
    ordering = ["-happened_on"]


class AgreementReviewViewSet(EngagementPartViewSet):
    """Reviews of an agreement with deadline and decision (KR-10)."""

    api_description = gettext_lazy("Reviews of an agreement with deadline and decision.")

    model = AgreementReview
    serializer_class = AgreementReviewSerializer
    parent_attribute = parent_field = "agreement"
    ordering_fields = ["deadline"]
    ordering = ["-deadline"]


class EvaluationViewSet(EngagementPartViewSet):
    """Evaluations of a membership with their verdicts (KR-8)."""

    api_description = gettext_lazy("Evaluations of a membership with their verdicts.")

    model = Evaluation
    serializer_class = EvaluationSerializer
    parent_attribute = "membership"
    parent_field = "membership"
    ordering_fields = ["evaluated_on"]
    ordering = ["-evaluated_on"]


class TripLegViewSet(EngagementPartViewSet):
    """Legs of a trip, each with its distance, factor, CO2e and compensation; the trip's totals follow (VX-4)."""

    api_description = gettext_lazy("Legs of a trip; distance and CO2e of the trip are recalculated with each.")

    model = TripLeg
    serializer_class = TripLegSerializer
    parent_attribute = "trip"
    parent_field = "trip"
    ordering_fields = ["id"]
    ordering = ["pk"]

    def base_queryset(self) -> models.QuerySet:
        return super().base_queryset().select_related("trip__factor_set")


class BudgetLineViewSet(EngagementPartViewSet):
    """Resources of an engagement: planned, decided and spent amounts in SEK, each optional (ST-7, LN-10)."""

    api_description = gettext_lazy(
        "Resources of an engagement: planned, decided and spent amounts in SEK, each optional."
    )

    model = BudgetLine
    serializer_class = BudgetLineSerializer
    parent_field = "engagement"
    ordering_fields = ["id", "label"]
    ordering = ["pk"]

    def record(self, record: BudgetLine, expected_version: int | None = None) -> BudgetLine:
        return services.budget_line_save(line=record, user=self.request.user, expected_version=expected_version)

    def delete_object(self, obj: Any) -> None:
        services.budget_line_delete(line=obj, user=self.request.user)


class VisitAssessmentViewSet(EngagementPartViewSet):
    """An incoming request's assessment against the strategy in force (ST-3): at most one; written by whoever
    may edit the request, corrected with its version."""

    api_description = gettext_lazy(
        "An incoming request's assessment against the strategy: how well it serves each direction, capacity and "
        "cost. Whoever may edit the request writes it; a correction sends the version it read."
    )

    model = VisitAssessment
    serializer_class = VisitAssessmentSerializer
    parent_attribute = parent_field = "visit"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    ordering_fields = ["id"]
    ordering = ["pk"]

    def create_object(self, data: dict[str, Any]) -> Any:
        data["grades"] = [dict(line) for line in data.get("grades", [])]
        return super().create_object(data)

    def update_object(self, obj: Any, data: dict[str, Any], *, expected_version: int | None) -> Any:
        if "grades" in data:
            data["grades"] = [dict(line) for line in data["grades"]]
        return super().update_object(obj, data, expected_version=expected_version)

    def record(self, record: Any, expected_version: int | None = None) -> Any:
        return services.visit_assessment_save(
            assessment=record, user=self.request.user, expected_version=expected_version
        )
