"""Throughput: `AsyncHangup.end_many` against bare httpx and bare aiohttp at the same concurrency.

Three sides end the same number of sessions through one scripts.servers.local_vendor server,
with the same connection limit and the same number of workers (the bare sides: a fixed pool of
tasks pulling from one iterator, as end_many does), in runs whose order rotates (ABC, BCA...):

- hangup: `AsyncHangup.end_many` on its default transport (aiohttp, via httpx-aiohttp);
- bare httpx.AsyncClient: the transport AsyncHangup had before, and the baseline of issue 15;
- bare aiohttp.ClientSession: the ceiling of a Python client on this machine.

The server is Python too, so its own ceiling is measured last with a raw-socket client that
does almost no work: when the sides come near it, a ratio says more about the server.

More hangup runs, untimed, are sampled by scripts.bench._cpu_share (until MIN_SAMPLES samples,
so the figure comes with a 95% interval of a couple of points): the share of the client's
CPU spent in hangup's own code (and the generated clients', and the standard library they
call: ref parsing, building the call, reading the answer, bookkeeping), against the CPU of
everything else (aiohttp, the event loop). Issue 15 wants it at most 15%.
"""

from __future__ import annotations

import asyncio
import math
import resource
import time
from collections.abc import Awaitable, Callable, Iterator

import httpx

from scripts.bench._cpu_share import HANGUP, cpu_shares
from scripts.bench._end_calls import (
    BareCall,
    async_hangup_client,
    bare_call,
    bare_end_aiohttp,
    bare_end_async,
    key_headers,
    ref_text,
)
from scripts.bench._figures import Figure, Settings, Target, median
from scripts.servers.local_vendor import running_local_vendor

__all__ = ["end_many_throughput", "raw_ceiling"]

VENDOR = "vectorshift"  # a JSON body and a path parameter: the most common shape of end call
CONCURRENCY = 64
OVER_HTTPX_TARGET = Target(5.0, at_most=False)
OVER_AIOHTTP_TARGET = Target(0.5, at_most=False)
OWN_CPU_TARGET = Target(0.15)
SIDES = ("hangup", "httpx", "aiohttp")
MIN_SAMPLES = 2_000  # a share near 20% then comes with a 95% interval of about ±1.8 points
MAX_SAMPLED_RUNS = 8


def end_many_throughput(settings: Settings) -> list[Figure]:
    """Sessions ended per second by end_many, bare httpx and bare aiohttp, at concurrency 64."""
    count = settings.count(10_000, 300)
    runs = settings.count(3, 1)  # bare httpx takes ~45 s a run here; the other two a few
    rates: dict[str, list[float]] = {side: [] for side in SIDES}
    cpu: dict[str, list[float]] = {side: [] for side in SIDES}  # CPU seconds per session
    with running_local_vendor() as base_url:
        first = 0  # every session is ended once only
        for side in SIDES:  # every code path and the server warm, no side timed
            _rate(side, base_url, first, count // 10)
            first += count // 10
        for run in range(runs):
            for side in SIDES[run % 3 :] + SIDES[: run % 3]:  # rotated: ABC, BCA, CAB
                rate, cpu_per_session = _rate(side, base_url, first, count)
                first += count
                rates[side].append(rate)
                cpu[side].append(cpu_per_session)
        # The kernel ticks the profiling timer ~250 times a CPU second, so one fast run gives a
        # few hundred samples (a share good to ±4 points); sample runs until there are enough.
        # A fresh process's runs take ~2 minor page faults an end (none once other benchmarks
        # have run in it), and that kernel time lands outside hangup: the note says which.
        sampled: list[float] = []
        usage_before = resource.getrusage(resource.RUSAGE_SELF)
        with cpu_shares() as shares:
            while shares.total < settings.count(MIN_SAMPLES, 1) and len(sampled) < MAX_SAMPLED_RUNS:
                sampled.append(_rate("hangup", base_url, first, count)[1])
                first += count
        usage = _usage_per_end(usage_before, count * len(sampled))
        sampled_cpu = median(sampled)
        ceiling = asyncio.run(raw_ceiling(base_url, count))  # last: it leaves 64 sockets closing
    name = f"end_many throughput, {count:,} refs at concurrency {CONCURRENCY}"
    ours = median(rates["hangup"])
    share = shares.share(HANGUP)
    interval = 1.96 * math.sqrt(share * (1 - share) / max(shares.total, 1))  # binomial

    def note(side: str) -> str:
        return (
            f"median of {runs} run(s) each; client CPU per session "
            f"{median(cpu['hangup']) * 1e6:,.0f} vs {median(cpu[side]) * 1e6:,.0f} µs; "
            f"the server alone answers {ceiling:,.0f}/s"
        )

    return [
        Figure(
            name,
            ours,
            median(rates["httpx"]),
            "/s",
            "bare httpx.AsyncClient",
            OVER_HTTPX_TARGET,
            note=note("httpx"),
        ),
        Figure(
            name,
            ours,
            median(rates["aiohttp"]),
            "/s",
            "bare aiohttp.ClientSession",
            OVER_AIOHTTP_TARGET,
            note=note("aiohttp"),
        ),
        Figure(
            f"hangup's own share of end_many's CPU, {count:,} refs",
            share * sampled_cpu,
            sampled_cpu,
            "s",
            "all the client's CPU per end",
            OWN_CPU_TARGET,
            note=(
                f"{shares.total:,} samples over {len(sampled)} run(s): "
                f"{share:.1%} ± {interval:.1%} (95%); {usage}; busiest: {shares.hotspots(5)}"
            ),
        ),
    ]


def _rate(side: str, base_url: str, first: int, count: int) -> tuple[float, float]:
    """Sessions a second, and CPU seconds a session, of one side."""
    indices = range(first, first + count)
    run = {"hangup": _hangup_run, "httpx": _bare_run, "aiohttp": _aiohttp_run}[side]
    started, cpu_started = time.perf_counter(), time.process_time()
    asyncio.run(run(base_url, indices))
    cpu_seconds = time.process_time() - cpu_started
    return count / (time.perf_counter() - started), cpu_seconds / count


def _usage_per_end(before: resource.struct_rusage, ends: int) -> str:
    """Minor page faults and kernel CPU per end since `before`, as a note says them."""
    after = resource.getrusage(resource.RUSAGE_SELF)
    faults = (after.ru_minflt - before.ru_minflt) / ends
    system = (after.ru_stime - before.ru_stime) / ends
    return f"{faults:.2f} minor page faults and {system * 1e6:,.0f} µs of kernel CPU per end"


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


async def _aiohttp_run(base_url: str, indices: range) -> None:
    import aiohttp

    calls = (bare_call(VENDOR, i) for i in indices)
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    session = aiohttp.ClientSession(headers=key_headers(VENDOR), connector=connector)
    async with session:
        results = await _pool(calls, lambda call: bare_end_aiohttp(session, base_url, call))
    if len(results) != len(indices):
        raise RuntimeError(f"bare aiohttp ended {len(results)} of {len(indices)}")


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
