"""Serve every vendor's end-session call on 127.0.0.1, fast, and count the calls per session.

    python -m scripts.servers.local_vendor [--port N] [--delay-ms MS]

A stand-in vendor for benchmarks and crash tests, where Prism (seconds to start, tens of
milliseconds a request) would measure itself instead of hangup. It speaks just enough
HTTP/1.1 with keep-alive to answer the four end calls with their documented success bodies,
and `GET /_counts` returns how many end calls each session got, as
``{"<vendor>:<session>": n}``; `GET /_overlaps` returns, in the same shape, how many calls for
a session arrived while another call for that session was still being answered (in flight):
two clients ending one session at the same moment. `--delay-ms` holds each answer, so a test can
kill or freeze a client while its requests are in flight. Not a general HTTP server: no chunked
bodies, no TLS.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import signal
import sys
from collections import Counter
from contextlib import AbstractContextManager

from scripts.servers._process import ready_line, running_server

_VECTORSHIFT = re.compile(r"^(?:/v1)?/chatbot/(?P<bot>[^/]+)/terminate$")
_PATHORS = re.compile(r"^/v1/projects/(?P<project>[^/]+)/sessions$")
_HAMSA = re.compile(r"^/v1/voice-agents/conversation/(?P<conversation>[^/]+)/terminate$")


class LocalVendor:
    """The request handler: routes one request to a vendor and counts it."""

    def __init__(self, delay_seconds: float = 0.0) -> None:
        self.delay_seconds = delay_seconds
        self.counts: Counter[str] = Counter()
        self.overlaps: Counter[str] = Counter()
        self._in_flight: Counter[str] = Counter()
        self._session: str | None = None  # the session the request being routed ends

    def answer(self, method: str, path: str, body: bytes) -> tuple[int, object]:
        """Return the status and JSON body for one request."""
        return self.route(method, path, body)[1:]

    def route(self, method: str, path: str, body: bytes) -> tuple[str | None, int, object]:
        """Return the session a request ends (None for any other request), status and body."""
        self._session = None
        status, payload = self._answer(method, path, body)
        return self._session, status, payload

    def _answer(self, method: str, path: str, body: bytes) -> tuple[int, object]:
        if method == "GET" and path == "/_counts":
            return 200, dict(self.counts)
        if method == "GET" and path == "/_overlaps":
            return 200, dict(self.overlaps)
        fields = _json_object(body)
        if method == "POST" and (match := _VECTORSHIFT.match(path)):
            return self._ended(
                "vectorshift",
                f"{match['bot']}/{fields.get('pipeline_run_id')}",
                {"status": "success"},
            )
        if method == "DELETE" and (match := _PATHORS.match(path)):
            session = fields.get("session_id")
            body_out = {
                "success": True,
                "sessionId": session,
                "message": "Session ended successfully",
            }
            return self._ended("pathors", f"{match['project']}/{session}", body_out)
        if method == "POST" and path == "/v1/sessions/stop":
            return self._ended(
                "liveavatar",
                str(fields.get("session_id")),
                {"code": 100, "data": None, "message": "ok"},
            )
        if method == "GET" and (match := _HAMSA.match(path)):
            body_out = {
                "success": True,
                "message": "Conversation terminated successfully.",
                "messageKey": "ConversationTerminatedSuccessfully",
            }
            return self._ended("hamsa", match["conversation"], body_out)
        return 404, {"error": f"no route for {method} {path}"}

    def _ended(self, vendor: str, session: str, body: object) -> tuple[int, object]:
        self._session = f"{vendor}:{session}"
        self.counts[self._session] += 1
        return 200, body

    async def serve_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        try:
            while request := await _read_request(reader):
                method, path, body = request
                session, status, payload = self.route(method, path, body)
                if session is None:
                    writer.write(_response(status, payload))
                    await writer.drain()
                    continue
                if self._in_flight[session]:
                    self.overlaps[session] += 1
                self._in_flight[session] += 1
                try:
                    if self.delay_seconds:
                        await asyncio.sleep(self.delay_seconds)
                    writer.write(_response(status, payload))
                    await writer.drain()
                finally:  # also when the client is gone: its call is over either way
                    self._in_flight[session] -= 1
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()


def _json_object(body: bytes) -> dict[str, object]:
    try:
        parsed = json.loads(body) if body else {}
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


async def _read_request(reader: asyncio.StreamReader) -> tuple[str, str, bytes] | None:
    head = await reader.readuntil(b"\r\n\r\n") if not reader.at_eof() else b""
    if not head:
        return None
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    body = await reader.readexactly(length) if length else b""
    return method, target.split("?", 1)[0], body


def _response(status: int, payload: object) -> bytes:
    body = json.dumps(payload).encode()
    reason = {200: "OK", 404: "Not Found"}.get(status, "Status")
    head = (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n"
    )
    return head.encode() + body


async def serve(port: int, delay_seconds: float, exit_on_stdin_eof: bool = False) -> None:
    """Serve until SIGINT/SIGTERM (or, if asked, until stdin closes: the parent is gone)."""
    vendor = LocalVendor(delay_seconds)
    server = await asyncio.start_server(vendor.serve_connection, "127.0.0.1", port, backlog=1024)
    bound = server.sockets[0].getsockname()[1]
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    if exit_on_stdin_eof:
        watcher = loop.run_in_executor(None, sys.stdin.buffer.read)
        watcher.add_done_callback(lambda _: stop.set())
    # The first line on stdout is the contract with running_server(): print it last.
    print(ready_line("local_vendor", f"http://127.0.0.1:{bound}"), flush=True)
    async with server:
        await stop.wait()


def running_local_vendor(delay_ms: float = 0.0) -> AbstractContextManager[str]:
    """Run the server in its own process for the block; yield its base URL."""
    return running_server("scripts.servers.local_vendor", "--delay-ms", str(delay_ms))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--delay-ms", type=float, default=0.0, help="hold each end answer")
    parser.add_argument(
        "--exit-on-stdin-eof", action="store_true", help="stop when stdin closes (parent gone)"
    )
    args = parser.parse_args(argv)
    asyncio.run(serve(args.port, args.delay_ms / 1000, args.exit_on_stdin_eof))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
