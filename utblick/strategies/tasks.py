"""Background work of the strategies: reading an uploaded strategy document (X-7)."""

from django.tasks import task

from utblick.core import jobs

from . import services
from .models import DocumentImport


@task
def read_strategy_document(document_import_id: int) -> None:
    try:
        record = DocumentImport.objects.get(pk=document_import_id)
        with jobs.guarded(record):
            services.document_import_read(document_import=record)
    except DocumentImport.DoesNotExist:
        return  # thrown away by the coordinator before or while it was read
