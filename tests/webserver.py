"""A real HTTP server on 127.0.0.1 for capture tests, serving routes the test defines.

    with serve({"/page": Route(body=b"<html>...", content_type="text/html")}) as base:
        fetch(base + "/page")

A route can redirect, fail with a status, trickle its body slowly, or stream a body with no
Content-Length. Every request stops by itself: the slow route sends a bounded number of bytes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    location: str | None = None  # a redirect's target
    delay: float = 0.0  # seconds before each chunk of the body
    chunks: int = 1  # the body sent in this many pieces (with ``delay`` before each)
    length: bool = True  # send Content-Length
    headers: dict[str, str] | None = None  # more headers (Content-Encoding, ...)


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, Route] = {}

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        route = self.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        self.send_response(route.status)
        if route.location:
            self.send_header("Location", route.location)
        for name, value in (route.headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", route.content_type)
        if route.length:
            self.send_header("Content-Length", str(len(route.body)))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        size = max(1, len(route.body) // route.chunks + 1)
        try:
            for start in range(0, len(route.body), size):
                if route.delay:
                    time.sleep(route.delay)
                self.wfile.write(route.body[start:start + size])
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[str]:
    """Serve ``routes`` on a free port of 127.0.0.1; yields the base address."""
    handler = type("Handler", (_Handler,), {"routes": routes})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (connections are refused)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
