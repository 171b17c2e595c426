"""Every named URL × every persona: the answer each gets (X-1, X-3).

Apps list their URLs in ``<app>/tests/matrix.py``; a URL missing there fails the first test.
"""

import importlib

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from utblick.core.testing import LOGIN, PERSONAS

OWN_NAMESPACES = {
    "core",
    "organisations",
    "strategies",
    "engagements",
    "watch",
    "network",
    "network_feed",
    "followup",
    "privacy",
    "feeds",
    "public",
    "api",
    "api_tokens",
}


def _cases():
    cases = []
    for app in settings.INSTALLED_APPS:
        if not app.startswith("utblick."):
            continue
        try:
            module = importlib.import_module(f"{app}.tests.matrix")
        except ModuleNotFoundError as error:
            if error.name == f"{app}.tests.matrix":
                continue
            raise
        cases.extend(module.CASES)
    return cases


CASES = _cases()


def _named_urls(patterns=None, namespace=None):
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            names |= _named_urls(
                pattern.url_patterns,
                inner
                if pattern.namespace is None
                else (f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace),
            )
        elif (
            isinstance(pattern, URLPattern) and pattern.name and namespace and namespace.split(":")[0] in OWN_NAMESPACES
        ):
            names.add(f"{namespace}:{pattern.name}")
    return names


@pytest.mark.requirement("X-3")
def test_every_named_url_is_in_the_authorization_matrix():
    covered = {case.name for case in CASES}
    missing = sorted(_named_urls() - covered)
    assert not missing, f"Add these URLs to their app's tests/matrix.py: {missing}"


@pytest.mark.requirement("X-1", "X-3")
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_each_persona_gets_the_expected_answer(case, persona, world, client_for):
    kwargs = case.kwargs(world) if case.kwargs else {}
    url = reverse(case.name, kwargs=kwargs) + (f"?{case.query}" if case.query else "")
    client = client_for(persona)
    data = case.data(world) if case.data else None
    body = {"content_type": case.content_type} if case.content_type else {}
    response = (
        getattr(client, case.method)(url, data, **body) if data is not None else getattr(client, case.method)(url)
    )
    wanted = case.expected[persona]
    if wanted == LOGIN:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], (
            f"{persona} on {url}: expected the sign-in page, got {response.status_code}"
        )
    else:
        assert response.status_code == wanted, f"{persona} on {url}: expected {wanted}, got {response.status_code}"
