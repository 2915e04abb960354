"""The retry policy, read as a table; Retry-After parsing; and the waits stamina really takes."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
import stamina

from hangup import (
    APIStatusError,
    AuthenticationError,
    InvalidRequestError,
    NotFoundError,
    RateLimitError,
    ServerError,
    TransportError,
)
from hangup._retries import _backoff, _should_retry, retry_after_seconds
from hangup.defaults import RETRY_AFTER_CAP
from hangup.errors import HangupError
from tests.hangup.fakes import REFS, Vendor, async_client, ok, sync_client

NOW = datetime(2026, 7, 1, 12, 0, 0, tzinfo=UTC)


def status_error(status: int) -> HangupError:
    kinds: dict[int, type[APIStatusError]] = {
        400: InvalidRequestError,
        401: AuthenticationError,
        404: NotFoundError,
        429: RateLimitError,
    }
    kind = ServerError if status >= 500 else kinds.get(status, APIStatusError)
    return kind("x", status_code=status)


@pytest.mark.parametrize(
    ("error", "idempotent", "retried"),
    [
        (TransportError("reset", connected=True), True, True),
        (TransportError("refused", connected=False), True, True),
        (TransportError("reset", connected=True), False, False),  # may have reached the vendor
        (TransportError("refused", connected=False), False, True),  # surely did not
        (status_error(429), True, True),
        (status_error(429), False, True),
        (status_error(500), True, True),
        (status_error(502), True, True),
        (status_error(503), False, True),
        (status_error(500), False, False),
        (status_error(408), True, True),
        (status_error(408), False, False),
        (status_error(400), True, False),
        (status_error(401), True, False),
        (status_error(404), True, False),
        (status_error(409), True, False),
    ],
)
def test_should_retry_reads_as_the_policy_table(
    error: HangupError, idempotent: bool, retried: bool
) -> None:
    assert _should_retry(error, idempotent=idempotent) is retried


def test_backoff_uses_retry_after_up_to_the_cap() -> None:
    assert _backoff(RateLimitError("x", status_code=429, retry_after=3.0), idempotent=True) == 3.0
    huge = ServerError("x", status_code=503, retry_after=3600.0)
    assert _backoff(huge, idempotent=True) == RETRY_AFTER_CAP
    assert _backoff(ServerError("x", status_code=500), idempotent=True) is True
    assert _backoff(NotFoundError("x", status_code=404), idempotent=True) is False


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (" 3 ", 3.0),
        ("0", 0.0),
        ("1.5", 1.5),
        (format_datetime(NOW + timedelta(seconds=90), usegmt=True), 90.0),
        ("Wed, 01 Jul 2026 12:00:30 GMT", 30.0),
        ("Wed, 01 Jul 2026 11:00:00 GMT", 0.0),  # in the past: go now
        ("-5", None),
        ("soon", None),
        ("", None),
        ("nan", None),
        (None, None),
    ],
)
def test_retry_after_reads_seconds_and_http_dates(
    header: str | None, seconds: float | None
) -> None:
    assert retry_after_seconds(header, now=NOW) == seconds


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Turn stamina's waiting back on, but record each sleep instead of sleeping."""
    slept: list[float] = []

    async def fake_async_sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(time, "sleep", slept.append)
    monkeypatch.setattr(asyncio, "sleep", fake_async_sleep)
    stamina.set_testing(False)  # the autouse fixture turns it back on afterwards
    return slept


def test_retry_after_seconds_is_the_wait_stamina_takes(waits: list[float]) -> None:
    throttled = httpx.Response(429, headers={"retry-after": "4"})
    fake = Vendor("hamsa", [throttled, throttled, ok("hamsa")])
    with sync_client(fake) as client:
        assert client.end(REFS["hamsa"]).confirmed
    assert waits == [4.0, 4.0]


def test_a_retry_after_http_date_is_waited_until(waits: list[float]) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=10), usegmt=True)
    fake = Vendor("pathors", [httpx.Response(503, headers={"retry-after": when}), ok("pathors")])
    with sync_client(fake) as client:
        client.end(REFS["pathors"])
    (wait,) = waits
    assert 8.0 < wait <= 10.0


def test_a_huge_retry_after_is_capped(waits: list[float]) -> None:
    fake = Vendor("hamsa", [httpx.Response(429, headers={"retry-after": "86400"}), ok("hamsa")])
    with sync_client(fake) as client:
        client.end(REFS["hamsa"])
    assert waits == [RETRY_AFTER_CAP]


def test_without_retry_after_the_backoff_grows_with_jitter(waits: list[float]) -> None:
    fake = Vendor("hamsa", [httpx.Response(500)] * 3 + [ok("hamsa")])
    with sync_client(fake, max_retries=3) as client:
        client.end(REFS["hamsa"])
    first, second, third = waits
    assert 0.5 <= first <= 1.0
    assert 1.0 <= second <= 1.5
    assert 2.0 <= third <= 2.5


@pytest.mark.asyncio
async def test_async_retry_after_is_the_wait_stamina_takes(waits: list[float]) -> None:
    fake = Vendor(
        "vectorshift", [httpx.Response(429, headers={"retry-after": "6"}), ok("vectorshift")]
    )
    async with async_client(fake) as client:
        assert (await client.end(REFS["vectorshift"])).confirmed
    assert waits == [6.0]


def test_a_call_that_succeeds_first_time_never_waits(waits: list[float]) -> None:
    fake = Vendor("hamsa", [ok("hamsa")])
    with sync_client(fake) as client:
        client.end(REFS["hamsa"])
    assert waits == []
