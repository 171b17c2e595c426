"""Background work of the register: importing large files."""

import logging

from django.tasks import task
from django.utils import translation

from .models import EngagementImport

logger = logging.getLogger(__name__)


@task
def run_engagement_import(job_id: int) -> None:
    from .imports import engagement_import_run

    job = EngagementImport.objects.select_related("organisation").get(pk=job_id)
    try:
        with translation.override(job.organisation.report_language):
            engagement_import_run(job)
    except Exception:
        logger.exception("Engagement import %s failed", job_id)
        EngagementImport.objects.filter(pk=job_id).update(state=EngagementImport.State.FAILED)
        raise
