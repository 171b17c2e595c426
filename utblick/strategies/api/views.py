from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiRequest, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from utblick.api.parsers import JSONParser, TomlTextParser
from utblick.api.viewsets import ReadOnlyViewSet

from ..files import StrategyFileError, strategy_export, strategy_import
from ..models import (
    Dimension,
    Direction,
    Goal,
    GoverningDocument,
    Indicator,
    RuleSetting,
    Strategy,
    StrategyVersion,
)
from ..views import _owner_slugs
from .serializers import (
    StrategyDryRunSerializer,
    StrategyFileErrorsSerializer,
    StrategyImportSerializer,
    StrategySerializer,
)

TOML = "application/toml"


class StrategyViewSet(ReadOnlyViewSet):
    """The organisation's strategies with their versions, directions, goals, dimensions, indicators and rules."""

    model = Strategy
    serializer_class = StrategySerializer
    ordering_fields = ["name"]
    ordering = ["name"]

    def base_queryset(self) -> models.QuerySet:
        organisation = self.organisation
        mine = Q(organisation__isnull=True) | Q(organisation=organisation)
        documents = GoverningDocument.objects.order_by("title")
        goals = (
            Goal.objects.filter(mine)
            .order_by("order", "pk")
            .prefetch_related(Prefetch("governing_documents", queryset=documents))
        )
        versions = StrategyVersion.objects.order_by("adopted_on", "pk").prefetch_related(
            Prefetch("governing_documents", queryset=documents),
            Prefetch(
                "directions",
                queryset=Direction.objects.filter(mine)
                .order_by("order", "pk")
                .prefetch_related(Prefetch("goals", queryset=goals)),
            ),
            Prefetch(
                "dimensions",
                queryset=Dimension.objects.filter(mine).order_by("order", "pk").prefetch_related("themes"),
            ),
            Prefetch("indicators", queryset=Indicator.objects.filter(mine).order_by("order", "pk")),
            Prefetch("rule_settings", queryset=RuleSetting.objects.filter(mine).order_by("order", "pk")),
        )
        return Strategy.objects.in_organisation(organisation).prefetch_related(
            "ownerships__organisation", "reviews__period", Prefetch("versions", queryset=versions)
        )

    @extend_schema(
        summary="Export the strategy as a strategy file",
        responses={(200, TOML): OpenApiResponse(OpenApiTypes.STR, description="The strategy file (TOML).")},
    )
    @action(detail=True, methods=["get"])
    def export(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        strategy = self.get_object()
        response = HttpResponse(strategy_export(strategy), content_type=f"{TOML}; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{strategy.slug}.toml"'
        return response

    @extend_schema(
        summary="Import a strategy file",
        description=(
            "Send the file as it is (Content-Type: application/toml, dry run with ?dry_run=true) or as JSON "
            "with content and dry_run. The whole file is checked first; errors come back with their lines "
            "and nothing is written."
        ),
        parameters=[OpenApiParameter("dry_run", OpenApiTypes.BOOL, description="Check only; write nothing.")],
        request={
            "application/json": OpenApiRequest(StrategyImportSerializer),
            TOML: OpenApiRequest(OpenApiTypes.STR),
        },
        responses={
            200: OpenApiResponse(StrategyDryRunSerializer, description="Dry run: the file is valid."),
            201: OpenApiResponse(StrategySerializer, description="Imported."),
            400: OpenApiResponse(StrategyFileErrorsSerializer, description="The file's errors, by line."),
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
        slugs = _owner_slugs(content)
        if slugs is not None and self.organisation.slug not in slugs:
            return self.file_errors(
                [
                    {
                        "line": None,
                        "path": "owners",
                        "message": _("The file does not name this organisation among the strategy's owners."),
                    }
                ]
            )
        try:
            strategy = strategy_import(content, user=request.user, dry_run=dry_run)
        except StrategyFileError as error:
            return self.file_errors(
                [{"line": problem.line, "path": problem.path, "message": problem.message} for problem in error.errors]
            )
        if dry_run:
            message = _("The file is valid; nothing was written (dry run).")
            return Response({"detail": message, "slug": strategy.slug, "name": strategy.name})
        return Response(self.get_serializer(self.refetch(strategy)).data, status=status.HTTP_201_CREATED)

    def file_errors(self, errors: list[dict[str, Any]]) -> Response:
        return Response(
            {"detail": _("The strategy file has errors; nothing was written."), "errors": errors},
            status=status.HTTP_400_BAD_REQUEST,
        )
