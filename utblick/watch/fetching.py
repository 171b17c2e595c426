"""Fetching a feed: a timeout, conditional GET (ETag, Last-Modified) and a size limit.

Only http and https addresses are fetched, redirects included. The body is read in pieces and
refused as soon as it passes the limit; then feedparser reads the bytes. A feed that did not
change answers 304 and nothing is read or written. Whatever fails leaves the items as they were
and says why in the run's message.
"""

import io
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import FileFormat, RunKind, RunState
from .imports import ImportFailed, run_file_import
from .models import ImportRun, Source

CHUNK = 64 * 1024


class FetchFailed(Exception):
    pass


@dataclass
class Response:
    status: int
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if not newurl.lower().startswith(("http://", "https://")):
            raise FetchFailed(_("The feed redirects to an address that is not http or https."))
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    # build_opener adds file:, ftp: and data: handlers; a feed address must never reach those.
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        _HttpOnlyRedirects(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def fetch(
    url: str, *, etag: str = "", last_modified: str = "", timeout: float | None = None, limit: int | None = None
) -> Response:
    """GET the address; 304 when the server says nothing changed since ``etag``/``last_modified``."""
    if not url.lower().startswith(("http://", "https://")):
        raise FetchFailed(_("Only http and https addresses can be fetched."))
    timeout = timeout if timeout is not None else settings.UTBLICK_WATCH_FETCH_TIMEOUT
    limit = limit if limit is not None else settings.UTBLICK_WATCH_FEED_MAX_BYTES
    headers = {
        "User-Agent": "Utblick feed reader",
        "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)
    try:
        with _opener().open(request, timeout=timeout) as answer:
            declared = answer.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise FetchFailed(_too_large(limit))
            body = io.BytesIO()
            while chunk := answer.read(CHUNK):
                body.write(chunk)
                if body.tell() > limit:
                    raise FetchFailed(_too_large(limit))
            return Response(
                status=answer.status,
                body=body.getvalue(),
                etag=answer.headers.get("ETag", "") or "",
                last_modified=answer.headers.get("Last-Modified", "") or "",
            )
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return Response(status=304, etag=etag, last_modified=last_modified)
        raise FetchFailed(
            _("The server answered %(code)s %(reason)s.") % {"code": error.code, "reason": error.reason}
        ) from error
    except TimeoutError as error:
        raise FetchFailed(_("The server did not answer within %(seconds)s seconds.") % {"seconds": timeout}) from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise FetchFailed(
                _("The server did not answer within %(seconds)s seconds.") % {"seconds": timeout}
            ) from error
        raise FetchFailed(_("The feed could not be reached: %(reason)s") % {"reason": error.reason}) from error
    except OSError as error:  # connection reset and the like
        raise FetchFailed(_("The feed could not be read: %(reason)s") % {"reason": error}) from error


def _too_large(limit: int) -> str:
    return _("The feed is larger than %(kb)s kB; nothing was read.") % {"kb": limit // 1024}


def source_fetch(*, source: Source, user: Any = None, run: ImportRun | None = None) -> ImportRun:
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
