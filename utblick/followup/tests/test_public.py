"""Public pages and open data: anonymous access, and confidential records never leak (X-5)."""

import csv
import io

import pytest
from django.test import Client

from utblick.engagements.tests.factories import EngagementFactory
from utblick.organisations.tests.factories import PersonFactory


@pytest.fixture
def published(world):
    person = PersonFactory(organisation=world.org_a, name="Greta Hemlig")
    open_one = EngagementFactory(
        owner_unit=world.unit_a,
        title="Öppet klimatprojekt",
        achieved_results="Två nya cykelbanor",
        responsible=person,
        published=True,
    )
    secret = EngagementFactory(
        owner_unit=world.unit_a,
        title="Hemlig förhandling",
        confidentiality="confidential",
        confidentiality_ground="OSL 19 kap. 1 §",
        published=True,  # even marked published, a confidential record never shows
    )
    EngagementFactory(owner_unit=world.unit_a, title="Internt utkast", description="Ännu inte beslutat")
    return open_one, secret


@pytest.mark.requirement("X-5", "ST-13")
def test_anonymous_visitors_see_non_confidential_work_with_results_and_no_people(world, published):
    open_one, secret = published
    client = Client()
    page = client.get(f"/public/{world.org_a.slug}/").content.decode()
    assert "Öppet klimatprojekt" in page and "Två nya cykelbanor" in page
    assert "Hemlig förhandling" not in page and "Greta Hemlig" not in page
    assert "Internt utkast" not in page  # never published
    assert client.get(f"/public/{world.org_a.slug}/engagements/{secret.pk}/").status_code == 404
    detail = client.get(f"/public/{world.org_a.slug}/engagements/{open_one.pk}/").content.decode()
    assert "Greta Hemlig" not in detail and world.unit_a.name in detail


@pytest.mark.requirement("X-5", "X-6")
def test_open_data_in_csv_and_json_holds_no_confidential_record(world, published):
    client = Client()
    data = client.get(f"/public/{world.org_a.slug}/open-data.json").json()
    assert [row["title"] for row in data["engagements"]] == ["Öppet klimatprojekt"]
    rows = list(csv.DictReader(io.StringIO(client.get(f"/public/{world.org_a.slug}/open-data.csv").content.decode())))
    assert [row["title"] for row in rows] == ["Öppet klimatprojekt"]
    decidim = client.get(f"/public/{world.org_a.slug}/decidim-results.csv").content.decode()
    assert "Öppet klimatprojekt" in decidim and "Hemlig" not in decidim


def test_organisations_that_do_not_publish_have_no_public_pages(world, published):
    assert Client().get(f"/public/{world.org_b.slug}/").status_code == 404


def test_search_finds_by_results(world, published):
    page = Client().get(f"/public/{world.org_a.slug}/?q=cykelbanor").content.decode()
    assert "Öppet klimatprojekt" in page


@pytest.mark.browser
@pytest.mark.requirement("X-5")
def test_the_public_pages_pass_axe_without_signing_in(page, axe, world, published):
    open_one, _secret = published
    for path in ["/public/", f"/public/{world.org_a.slug}/", f"/public/{world.org_a.slug}/engagements/{open_one.pk}/"]:
        assert page.goto(path).status == 200
        axe()
