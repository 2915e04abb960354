"""A client made for one end (`Hangup()`, `end()`, close) against a bare httpx client doing so.

Some callers make a client per request (a web handler ending its caller's session). Then what a
client costs to make counts as much as the end itself, and most of it is TLS set-up: httpx
makes a new SSLContext for every transport, parsing the whole CA bundle (~18 ms of CPU here),
even for an http:// URL. hangup's own transports share one per process (hangup._tls), so only
the first client pays it. Each side makes a fresh client for every end, in turns, the order
swapped every round; a figure is the median end of each side, after a warm-up that pays the
first context.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import httpx

from scripts.bench._end_calls import (
    async_hangup_client,
    bare_call,
    bare_end,
    bare_end_async,
    hangup_client,
    key_headers,
    ref_text,
)
from scripts.bench._figures import Figure, Settings, Target, median
from scripts.servers.local_vendor import running_local_vendor

__all__ = ["new_client_end"]

VENDOR = "hamsa"
# A new client's end at most half a new bare client's: what sharing the TLS context buys (each
# client making its own, the two sides cost about the same: ~1.0x)
NEW_CLIENT_TARGET = Target(0.5)


def new_client_end(settings: Settings) -> list[Figure]:
    """A new client, one end, closed: sync Hangup vs httpx.Client, AsyncHangup vs AsyncClient."""
    rounds = settings.count(10, 2)
    per_round = settings.count(10, 2)
    warmup = settings.count(5, 1)
    figures = []
    with running_local_vendor() as base_url:
        indices = iter(range(10**9))  # every session is ended once only
        sides = {
            "sync": (
                lambda: _sync_hangup(base_url, next(indices)),
                lambda: _sync_bare(base_url, next(indices)),
                "bare httpx.Client",
            ),
            "async": (
                lambda: asyncio.run(_async_hangup(base_url, next(indices))),
                lambda: asyncio.run(_async_bare(base_url, next(indices))),
                "bare httpx.AsyncClient",
            ),
        }
        for kind, (ours, theirs, baseline) in sides.items():
            mine, other = _interleaved(ours, theirs, warmup, rounds, per_round)
            figures.append(
                Figure(
                    f"a new {'Hangup' if kind == 'sync' else 'AsyncHangup'}, one end(), closed",
                    median(mine),
                    median(other),
                    "s",
                    baseline,
                    NEW_CLIENT_TARGET,
                    note=f"median of {len(mine)} clients each, interleaved",
                )
            )
    return figures


def _sync_hangup(base_url: str, i: int) -> None:
    with hangup_client(VENDOR, base_url) as client:
        client.end(ref_text(VENDOR, i))


def _sync_bare(base_url: str, i: int) -> None:
    with httpx.Client(base_url=base_url, headers=key_headers(VENDOR)) as http:
        bare_end(http, bare_call(VENDOR, i))


async def _async_hangup(base_url: str, i: int) -> None:
    async with async_hangup_client(VENDOR, base_url) as client:
        await client.end(ref_text(VENDOR, i))


async def _async_bare(base_url: str, i: int) -> None:
    async with httpx.AsyncClient(base_url=base_url, headers=key_headers(VENDOR)) as http:
        await bare_end_async(http, bare_call(VENDOR, i))


def _interleaved(
    ours: Callable[[], object],
    theirs: Callable[[], object],
    warmup: int,
    rounds: int,
    per_round: int,
) -> tuple[list[float], list[float]]:
    for side in (ours, theirs):
        for _ in range(warmup):
            side()
    samples: tuple[list[float], list[float]] = ([], [])
    sides = (ours, theirs)
    for round_ in range(rounds):
        for which in (0, 1) if round_ % 2 == 0 else (1, 0):
            for _ in range(per_round):
                started = time.perf_counter()
                sides[which]()
                samples[which].append(time.perf_counter() - started)
    return samples
