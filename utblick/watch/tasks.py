"""Background work of the scanning desk: imports of uploaded files, feed fetching, matching."""

import contextlib

from django.tasks import TaskContext, task

from utblick.core import jobs
from utblick.organisations.models import Organisation

from .choices import RunKind, SourceKind
from .fetching import source_fetch
from .imports import ImportFailed, run_file_import
from .models import ImportRun, Source
from .services import matches_refresh, matches_refresh_for


@task
def import_uploaded_file(run_id: int) -> None:
    """Import a file uploaded on the source page; the run page shows the progress."""
    run = ImportRun.objects.select_related("source", "started_by").get(pk=run_id)
    with jobs.guarded(run):
        try:
            with run.file.open("rb") as stream:
                run_file_import(run=run, stream=stream, user=run.started_by)
        except ImportFailed:
            return
        finally:
            # The run keeps the file's name and what it found; the upload itself is not kept.
            run.file.delete(save=False)
            ImportRun.objects.filter(pk=run.pk).update(file="")
        matches_refresh_for(run.source.organisation)


@task
def fetch_source(source_id: int, run_id: int | None = None) -> None:
    source = Source.objects.get(pk=source_id)
    run = ImportRun.objects.get(pk=run_id) if run_id else None
    with jobs.guarded(run) if run else contextlib.nullcontext():
        source_fetch(source=source, run=run, user=run.started_by if run else None)
        matches_refresh_for(source.organisation)


@task(takes_context=True)
def fetch_all_sources(context: TaskContext) -> int:
    """Every active feed, then the matches of every profile; schedule with ``manage.py watch_fetch``.

    Each feed's run names this task, so a run cut short by a lost worker is failed, not left running.
    """
    task_id = jobs.current_task_id(context)
    fetched = 0
    for source in Source.objects.filter(kind=SourceKind.FEED, is_active=True):
        run = ImportRun.objects.create(source=source, kind=RunKind.FETCH, file_name=source.url, task_id=task_id)
        with jobs.guarded(run):
            source_fetch(source=source, run=run)
        fetched += 1
    matches_refresh()
    return fetched


@task
def refresh_matches(organisation_id: int | None) -> int:
    """After an item is entered or changed by hand: the profiles that see it (every one for a shared item)."""
    organisation = Organisation.objects.filter(pk=organisation_id).first() if organisation_id else None
    return matches_refresh_for(organisation)
