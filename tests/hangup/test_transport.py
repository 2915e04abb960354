"""AsyncHangup on its default transport (aiohttp): what held on httpx holds here, on real sockets.

Every test talks to a server on 127.0.0.1 (tests/hangup/slow_server.local_server) through
AsyncHangup with no `transport=`, so through hangup._transport and aiohttp.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import socket
from typing import Any

import httpx
import pytest

from hangup import (
    APIStatusError,
    AsyncHangup,
    Ended,
    Hangup,
    HangupError,
    TransportError,
    UnexpectedResponseError,
)
from tests.hangup.fakes import KEYS, REFS, SUCCESS
from tests.hangup.slow_server import Answer, local_server

pytestmark = pytest.mark.asyncio


def answer_bytes(status: int, body: bytes, headers: dict[str, str] | None = None) -> bytes:
    lines = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def scripted(*answers: bytes | None, heads: list[bytes]) -> Answer:
    """Answer the n-th request with answers[n] (the last repeats); None drops the connection."""

    async def answer(head: bytes, writer: asyncio.StreamWriter) -> None:
        heads.append(head)
        reply = answers[min(len(heads), len(answers)) - 1]
        if reply is None:
            writer.close()
            return
        writer.write(reply)
        await writer.drain()

    return answer


def client_for(vendor: str, base_url: str, **options: Any) -> AsyncHangup:
    return AsyncHangup(api_keys=KEYS, base_urls={vendor: base_url}, env={}, **options)


async def end(vendor: str, base_url: str, **options: Any) -> Ended | HangupError:
    async with client_for(vendor, base_url, **options) as client:
        try:
            return await client.end(REFS[vendor])
        except HangupError as error:
            return error


def ok(vendor: str, headers: dict[str, str] | None = None) -> bytes:
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    return answer_bytes(200, json.dumps(SUCCESS[vendor]).encode(), all_headers)


async def test_the_default_async_transport_is_aiohttps() -> None:
    heads: list[bytes] = []
    with local_server(scripted(ok("hamsa"), heads=heads)) as base_url:
        async with client_for("hamsa", base_url) as client:
            ended = await client.end(REFS["hamsa"])
            transport = client._connection("hamsa").http._transport
    assert ended.confirmed
    assert type(transport).__name__ == "HangupAiohttpTransport"
    sent = {
        name.strip().lower(): value.strip()
        for name, _, value in (line.partition(b":") for line in heads[0].split(b"\r\n")[1:])
    }
    assert sent[b"authorization"] == b"Token " + KEYS["hamsa"].encode()


async def test_a_refused_connection_is_a_transport_error_that_never_connected() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago, and nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    outcome = await end("pathors", f"http://127.0.0.1:{port}", max_retries=0)
    assert isinstance(outcome, TransportError), outcome
    assert outcome.connected is False
    assert "ConnectError" in str(outcome)


@pytest.mark.parametrize(
    "reply",
    [
        None,  # the request was read, and the connection dropped
        b'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"success"',  # dropped mid-body
        b"THIS IS NOT HTTP\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: nope\r\n\r\n",
    ],
    ids=["dropped", "dropped-mid-body", "not-http", "bad-content-length"],
)
async def test_every_aiohttp_failure_after_sending_is_a_transport_error_that_connected(
    reply: bytes | None,
) -> None:
    heads: list[bytes] = []

    async def answer(head: bytes, writer: asyncio.StreamWriter) -> None:
        heads.append(head)
        if reply is not None:
            writer.write(reply)
            await writer.drain()
        writer.close()

    with local_server(answer) as base_url:
        outcome = await end("pathors", base_url, max_retries=0)
    assert isinstance(outcome, TransportError), outcome
    assert outcome.connected is True
    assert len(heads) == 1
    assert KEYS["pathors"] not in str(outcome)


async def test_a_chatbot_run_dropped_after_sending_is_not_retried() -> None:
    heads: list[bytes] = []
    with local_server(scripted(None, heads=heads)) as base_url:
        async with client_for("vectorshift", base_url, max_retries=2) as client:
            with pytest.raises(TransportError) as raised:
                await client.vectorshift.run("bot_1", "hi", conversation_id=None)
    assert raised.value.connected is True
    assert len(heads) == 1  # the vendor may be answering it: sending again could run it twice


async def test_a_stream_dropped_after_its_first_event_is_not_retried() -> None:
    heads: list[bytes] = []
    event = b'data: {"type": "stream", "output_value": "Hel"}\n\n'
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: 500\r\n\r\n"

    async def answer(request: bytes, writer: asyncio.StreamWriter) -> None:
        heads.append(request)
        writer.write(head + event)
        await writer.drain()
        writer.close()  # 450 of the 500 promised bytes never come

    with local_server(answer) as base_url:
        async with client_for("vectorshift", base_url, max_retries=2) as client:
            pieces: list[object] = []

            async def read_all() -> None:
                async for piece in client.vectorshift.stream("bot_1", "hi", conversation_id=None):
                    pieces.append(piece)

            with pytest.raises(TransportError):
                await read_all()
    assert len(pieces) == 1
    assert len(heads) == 1


async def test_an_end_is_retried_after_503_waiting_what_retry_after_asks() -> None:
    heads: list[bytes] = []
    busy = answer_bytes(503, b'{"message": "busy"}', {"Retry-After": "1"})
    with local_server(scripted(busy, ok("liveavatar"), heads=heads)) as base_url:
        outcome = await end("liveavatar", base_url)
    assert isinstance(outcome, Ended), outcome
    assert outcome.confirmed
    assert len(heads) == 2


async def test_a_redirect_is_not_followed_so_the_key_goes_nowhere_else() -> None:
    heads: list[bytes] = []
    elsewhere: list[bytes] = []
    with local_server(scripted(ok("hamsa"), heads=elsewhere)) as other:
        moved = answer_bytes(307, b"", {"Location": f"{other}/steal"})
        with local_server(scripted(moved, heads=heads)) as base_url:
            outcome = await end("hamsa", base_url, max_retries=0)
    assert isinstance(outcome, APIStatusError), outcome
    assert outcome.status_code == 307
    assert len(heads) == 1
    assert elsewhere == []


async def test_proxies_come_from_the_environment_as_with_httpx_trust_env(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    heads: list[bytes] = []
    with local_server(scripted(ok("pathors"), heads=heads)) as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        outcome = await end("pathors", "http://pathors.example.invalid/api", max_retries=0)
    assert isinstance(outcome, Ended), outcome
    assert heads[0].startswith(b"DELETE http://pathors.example.invalid/api/")


async def test_a_proxy_with_credentials_gets_them_as_proxy_authorization(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    heads: list[bytes] = []
    with local_server(scripted(ok("pathors"), heads=heads)) as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.replace("http://", "http://user:pass-word@"))
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        outcome = await end("pathors", "http://pathors.example.invalid/api", max_retries=0)
    assert isinstance(outcome, Ended), outcome
    assert b"\r\nProxy-Authorization: Basic dXNlcjpwYXNzLXdvcmQ=\r\n" in heads[0]


@pytest.mark.parametrize("client", ["async", "sync"])
async def test_a_proxy_that_echoes_its_password_is_scrubbed_like_a_key(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, client: str
) -> None:
    password = "proxy-pass-0123456789"
    echo = json.dumps({"detail": f"bad gateway for user:{password}@proxy"}).encode()
    heads: list[bytes] = []
    answer = answer_bytes(502, echo, {"Content-Type": "application/json"})
    with local_server(scripted(answer, heads=heads)) as proxy, caplog.at_level(logging.DEBUG):
        monkeypatch.setenv("HTTP_PROXY", proxy.replace("http://", f"http://user:{password}@"))
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        base_url = "http://pathors.example.invalid/api"
        if client == "async":
            outcome = await end("pathors", base_url, max_retries=0)
        else:
            sync = Hangup(api_keys=KEYS, base_urls={"pathors": base_url}, env={}, max_retries=0)
            with sync, pytest.raises(HangupError) as caught:
                sync.end(REFS["pathors"])
            outcome = caught.value
    assert heads, "the call went through the proxy"
    assert isinstance(outcome, APIStatusError), outcome
    assert password not in repr(outcome)
    assert password not in str(outcome)
    assert "bad gateway for user:[redacted]@proxy" in str(outcome)
    assert password not in caplog.text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("http://proxy.internal:3128", "http://proxy.internal:3128"),
        ("proxy.internal:3128", "http://proxy.internal:3128"),  # as httpx reads it
        ("socks5://user:secret-pw@proxy.internal:1080", None),  # not one aiohttp can use
        ("", None),
    ],
)
async def test_the_env_proxy_is_read_as_httpx_and_aiohttp_would(
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    value: str,
    expected: str | None,
) -> None:
    from hangup._proxies import env_proxy

    for name in ("HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", value)
    with caplog.at_level(logging.WARNING, logger="hangup"):
        assert env_proxy("http://vendor.example/api") == expected
    assert "secret-pw" not in caplog.text
    assert ("socks5 proxy proxy.internal" in caplog.text) == value.startswith("socks5")


async def test_no_proxy_sends_straight_to_the_vendor(monkeypatch: pytest.MonkeyPatch) -> None:
    heads: list[bytes] = []
    proxied: list[bytes] = []
    with (
        local_server(scripted(ok("pathors"), heads=proxied)) as proxy,
        local_server(scripted(ok("pathors"), heads=heads)) as base_url,
    ):
        monkeypatch.setenv("HTTP_PROXY", proxy)
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        outcome = await end("pathors", base_url, max_retries=0)
    assert isinstance(outcome, Ended), outcome
    assert proxied == []
    assert heads[0].startswith(b"DELETE /")


async def test_a_netrc_entry_for_the_vendor_changes_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    # httpx's trust_env reads no ~/.netrc; aiohttp's would, and then refuse the key's header
    heads: list[bytes] = []
    with local_server(scripted(ok("hamsa"), heads=heads)) as base_url:
        netrc = tmp_path / "netrc"
        netrc.write_text("machine 127.0.0.1 login someone password elsewhere\n")
        netrc.chmod(0o600)
        monkeypatch.setenv("NETRC", str(netrc))
        outcome = await end("hamsa", base_url, max_retries=0)
    assert isinstance(outcome, Ended), outcome
    assert f"Authorization: Token {KEYS['hamsa']}".encode() in heads[0]
    assert b"Basic" not in heads[0]


async def test_a_gzip_answer_is_read_once_decoded() -> None:
    heads: list[bytes] = []
    body = gzip.compress(json.dumps(SUCCESS["hamsa"]).encode())
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    with local_server(scripted(answer_bytes(200, body, headers), heads=heads)) as base_url:
        outcome = await end("hamsa", base_url, max_retries=0)
    assert isinstance(outcome, Ended), outcome
    assert outcome.confirmed
    assert outcome.raw == SUCCESS["hamsa"]


async def test_a_small_gzip_of_a_huge_body_stops_at_the_cap() -> None:
    heads: list[bytes] = []
    body = gzip.compress(b'{"pad": "' + b"0" * 4 * 2**20 + b'"}')  # ~4 KiB declared, 4 MiB decoded
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    with local_server(scripted(answer_bytes(200, body, headers), heads=heads)) as base_url:
        outcome = await end("hamsa", base_url, max_retries=0)
    assert isinstance(outcome, UnexpectedResponseError), outcome
    assert "larger than 1,048,576 bytes" in str(outcome)


async def test_a_deprecated_answer_logs_its_warning_on_aiohttp_too(
    caplog: pytest.LogCaptureFixture,
) -> None:
    heads: list[bytes] = []
    sunset = ok("hamsa", {"Sunset": "Sat, 11 Jul 2026 00:00:00 GMT"})
    with (
        local_server(scripted(sunset, heads=heads)) as base_url,
        caplog.at_level(logging.WARNING, logger="hangup"),
    ):
        outcome = await end("hamsa", base_url)
    assert isinstance(outcome, Ended), outcome
    assert any("2026-07-11" in record.getMessage() for record in caplog.records)


async def test_the_connection_limit_holds_on_aiohttp() -> None:
    open_now = 0
    most = 0

    async def answer(_head: bytes, writer: asyncio.StreamWriter) -> None:
        nonlocal open_now, most
        open_now += 1
        most = max(most, open_now)
        await asyncio.sleep(0.02)  # the server, not the test: requests pile up meanwhile
        writer.write(ok("hamsa"))
        await writer.drain()
        open_now -= 1

    limits = httpx.Limits(max_connections=2, max_keepalive_connections=2)
    refs = [REFS["hamsa"]] * 12
    with local_server(answer) as base_url:
        async with client_for("hamsa", base_url, limits=limits) as client:
            outcomes = await client.end_many(refs, concurrency=6)
    assert all(isinstance(outcome, Ended) for outcome in outcomes), outcomes
    assert most == 2
