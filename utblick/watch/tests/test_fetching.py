"""Feeds fetched from a server on the loopback address: nothing here reaches the internet.

The fetch refuses loopback addresses as it refuses every internal one, so the tests that fetch from
this server allow the loopback network explicitly (``intranet``), as an installation allows its
intranet with ``UTBLICK_FETCH_ALLOWED_NETWORKS``; the tests without it prove the refusal.
"""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from utblick.core.tests import loopback
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


@pytest.fixture
def intranet(settings):
    """The loopback network allowed, as an installation allows its intranet's feeds."""
    settings.UTBLICK_FETCH_ALLOWED_NETWORKS = loopback.LOOPBACK_ONLY


def _feed(url: str, name: str = "Regionens nyheter") -> Source:
    return Source.objects.create(name=name, kind=SourceKind.FEED, url=url, item_kind="news")


@pytest.mark.django_db
def test_a_feed_is_fetched_then_answered_with_304_and_left_alone(server, intranet):
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
def test_a_slow_server_times_out_with_a_clear_message_and_nothing_written(server, intranet):
    run = source_fetch(source=_feed(f"{server}/slow.xml"))
    assert run.state == RunState.FAILED
    assert "svarade inte som en webbserver inom 0.3 sekunder" in run.message
    assert not Item.objects.exists()


@pytest.mark.django_db
@override_settings(UTBLICK_WATCH_FEED_MAX_BYTES=64 * 1024)
def test_an_oversized_body_is_refused_while_reading(server, intranet):
    run = source_fetch(source=_feed(f"{server}/huge.xml"))
    assert run.state == RunState.FAILED
    assert "större än 64 kB" in run.message
    assert not Item.objects.exists()


@pytest.mark.django_db
def test_invalid_xml_is_refused_whole_with_the_parsers_reason_in_swedish(server, intranet):
    run = source_fetch(source=_feed(f"{server}/broken.xml"))
    assert run.state == RunState.FAILED
    assert "inte välformad XML" in run.message and "stängs utan att ha öppnats" in run.message  # said, not quoted
    assert not Item.objects.exists()
    assert Source.objects.get().etag == ""  # a failed fetch does not move the validators on


@pytest.mark.django_db
def test_the_command_fetches_every_active_feed_and_fails_loudly_on_broken_ones(server, intranet):
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


# -- Internal addresses (SSRF) ------------------------------------------------------------------

REFUSED = "leder till ett internt eller reserverat nät"


def _fetch_on_the_page(client, source: Source, capture) -> tuple[ImportRun, str]:
    with capture(execute=True):
        response = client.post(f"/o/{source.organisation.slug}/watch/sources/{source.pk}/fetch/")
    run = ImportRun.objects.filter(source=source).latest("pk")
    return run, client.get(response["Location"]).content.decode()


@pytest.fixture
def coordinator_feed(world, client_for, django_capture_on_commit_callbacks):
    """A coordinator of A saves a feed address and presses "fetch now"; the run page says what happened."""

    def fetch(url: str) -> tuple[ImportRun, str]:
        source = Source.objects.create(
            organisation=world.org_a, name=f"Flöde {url}", kind=SourceKind.FEED, url=url, item_kind="news"
        )
        return _fetch_on_the_page(client_for("coordinator_a"), source, django_capture_on_commit_callbacks)

    return fetch


@pytest.mark.parametrize(
    "address",
    ["http://127.0.0.1:{port}/feed.xml", "http://localhost:{port}/feed.xml", "http://[::1]:{port}/feed.xml"],
)
def test_a_feed_on_the_loopback_address_is_refused_and_becomes_no_item(server, coordinator_feed, address):
    FeedServer.requests.clear()
    run, page = coordinator_feed(address.format(port=server.rsplit(":", 1)[1]))
    assert run.state == RunState.FAILED and REFUSED in run.message and REFUSED in page
    assert FeedServer.requests == [] and not Item.objects.exists()


@pytest.mark.parametrize(
    "address", ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/rss", "http://192.168.1.1/rss"]
)
def test_a_feed_at_a_link_local_or_private_address_is_refused_before_it_is_contacted(coordinator_feed, address):
    started = time.monotonic()
    run, page = coordinator_feed(address)
    assert run.state == RunState.FAILED and REFUSED in page
    assert time.monotonic() - started < 5  # refused, not waited for: nothing was contacted


def test_a_feed_that_redirects_to_an_internal_address_is_refused(settings, coordinator_feed):
    settings.UTBLICK_FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]  # the feed's own server is allowed …
    with loopback.http_server() as server:
        port = server.rsplit(":", 1)[1]
        loopback.Handler.seen.clear()
        run, page = coordinator_feed(f"{server}/redirect?to=http://127.0.0.2:{port}/feed.xml")  # … its target not
    assert run.state == RunState.FAILED and REFUSED in page
    assert loopback.Handler.seen == [f"/redirect?to=http://127.0.0.2:{port}/feed.xml"] and not Item.objects.exists()


def test_the_source_page_does_not_tell_whether_a_port_is_open(settings, coordinator_feed):
    settings.UTBLICK_WATCH_FETCH_TIMEOUT = 0.5
    settings.UTBLICK_WATCH_FETCH_DEADLINE = 1.5

    def messages() -> set[str]:
        seen = {coordinator_feed(f"http://127.0.0.1:{loopback.closed_port()}/")[0].message}
        for behaviour in ("close", "silent"):
            with loopback.tcp_server(behaviour) as port:
                seen.add(coordinator_feed(f"http://127.0.0.1:{port}/")[0].message)
        return seen

    refused = messages()
    assert len(refused) == 1 and REFUSED in refused.pop()
    settings.UTBLICK_FETCH_ALLOWED_NETWORKS = loopback.LOOPBACK_ONLY  # even inside an allowed network
    reached = messages()
    assert len(reached) == 1 and "gick inte att nå" in reached.pop()


def test_the_allowed_networks_setting_lets_an_intranet_feed_in(coordinator_feed, intranet):
    with loopback.http_server() as server:
        run, _page = coordinator_feed(f"{server}/feed.xml")
    assert run.state == RunState.DONE and Item.objects.get().title == "Internt dokument"


def test_a_feed_trickling_a_byte_a_second_ends_at_the_deadline(settings, coordinator_feed, intranet):
    settings.UTBLICK_WATCH_FETCH_TIMEOUT = 5
    settings.UTBLICK_WATCH_FETCH_DEADLINE = 1.5
    started = time.monotonic()
    with loopback.http_server() as server:
        run, page = coordinator_feed(f"{server}/trickle")
    assert time.monotonic() - started < 4
    assert run.state == RunState.FAILED and "kom inte fram inom" in page and not Item.objects.exists()
