"""Per-call latency: `Hangup.end()` against a bare httpx.Client sending the same request.

Both sides talk to one scripts.servers.local_vendor server (its own process, keep-alive) and take
turns in rounds, the order swapped every round, so that a noisy neighbour slows both alike.
Each call is timed on its own; a figure is the median call of each side after a warm-up.
"""

from __future__ import annotations

import httpx

from scripts.bench._end_calls import (
    VENDORS,
    bare_call,
    bare_end,
    check_same_request,
    hangup_client,
    key_headers,
    ref_text,
)
from scripts.bench._figures import Figure, Settings, Target, median
from scripts.bench._turns import Turns, in_turns
from scripts.servers.local_vendor import running_local_vendor

__all__ = ["LATENCY_TARGET", "end_in_turns", "end_latency"]

LATENCY_TARGET = Target(1.10)
LATENCY_TURNS = Turns(warmup=300, rounds=40, per_round=100)
QUICK_LATENCY_TURNS = Turns(warmup=20, rounds=3, per_round=20)


def end_latency(settings: Settings) -> list[Figure]:
    """Time `Hangup.end()` and a bare httpx.Client, call by call, for each vendor."""
    figures = []
    with running_local_vendor() as base_url:
        for vendor in VENDORS:
            check_same_request(vendor)
            ours, theirs = end_in_turns(vendor, base_url, settings)
            figures.append(
                Figure(
                    f"end() latency, {vendor}",
                    median(ours),
                    median(theirs),
                    "s",
                    "bare httpx.Client",
                    LATENCY_TARGET,
                    note=f"median of {len(ours)} calls each, interleaved",
                )
            )
    return figures


def end_in_turns(vendor: str, base_url: str, settings: Settings) -> tuple[list[float], list[float]]:
    """Per-call seconds of `Hangup.end()` and of the bare client, in alternating rounds."""
    turns = Turns.of(settings, LATENCY_TURNS, QUICK_LATENCY_TURNS)
    total = turns.calls
    refs = [ref_text(vendor, i) for i in range(total)]
    calls = [bare_call(vendor, total + i) for i in range(total)]  # sessions of their own
    bare = httpx.Client(base_url=base_url, headers=key_headers(vendor))
    with hangup_client(vendor, base_url) as client, bare:
        return in_turns(
            lambda i: client.end(refs[i]),
            lambda i: bare_end(bare, calls[i]),
            turns,
        )
