"""Background work of the follow-up: building large reports."""

import logging

from django.tasks import task
from django.utils.translation import gettext as _

from utblick.core import jobs
from utblick.organisations.models import Unit
from utblick.strategies.models import MandatePeriod

from . import reports
from .models import ReportBuild

logger = logging.getLogger(__name__)


def report_for(build: ReportBuild):
    parameters = build.parameters
    if parameters.get("kind") == "mandate":
        period = MandatePeriod.objects.get(pk=parameters["period"])
        draft = build.organisation.mandate_review_drafts.filter(period=period).first()
        return reports.build_mandate_review(
            organisation=build.organisation, period=period, conclusions=draft.conclusions if draft else ""
        )
    unit = Unit.objects.filter(organisation=build.organisation, pk=parameters.get("unit") or 0).first()
    return reports.build_year_report(organisation=build.organisation, year=int(parameters["year"]), unit=unit)


@task
def build_report(build_id: int) -> None:
    build = ReportBuild.objects.select_related("organisation").get(pk=build_id)
    with jobs.guarded(build):
        build.state = ReportBuild.State.RUNNING
        build.progress = 10
        build.save(update_fields=["state", "progress", "updated_at"])
        try:
            report = report_for(build)
            ReportBuild.objects.filter(pk=build.pk).update(progress=50)  # the figures are gathered; now the file
            build.content = reports.render(report, build.file_format)
            build.progress = 100
            build.title = report.title
            build.state = ReportBuild.State.DONE
        except Exception:
            # The exception is for the log; the build (and the API) says what it means to its reader.
            logger.exception("Report build %s failed", build.pk)
            build.state = ReportBuild.State.FAILED
            build.error = _("The report could not be written because of an error in Utblick; it has been logged.")
        build.save()
