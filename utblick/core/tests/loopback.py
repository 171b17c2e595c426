"""Servers on the loopback address for the fetching tests: a feed, redirects, a trickle, a port that is no web server.

Nothing here reaches the internet. The fetch refuses loopback addresses unless the installation
allows them, so the tests that want a fetch to succeed say so explicitly with
``UTBLICK_FETCH_ALLOWED_NETWORKS``.
"""

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

FEED = (
    b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Regionen</title>'
    b"<item><title>Internt dokument</title><link>https://example.org/1</link><guid>i-1</guid></item>"
    b"</channel></rss>"
)
LOOPBACK_ONLY = ["127.0.0.0/8"]


class Handler(BaseHTTPRequestHandler):
    seen: list[str] = []

    def log_message(self, *args):  # type: ignore[no-untyped-def]
        pass

    def do_GET(self) -> None:
        Handler.seen.append(self.path)
        url = urlsplit(self.path)
        if url.path == "/feed.xml":
            self._send(FEED)
        elif url.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", parse_qs(url.query)["to"][0])
            self.end_headers()
        elif url.path == "/trickle":
            # Headers at once, then one byte at a time, as long as the client waits.
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            self._trickle(FEED * 1000)
        else:
            self._send(b"not found", status=404)

    def _send(self, body: bytes, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _trickle(self, body: bytes) -> None:
        for byte in body:
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:
                return
            time.sleep(0.2)


@contextlib.contextmanager
def http_server() -> Iterator[str]:
    """A web server on 127.0.0.1; yields its address, http://127.0.0.1:PORT."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def tcp_server(behaviour: str) -> Iterator[int]:
    """A port that is open but no web server: ``close`` hangs up at once, ``trickle-headers`` sends a status
    line a byte at a time, ``silent`` accepts and says nothing. Yields the port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            threading.Thread(target=answer, args=(connection,), daemon=True).start()

    def answer(connection: socket.socket) -> None:
        with connection:
            if behaviour == "trickle-headers":
                for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n" * 1000:
                    if stop.is_set():
                        return
                    try:
                        connection.sendall(bytes([byte]))
                    except OSError:
                        return
                    time.sleep(0.2)
            elif behaviour == "silent":
                stop.wait(10)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        listener.close()


def closed_port() -> int:
    """A loopback port nobody listens on (taken and given back)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
