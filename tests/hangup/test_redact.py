"""No key shows in a log record, a repr, an error or Ended.raw, even from a vendor that echoes it.

A real HTTP server on 127.0.0.1 plays the worst vendor: it echoes the credentials it got in
its bodies and response headers. Every logger is captured at DEBUG, httpx and httpcore too.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from hangup import AsyncHangup, Hangup, HangupError
from hangup._redact import RedactingFilter, might_hold_secret
from tests.hangup.fakes import KEYS, REFS, SESSION_TOKEN

SECRETS = [*KEYS.values(), SESSION_TOKEN]


class EchoingVendor(BaseHTTPRequestHandler):
    """Answer every call by echoing the credentials it was sent, in body and headers."""

    def _answer(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        self.rfile.read(length)
        echo = self.headers.get("authorization") or self.headers.get("x-api-key") or ""
        path = self.path
        if "voice-agents" in path:
            status, body = 200, {"success": True, "message": f"ended for {echo}"}
        elif "/sessions/stop" in path:
            status, body = 422, {"detail": [{"loc": ["header"], "msg": echo, "type": "x"}]}
        elif "/projects/" in path:
            status, body = 401, {"error": {"message": f"Invalid authentication {echo}"}}
        else:
            status, body = 503, {"status": "failed", "error": f"down, key was {echo}"}
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("x-echo", echo)
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_DELETE = _answer

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


@pytest.fixture
def echoing_vendor() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), EchoingVendor)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def leaks(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


def record_text(record: logging.LogRecord) -> str:
    return record.getMessage() + " " + repr(vars(record))


def everything_seen(client: Hangup | AsyncHangup, outcomes: list[object]) -> str:
    seen = [repr(client), repr(client.vendors)]
    seen += [repr(client.hamsa.api), repr(client.pathors.api), repr(client.vectorshift.api)]
    for outcome in outcomes:
        seen += [repr(outcome), str(outcome)]
        if isinstance(outcome, HangupError):
            seen += [repr(vars(outcome))]
        else:
            seen += [repr(getattr(outcome, "raw", None))]
    return "\n".join(seen)


def test_no_key_leaks_into_logs_reprs_errors_or_raw(
    echoing_vendor: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "hangup", "stamina"):
        caplog.set_level(logging.DEBUG, logger=name)
    client = Hangup(api_keys=KEYS, base_urls=dict.fromkeys(KEYS, echoing_vendor), env={})
    with client:
        outcomes: list[object] = list(client.end_many(REFS.values(), concurrency=2))
        try:
            client.end(REFS["liveavatar"], session_token=SESSION_TOKEN)
        except HangupError as error:
            outcomes.append(error)
        seen = everything_seen(client, outcomes)
    assert [type(o).__name__ for o in outcomes] == [
        "ServerError",
        "AuthenticationError",
        "InvalidRequestError",
        "Ended",
        "InvalidRequestError",
    ]
    assert any("x-echo" in r.getMessage() for r in caplog.records)  # httpcore logged headers
    assert "[redacted]" in seen  # the echoes were there, and were scrubbed
    assert leaks(seen) == []
    assert [leaks(record_text(r)) for r in caplog.records if leaks(record_text(r))] == []


@pytest.mark.asyncio
async def test_no_key_leaks_from_the_async_client_either(
    echoing_vendor: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "hangup", "stamina", "aiohttp"):
        caplog.set_level(logging.DEBUG, logger=name)
    client = AsyncHangup(api_keys=KEYS, base_urls=dict.fromkeys(KEYS, echoing_vendor), env={})
    async with client:
        outcomes: list[object] = list(await client.end_many(REFS.values()))
        seen = everything_seen(client, outcomes)
    assert len(caplog.records) > 0
    assert leaks(seen) == []
    assert [leaks(record_text(r)) for r in caplog.records if leaks(record_text(r))] == []


@pytest.mark.parametrize(
    "message",
    [
        "send headers [(b'Authorization', b'Bearer abc.def')]",
        "{'x-api-key': 'zzz-123'}",
        "Authorization: Token qwerty",
    ],
)
def test_the_log_filter_redacts_sensitive_header_values_it_was_never_told_about(
    message: str,
) -> None:
    record = logging.LogRecord("httpcore.http11", logging.DEBUG, "f", 1, message, None, None)
    RedactingFilter().filter(record)
    text = record.getMessage()
    assert "[redacted]" in text
    for secret in ("abc.def", "zzz-123", "qwerty"):
        assert secret not in text


@pytest.mark.parametrize("logger", ["aiohttp.client", "aiohttp.internal"])
def test_aiohttps_own_loggers_redact_keys_and_credential_headers(logger: str) -> None:
    AsyncHangup(api_keys=KEYS, env={})  # installs the filter, as any client does
    message = f"sent {KEYS['hamsa']} with Authorization: Bearer xyz-secret-123"
    record = logging.LogRecord(logger, logging.DEBUG, "f", 1, message, None, None)
    for log_filter in logging.getLogger(logger).filters:
        assert isinstance(log_filter, logging.Filter)
        log_filter.filter(record)
    text = record.getMessage()
    assert KEYS["hamsa"] not in text
    assert "xyz-secret-123" not in text
    assert "[redacted]" in text


def test_the_secret_check_tells_each_set_of_secrets_apart() -> None:
    mine, theirs = ("mine-0123456789abcdef",), ("theirs-0123456789abcdef",)
    echo = b'{"error": "bad key theirs-0123456789abcdef"}'
    for _ in range(2):  # each set is found again right after the other was looked for
        assert might_hold_secret(echo, theirs)
        assert not might_hold_secret(echo, mine)
        assert might_hold_secret(echo, list(theirs))  # not a tuple: looked up, never kept
        assert not might_hold_secret(echo, list(mine))
    changing = list(mine)
    assert not might_hold_secret(echo, changing)
    changing[:] = theirs  # a list can change between answers: what it holds now counts
    assert might_hold_secret(echo, changing)
