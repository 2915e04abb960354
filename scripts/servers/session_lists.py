"""Serve a stateful stand-in for the vendors that list their sessions (the sweep's tests, demo).

It holds sessions (id, start time, live or not) and answers, through an httpx.MockTransport,
the list call and the end call of each vendor the way its docs describe, with the traps of a
real list: offset paging over the sessions live *now* (ending one shifts the later pages), a
page capped below the size asked, an optional 429 with Retry-After before one page, and
sessions that end on their own when a given page is served. Every request is recorded, and
checked against the vendor's effective spec unless `validate=False`.

Tests use the classes in-process (an httpx.MockTransport); `python -m
scripts.servers.session_lists --abandoned N` serves, on 127.0.0.1, every such vendor with N
sessions started days ago and one started a minute ago (what `make demo`'s sweep step ends).
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from scripts.spec.openapi_validation import validate_request

PROJECT = "proj_1"


@dataclass
class StoredSession:
    """One session the stand-in holds."""

    session_id: str
    started_at: datetime
    live: bool = True


@dataclass
class StandIn:
    """One vendor's sessions, its list and its end call."""

    vendor: str
    sessions: list[StoredSession]
    page_cap: int = 3  # a page holds at most this many, whatever the size asked
    rate_limit_before_page: int | None = None  # answer 429 once when this page is first asked
    end_on_own_at_page: dict[int, list[str]] = field(default_factory=dict)
    validate: bool = True
    requests: list[httpx.Request] = field(default_factory=list)
    ended: list[str] = field(default_factory=list)  # ids ended by a call, in order
    end_bodies: list[dict[str, Any]] = field(default_factory=list)
    list_calls: int = 0
    failing_ids: set[str] = field(default_factory=set)  # their end answers 500

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        if self.validate:
            validate_request(self.vendor, request)
        self.requests.append(request)
        if _is_list(self.vendor, request):
            return self._list(request)
        return self._end(request)

    def live_ids(self) -> set[str]:
        return {session.session_id for session in self.sessions if session.live}

    def _list(self, request: httpx.Request) -> httpx.Response:
        params = request.url.params
        page = int(params.get("page", "1"))
        if page == self.rate_limit_before_page:
            self.rate_limit_before_page = None
            return httpx.Response(429, headers={"Retry-After": "0"}, json=_error(self.vendor))
        self.list_calls += 1
        for session_id in self.end_on_own_at_page.pop(page, []):
            self._find(session_id).live = False
        asked = int(params.get("page_size") or params.get("perPage") or params.get("pageSize"))
        size = min(asked, self.page_cap)
        listed = [s for s in self.sessions if s.live or self.vendor == "pathors"]
        chunk = listed[(page - 1) * size : page * size]
        return httpx.Response(200, json=_page(self.vendor, chunk, listed, page, size))

    def _end(self, request: httpx.Request) -> httpx.Response:
        session_id = _ended_id(self.vendor, request)
        if self.vendor != "hamsa":
            self.end_bodies.append(json.loads(request.content))
        if session_id in self.failing_ids:
            return httpx.Response(500, json=_error(self.vendor))
        found = next((s for s in self.sessions if s.session_id == session_id and s.live), None)
        if found is None:
            return httpx.Response(404, json=_error(self.vendor))
        found.live = False
        self.ended.append(session_id)
        return httpx.Response(200, json=_ended(self.vendor, session_id))

    def _find(self, session_id: str) -> StoredSession:
        return next(s for s in self.sessions if s.session_id == session_id)


def _is_list(vendor: str, request: httpx.Request) -> bool:
    return request.method == "GET" and not request.url.path.endswith("/terminate")


def _ended_id(vendor: str, request: httpx.Request) -> str:
    if vendor == "hamsa":  # GET /v1/voice-agents/conversation/{id}/terminate
        return request.url.path.split("/")[-2]
    return str(json.loads(request.content)["session_id"])


