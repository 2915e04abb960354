"""Serve VectorShift's chatbot run on 127.0.0.1, streamed answers included, as its spec says.

    python -m scripts.servers.sse_stub [--port N] [--chunk-delay-ms MS]

Why not Prism: Prism 5.14.2 cannot serve VectorShift's ``text/event-stream`` answer with
validation on. Asked for it (``Accept: text/event-stream``) it fails with 500
NO_COMPLEX_OBJECT_TEXT, since the event schema is an object and Prism writes text bodies only
from strings; given a string example instead, it validates that string against the object
schema and answers 500 with violations. Prism stays the referee for everything else; this
stub serves ``POST /chatbot/{id}/run`` only, as Prism would, without the server's ``/v1``.

Each request is validated with openapi-core against the effective spec
(scripts.spec.openapi_validation). Missing or wrong credentials get the spec's 401; any other
violation gets 400 with Prism's ``sl-violations`` header, so tests/contract/referee.py reads
both referees the same way. A valid run with ``stream: true`` is answered with SSE: chunks
``{"type": "stream", "output_value": ...}``, then the final
``{status, conversation_id, output_message, follow_up_questions}``, each event checked
against the spec's ChatbotStreamEvent before anything is sent; ``stream: false`` gets a
ChatbotRunResponse, checked too. openapi-core reads multipart parts as strings only, so a
multipart request that sets ``stream`` is refused (the facade sends JSON).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import threading
import time
import uuid
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
from openapi_core.validation.request.exceptions import (
    ParameterValidationError,
    SecurityValidationError,
)

from scripts.servers._process import ready_line, running_server
from scripts.spec.openapi_validation import (
    EVENT_STREAM,
    HttpxOpenAPIRequest,
    openapi_for,
    spec_base_url,
    validate_response,
    validate_stream_event,
)

VENDOR = "vectorshift"
VIOLATIONS_HEADER = "sl-violations"
_RUN = re.compile(r"^/chatbot/(?P<id>[^/]+)/run$")
FOLLOW_UP = "What else can the stand-in do?"


def reply_text(text: str) -> str:
    """The stand-in chatbot's whole answer to ``text``."""
    return f"Hello from the local VectorShift stand-in. You said: {text}"


@dataclass(frozen=True)
class Answer:
    """One HTTP answer: status, headers, and the body as the pieces to write in order."""

    status: int
    headers: dict[str, str]
    pieces: tuple[bytes, ...]


def json_answer(status: int, body: object, headers: Mapping[str, str] | None = None) -> Answer:
    """An answer with one JSON body."""
    data = json.dumps(body).encode()
    head = {"Content-Type": "application/json", "Content-Length": str(len(data)), **(headers or {})}
    return Answer(status, head, (data,))


def answer(method: str, target: str, headers: Mapping[str, str], body: bytes) -> Answer:
    """Answer one request to the stub the way the spec says VectorShift would."""
    path = target.split("?", 1)[0]
    match = _RUN.match(path)
    if match is None:
        return json_answer(404, {"error": f"the stub serves POST /chatbot/{{id}}/run, not {path}"})
    if method != "POST":
        return json_answer(405, {"error": f"{method} {path}: only POST is served"})
    request = httpx.Request(method, spec_base_url(VENDOR) + target, headers=headers, content=body)
    result = openapi_for(VENDOR).unmarshal_request(HttpxOpenAPIRequest(request))
    errors = list(result.errors)
    if errors:
        return refusal(request, errors[0])
    fields: dict[str, Any] = dict(result.body or {})
    text = str(fields.get("text") or "")
    conversation = fields.get("conversation_id") or _conversation_for(match["id"], text)
    if fields.get("stream"):
        return stream_answer(request, text, str(conversation))
    reply = _final(text, str(conversation))
    checked = json_answer(200, reply)
    validate_response(VENDOR, request, httpx.Response(200, headers=checked.headers, json=reply))
    return checked


