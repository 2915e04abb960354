"""guard(ref, keep_alive=SECONDS): keep-alives at the interval while the block runs, none after.

Time never passes for real: the thread's Ticker and the task's sleep are replaced by fakes
that let one interval pass per `tick()`, and return once the keep-alive it caused was sent.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading

import httpx
import pytest

from hangup import InvalidArgument, _keep_alive
from tests.hangup.fakes import REFS, UUID, Vendor, async_client, ok, sync_client

REF = REFS["liveavatar"]
KEEP_ALIVE_PATH = "/v1/sessions/keep-alive"
BLOCK_WAIT = 5  # seconds a fake waits for the keep-alive thread at most: a hang, not a sleep


class FakeTicker:
    """Stand in for the keep-alive thread's Ticker: an interval passes only on `tick()`."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._ticks = 0
        self._stopped = False
        self._waiting = False
        self.intervals: list[float] = []

    def wait(self, seconds: float) -> bool:
        with self._changed:
            self.intervals.append(seconds)
            self._waiting = True
            self._changed.notify_all()
            self._changed.wait_for(lambda: self._ticks > 0 or self._stopped)
            self._waiting = False
            if self._stopped:
                return True
            self._ticks -= 1
            return False

    def stop(self) -> None:
        with self._changed:
            self._stopped = True
            self._changed.notify_all()

    def tick(self) -> None:
        """Let one interval pass; return when the thread has sent and is waiting again."""
        with self._changed:
            assert self._changed.wait_for(lambda: self._waiting, BLOCK_WAIT)
            self._ticks += 1
            self._changed.notify_all()
            assert self._changed.wait_for(lambda: self._waiting and not self._ticks, BLOCK_WAIT)


class FakeSleep:
    """Stand in for the keep-alive task's sleep: an interval passes only on `tick()`."""

    def __init__(self) -> None:
        self._ticks: asyncio.Queue[None] = asyncio.Queue()
        self._asleep = asyncio.Event()
        self.intervals: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.intervals.append(seconds)
        self._asleep.set()
        await self._ticks.get()
        self._asleep.clear()

    async def tick(self) -> None:
        """Let one interval pass; return when the task has sent and is asleep again."""
        await self._asleep.wait()
        self._asleep.clear()
        await self._ticks.put(None)
        await self._asleep.wait()


@pytest.fixture
def ticker(monkeypatch: pytest.MonkeyPatch) -> FakeTicker:
    fake = FakeTicker()
    monkeypatch.setattr(_keep_alive, "Ticker", lambda: fake)
    return fake


def _answer(keep_alive: httpx.Response) -> Vendor:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == KEEP_ALIVE_PATH:
            return keep_alive
        return ok("liveavatar")

    return Vendor("liveavatar", [answer])


def _paths(fake: Vendor) -> list[str]:
    return [request.url.path for request in fake.requests]


def test_keep_alive_is_sent_at_the_interval_while_the_block_runs_and_never_after_the_end(
    ticker: FakeTicker,
) -> None:
    fake = _answer(httpx.Response(200, json={"code": 100, "message": "ok"}))
    with sync_client(fake) as client:
        with client.guard(REF, keep_alive=30):
            for _ in range(3):
                ticker.tick()
            assert _paths(fake) == [KEEP_ALIVE_PATH] * 3
        assert _paths(fake) == [KEEP_ALIVE_PATH] * 3 + ["/v1/sessions/stop"]
    assert set(ticker.intervals) == {30}
    assert json.loads(fake.requests[0].content) == {"session_id": UUID}


def test_a_failed_keep_alive_is_logged_and_the_block_goes_on(
    ticker: FakeTicker, caplog: pytest.LogCaptureFixture
) -> None:
    fake = _answer(httpx.Response(401, json={"detail": "bad key"}))
    with (
        caplog.at_level(logging.WARNING, logger="hangup"),
        sync_client(fake) as client,
        client.guard(REF, keep_alive=10) as ref,
    ):
        ticker.tick()
        ticker.tick()
        still_running = ref
    assert still_running is not None
    assert _paths(fake) == [KEEP_ALIVE_PATH, KEEP_ALIVE_PATH, "/v1/sessions/stop"]
    assert sum("keep-alive for" in record.getMessage() for record in caplog.records) == 2


@pytest.mark.parametrize("seconds", [0, -5, float("inf"), True, "30"])
def test_keep_alive_must_be_a_positive_number_of_seconds(seconds: object) -> None:
    fake = _answer(ok("liveavatar"))
    with sync_client(fake) as client, pytest.raises(InvalidArgument, match="keep_alive"):
        client.guard(REF, keep_alive=seconds)  # type: ignore[arg-type]
    assert fake.requests == []


@pytest.mark.parametrize("vendor", ["hamsa", "pathors", "vectorshift"])
def test_keep_alive_is_refused_for_vendors_without_one_before_anything(vendor: str) -> None:
    fake = Vendor(vendor, [ok(vendor)])
    with sync_client(fake) as client, pytest.raises(InvalidArgument, match="liveavatar"):
        client.guard(REFS[vendor], keep_alive=30)
    assert fake.requests == []


@pytest.mark.asyncio
async def test_async_keep_alive_runs_as_a_task_at_the_interval_and_stops_before_the_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sleep = FakeSleep()
    monkeypatch.setattr(_keep_alive, "keep_alive_sleep", sleep)
    fake = _answer(httpx.Response(200, json={"code": 100, "message": "ok"}))
    async with async_client(fake) as client:
        async with client.guard(REF, keep_alive=45):
            await sleep.tick()
            await sleep.tick()
            assert _paths(fake) == [KEEP_ALIVE_PATH] * 2
        assert _paths(fake) == [KEEP_ALIVE_PATH] * 2 + ["/v1/sessions/stop"]
    assert set(sleep.intervals) == {45}


@pytest.mark.asyncio
async def test_async_failed_keep_alive_never_interrupts_the_block(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    sleep = FakeSleep()
    monkeypatch.setattr(_keep_alive, "keep_alive_sleep", sleep)
    fake = _answer(httpx.Response(500, json={"detail": "down"}))
    with caplog.at_level(logging.WARNING, logger="hangup"):
        async with async_client(fake) as client, client.guard(REF, keep_alive=5):
            await sleep.tick()
    assert _paths(fake)[-1] == "/v1/sessions/stop"
    assert any("keep-alive for" in record.getMessage() for record in caplog.records)


def test_the_liveavatar_door_sends_one_keep_alive_and_refuses_another_vendors_ref() -> None:
    fake = _answer(httpx.Response(200, json={"code": 100, "message": "ok"}))
    with sync_client(fake) as client:
        client.liveavatar.keep_alive(REF)
        with pytest.raises(InvalidArgument, match="not a LiveAvatar session"):
            client.liveavatar.keep_alive(REFS["hamsa"])
    assert _paths(fake) == [KEEP_ALIVE_PATH]
