"""A fake upstream for `make drift` tests: the vendors' docs pages, served from 127.0.0.1.

Pages are built from our own specs/ (each OpenAPI slice wrapped in a ````yaml fence, as the
vendors' Mintlify pages publish it), then a test swaps in a mutated copy, a 404, or a page that
never answers. A blocked request waits on an Event, never on a sleep, and is released on stop.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from scripts.spec.provenance import SPECS_DIR, load_sources

NOT_FOUND = 404
BLOCK = "block"  # a route that never answers (until the server stops)
Route = bytes | int | str


def docs_page(openapi: bytes, title: bytes = b"Terminate") -> bytes:
    """Wrap an OpenAPI slice the way the vendors' API pages do."""
    return (
        b"# " + title + b"\n\n> Prose about the call.\n\n## OpenAPI\n\n"
        b"````yaml api-reference/openapi.json post /x\n" + openapi + b"````\n\nMore prose.\n"
    )


def pages_from_specs(specs_dir: Path = SPECS_DIR) -> dict[str, Route]:
    """Every upstream URL path in sources.toml -> a page that matches what specs/ holds."""
    pages: dict[str, Route] = {}
    for entry in load_sources(specs_dir).values():
        for document in entry.get("documents", []):
            if "url" in document:
                body = (specs_dir / document["path"]).read_bytes()
                fenced = document.get("extract") == "openapi-fence"
                pages[urlsplit(document["url"]).path] = docs_page(body) if fenced else body
        for page in entry.get("docs_pages", []):
            snapshot = page.get("snapshot")
            body = (specs_dir / snapshot).read_bytes() if snapshot else page["url"].encode()
            pages[urlsplit(page["url"]).path] = body
    return pages


def url_path(vendor: str, index: int = 0, table: str = "documents") -> str:
    """The URL path our server answers for a vendor's n-th document (or docs page)."""
    return str(urlsplit(load_sources()[vendor][table][index]["url"]).path)


def spec_bytes(vendor: str, index: int = 0) -> bytes:
    """The bytes we vendor for a vendor's n-th document."""
    path: str = load_sources()[vendor]["documents"][index]["path"]
    return (SPECS_DIR / path).read_bytes()


def replaced(text: bytes, old: bytes, new: bytes, count: int = 1) -> bytes:
    """``text`` with ``old`` replaced, failing loudly if the mutation did not take."""
    assert text.count(old) >= count, f"mutation target {old!r} is not in the spec"
    return text.replace(old, new)


class Upstream:
    """The pages being served; change ``routes`` between requests as a test needs."""

    def __init__(self, routes: dict[str, Route]) -> None:
        self.routes = routes
        self.release = threading.Event()
        self.requested: list[str] = []
        self.base_url = ""


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[Upstream]:
    """Serve ``routes`` on 127.0.0.1 on a free port until the block exits."""
    upstream = Upstream(routes)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(upstream))
    server.daemon_threads = True
    upstream.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    # A short poll interval: shutdown() waits up to one interval for the loop to notice.
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield upstream
    finally:
        upstream.release.set()
        server.shutdown()
        server.server_close()
        thread.join()


def _handler_for(upstream: Upstream) -> Callable[..., BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            upstream.requested.append(self.path)
            route = upstream.routes.get(self.path, NOT_FOUND)
            if route == BLOCK:
                upstream.release.wait(timeout=30)  # a safety net; stop() releases it at once
                return
            status, body = (route, b"not here\n") if isinstance(route, int) else (200, route)
            assert isinstance(body, bytes)
            self.send_response(status)
            self.send_header("Content-Type", "text/markdown; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Keep the test output quiet."""

    return Handler
