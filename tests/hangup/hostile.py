"""A hostile vendor on 127.0.0.1: a raw-socket HTTP server that answers as badly as it is told.

    with hostile_vendor() as vendor:
        vendor.mode = "reason"            # echo the caller's credential in the reason phrase
        Hangup(base_urls=dict.fromkeys(VENDORS, vendor.url), ...).end(ref)

Each mode is one function `(request, out)` that writes whatever bytes it likes to the socket,
so it can break HTTP itself (a malformed status line), not just send odd bodies. Writing to
`out` in pieces, with pauses between them or without end, is all a trickling, stalling or
endless mode needs: add one to `MODES` (the whole-call timeout, which they test, is the
`aiohttp` branch's). Every answer closes its connection, so one request is one answer.
The server records each request it saw (`vendor.seen`) and sets `vendor.arrived` for each.
"""

from __future__ import annotations

import json
import socketserver
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import BufferedIOBase
from urllib.parse import quote

__all__ = ["MODES", "HostileVendor", "Request", "hostile_vendor"]

DEEP = 100_000  # levels of nesting in the deep-JSON modes: far past any recursion limit


@dataclass(frozen=True)
class Request:
    """One request as the hostile vendor read it; `secret` is the credential, prefix removed."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def secret(self) -> str:
        value = self.headers.get("x-api-key") or self.headers.get("authorization") or ""
        for prefix in ("Bearer ", "Token "):
            value = value.removeprefix(prefix)
        return value


Answer = Callable[[Request, BufferedIOBase], None]


def _send(out: BufferedIOBase, status_line: str, headers: dict[str, str], body: bytes) -> None:
    head = [status_line, *(f"{name}: {value}" for name, value in headers.items())]
    head += [f"Content-Length: {len(body)}", "Connection: close", "", ""]
    out.write("\r\n".join(head).encode("latin-1") + body)


def _json(status: int, body: object, reason: str = "Whatever", **headers: str) -> Answer:
    def answer(request: Request, out: BufferedIOBase) -> None:
        payload = body(request) if callable(body) else body
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        all_headers = {"Content-Type": "application/json", **headers}
        _send(out, f"HTTP/1.1 {status} {reason}", all_headers, data)

    return answer


def _every_vendor_error(text: str) -> bytes:
    """An error body each vendor's adapter reads `text` from (written raw: no escaping added)."""
    template = '{"message": "%s", "detail": "%s", "error": {"message": "%s"}}'
    return (template % ((text,) * 3)).encode()


def _u_escaped(secret: str) -> str:
    return "".join(f"\\u{ord(char):04x}" for char in secret)


def _slash_escaped(secret: str) -> str:
    return json.dumps(secret)[1:-1].replace("/", "\\/")


def _reason(request: Request, out: BufferedIOBase) -> None:
    _send(out, f"HTTP/1.1 503 down for {request.secret}", {"Content-Type": "text/plain"}, b"")


def _request_id(request: Request, out: BufferedIOBase) -> None:
    headers = {"Content-Type": "application/json", "X-Request-Id": f"req-{request.secret}"}
    _send(out, "HTTP/1.1 500 Internal Server Error", headers, b"{}")


def _content_type(request: Request, out: BufferedIOBase) -> None:
    headers = {"Content-Type": f"text/{request.secret}"}
    _send(out, "HTTP/1.1 200 OK", headers, b"<html>not json</html>")


def _status_line(request: Request, out: BufferedIOBase) -> None:
    out.write(f"HTTP/1.1 2{request.secret} OK\r\nConnection: close\r\n\r\n".encode("latin-1"))


def _url_encoded(request: Request, out: BufferedIOBase) -> None:
    body = f"bad key={quote(request.secret, safe='')} or {quote(request.secret)}".encode()
    _send(out, "HTTP/1.1 400 Bad Request", {"Content-Type": "text/plain"}, body)


def _deep_sse(request: Request, out: BufferedIOBase) -> None:
    body = b"data: " + b"[" * DEEP + b"]" * DEEP + b"\n\n"
    _send(out, "HTTP/1.1 200 OK", {"Content-Type": "text/event-stream"}, body)


MODES: dict[str, Answer] = {
    "reason": _reason,  # the key in the reason phrase of a retried 503
    "request_id": _request_id,  # the key in X-Request-Id of a 500
    "content_type": _content_type,  # the key in the Content-Type of a 2xx that is not JSON
    "status_line": _status_line,  # a malformed status line with the key in it
    "json_u_escaped": _json(401, lambda r: _every_vendor_error(_u_escaped(r.secret))),
    "json_slash_escaped": _json(422, lambda r: _every_vendor_error(_slash_escaped(r.secret))),
    "json_raw": _json(403, lambda r: {"message": r.secret, "detail": r.secret, "error": r.secret}),
    "url_encoded": _url_encoded,  # the key URL-encoded in a text body
    "deep_json": _json(200, b"[" * DEEP + b"]" * DEEP),  # nested past any recursion limit
    "deep_sse": _deep_sse,  # one SSE data line nested as deep
    "ok": _json(200, {"success": True, "message": "done", "status": "terminated"}),
}


@dataclass
class HostileVendor:
    """The running server: set `mode` (a MODES name, or a path-to-mode map) before a call."""

    url: str
    mode: str | dict[str, str] = "ok"
    seen: list[Request] = field(default_factory=list)
    arrived: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(0))
    hold: threading.Event = field(default_factory=threading.Event)

    def answer_for(self, request: Request) -> Answer:
        if isinstance(self.mode, str):
            return MODES[self.mode]
        name = next((m for part, m in self.mode.items() if part in request.path), "ok")
        if name == "hold":  # answer only once the test lets go (or the client gives up)
            return _held(self.hold)
        return MODES[name]


def _held(hold: threading.Event) -> Answer:
    def answer(request: Request, out: BufferedIOBase) -> None:
        hold.wait(timeout=30)  # a bound, not a pause: the test sets it, or stops the server
        MODES["ok"](request, out)

    return answer


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def handle(self) -> None:
        request = _read_request(self.rfile)
        if request is None:
            return
        vendor = self.server.vendor
        vendor.seen.append(request)
        vendor.arrived.release()
        try:
            vendor.answer_for(request)(request, self.wfile)
            self.wfile.flush()
        except OSError:  # the client hung up first: nothing to answer
            pass


def _read_request(stream: BufferedIOBase) -> Request | None:
    line = stream.readline(65_536).decode("latin-1").strip()
    if not line:
        return None
    method, path, _ = line.split(" ", 2)
    headers: dict[str, str] = {}
    while (header := stream.readline(65_536).decode("latin-1").strip()) != "":
        name, _, value = header.partition(":")
        headers[name.strip().lower()] = value.strip()
    body = stream.read(int(headers.get("content-length") or 0))
    return Request(method, path, headers, body)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    vendor: HostileVendor


@contextmanager
def hostile_vendor() -> Iterator[HostileVendor]:
    """Run a hostile vendor on 127.0.0.1 for the block."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.vendor = HostileVendor(f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.vendor
    finally:
        server.vendor.hold.set()
        server.shutdown()
        server.server_close()