def stream_answer(request: httpx.Request, text: str, conversation: str) -> Answer:
    """The SSE answer: one chunk per word, then the final event; each checked against the spec."""
    words = re.findall(r"\S+\s*", reply_text(text))
    events: list[dict[str, Any]] = [{"type": "stream", "output_value": word} for word in words]
    events.append(_final(text, conversation))
    pieces = []
    for event in events:
        data = json.dumps(event)
        validate_stream_event(VENDOR, request, 200, data)  # a stub that lies is worse than none
        pieces.append(f"data: {data}\n\n".encode())
    headers = {"Content-Type": EVENT_STREAM, "Cache-Control": "no-store", "Connection": "close"}
    return Answer(200, headers, tuple(pieces))


def refusal(request: httpx.Request, error: Exception) -> Answer:
    """401 for credentials (the spec's own body), else 400 with Prism's sl-violations header."""
    if isinstance(error, SecurityValidationError):
        missing = "authorization" not in request.headers
        reason = (
            "Missing authorization header" if missing else "Invalid authorization header format"
        )
        return json_answer(401, {"error": reason}, {"WWW-Authenticate": "Bearer"})
    found = violations(error)
    summary = "; ".join(v["message"] for v in found)
    header = {VIOLATIONS_HEADER: json.dumps(found)}
    return json_answer(400, {"status": "failed", "error": summary}, header)


def violations(error: Exception) -> list[dict[str, Any]]:
    """openapi-core's complaint as Prism's violations: {location, severity, code, message}."""
    cause = error.__cause__
    schema_errors = getattr(cause, "schema_errors", None)
    if schema_errors:
        return [
            _violation(["request", "body", *map(str, e.absolute_path)], e.validator, e.message)
            for e in schema_errors
        ]
    if isinstance(error, ParameterValidationError):
        return [_violation(["request", error.location, error.name], "parameter", str(error))]
    return [_violation(["request"], type(error).__name__, str(error))]


def _violation(location: list[str], code: object, message: str) -> dict[str, Any]:
    return {"location": location, "severity": "Error", "code": str(code), "message": message}


def _final(text: str, conversation: str) -> dict[str, Any]:
    return {
        "status": "success",
        "conversation_id": conversation,
        "output_message": reply_text(text),
        "follow_up_questions": [FOLLOW_UP],
    }


def _conversation_for(chatbot_id: str, text: str) -> str:
    return f"conversation-{uuid.uuid5(uuid.NAMESPACE_URL, f'{chatbot_id}/{text}')}"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    chunk_delay = 0.0


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        try:
            reply = answer(self.command, self.path, dict(self.headers.items()), body)
        except Exception as error:  # the stub's own answer broke the spec: say so, like Prism
            found = [_violation(["response"], type(error).__name__, str(error.__cause__ or error))]
            reply = json_answer(
                500, {"status": "failed", "error": "stub"}, {VIOLATIONS_HEADER: json.dumps(found)}
            )
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        for index, piece in enumerate(reply.pieces):
            if index and self.server.chunk_delay:
                time.sleep(self.server.chunk_delay)  # only to make streaming visible in the demo
            self.wfile.write(piece)
            self.wfile.flush()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: the demo's output is the CLI's


def serve(port: int, chunk_delay: float, exit_on_stdin_eof: bool) -> None:
    """Serve until SIGINT/SIGTERM (or, if asked, until stdin closes: the parent is gone)."""
    server = _Server(("127.0.0.1", port), _Handler)
    server.chunk_delay = chunk_delay
    if exit_on_stdin_eof:
        threading.Thread(target=_shutdown_at_eof, args=(server,), daemon=True).start()
    # The first line on stdout is the contract with running_sse_stub(): print it last.
    print(ready_line("sse_stub", f"http://127.0.0.1:{server.server_address[1]}"), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _shutdown_at_eof(server: _Server) -> None:
    sys.stdin.buffer.read()  # returns when the parent closes our stdin, or dies
    server.shutdown()


def running_sse_stub(chunk_delay_ms: float = 0.0) -> AbstractContextManager[str]:
    """Run the stub in its own process for the block; yield its base URL."""
    return running_server("scripts.servers.sse_stub", f"--chunk-delay-ms={chunk_delay_ms}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.servers.sse_stub", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument(
        "--chunk-delay-ms", type=float, default=0.0, help="pause between streamed events"
    )
    parser.add_argument(
        "--exit-on-stdin-eof", action="store_true", help="stop when stdin closes (parent gone)"
    )
    args = parser.parse_args(argv)
    serve(args.port, args.chunk_delay_ms / 1000, args.exit_on_stdin_eof)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
