"""Fetching a feed: conditional GET (ETag, Last-Modified) through the app's guarded fetch.

``core.fetch.fetch_url`` fetches only http and https addresses on the public internet (or a network
``UTBLICK_FETCH_ALLOWED_NETWORKS`` allows), within ``UTBLICK_WATCH_FETCH_DEADLINE`` seconds and
``UTBLICK_WATCH_FEED_MAX_BYTES``; then feedparser reads the bytes. A feed that did not change
answers 304 and nothing is read or written. Whatever fails leaves the items as they were and says
why in the run's message.
"""

import io
import re

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from utblick.core.fetch import FetchFailed, Response, fetch_url
from utblick.core.models import User

from .choices import FileFormat, RunKind, RunState
from .imports import ImportFailed, run_file_import
from .models import ImportRun, Source

__all__ = ["FetchFailed", "fetch", "source_fetch"]


def fetch(url: str, *, etag: str = "", last_modified: str = "") -> Response:
    """GET a feed; 304 when the server says nothing changed since ``etag``/``last_modified``."""
    headers = {
        "User-Agent": "Utblick feed reader",
        "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return fetch_url(
        url,
        headers=headers,
        timeout=settings.UTBLICK_WATCH_FETCH_TIMEOUT,
        deadline=settings.UTBLICK_WATCH_FETCH_DEADLINE,
        limit=settings.UTBLICK_WATCH_FEED_MAX_BYTES,
    )


def source_fetch(*, source: Source, user: User | None = None, run: ImportRun | None = None) -> ImportRun:
    """Fetch a feed source into a run: new and changed entries written, the rest left alone."""
    run = run or ImportRun.objects.create(source=source, kind=RunKind.FETCH, file_name=source.url, started_by=user)
    ImportRun.objects.filter(pk=run.pk).update(state=RunState.RUNNING)
    now = timezone.now()
    try:
        response = fetch(source.url, etag=source.etag, last_modified=source.last_modified)
    except FetchFailed as error:
        _fail(run, str(error))
        Source.objects.filter(pk=source.pk).update(last_checked_at=now)
        return run
    if response.status == 304:
        run.state, run.message, run.finished_at = (
            RunState.UNCHANGED,
            _("The feed has not changed since it was last fetched."),
            timezone.now(),
        )
        run.save()
        Source.objects.filter(pk=source.pk).update(last_checked_at=now)
        return run
    run.file_format = source.file_format or (
        FileFormat.ATOM if re.search(rb"<feed[\s>]", response.body[:4096]) else FileFormat.RSS
    )
    run.size = len(response.body)
    run.save(update_fields=["file_format", "size", "updated_at"])
    try:
        run = run_file_import(run=run, stream=io.BytesIO(response.body), user=user)
    except ImportFailed:
        Source.objects.filter(pk=source.pk).update(last_checked_at=now)
        run.refresh_from_db()
        return run
    # Only a feed that was read completely moves the conditional-GET validators on.
    Source.objects.filter(pk=source.pk).update(
        etag=response.etag[:300], last_modified=response.last_modified[:100], last_checked_at=now
    )
    return run


def _fail(run: ImportRun, message: str) -> None:
    run.state, run.message, run.finished_at = RunState.FAILED, message, timezone.now()
    run.save()
