"""Reaping: `hangup reap`'s machinery over 10,000 ledger sessions, against bare aiohttp.

hangup's side is hangup.reaper.reap on a fresh ledger of 10,000 tracked sessions: the claim
(one transaction), AsyncHangup.end_many (on aiohttp, its default), and one commit per answer
(ended), all timed. The baseline is a bare aiohttp.ClientSession sending the same 10,000 end
requests through the same number of worker tasks, with no ledger at all (issue 15: it was a
bare httpx.AsyncClient, itself the bottleneck). Both talk to one scripts.servers.local_vendor
server at the reaper's default concurrency, in alternating runs. Tracking the sessions is setup and
is not timed. The ratio is what the crash-safe bookkeeping costs on top of the requests.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import httpx

from hangup import Ledger, _registry, reap
from hangup.defaults import DEFAULT_CONCURRENCY
from scripts.bench._end_calls import (
    BareCall,
    async_hangup_client,
    bare_call,
    bare_end_aiohttp,
    key_headers,
    ref_text,
)
from scripts.bench._figures import Figure, Settings, Target, median
from scripts.servers.local_vendor import running_local_vendor

__all__ = ["reap_time"]

VENDOR = "vectorshift"
CONCURRENCY = DEFAULT_CONCURRENCY  # what `hangup reap` uses unless told otherwise
REAP_TARGET = Target(2.0)


def reap_time(settings: Settings) -> list[Figure]:
    """Seconds to reap 10,000 ledger sessions, and for a bare client to send their ends."""
    count = settings.count(10_000, 200)
    runs = settings.count(2, 1)
    times: tuple[list[float], list[float]] = ([], [])
    _registry.vendor(VENDOR)  # import the adapter and generated client now: not what is measured
    with tempfile.TemporaryDirectory() as scratch, running_local_vendor() as base_url:
        for run in range(runs):
            for which in (0, 1) if run % 2 == 0 else (1, 0):
                indices = range((2 * run + which) * count, (2 * run + which + 1) * count)
                if which == 0:
                    ledger_path = Path(scratch) / f"ledger-{run}.sqlite3"
                    _track(ledger_path, indices)
                    seconds = asyncio.run(_reap(ledger_path, base_url, len(indices)))
                else:
                    seconds = asyncio.run(_bare(base_url, indices))
                times[which].append(seconds)
    ours, theirs = times
    return [
        Figure(
            f"reap {count:,} ledger sessions at concurrency {CONCURRENCY}",
            median(ours),
            median(theirs),
            "s",
            "bare aiohttp.ClientSession, same requests, no ledger",
            REAP_TARGET,
            note=f"median of {runs} run(s) each; one commit per answer",
        )
    ]


def _track(path: Path, indices: range) -> None:
    with Ledger(path) as ledger:
        for i in indices:
            ledger.track(ref_text(VENDOR, i), VENDOR)


async def _reap(path: Path, base_url: str, expected: int) -> float:
    """Seconds for one reap of every session in the ledger at `path`."""
    client = async_hangup_client(VENDOR, base_url, ledger=False, limits=_limits())
    async with client:
        with Ledger(path) as ledger:
            started = time.perf_counter()
            report = await reap(ledger, client, concurrency=CONCURRENCY)
            seconds = time.perf_counter() - started
    if report.ended != expected:
        raise RuntimeError(f"reap ended {report.ended} of {expected}: {report.failures[:1]}")
    return seconds


async def _bare(base_url: str, indices: range) -> float:
    """Seconds for bare aiohttp to send every end call, CONCURRENCY at a time."""
    import aiohttp

    calls = (bare_call(VENDOR, i) for i in indices)
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    session = aiohttp.ClientSession(headers=key_headers(VENDOR), connector=connector)
    async with session:
        started = time.perf_counter()
        sent = await _pool(calls, lambda call: bare_end_aiohttp(session, base_url, call))
        seconds = time.perf_counter() - started
    if sent != len(indices):
        raise RuntimeError(f"the bare client ended {sent} of {len(indices)}")
    return seconds


async def _pool(calls: Iterator[BareCall], send: Callable[[BareCall], Awaitable[object]]) -> int:
    """CONCURRENCY tasks pulling from one iterator, as end_many's workers do."""
    sent = 0

    async def work() -> None:
        nonlocal sent
        for call in calls:
            await send(call)
            sent += 1

    async with asyncio.TaskGroup() as group:
        for _ in range(CONCURRENCY):
            group.create_task(work())
    return sent


def _limits() -> httpx.Limits:
    return httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
