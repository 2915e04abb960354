"""A fleet's ledger: N reapers on one PostgreSQL ledger, a reap's memory, PostgreSQL vs SQLite.

    python -m scripts.bench.fleet N URL   # one reap's peak RSS over N sessions (a child process)

Every figure runs on a throwaway PostgreSQL 15 cluster (scripts.servers.postgres), each
ledger in a schema of its own; seeding the sessions is setup and is not timed.

- reapers: 4 `hangup reap` processes against 1, reaping the same number of sessions (each
  run its own ledger). Each reaper talks to a local_vendor of its own, so that one vendor
  process is not what is measured; a real fleet's vendors are remote. Wall time from the
  first start to the last exit, process start-up included.
- memory: the peak RSS of a process reaping 100,000 matching sessions against 10,000. The
  vendor is an in-process transport that answers like local_vendor (memory is about what the
  reap holds, not the sockets). Paged claims are what keeps this flat.
- backends: one in-process reap() of the same 10,000 sessions on PostgreSQL and on SQLite,
  against one local_vendor, in alternating order. The ratio is reported, with no target.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

import httpx

from hangup import Ledger, SessionState, TrackedSession, reap
from scripts.bench._end_calls import KEY, async_hangup_client, local_vendor_answer, ref_text
from scripts.bench._figures import Figure, Settings, Target, median
from scripts.servers.local_vendor import running_local_vendor
from scripts.servers.postgres import running_postgres
from scripts.spec.provenance import ROOT

__all__ = ["backend_ratio", "reap_memory", "reapers_speedup"]

VENDOR = "vectorshift"
FLEET = 4
SPEEDUP_TARGET = Target(1.6, at_most=False)
MEMORY_TARGET = Target(1.1)
SEED_PAGE = 2000


def reapers_speedup(settings: Settings) -> list[Figure]:
    """Sessions a second reaped by 4 `hangup reap` processes, against 1, on one PostgreSQL."""
    count = settings.count(100_000, 400)
    with running_postgres() as url, ExitStack() as vendors:
        base_urls = [vendors.enter_context(running_local_vendor()) for _ in range(FLEET)]
        rates = {}
        for reapers in (1, FLEET):
            ledger = _schema_url(url)
            _seed(ledger, count)
            seconds = _run_reapers(ledger, base_urls[:reapers], count)
            rates[reapers] = count / seconds
    return [
        Figure(
            f"reap {count:,} PostgreSQL sessions with {FLEET} reapers",
            rates[FLEET],
            rates[1],
            "/s",
            "1 reaper, same sessions",
            SPEEDUP_TARGET,
            note=f"{FLEET} `hangup reap` processes, {os.cpu_count()} cores; start-up included",
        )
    ]


def reap_memory(settings: Settings) -> list[Figure]:
    """Peak RSS of one reap over many matching sessions, against ten times fewer."""
    small, large = (300, 3_000) if settings.quick else (10_000, 100_000)
    with running_postgres() as url:
        peaks = {}
        for size in (small, large):
            ledger = _schema_url(url)
            _seed(ledger, size)
            peaks[size] = _child_peak(size, ledger)
    return [
        Figure(
            f"reap peak RSS, {large:,} matching PostgreSQL sessions",
            peaks[large],
            peaks[small],
            "B",
            f"the same at {small:,} sessions",
            MEMORY_TARGET,
            note="a fresh process each; claims are paged",
        )
    ]


def backend_ratio(settings: Settings) -> list[Figure]:
    """Seconds to reap the same 10,000 sessions on PostgreSQL and on SQLite."""
    count = settings.count(10_000, 200)
    runs = settings.count(2, 1)
    times: dict[str, list[float]] = {"postgres": [], "sqlite": []}
    with (
        running_postgres() as url,
        running_local_vendor() as base_url,
        tempfile.TemporaryDirectory() as scratch,
    ):
        for run in range(runs):
            order = ("postgres", "sqlite") if run % 2 == 0 else ("sqlite", "postgres")
            for backend in order:
                target = (
                    _schema_url(url)
                    if backend == "postgres"
                    else str(Path(scratch) / f"ledger-{run}.sqlite3")
                )
                _seed(target, count)
                times[backend].append(asyncio.run(_reap_in_process(target, base_url, count)))
    return [
        Figure(
            f"reap {count:,} sessions on PostgreSQL",
            median(times["postgres"]),
            median(times["sqlite"]),
            "s",
            "SQLite, same sessions",
            note=f"median of {runs} run(s) each; one commit per answer on both",
        )
    ]


def _schema_url(url: str) -> str:
    return f"{url}?schema=bench_{uuid.uuid4().hex[:10]}"


def _seed(target: str, count: int) -> None:
    """Put `count` open sessions in the ledger at `target`, a page per transaction."""
    now = datetime.now(UTC)
    with Ledger(target) as ledger:
        for start in range(0, count, SEED_PAGE):
            ledger.add_copies(
                TrackedSession(
                    ref_text(VENDOR, i), VENDOR, now, {}, SessionState.OPEN, 0, None, now
                )
                for i in range(start, min(start + SEED_PAGE, count))
            )


def _run_reapers(ledger: str, base_urls: list[str], expected: int) -> float:
    """Wall seconds for one `hangup reap` per base URL to empty the ledger together."""
    started = time.perf_counter()
    reapers = [
        subprocess.Popen(
            [sys.executable, "-m", "hangup.cli", "reap", "--json"],
            cwd=ROOT,
            env=_reaper_env(ledger, base_url),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for base_url in base_urls
    ]
    ended = 0
    for reaper in reapers:
        out, err = reaper.communicate()
        if reaper.returncode != 0:
            raise RuntimeError(f"hangup reap exited {reaper.returncode}: {err.strip()[-300:]}")
        ended += json.loads(out)["ended"]
    seconds = time.perf_counter() - started
    if ended != expected:
        raise RuntimeError(f"the reapers ended {ended} of {expected} sessions")
    return seconds


def _reaper_env(ledger: str, base_url: str) -> dict[str, str]:
    upper = VENDOR.upper()
    return dict(
        os.environ,
        HANGUP_LEDGER=ledger,
        **{f"{upper}_BASE_URL": base_url, f"{upper}_API_KEY": KEY},
    )


async def _reap_in_process(target: str, base_url: str, expected: int) -> float:
    client = async_hangup_client(VENDOR, base_url, ledger=False)
    async with client:
        with Ledger(target) as ledger:
            started = time.perf_counter()
            report = await reap(ledger, client)
            seconds = time.perf_counter() - started
    if report.ended != expected:
        raise RuntimeError(f"reap ended {report.ended} of {expected}: {report.failures[:1]}")
    return seconds


def _child_peak(size: int, ledger: str) -> float:
    done = subprocess.run(
        [sys.executable, "-m", "scripts.bench.fleet", str(size), ledger],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"scripts.bench.fleet {size} failed: {done.stderr.strip()[-300:]}")
    peak: float = json.loads(done.stdout)["peak_rss"]
    return peak


async def _measure(size: int, ledger_url: str) -> dict[str, float]:
    transport = httpx.MockTransport(local_vendor_answer)
    client = async_hangup_client(VENDOR, "http://127.0.0.1:9", ledger=False, transport=transport)
    async with client:
        with Ledger(ledger_url) as ledger:
            report = await reap(ledger, client)
    if report.ended != size:
        raise RuntimeError(f"reap ended {report.ended} of {size}")
    # ru_maxrss is in KiB on Linux: the process's peak resident set, imports included.
    return {"peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024.0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.bench.fleet",
        description="One reap over N ledger sessions, printing its peak RSS as JSON (the "
        "memory benchmark runs this per size; `python -m scripts.bench --only reap-memory`).",
    )
    parser.add_argument("size", type=int, metavar="N", help="how many sessions it must end")
    parser.add_argument("ledger", metavar="URL", help="the seeded ledger")
    args = parser.parse_args(argv)
    print(json.dumps(asyncio.run(_measure(args.size, args.ledger))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
