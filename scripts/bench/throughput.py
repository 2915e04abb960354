"""Throughput: `AsyncHangup.end_many` against a bare httpx.AsyncClient at the same concurrency.

Both sides end the same number of sessions through one scripts.servers.local_vendor server, with the
same connection limits and the same number of workers (the bare side: a fixed pool of tasks
pulling from one iterator, as end_many does), in alternating runs. The server is Python too,
so its own ceiling is measured first with a raw-socket client that does almost no work: when
the two sides come near it, the ratio says more about the server than about hangup.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator

import httpx

from scripts.bench._end_calls import (
    BareCall,
    async_hangup_client,
    bare_call,
    bare_end_async,
    key_headers,
    ref_text,
)
from scripts.bench._figures import Figure, Settings, Target, median
from scripts.servers.local_vendor import running_local_vendor

__all__ = ["end_many_throughput", "raw_ceiling"]

VENDOR = "vectorshift"  # a JSON body and a path parameter: the most common shape of end call
CONCURRENCY = 64
THROUGHPUT_TARGET = Target(0.85, at_most=False)


def end_many_throughput(settings: Settings) -> list[Figure]:
    """Sessions ended per second by end_many, and by a bare AsyncClient, at concurrency 64."""
    count = settings.count(10_000, 300)
    runs = settings.count(4, 1)  # a run is ~50 s here; the machine's load drifts over minutes
    rates: tuple[list[float], list[float]] = ([], [])
    cpu: tuple[list[float], list[float]] = ([], [])  # this process's CPU seconds per session
    with running_local_vendor() as base_url:
        warmup = count // 10
        for which in (0, 1):  # both code paths and the server warm, neither side timed
            _rate(which, base_url, (2 * runs + which) * count, warmup)  # unmeasured sessions
        for run in range(runs):
            for which in (0, 1) if run % 4 in (0, 3) else (1, 0):  # AB BA BA AB: balanced
                first = (2 * run + which) * count  # every session is ended once only
                rate, cpu_per_session = _rate(which, base_url, first, count)
                rates[which].append(rate)
                cpu[which].append(cpu_per_session)
        ceiling = asyncio.run(raw_ceiling(base_url, count))  # last: it leaves 64 sockets closing
    return [
        Figure(
            f"end_many throughput, {count:,} refs at concurrency {CONCURRENCY}",
            median(rates[0]),
            median(rates[1]),
            "/s",
            "bare httpx.AsyncClient",
            THROUGHPUT_TARGET,
            note=(
                f"median of {runs} run(s) each; client CPU per session "
                f"{median(cpu[0]) * 1e6:,.0f} vs {median(cpu[1]) * 1e6:,.0f} µs; "
                f"the server alone answers {ceiling:,.0f}/s"
            ),
        )
    ]


def _rate(which: int, base_url: str, first: int, count: int) -> tuple[float, float]:
    """Sessions a second, and CPU seconds a session, of hangup (which=0) or the bare client."""
    indices = range(first, first + count)
    run = _hangup_run if which == 0 else _bare_run
    started, cpu_started = time.perf_counter(), time.process_time()
    asyncio.run(run(base_url, indices))
    cpu_seconds = time.process_time() - cpu_started
    return count / (time.perf_counter() - started), cpu_seconds / count


def _limits() -> httpx.Limits:
    return httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)


async def _hangup_run(base_url: str, indices: range) -> None:
    refs = (ref_text(VENDOR, i) for i in indices)
    async with async_hangup_client(VENDOR, base_url, limits=_limits()) as client:
        results = await client.end_many(refs, concurrency=CONCURRENCY)
    failed = [result for result in results if isinstance(result, Exception)]
    if failed:
        raise RuntimeError(f"end_many failed {len(failed)} of {len(results)}: {failed[0]}")


async def _bare_run(base_url: str, indices: range) -> None:
    calls = (bare_call(VENDOR, i) for i in indices)
    headers = key_headers(VENDOR)
    async with httpx.AsyncClient(base_url=base_url, headers=headers, limits=_limits()) as http:
        results = await _pool(calls, lambda call: bare_end_async(http, call))
    if len(results) != len(indices):
        raise RuntimeError(f"the bare client ended {len(results)} of {len(indices)}")


async def _pool(
    calls: Iterator[BareCall], send: Callable[[BareCall], Awaitable[object]]
) -> list[object]:
    """CONCURRENCY tasks pulling from one iterator; one result per call, in order."""
    results: list[object] = []

    async def work() -> None:
        for call in calls:
            index = len(results)
            results.append(None)
            results[index] = await send(call)

    async with asyncio.TaskGroup() as group:
        for _ in range(CONCURRENCY):
            group.create_task(work())
    return results


async def raw_ceiling(base_url: str, count: int) -> float:
    """Requests per second the server answers to a raw-socket client (the most it can do)."""
    host, port = base_url.removeprefix("http://").split(":")
    body = b'{"pipeline_run_id":"session0"}'
    head = (
        f"POST /chatbot/scope0/terminate HTTP/1.1\r\nHost: {host}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    request = head.encode() + body
    remaining = iter(range(count))

    async def connection() -> None:
        reader, writer = await asyncio.open_connection(host, int(port))
        for _ in remaining:
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
            await reader.readexactly(length)
        writer.close()

    started = time.perf_counter()
    async with asyncio.TaskGroup() as group:
        for _ in range(CONCURRENCY):
            group.create_task(connection())
    return count / (time.perf_counter() - started)
