from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from utblick.api.viewsets import OrganisationMixin

from .. import selectors
from ..forms import NetworkSearchForm
from .serializers import OrganisationResultsSerializer, PartnerSearchSerializer

PARAMETERS = [
    OpenApiParameter(name, kind, description=description)
    for name, kind, description in (
        (
            "q",
            OpenApiTypes.STR,
            gettext_lazy("Words in titles, partners, networks, programmes, calls, directions, themes."),
        ),
        ("country", OpenApiTypes.STR, gettext_lazy("Two-letter country code of the engagement or a partner.")),
        ("partner", OpenApiTypes.STR, gettext_lazy("Part of a partner's name or city.")),
        (
            "kind",
            OpenApiTypes.STR,
            gettext_lazy("project, membership, agreement, visit, trip, training, representation, advocacy."),
        ),
        ("direction", OpenApiTypes.STR, gettext_lazy("A word of a direction or theme.")),
        (
            "programme",
            OpenApiTypes.STR,
            gettext_lazy("interreg, erasmus, horizon, life, esf, cerv, amif, creative_europe, …"),
        ),
        ("stage", OpenApiTypes.STR, gettext_lazy("A project's stage: idea, preparing, submitted, granted, …")),
        ("year_from", OpenApiTypes.INT, gettext_lazy("Active in or after this year.")),
        ("year_to", OpenApiTypes.INT, gettext_lazy("Active in or before this year.")),
        ("looking", OpenApiTypes.BOOL, gettext_lazy("Only engagements whose organisation looks for partners.")),
        ("page", OpenApiTypes.INT, gettext_lazy("Page of organisations (20 a page).")),
    )
]


class PartnerSearchViewSet(OrganisationMixin, viewsets.GenericViewSet):
    """Partnersök: the other organisations' shared engagements, grouped by organisation with whom to ask."""

    serializer_class = OrganisationResultsSerializer
    pagination_class = None
    filter_backends: list = []

    @extend_schema(parameters=PARAMETERS, responses=PartnerSearchSerializer)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = NetworkSearchForm(request.query_params.dict())
        if not form.is_valid():
            raise exceptions.ValidationError({field: list(problems) for field, problems in form.errors.items()})
        try:
            page = max(1, int(request.query_params.get("page", "1")))
        except ValueError as error:
            raise exceptions.ValidationError({"page": ["A whole number."]}) from error
        records = selectors.network_search(organisation=self.organisation, **form.question)
        groups, total = selectors.network_search_grouped(records, page=page)
        return Response(
            {
                "organisations": total,
                "page": page,
                "results": OrganisationResultsSerializer(groups, many=True).data,
            }
        )
