"""Background work of the register: importing large files."""

from django.tasks import task
from django.utils import translation

from utblick.core import jobs

from .imports import engagement_import_run
from .models import EngagementImport


@task
def run_engagement_import(job_id: int) -> None:
    job = EngagementImport.objects.select_related("organisation").get(pk=job_id)
    with jobs.guarded(job), translation.override(job.organisation.report_language):
        engagement_import_run(job)
