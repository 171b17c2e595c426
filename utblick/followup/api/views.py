from typing import Any

from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from utblick.api.exceptions import Conflict
from utblick.api.schema import ErrorSerializer
from utblick.api.viewsets import OrganisationMixin, ReadOnlyViewSet, ScopedViewSetMixin
from utblick.core import jobs

from .. import indicators, reports, services
from ..filtersets import DeviationFilterSet
from ..models import Deviation, ReportBuild
from .serializers import (
    DeviationSerializer,
    IndicatorSerializer,
    ReportBuildRequestSerializer,
    ReportBuildSerializer,
)


class DeviationViewSet(ReadOnlyViewSet):
    """Deviations from the strategy's rules (avvikelser); open ones unless ``state`` says otherwise."""

    api_description = gettext_lazy("Deviations from the strategy's rules; open ones unless state says otherwise.")

    model = Deviation
    serializer_class = DeviationSerializer
    filterset_class = DeviationFilterSet
    ordering_fields = ["first_seen", "last_seen", "due_on", "rule_key"]
    ordering = ["-first_seen"]

    def base_queryset(self) -> models.QuerySet:
        return Deviation.objects.in_organisation(self.organisation).select_related("subject_type")


class IndicatorQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    unit = serializers.IntegerField(min_value=1, required=False)


class IndicatorViewSet(OrganisationMixin, viewsets.GenericViewSet):
    """The strategy's indicators, computed from the register for the year and the three before."""

    api_description = gettext_lazy(
        "The strategy's indicators, computed from the register for the year and the three before."
    )

    serializer_class = IndicatorSerializer
    tag = gettext_lazy("Indicators")
    pagination_class = None
    filter_backends: list = []

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "year", OpenApiTypes.INT, description=gettext_lazy("The last year shown; this year by default.")
            ),
            OpenApiParameter("unit", OpenApiTypes.INT, description=gettext_lazy("Only this unit's engagements.")),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = IndicatorQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        units = None
        if query.validated_data.get("unit"):
            unit = self.organisation.units.filter(pk=query.validated_data["unit"]).first()
            if unit is None:
                raise exceptions.ValidationError({"unit": [_("No such unit in this organisation.")]})
            units = [unit.pk]
        year = query.validated_data.get("year") or timezone.localdate().year
        series = indicators.dashboard_indicators(self.organisation, year=year, units=units)
        return Response(IndicatorSerializer(series, many=True).data)


class ReportBuildViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reports written in the background: start one, poll its state, download the file (VX-9, VX-11)."""

    api_description = gettext_lazy("Reports written in the background: start one, poll its state, download the file.")

    model = ReportBuild
    serializer_class = ReportBuildSerializer
    ordering_fields = ["created_at"]
    ordering = ["-created_at"]

    def base_queryset(self) -> models.QuerySet:
        return ReportBuild.objects.in_organisation(self.organisation).select_related("organisation").defer("content")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        build = jobs.job_check(self.get_object())  # a build whose worker died answers failed
        return Response(self.get_serializer(build).data)

    @extend_schema(request=ReportBuildRequestSerializer, responses={202: ReportBuildSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = ReportBuildRequestSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = body.validated_data
        probe = ReportBuild(organisation=self.organisation)
        self.require(probe, "add")
        # The same parameters as the reports page sends, so the task reads both alike.
        parameters = {
            "kind": data["kind"],
            "year": str(data.get("year") or timezone.localdate().year),
            "unit": str(data.get("unit") or ""),
            "period": str(data.get("period") or ""),
        }
        build = services.report_build_start(
            organisation=self.organisation, user=request.user, parameters=parameters, file_format=data["format"]
        )
        build = self.refetch(build)
        url = request.build_absolute_uri(
            self.reverse_action("detail", kwargs={"organisation_slug": self.organisation.slug, "pk": build.pk})
        )
        return Response(self.get_serializer(build).data, status=202, headers={"Location": url})

    @extend_schema(
        summary=gettext_lazy("Download the report file"),
        responses={
            (200, content_type.split(";")[0]): OpenApiResponse(OpenApiTypes.BINARY, description=file_format)
            for file_format, content_type in reports.CONTENT_TYPES.items()
        }
        | {409: OpenApiResponse(ErrorSerializer, description=gettext_lazy("The report is not ready yet."))},
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        build = self.get_object()
        if build.state != ReportBuild.State.DONE:
            state = build.get_state_display()
            raise Conflict(_("The report is not ready yet (%(state)s); ask again shortly.") % {"state": state})
        response = HttpResponse(bytes(build.content), content_type=reports.CONTENT_TYPES[build.file_format])
        response["Content-Disposition"] = f'attachment; filename="{slugify(build.title)}.{build.file_format}"'
        return response
