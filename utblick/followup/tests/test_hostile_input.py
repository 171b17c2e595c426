"""The report pages take what the address and the form send as the page itself offers it (issue 14, 8a)."""

import datetime

import pytest
from django.utils import timezone

from utblick.followup.models import ReportBuild, YearReportSubmission


@pytest.fixture
def coordinator(client_for):
    client = client_for("coordinator_a")
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("year", ["99999999999999999999999", "-5", "99999", "abc"])
def test_a_year_no_report_can_have_shows_this_years_report(world, coordinator, year):
    response = coordinator.get(f"/o/{world.org_a.slug}/reports/", {"kind": "year", "year": year, "unit": year})
    assert response.status_code == 200 and response.context["year"] == timezone.localdate().year


def test_a_report_build_asked_with_hostile_values_is_built_for_what_the_page_offers(
    world, coordinator, django_capture_on_commit_callbacks
):
    url = f"/o/{world.org_a.slug}/reports/builds/"
    assert coordinator.post(url, {"kind": "mandate", "period": "abc", "format": "xlsx"}).status_code == 404
    assert coordinator.post(url, {"kind": "mandate", "period": "9" * 30, "format": "xlsx"}).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(url, {"kind": "year", "year": "9" * 30, "unit": "-1", "format": "xlsx"})
    assert response.status_code == 302
    build = ReportBuild.objects.get()
    assert build.parameters["year"] == str(timezone.localdate().year) and build.state == ReportBuild.State.DONE


def test_handing_in_a_report_for_a_year_past_any_calendar_records_this_year(world, coordinator):
    response = coordinator.post(f"/o/{world.org_a.slug}/reports/submit/", {"unit": world.unit_a.pk, "year": "9" * 30})
    assert response.status_code == 302
    assert YearReportSubmission.objects.get().year == datetime.date.today().year
