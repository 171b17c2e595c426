"""Every page of the authorization matrix, asked with hostile query values, answers without a 500 (issue 14, 8a).

The values are those that found 500s: a number past 64 bits, a negative page size, a year no
calendar has, a word where a path belongs. Each page is asked once per value, with the value in
every parameter any page reads.
"""

import pytest
from django.urls import reverse

from .test_authorization import CASES

VALUES = ["99999999999999999999999", "-1", "2026-13-45", "abc\x00'[[[", "9" * 400]
PARAMETERS = [
    "q", "page", "per_page", "page_size", "sort", "ordering", "year", "unit", "kind", "format", "period",
    "old", "new", "status", "owner_unit", "direction", "programme", "source", "state", "org", "country",
    "deadline_within", "open_only", "theme", "next",
]  # fmt: skip
PAGES = [case for case in CASES if case.method == "get" and not case.name.startswith("api")]


@pytest.mark.parametrize("value", VALUES, ids=["past-64-bits", "negative", "no-such-date", "garbage", "long"])
def test_no_page_answers_500_to_hostile_query_values(world, client_for, value):
    client = client_for("coordinator_a")
    client.raise_request_exception = False
    failed = []
    for case in PAGES:
        url = reverse(case.name, kwargs=case.kwargs(world) if case.kwargs else {})
        response = client.get(url, dict.fromkeys(PARAMETERS, value))
        if response.status_code >= 500:
            failed.append(case.name)
    assert failed == []


def test_posting_a_path_that_is_no_address_to_go_back_to_does_not_fail(world, client_for):
    """The scanning desk's actions go back to ``next``; a word there is no view's name."""
    from utblick.watch.tests.matrix import CASES as WATCH

    client = client_for("coordinator_a")
    client.raise_request_exception = False
    for case in (case for case in WATCH if case.method == "post"):
        url = reverse(case.name, kwargs=case.kwargs(world) if case.kwargs else {})
        data = case.data(world) if case.data else {}
        assert client.post(url, {**data, "next": "tillbaka"}).status_code < 500, case.name


def test_a_nul_character_anywhere_in_the_parameters_answers_400_with_the_sites_page(world, client_for):
    """PostgreSQL cannot compare text holding NUL: refused before any view reads it, on both databases."""
    client = client_for("coordinator_a")
    for url, data in [
        (f"/public/{world.org_a.slug}/", {"page": "1\x00"}),
        (f"/o/{world.org_a.slug}/engagements/", {"q": "vänort\x00"}),
        (f"/o/{world.org_a.slug}/engagements/", {"kind\x00": "visit"}),
    ]:
        response = client.get(url, data)
        assert response.status_code == 400, url
        assert "Utblick" in response.content.decode()  # the site's own error page
    assert client.post(f"/o/{world.org_a.slug}/engagements/add/visit/", {"title": "Besök\x00"}).status_code == 400
