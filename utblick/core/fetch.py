"""Fetching an address a user gave (a feed): only from the public internet, within a deadline and a size.

Whoever may save an address may make the server fetch it, so every fetch of such an address goes
through ``fetch_url``:

- Only http and https, redirects included; every redirect is a new connection with the same checks.
- The host name is resolved here and the connection is made to an address that was checked, never
  to the name again, so a name that resolves differently the second time (DNS rebinding) gains
  nothing; the address the socket is connected to is checked once more. Loopback, private,
  link-local, multicast, reserved and unspecified addresses are refused, also when they hide in an
  IPv6 address (IPv4-mapped, 6to4, NAT64), unless ``UTBLICK_FETCH_ALLOWED_NETWORKS`` allows them (a
  municipality's intranet feed).
- The messages tell nothing about ports: an address refused by the rules is never contacted, and
  a refused, closed, filtered or silent port, or one that does not speak HTTP, all get the same words.
- Proxies from the environment are not used: a proxy would resolve the name itself, past the checks.
- A deadline for the whole fetch: at the deadline a timer shuts the connection, whatever it is doing
  (a server that sends a byte a second). Each wait for the server has its own, shorter timeout.
- The body is read in pieces and refused as soon as it passes the limit.
"""

import contextlib
import functools
import http.client
import ipaddress
import socket
import ssl
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from .library_errors import http_problem

CHUNK = 64 * 1024
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FetchFailed(Exception):
    """Nothing was fetched; ``str(error)`` says why, in the user's language."""


@dataclass
class Response:
    status: int
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    url: str = ""


def fetch_url(
    url: str,
    *,
    timeout: float,
    deadline: float,
    limit: int,
    headers: dict[str, str] | None = None,
    allowed_networks: list[str] | None = None,
) -> Response:
    """GET ``url``: at most ``limit`` bytes, each wait at most ``timeout`` seconds, all of it within ``deadline``.

    A 304 answer (for conditional headers) is returned as it is; any other answer that is not 2xx,
    and whatever else fails, raises ``FetchFailed``.
    """
    if not url.lower().startswith(("http://", "https://")):
        raise FetchFailed(_("Only http and https addresses can be fetched."))
    networks = allowed_networks if allowed_networks is not None else settings.UTBLICK_FETCH_ALLOWED_NETWORKS
    guard = _Guard([ipaddress.ip_network(network, strict=False) for network in networks], timeout, deadline)
    request = urllib.request.Request(url, headers=headers or {})
    timer = threading.Timer(deadline, guard.expire)
    timer.daemon = True
    timer.start()
    answer: Any = None
    try:
        answer = guard.opener().open(request, timeout=timeout)
        body = _read(answer, limit, guard)
        return Response(
            status=answer.status,
            body=body,
            etag=answer.headers.get("ETag", "") or "",
            last_modified=answer.headers.get("Last-Modified", "") or "",
            url=answer.url,
        )
    except urllib.error.HTTPError as error:
        error.close()
        if error.code == 304:
            return Response(status=304, url=error.url)
        if 300 <= error.code < 400:  # a redirect urllib would not follow: another scheme, or a loop
            raise FetchFailed(_redirect_refused()) from error
        raise FetchFailed(
            _("The server answered %(code)s: %(reason)s.") % {"code": error.code, "reason": http_problem(error.code)}
        ) from error
    except FetchFailed:
        raise
    except (OSError, http.client.HTTPException, ValueError) as error:  # URLError is an OSError
        raise guard.failure(error) from error
    finally:
        timer.cancel()
        if answer is not None:
            answer.close()


