"""The CLI tests' stand-in vendor: every vendor on one 127.0.0.1 port, configured by env vars."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.hangup.fakes import KEYS, VENDORS

GONE = "0b9c8f3e-6a57-4a5e-9d5b-1f0e7c1d2a3b"


class StandIn(BaseHTTPRequestHandler):
    """Answer the end calls of all four vendors, and VectorShift's run (plain and streamed)."""

    protocol_version = "HTTP/1.1"

    def _reply(self, status: int, body: object, content_type: str = "application/json") -> None:
        payload = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _answer(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("content-length") or 0)) or b"{}")
        if self.path.endswith("/run"):
            self._run(body)
        elif GONE in self.path:
            self._reply(404, {"code": 404, "message": "Conversation not found"})
        elif "broken" in self.path + json.dumps(body):
            self._reply(500, {"error": "database\nunavailable"})
        elif "/projects/" in self.path:
            self._reply(200, {"success": True, "sessionId": body["session_id"]})
        elif "/chatbot/" in self.path:
            self._reply(200, {"status": "success"})
        else:
            self._reply(200, {"success": True, "code": 100, "message": "done"})

    def _run(self, body: dict[str, object]) -> None:
        final = {
            "status": "success",
            "conversation_id": "conv_9",
            "output_message": "Hello",
            "follow_up_questions": ["And then?"],
        }
        if not body.get("stream"):
            self._reply(200, final)
            return
        chunks = [
            {"type": "stream", "output_value": "Hel"},
            {"type": "stream", "output_value": "lo"},
        ]
        events = b"".join(f"data: {json.dumps(e)}\n\n".encode() for e in [*chunks, final])
        self._reply(200, events, "text/event-stream")

    do_GET = do_POST = do_DELETE = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Serve all vendors on one 127.0.0.1 port; point every <VENDOR>_BASE_URL and key at it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    for vendor in VENDORS:
        monkeypatch.setenv(f"{vendor.upper()}_BASE_URL", base_url)
        monkeypatch.setenv(f"{vendor.upper()}_API_KEY", KEYS[vendor])
    yield base_url
    server.shutdown()
    server.server_close()
