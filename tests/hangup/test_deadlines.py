"""`timeout` bounds a whole attempt, and an answer's body is capped, on every client and vendor.

Each test talks to a real socket on 127.0.0.1 (tests/hangup/slow_server.py) that trickles,
stalls, or sends without end. The bound is measured with time.monotonic around the call:
the test never sleeps, it waits only as long as the call it is measuring.
"""

from __future__ import annotations

import asyncio
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from hangup import AsyncHangup, Ended, Hangup, HangupError, TransportError, UnexpectedResponseError
from hangup.defaults import DEFAULT_MAX_BODY
from tests.hangup.fakes import KEYS, REFS, VENDORS
from tests.hangup.slow_server import SSE_EVENTS, TRICKLE, slow_vendor

TIMEOUT = 0.5
SLACK = 1.0  # a loaded two-core machine's scheduling, not the server: it never stops on its own
CAP_TIMEOUT = 10.0  # the cap tests measure the cap: a timeout they must not reach
# sync: httpx; async: aiohttp (the default) and httpx's own transport, still one argument away
CLIENTS = ("sync", "async-aiohttp", "async-httpx")


def _client(kind: str, vendor: str, base_url: str, **options: Any) -> Hangup | AsyncHangup:
    settings: dict[str, Any] = {
        "api_keys": KEYS,
        "base_urls": {vendor: base_url},
        "timeout": TIMEOUT,
        "max_retries": 0,
        "env": {},
        **options,
    }
    if kind == "sync":
        return Hangup(**settings)
    if kind == "async-httpx":
        settings["transport"] = httpx.AsyncHTTPTransport()
    return AsyncHangup(**settings)


def _end(kind: str, vendor: str, base_url: str, **options: Any) -> Ended | HangupError:
    """End the vendor's ref on a fresh client of `kind`: the Ended, or the error it raised."""
    client = _client(kind, vendor, base_url, **options)

    async def end_async() -> Ended:
        assert isinstance(client, AsyncHangup)
        async with client:
            return await client.end(REFS[vendor])

    try:
        if isinstance(client, Hangup):
            with client:
                return client.end(REFS[vendor])
        return asyncio.run(end_async())
    except HangupError as error:
        return error


def _timed(call: Callable[[], Ended | HangupError]) -> tuple[Ended | HangupError, float]:
    started = time.monotonic()
    outcome = call()
    return outcome, time.monotonic() - started


@pytest.mark.parametrize("kind", CLIENTS)
@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.parametrize("mode", ["trickle-headers", "trickle-body"])
def test_a_trickling_answer_ends_in_a_transport_error_within_the_timeout(
    kind: str, vendor: str, mode: str
) -> None:
    with slow_vendor(mode) as base_url:
        outcome, elapsed = _timed(lambda: _end(kind, vendor, base_url))
    assert isinstance(outcome, TransportError), outcome
    assert "0.5 s timeout" in str(outcome)
    assert elapsed < TIMEOUT + SLACK, f"{elapsed:.2f} s"
    assert elapsed >= TIMEOUT - 0.05, "ended before its timeout: the trickle never got a chance"


@pytest.mark.parametrize("kind", CLIENTS)
def test_a_server_that_never_answers_ends_in_a_transport_error_within_the_timeout(
    kind: str,
) -> None:
    with slow_vendor("stall") as base_url:
        outcome, elapsed = _timed(lambda: _end(kind, "pathors", base_url))
    assert isinstance(outcome, TransportError), outcome
    assert elapsed < TIMEOUT + SLACK, f"{elapsed:.2f} s"


@pytest.mark.parametrize("kind", CLIENTS)
@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.parametrize("mode", ["endless", "oversized"])
def test_a_body_over_the_cap_is_refused_unread_with_memory_bounded(
    kind: str, vendor: str, mode: str
) -> None:
    with slow_vendor(mode) as base_url:
        tracemalloc.start()  # slows client and server alike: so a roomier timeout, here only
        try:
            outcome, elapsed = _timed(lambda: _end(kind, vendor, base_url, timeout=CAP_TIMEOUT))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert isinstance(outcome, UnexpectedResponseError), outcome
    assert f"larger than {DEFAULT_MAX_BODY:,} bytes" in str(outcome)
    assert elapsed < CAP_TIMEOUT, f"{elapsed:.2f} s"  # refused, not timed out
    assert peak < 8 * DEFAULT_MAX_BODY, f"peak {peak:,} bytes"


@pytest.mark.parametrize("kind", CLIENTS)
def test_each_retry_gets_its_own_whole_timeout_and_all_are_bounded(kind: str) -> None:
    with slow_vendor("trickle-body") as base_url:
        outcome, elapsed = _timed(lambda: _end(kind, "hamsa", base_url, max_retries=2))
    assert isinstance(outcome, TransportError), outcome
    assert 3 * TIMEOUT - 0.15 <= elapsed < 3 * (TIMEOUT + SLACK), f"{elapsed:.2f} s"


def test_a_sync_stream_is_bounded_between_events_not_in_total() -> None:
    with slow_vendor("sse-slow") as base_url:
        client = _client("sync", "vectorshift", base_url)
        assert isinstance(client, Hangup)
        started = time.monotonic()
        with client:
            pieces = list(client.vectorshift.stream("bot_1", "hi", conversation_id=None))
        elapsed = time.monotonic() - started
    assert len(pieces) == SSE_EVENTS + 1
    assert elapsed > SSE_EVENTS * TRICKLE > TIMEOUT  # it outlived the timeout, event by event


@pytest.mark.parametrize("kind", ["async-aiohttp", "async-httpx"])
def test_an_async_stream_is_bounded_between_events_not_in_total(kind: str) -> None:
    async def stream() -> list[object]:
        client = _client(kind, "vectorshift", base_url)
        assert isinstance(client, AsyncHangup)
        async with client:
            return [
                piece
                async for piece in client.vectorshift.stream("bot_1", "hi", conversation_id=None)
            ]

    with slow_vendor("sse-slow") as base_url:
        started = time.monotonic()
        pieces = asyncio.run(stream())
        elapsed = time.monotonic() - started
    assert len(pieces) == SSE_EVENTS + 1
    assert elapsed > SSE_EVENTS * TRICKLE > TIMEOUT
