"""Feeds fetched from a server on the loopback address: nothing here reaches the internet."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from utblick.watch.choices import RunState, SourceKind
from utblick.watch.fetching import source_fetch
from utblick.watch.models import ImportRun, Item, Source

FEED = (Path(__file__).parent / "fixtures" / "feed.rss").read_bytes()
ETAG = '"feed-v1"'


class FeedServer(BaseHTTPRequestHandler):
    requests: list[dict] = []

    def log_message(self, *args):  # keep the test output clean
        pass

    def do_GET(self):
        FeedServer.requests.append({"path": self.path, "if_none_match": self.headers.get("If-None-Match")})
        if self.path == "/feed.xml":
            if self.headers.get("If-None-Match") == ETAG:
                self.send_response(304)
                self.end_headers()
                return
            self._send(FEED, etag=ETAG)
        elif self.path == "/slow.xml":
            time.sleep(1.5)
            self._send(FEED)
        elif self.path == "/huge.xml":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()  # no Content-Length: the limit must hold while reading
            for _ in range(64):
                self.wfile.write(b"<!-- " + b"x" * 4096 + b" -->")
        elif self.path == "/broken.xml":
            self._send(
                b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>Trasig</titl></item></channel></rss>'
            )
        elif self.path == "/missing.xml":
            self.send_response(404)
            self.end_headers()
        else:
            self._send(b"not found", status=404)

    def _send(self, body: bytes, etag: str = "", status: int = 200):
        self.send_response(status)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FeedServer)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _feed(url: str, name: str = "Regionens nyheter") -> Source:
    return Source.objects.create(name=name, kind=SourceKind.FEED, url=url, item_kind="news")


@pytest.mark.django_db
def test_a_feed_is_fetched_then_answered_with_304_and_left_alone(server):
    source = _feed(f"{server}/feed.xml")
    run = source_fetch(source=source)
    assert (run.state, run.new) == (RunState.DONE, 2)
    source.refresh_from_db()
    assert source.etag == ETAG and source.last_checked_at is not None
    history = Item.history.count()

    again = source_fetch(source=source)
    assert again.state == RunState.UNCHANGED
    assert FeedServer.requests[-1]["if_none_match"] == ETAG
    assert Item.objects.filter(source=source).count() == 2 and Item.history.count() == history


@pytest.mark.django_db
@override_settings(UTBLICK_WATCH_FETCH_TIMEOUT=0.3)
def test_a_slow_server_times_out_with_a_clear_message_and_nothing_written(server):
    run = source_fetch(source=_feed(f"{server}/slow.xml"))
    assert run.state == RunState.FAILED
    assert "svarade inte inom 0.3 sekunder" in run.message
    assert not Item.objects.exists()


@pytest.mark.django_db
@override_settings(UTBLICK_WATCH_FEED_MAX_BYTES=64 * 1024)
def test_an_oversized_body_is_refused_while_reading(server):
    run = source_fetch(source=_feed(f"{server}/huge.xml"))
    assert run.state == RunState.FAILED
    assert "större än 64 kB" in run.message
    assert not Item.objects.exists()


@pytest.mark.django_db
def test_invalid_xml_is_refused_whole_with_the_parsers_reason(server):
    run = source_fetch(source=_feed(f"{server}/broken.xml"))
    assert run.state == RunState.FAILED
    assert "inte välformad XML" in run.message and "mismatched tag" in run.message
    assert not Item.objects.exists()
    assert Source.objects.get().etag == ""  # a failed fetch does not move the validators on


@pytest.mark.django_db
def test_the_command_fetches_every_active_feed_and_fails_loudly_on_broken_ones(server):
    _feed(f"{server}/feed.xml", "Fungerar")
    _feed(f"{server}/missing.xml", "Saknas")
    with pytest.raises(CommandError):
        call_command("watch_fetch", stdout=__import__("io").StringIO(), stderr=__import__("io").StringIO())
    assert Item.objects.count() == 2
    failed = ImportRun.objects.get(source__name="Saknas")
    assert failed.state == RunState.FAILED and "404" in failed.message


def test_only_http_addresses_are_fetched():
    from utblick.watch.fetching import FetchFailed, fetch

    with pytest.raises(FetchFailed):
        fetch("file:///etc/passwd")
