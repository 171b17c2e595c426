"""Bodies built to break the parsers answer as the API documents, never with a 500 (issue 14, 8a)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from utblick.organisations.models import Person

pytestmark = pytest.mark.requirement("X-6")


def base(world):
    return f"/api/v1/organisations/{world.org_a.slug}"


@pytest.fixture
def coordinator(api):
    client = api("coordinator_a")
    client.raise_request_exception = False  # a 500 is an answer the test must see, not an exception
    return client


@pytest.mark.parametrize("body", [b"[" * 5000, b'{"a":' * 5000, b"[" * 5000 + b"]" * 5000])
def test_json_nested_thousands_deep_answers_400_in_json(world, coordinator, body):
    response = coordinator.post(f"{base(world)}/people/", data=body, content_type="application/json")
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert "för djupt nästlat" in response.json()["detail"]
    assert not Person.objects.exists()


def test_a_body_larger_than_django_reads_answers_the_documented_json_413(world, coordinator):
    """6 MB passes the API's own limit check only after Django's (5 MB): both must answer 413 in JSON."""
    body = b'{"name": "' + b"x" * (6 * 1024 * 1024) + b'"}'
    response = coordinator.post(f"{base(world)}/people/", data=body, content_type="application/json")
    assert response.status_code == 413 and response["Content-Type"] == "application/json"
    assert "1048576 byte" in response.json()["detail"]
    assert not Person.objects.exists()


def test_an_api_limit_above_5_mb_raises_the_limit_django_reads_with_it():
    """Otherwise Django would refuse bodies the API documents as accepted (UTBLICK_API_MAX_BODY_BYTES)."""
    probe = subprocess.run(
        [sys.executable, "-c", "from config.settings import base; print(base.DATA_UPLOAD_MAX_MEMORY_SIZE)"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "UTBLICK_API_MAX_BODY_BYTES": str(8 * 1024 * 1024)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(probe.stdout) >= 8 * 1024 * 1024


def test_a_strategy_file_nested_thousands_deep_answers_400(world, coordinator):
    text = "a = " + "[" * 5000 + "]" * 5000 + "\n"
    response = coordinator.post(f"{base(world)}/strategies/import/", text, content_type="application/toml")
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert "för djupt nästlad" in response.json()["errors"][0]["message"]
