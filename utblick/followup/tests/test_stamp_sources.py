"""Everything cached under an organisation's stamp reads only records that raise it (docs/adr/0027).

A report is reused, the dashboard's figures and coverage and the register's filter form are served
from the cache for as long as the organisation's stamp stays the same. That holds only if every table
they read belongs to a model some app follows (``register_stamps.follow``/``follow_links``), or to
data that is not the organisation's own and is keyed otherwise. This test reads what they actually
query on the demo organisations, so a new source added to a report without being followed fails here.
"""

import re

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from utblick.engagements.filtersets import EngagementFilterSet
from utblick.engagements.models import Engagement
from utblick.followup import indicators, reports
from utblick.organisations.models import Organisation
from utblick.organisations.register_stamps import FOLLOWED
from utblick.strategies.models import MandatePeriod

# Read, but not the organisation's own changing data: in the cache key itself (the organisation's name
# and report language, the day), the stamp, or reference data the same for everyone.
NOT_FOLLOWED = {
    "organisations_organisation": "its name and report language are part of the key",
    "organisations_registerstamp": "the stamp itself",
    "strategies_mandateperiod": "the calendar of mandate periods, the same for everyone",
    "django_content_type": "Django's table of models",
}
TABLE = re.compile(r'(?:FROM|JOIN) "([a-z0-9_]+)"')


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo", verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _tables(queries) -> set[str]:
    return {table for query in queries.captured_queries for table in TABLE.findall(query["sql"])}


def _followed_tables() -> set[str]:
    return {model._meta.db_table for model in FOLLOWED}


@pytest.mark.django_db
@pytest.mark.requirement("VX-9")
@pytest.mark.parametrize("slug", ["stockholm", "kristianstad", "linkoping"])
def test_what_the_cache_keeps_reads_only_followed_records(demo, slug):
    organisation = Organisation.objects.get(slug=slug)
    year = timezone.localdate().year
    with CaptureQueriesContext(connection) as queries:
        report = reports.build_year_report(organisation=organisation, year=year)
        for file_format in ("html", "docx", "pdf", "xlsx"):
            reports.render(report, file_format)
        period = MandatePeriod.for_date(timezone.localdate())
        reports.render(reports.build_mandate_review(organisation=organisation, period=period), "docx")
        indicators._computed_figures([organisation.pk], [year - 1, year])
        indicators._coverage(organisation, year, None)
        form = EngagementFilterSet({}, queryset=Engagement.objects.none(), organisation=organisation).form
        "".join(str(field) for field in form)

    unfollowed = _tables(queries) - _followed_tables() - set(NOT_FOLLOWED)
    assert not unfollowed, f"read without raising the organisation's stamp when changed: {sorted(unfollowed)}"
