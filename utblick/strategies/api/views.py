from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiRequest, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from utblick.api.parsers import JSONParser, TomlTextParser
from utblick.api.viewsets import ReadOnlyViewSet

from .. import selectors
from ..files import StrategyFileError, strategy_export, strategy_import
from ..models import (
    Strategy,
)
from .serializers import (
    StrategyDryRunSerializer,
    StrategyFileErrorsSerializer,
    StrategyImportSerializer,
    StrategySerializer,
)

TOML = "application/toml"


class StrategyViewSet(ReadOnlyViewSet):
    """The organisation's strategies with their versions, directions, goals, dimensions, indicators and rules."""

    api_description = gettext_lazy(
        "The organisation's strategies with their versions, directions, goals, dimensions, indicators and rules."
    )

    model = Strategy
    serializer_class = StrategySerializer
    ordering_fields = ["name"]
    ordering = ["name"]

    def base_queryset(self) -> models.QuerySet:
        # The parts this organisation sees of a shared strategy, as its pages and files show them (LN-11).
        return selectors.strategies_seen_by(organisation=self.organisation)

    @extend_schema(
        summary=gettext_lazy("Export the strategy as a strategy file"),
        responses={
            (200, TOML): OpenApiResponse(OpenApiTypes.STR, description=gettext_lazy("The strategy file (TOML)."))
        },
    )
    @action(detail=True, methods=["get"])
    def export(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        strategy = self.get_object()
        response = HttpResponse(
            strategy_export(strategy, organisation=self.organisation), content_type=f"{TOML}; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{strategy.slug}.toml"'
        return response

    @extend_schema(
        summary=gettext_lazy("Import a strategy file"),
        description=gettext_lazy(
            "Send the file as it is (Content-Type: application/toml, dry run with ?dry_run=true) or as JSON "
            "with content and dry_run. The whole file is checked first; errors come back with their lines "
            "and nothing is written."
        ),
        parameters=[
            OpenApiParameter("dry_run", OpenApiTypes.BOOL, description=gettext_lazy("Check only; write nothing."))
        ],
        request={
            "application/json": OpenApiRequest(StrategyImportSerializer),
            TOML: OpenApiRequest(OpenApiTypes.STR),
        },
        responses={
            200: OpenApiResponse(StrategyDryRunSerializer, description=gettext_lazy("Dry run: the file is valid.")),
            201: OpenApiResponse(StrategySerializer, description=gettext_lazy("Imported.")),
            400: OpenApiResponse(StrategyFileErrorsSerializer, description=gettext_lazy("The file's errors, by line.")),
        },
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[JSONParser, TomlTextParser])
    def import_file(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not request.user.has_perm("strategies.change_strategy", self.organisation) and not request.user.has_perm(
            "organisations.change_organisation", self.organisation
        ):
            raise PermissionDenied
        if isinstance(request.data, str):
            content = request.data
            dry_run = serializers.BooleanField().to_internal_value(request.query_params.get("dry_run", "false"))
        else:
            body = StrategyImportSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            content, dry_run = body.validated_data["content"], body.validated_data["dry_run"]
        try:
            strategy = strategy_import(content, user=request.user, organisation=self.organisation, dry_run=dry_run)
        except StrategyFileError as error:
            return self.file_errors([problem.as_dict() for problem in error.errors])
        if dry_run:
            message = _("The file is valid; nothing was written (dry run).")
            return Response({"detail": message, "slug": strategy.slug, "name": strategy.name})
        return Response(self.get_serializer(self.refetch(strategy)).data, status=status.HTTP_201_CREATED)

    def file_errors(self, errors: list[dict[str, Any]]) -> Response:
        return Response(
            {"detail": _("The strategy file has errors; nothing was written."), "errors": errors},
            status=status.HTTP_400_BAD_REQUEST,
        )
