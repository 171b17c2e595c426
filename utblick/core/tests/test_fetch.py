"""The guarded fetch (core.fetch): no internal addresses, one message whatever a port does, a deadline (issue 14.4)."""

import ipaddress
import time

import pytest
from django.utils import translation

from utblick.core.fetch import FetchFailed, address_allowed, fetch_url

from . import loopback

REFUSED = "internal or reserved network"
UNREACHABLE = "could not be reached, or did not answer as a web server"


def get(url: str, allowed: list[str] | None = None, **limits) -> bytes:
    options = {"timeout": 2.0, "deadline": 10.0, "limit": 1024 * 1024, **limits}
    with translation.override("en"):
        return fetch_url(url, allowed_networks=allowed or [], **options).body


def refusal(url: str, allowed: list[str] | None = None, **limits) -> str:
    with pytest.raises(FetchFailed) as failed:
        get(url, allowed, **limits)
    return str(failed.value)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "127.8.9.10", "0.0.0.0", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255", "::1", "::",
        "fe80::1", "fc00::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "2002:7f00:1::1",
        "64:ff9b::a9fe:a9fe",
    ],
)  # fmt: skip
def test_internal_and_reserved_addresses_are_not_allowed(address):
    assert not address_allowed(ipaddress.ip_address(address), [])


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700:4700::1111", "::ffff:93.184.215.14"])
def test_public_addresses_are_allowed(address):
    assert address_allowed(ipaddress.ip_address(address), [])


def test_an_allowed_network_opens_exactly_that_network():
    intranet = [ipaddress.ip_network("10.20.0.0/16")]
    assert address_allowed(ipaddress.ip_address("10.20.3.4"), intranet)
    assert not address_allowed(ipaddress.ip_address("10.21.3.4"), intranet)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/feed.xml",
        "http://localhost:{port}/feed.xml",
        "http://[::1]:{port}/feed.xml",
        "http://0.0.0.0:{port}/feed.xml",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/feed.xml",
        "http://[::ffff:127.0.0.1]:{port}/feed.xml",
        "http://2130706433:{port}/feed.xml",  # 127.0.0.1 written as one number
    ],
)
def test_a_feed_at_an_internal_address_is_refused_and_never_contacted(url):
    with loopback.http_server() as server:
        port = server.rsplit(":", 1)[1]
        loopback.Handler.seen.clear()
        assert REFUSED in refusal(url.format(port=port))
        assert loopback.Handler.seen == []


def test_a_redirect_to_an_internal_address_is_refused_after_the_redirect():
    with loopback.http_server() as server:
        loopback.Handler.seen.clear()
        # The first server is allowed (as an intranet would be); where it redirects to is not.
        message = refusal(
            f"{server}/redirect?to=http://127.0.0.2:{server.rsplit(':', 1)[1]}/feed.xml", ["127.0.0.1/32"]
        )
        assert REFUSED in message
        assert loopback.Handler.seen == [f"/redirect?to=http://127.0.0.2:{server.rsplit(':', 1)[1]}/feed.xml"]
        assert REFUSED in refusal(f"{server}/redirect?to=http://169.254.169.254/latest/", ["127.0.0.1/32"])


def test_the_allowed_networks_setting_lets_an_intranet_feed_through(settings):
    with loopback.http_server() as server:
        assert REFUSED in refusal(f"{server}/feed.xml")
        assert get(f"{server}/feed.xml", loopback.LOOPBACK_ONLY) == loopback.FEED
        settings.UTBLICK_FETCH_ALLOWED_NETWORKS = loopback.LOOPBACK_ONLY  # the default comes from the setting
        with translation.override("en"):
            assert fetch_url(f"{server}/feed.xml", timeout=2, deadline=10, limit=1024 * 1024).body == loopback.FEED


def test_the_message_is_the_same_whether_a_port_is_open_closed_or_silent():
    """An allowed network cannot be scanned through the messages either: no port tells its state."""
    allowed = loopback.LOOPBACK_ONLY
    messages = {"closed": refusal(f"http://127.0.0.1:{loopback.closed_port()}/", allowed, timeout=0.5)}
    for behaviour in ("close", "silent", "trickle-headers"):
        with loopback.tcp_server(behaviour) as port:
            messages[behaviour] = refusal(f"http://127.0.0.1:{port}/", allowed, timeout=0.5, deadline=1.5)
    assert len(set(messages.values())) == 1, messages
    assert UNREACHABLE in messages["closed"]
    # And without the allowance every one of them is refused before it is contacted, in the same words.
    refused = {refusal(f"http://127.0.0.1:{loopback.closed_port()}/")}
    with loopback.tcp_server("close") as port:
        refused.add(refusal(f"http://127.0.0.1:{port}/"))
    assert len(refused) == 1 and REFUSED in refused.pop()


@pytest.mark.parametrize(("path", "words"), [("/trickle", "did not arrive within"), (None, UNREACHABLE)])
def test_a_server_trickling_a_byte_at_a_time_is_cut_off_at_the_deadline(path, words):
    started = time.monotonic()
    if path:
        with loopback.http_server() as server:
            message = refusal(f"{server}{path}", loopback.LOOPBACK_ONLY, timeout=5, deadline=1.5)
    else:  # the headers themselves trickle
        with loopback.tcp_server("trickle-headers") as port:
            message = refusal(f"http://127.0.0.1:{port}/", loopback.LOOPBACK_ONLY, timeout=5, deadline=1.5)
    elapsed = time.monotonic() - started
    assert words in message
    assert 1.4 < elapsed < 3, elapsed  # each byte came well within the 5 s timeout; the deadline ended it


def test_only_web_addresses_are_fetched():
    for url in ("file:///etc/passwd", "ftp://127.0.0.1/", "gopher://127.0.0.1/", "data:,hej"):
        assert "Only http and https" in refusal(url)
    with loopback.http_server() as server:
        for target in ("file:///etc/passwd", "ftp://127.0.0.1/"):
            assert "does not follow" in refusal(f"{server}/redirect?to={target}", loopback.LOOPBACK_ONLY)


def test_a_body_larger_than_the_limit_is_refused():
    with loopback.http_server() as server:
        assert "larger than 0 kB" in refusal(f"{server}/feed.xml", loopback.LOOPBACK_ONLY, limit=100)