def _stamp(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _page(
    vendor: str, chunk: list[StoredSession], listed: list[StoredSession], page: int, size: int
) -> dict[str, Any]:
    if vendor == "liveavatar":
        records = [
            {"session_id": s.session_id, "created_at": _stamp(s.started_at), "status": "active"}
            for s in chunk
        ]
        data = {"sessions": records, "total": len(listed), "page": page}
        return {"code": 100, "data": data, "message": "ok"}
    if vendor == "hamsa":
        calls = [
            {"id": s.session_id, "status": "IN_PROGRESS", "createdAt": _stamp(s.started_at)}
            for s in chunk
        ]
        data = {"total": len(listed) + 7, "filtered": len(listed), "calls": calls}
        return {"success": True, "message": "ok", "data": data}
    sessions = [
        {
            "sessionId": s.session_id,
            "startTime": _stamp(s.started_at),
            "endTime": None if s.live else _stamp(s.started_at),
            "state": "active" if s.live else "ended",
        }
        for s in chunk
    ]
    return {"sessions": sessions, "hasMore": page * size < len(listed)}


def _ended(vendor: str, session_id: str) -> dict[str, Any]:
    if vendor == "liveavatar":
        return {"code": 100, "data": None, "message": "Session stopped"}
    if vendor == "hamsa":
        return {"success": True, "message": "Conversation terminated successfully."}
    return {"success": True, "sessionId": session_id, "message": "Session ended successfully"}


def _error(vendor: str) -> dict[str, Any]:
    if vendor == "liveavatar":
        return {"detail": "Session not found"}
    if vendor == "hamsa":
        return {"code": 404, "message": "Conversation not found"}
    return {"error": "Session not found"}


def ref_of(vendor: str, session_id: str) -> str:
    """The text ref the facade gives a stand-in session."""
    return f"pathors:{PROJECT}/{session_id}" if vendor == "pathors" else f"{vendor}:{session_id}"


class Router:
    """One transport for several stand-ins, each answering for its vendor's default host."""

    def __init__(self, *stand_ins: StandIn) -> None:
        from hangup import _registry

        self.by_host: dict[str, StandIn] = {}
        for stand_in in stand_ins:
            found = _registry.vendor(stand_in.vendor)
            assert found is not None
            self.by_host[httpx.URL(found.default_base_url).host] = stand_in

    def __call__(self, request: httpx.Request) -> httpx.Response:
        stand_in = self.by_host.get(request.url.host)
        if stand_in is None:
            return httpx.Response(599, text=f"no stand-in for {request.url.host}")
        return stand_in(request)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    def async_transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


def _path_prefix(vendor: str) -> str:
    """Where the vendor's session calls live, which tells the stand-ins apart on one port."""
    if vendor == "liveavatar":
        return "/v1/sessions"
    if vendor == "hamsa":
        return "/v1/voice-agents"
    return "/v1/projects"


class PathRouter:
    """Several stand-ins behind one base URL (one 127.0.0.1 port), told apart by path."""

    def __init__(self, *stand_ins: StandIn) -> None:
        self.stand_ins = {stand_in.vendor: stand_in for stand_in in stand_ins}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        for vendor, stand_in in self.stand_ins.items():
            if request.url.path.startswith(_path_prefix(vendor)):
                return stand_in(request)
        return httpx.Response(404, json={"error": f"no stand-in for {request.url.path}"})


@contextmanager
def serving(router: PathRouter) -> Iterator[str]:
    """Serve `router` over HTTP on 127.0.0.1 while the block runs; yield its base URL."""
    lock = threading.Lock()  # the stand-ins keep state: one request at a time

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            request = httpx.Request(
                self.command,
                f"http://127.0.0.1{self.path}",
                headers=dict(self.headers),
                content=self.rfile.read(length),
            )
            with lock:
                response = router(request)
            self.send_response(response.status_code)
            for name, value in response.headers.items():
                if name.lower() not in ("content-length", "transfer-encoding"):
                    self.send_header(name, value)
            self.send_header("content-length", str(len(response.content)))
            self.end_headers()
            self.wfile.write(response.content)

        do_GET = do_POST = do_DELETE = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def demo_stand_ins(abandoned: int) -> PathRouter:
    """Every listing vendor with `abandoned` sessions days old and one a minute old."""
    now = datetime.now(UTC)

    def sessions() -> list[StoredSession]:
        old = [StoredSession(str(uuid.uuid4()), now - timedelta(days=2)) for _ in range(abandoned)]
        return [*old, StoredSession(str(uuid.uuid4()), now - timedelta(minutes=1))]

    return PathRouter(*(StandIn(vendor, sessions(), validate=False) for vendor in sweepable()))


def sweepable() -> list[str]:
    """The vendors whose sessions can be listed (each vendor module says so)."""
    from hangup import _registry

    found = (_registry.vendor(name) for name in _registry.names())
    return [vendor.name for vendor in found if vendor is not None and vendor.sweepable]


def running_session_lists(abandoned: int) -> AbstractContextManager[str]:
    """Run the stand-in in its own process for the block; yield its base URL."""
    from scripts.servers._process import running_server

    return running_server("scripts.servers.session_lists", "--abandoned", str(abandoned))


def main(argv: list[str] | None = None) -> int:
    from scripts.servers._process import ready_line

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--abandoned", type=int, default=3, help="old sessions per vendor")
    parser.add_argument(
        "--exit-on-stdin-eof", action="store_true", help="stop when stdin closes (parent gone)"
    )
    args = parser.parse_args(argv)
    with serving(demo_stand_ins(args.abandoned)) as base_url:
        # The first line on stdout is the contract with running_server(): print it last.
        print(ready_line("session_lists", base_url), flush=True)
        if args.exit_on_stdin_eof:
            sys.stdin.buffer.read()  # returns when the parent closes our stdin, or dies
        else:
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
