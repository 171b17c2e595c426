"""The OpenAPI description: every operation also documents its error answers (X-6)."""

from typing import Any, Literal

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

ErrorSerializer = inline_serializer(
    name="Error",
    fields={"detail": serializers.CharField(help_text=_("What went wrong, in the language asked for."))},
)
ConflictSerializer = inline_serializer(
    name="Conflict",
    fields={
        "detail": serializers.CharField(),
        "version": serializers.IntegerField(help_text=_("The version saved now; read the record again.")),
    },
)

ERRORS = {
    "400": _("Invalid input: field names with lists of messages, or detail."),
    "401": _("No valid API token or session."),
    "403": _("Your role in the organisation does not allow this."),
    "404": _("Not found, or outside your organisations."),
    "406": _("The Accept header asks for a format this operation cannot give."),
    "409": _("A conflict: the record changed after you read it."),
    "413": _("The request body is too large."),
    "415": _("The Content-Type is not one this operation reads."),
    "429": _("Too many requests with this token; wait as Retry-After says."),
}


def _validation_error_schema() -> dict[str, Any]:
    return {"type": "object", "additionalProperties": True}


DESCRIPTION = _(
    "The register of a municipality's international work: organisations, units, people, strategies, "
    "engagements of every kind, partners, deviations, indicators, reports, and the scanning desk's watch "
    "items and profiles, with the same permissions, validation and history as the pages. Authenticate with "
    "a personal API token (Authorization: Bearer). "
    "Changing a versioned record needs the version you read (field version or If-Match); a stale one answers 409."
)


def describe(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular post-processing: the API's description in the language of the request."""
    result.setdefault("info", {})["description"] = str(DESCRIPTION)
    return result


# Strings of DRF and drf-spectacular that reach the documentation without a Swedish translation of
# their own; the project's catalogue carries them (it takes precedence over the libraries').
LIBRARY_STRINGS = [
    gettext_noop("A page number within the paginated result set."),
    gettext_noop("Number of results to return per page."),
    gettext_noop("Which field to use when ordering the results."),
    gettext_noop("No response body"),
    gettext_noop("Unspecified response body"),
]


class AutoSchema(SpectacularAutoSchema):
    """Documentation in the language asked for. Docstrings speak to the code's readers (in English,
    naming requirement IDs), so none of them reaches the documentation: a view describes itself with
    ``api_description``, fields with their help texts."""

    def get_description(self) -> str:
        description = getattr(self.view, "api_description", None)
        return description if description is not None else ""

    def _map_basic_serializer(self, serializer: Any, direction: str) -> dict[str, Any]:
        schema = super()._map_basic_serializer(serializer, direction)
        schema.pop("description", None)
        return schema

    def _map_response_type_hint(self, method: Any) -> dict[str, Any]:
        schema = super()._map_response_type_hint(method)
        schema.pop("description", None)
        return schema

    def get_tags(self) -> list[str]:
        """Operations grouped by what they are about, named in the language asked for."""
        model = getattr(self.view, "model", None) or getattr(getattr(self.view, "queryset", None), "model", None)
        if model is None and hasattr(self.view, "serializer_class"):
            model = getattr(getattr(self.view.serializer_class, "Meta", None), "model", None)
        if model is None:
            return [str(getattr(self.view, "tag", None) or super().get_tags()[0])]
        return [str(capfirst(model._meta.verbose_name_plural))]

    def _get_response_bodies(self, direction: Literal["request", "response"] = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        method = self.method.upper()
        codes = ["400", "401", "403", "404", "406", "429"]
        if method in {"POST", "PUT", "PATCH"}:
            codes += ["409", "413", "415"]
        for code in codes:
            if code in responses:
                continue
            body: Any = {"400": _validation_error_schema(), "409": ConflictSerializer}.get(code, ErrorSerializer)
            responses[code] = self._get_response_for_code(
                OpenApiResponse(response=body, description=str(ERRORS[code])),
                code,
                media_types=["application/json"],
                direction=direction,
            )
        return responses


class BlankableUrlField(OpenApiSerializerFieldExtension):
    """A URL field that may be left empty: "" is valid too (Django's blank URLFields)."""

    target_class = "rest_framework.fields.URLField"

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        url = {"type": "string", "format": "uri"}
        if getattr(self.target, "max_length", None):
            url["maxLength"] = self.target.max_length
        # Read-only fields do not say whether they allow blank; the model's blank URLs are "" on output.
        if not (getattr(self.target, "allow_blank", False) or self.target.read_only):
            return url
        return {"anyOf": [url, {"type": "string", "maxLength": 0}]}
