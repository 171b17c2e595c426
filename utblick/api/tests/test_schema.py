"""The OpenAPI 3 description at /api/v1/schema/, in Swedish or English from the models' help texts (X-6)."""

import pytest
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.requirement("X-6")


def test_the_schema_is_valid_openapi_3_and_public(client):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"
    assert "/api/v1/organisations/{organisation_slug}/engagements/{id}/" in schema["paths"]


@pytest.mark.parametrize(
    ("language", "help_text", "status"),
    [
        ("sv", "De av strategins inriktningar", "posten ändrades"),
        ("en", "The strategy's directions the engagement serves", "the record changed"),
    ],
)
def test_descriptions_come_from_the_help_texts_in_the_language_asked_for(client, language, help_text, status):
    schema = client.get(f"/api/v1/schema/?format=json&lang={language}").json()
    directions = schema["components"]["schemas"]["Engagement"]["properties"]["directions"]
    assert directions["description"].startswith(help_text)
    conflict = schema["paths"]["/api/v1/organisations/{organisation_slug}/engagements/{id}/"]["patch"]["responses"]
    assert status in conflict["409"]["description"]


def test_the_accept_language_header_chooses_the_language_too(client):
    schema = client.get("/api/v1/schema/?format=json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert schema["info"]["description"].startswith("The register")
    schema = client.get("/api/v1/schema/?format=json", HTTP_ACCEPT_LANGUAGE="sv").json()
    assert schema["info"]["description"].startswith("Registret")
