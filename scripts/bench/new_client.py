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
from scripts.bench._turns import Turns, in_turns
from scripts.servers.local_vendor import running_local_vendor

__all__ = ["new_client_end"]

VENDOR = "hamsa"
# A new client's end at most half a new bare client's: what sharing the TLS context buys (each
# client making its own, the two sides cost about the same: ~1.0x)
NEW_CLIENT_TARGET = Target(0.5)
NEW_CLIENT_TURNS = Turns(warmup=5, rounds=10, per_round=10)
QUICK_NEW_CLIENT_TURNS = Turns(warmup=1, rounds=2, per_round=2)


def new_client_end(settings: Settings) -> list[Figure]:
    """A new client, one end, closed: sync Hangup vs httpx.Client, AsyncHangup vs AsyncClient."""
    turns = Turns.of(settings, NEW_CLIENT_TURNS, QUICK_NEW_CLIENT_TURNS)
    figures = []
    with running_local_vendor() as base_url:
        # every session is ended once only: each side and kind has a range of its own
        total = turns.calls
        sides: dict[str, tuple[Callable[[int], object], Callable[[int], object], str]] = {
            "sync": (
                lambda i: _sync_hangup(base_url, i),
                lambda i: _sync_bare(base_url, total + i),
                "bare httpx.Client",
            ),
            "async": (
                lambda i: asyncio.run(_async_hangup(base_url, 2 * total + i)),
                lambda i: asyncio.run(_async_bare(base_url, 3 * total + i)),
                "bare httpx.AsyncClient",
            ),
        }
        for kind, (ours, theirs, baseline) in sides.items():
            mine, other = in_turns(ours, theirs, turns)
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