def address_allowed(address: IPAddress, allowed: list[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> bool:
    """A public internet address, or one inside a network the installation allows."""
    if any(address in network for network in allowed):
        return True
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:  # ::ffff:a.b.c.d is a.b.c.d
            return address_allowed(address.ipv4_mapped, allowed)
        # 6to4 and NAT64 addresses lead to an IPv4 address through a gateway: that one counts too.
        embedded = [address.sixtofour]
        if address in NAT64:
            embedded.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        if any(inner is not None and not address_allowed(inner, allowed) for inner in embedded):
            return False
    return address.is_global and not address.is_multicast and not address.is_reserved


def _read(answer: Any, limit: int, guard: "_Guard") -> bytes:
    declared = answer.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise FetchFailed(_too_large(limit))
    guard.answered = True
    body = bytearray()
    # read1: whatever has arrived, at most a chunk; read(n) would wait for all n bytes.
    while chunk := answer.read1(CHUNK):
        body += chunk
        if len(body) > limit:
            raise FetchFailed(_too_large(limit))
    if guard.expired:  # the timer shut the connection: what was read is not all of it
        raise guard.failure(None)
    return bytes(body)


def _redirect_refused() -> str:
    return _("The address redirects somewhere Utblick does not follow (not http or https, or too many times).")


def _too_large(limit: int) -> str:
    return _("The answer is larger than %(kb)s kB; nothing was read.") % {"kb": limit // 1024}


class _Refused(OSError):
    """The address is not one the installation fetches from."""


class _Guard:
    """One fetch: the addresses it may connect to, the sockets it opened, the deadline's state."""

    def __init__(self, allowed: list[Any], timeout: float, deadline: float):
        self.allowed, self.timeout, self.deadline = allowed, timeout, deadline
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.expired = False
        self.answered = False  # the response's headers have come: the server speaks HTTP

    def opener(self) -> urllib.request.OpenerDirector:
        # build_opener would add file:, ftp: and data: handlers, and the environment's proxies.
        opener = urllib.request.OpenerDirector()
        tls = ssl.create_default_context()
        for handler in (
            _GuardedHTTPHandler(self),
            _GuardedHTTPSHandler(self, tls),
            urllib.request.HTTPDefaultErrorHandler(),
            _HttpOnlyRedirects(),
            urllib.request.HTTPErrorProcessor(),
        ):
            opener.add_handler(handler)
        return opener

    def connect(self, address: tuple[str, int], timeout: Any = None, source_address: Any = None) -> socket.socket:
        """A TCP connection to the first allowed address of the host; http.client's ``_create_connection``."""
        host, port = address
        try:
            resolved = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as not_found:
            raise FetchFailed(_("The server name %(host)s was not found.") % {"host": host}) from not_found
        candidates = [info for info in resolved if address_allowed(ipaddress.ip_address(info[4][0]), self.allowed)]
        if not candidates:
            raise _Refused(host)
        last: OSError = OSError("no address")
        for family, kind, protocol, _name, socket_address in candidates:
            sock = socket.socket(family, kind, protocol)
            self.track(sock)
            sock.settimeout(self.timeout)
            try:
                sock.connect(socket_address)
            except OSError as failed:
                sock.close()
                last = failed
                continue
            if not address_allowed(ipaddress.ip_address(sock.getpeername()[0]), self.allowed):
                sock.close()
                raise _Refused(host)
            return sock
        raise last

    def track(self, sock: socket.socket) -> None:
        with self.lock:
            self.sockets.append(sock)
            if self.expired:
                self._shut(sock)

    def expire(self) -> None:
        """The deadline: every connection of this fetch is shut, which wakes a read that waits on it."""
        with self.lock:
            self.expired = True
            for sock in self.sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        # The plain socket's shutdown, also for a TLS socket: it ends the read of another thread.
        with contextlib.suppress(OSError):  # closed already
            socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def failure(self, error: BaseException | None) -> FetchFailed:
        """The one message for each kind of failure; none of them tells whether a port is open."""
        reason = error.reason if isinstance(error, urllib.error.URLError) else error
        if isinstance(reason, FetchFailed):
            return reason
        if isinstance(reason, _Refused):
            return FetchFailed(
                _(
                    "The address leads to an internal or reserved network, which Utblick does not fetch from. "
                    "If the feed is on your intranet, ask the administrator to allow its network."
                )
            )
        if self.expired and self.answered:
            return FetchFailed(
                _("The answer did not arrive within %(seconds)s seconds; nothing was read.")
                % {"seconds": f"{self.deadline:g}"}
            )
        return FetchFailed(
            _("The server could not be reached, or did not answer as a web server within %(seconds)s seconds.")
            % {"seconds": f"{min(self.timeout, self.deadline):g}"}
        )


class _GuardedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, guard: _Guard, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._create_connection = guard.connect


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, guard: _Guard, tls: ssl.SSLContext, **kwargs: Any):
        super().__init__(*args, context=tls, **kwargs)
        self.guard, self.tls = guard, tls
        self._create_connection = guard.connect

    def connect(self) -> None:
        # As http.client's, but the TLS socket is handed to the deadline before its handshake.
        http.client.HTTPConnection.connect(self)
        self.sock = self.tls.wrap_socket(self.sock, server_hostname=self.host, do_handshake_on_connect=False)
        self.guard.track(self.sock)
        self.sock.do_handshake()


class _GuardedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, guard: _Guard):
        super().__init__()
        self.guard = guard

    def http_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(functools.partial(_GuardedHTTPConnection, guard=self.guard), req)


class _GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, guard: _Guard, tls: ssl.SSLContext):
        super().__init__(context=tls)
        self.guard, self.tls = guard, tls

    def https_open(self, req: urllib.request.Request) -> Any:
        connection = functools.partial(_GuardedHTTPSConnection, guard=self.guard, tls=self.tls)
        return self.do_open(connection, req)


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = 5

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not newurl.lower().startswith(("http://", "https://")):
            raise FetchFailed(_redirect_refused())
        return super().redirect_request(req, fp, code, msg, headers, newurl)
