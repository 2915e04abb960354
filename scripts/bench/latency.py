"""Per-call latency: `Hangup.end()` against a bare httpx.Client sending the same request.

Both sides talk to one scripts.servers.local_vendor server (its own process, keep-alive) and take
turns in rounds, the order swapped every round, so that a noisy neighbour slows both alike.
Each call is timed on its own; a figure is the median call of each side after a warm-up.
"""

from __future__ import annotations

import time
from collections.abc import Callable

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
from scripts.servers.local_vendor import running_local_vendor

__all__ = ["end_latency"]

LATENCY_TARGET = Target(1.10)


def end_latency(settings: Settings) -> list[Figure]:
    """Time `Hangup.end()` and a bare httpx.Client, call by call, for each vendor."""
    rounds = settings.count(40, 3)
    per_round = settings.count(100, 20)
    warmup = settings.count(300, 20)
    figures = []
    with running_local_vendor() as base_url:
        for vendor in VENDORS:
            check_same_request(vendor)
            ours, theirs = _interleaved(vendor, base_url, warmup, rounds, per_round)
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


def _interleaved(
    vendor: str, base_url: str, warmup: int, rounds: int, per_round: int
) -> tuple[list[float], list[float]]:
    """Per-call seconds of hangup and of the bare client, in alternating rounds."""
    total = warmup + rounds * per_round
    refs = [ref_text(vendor, i) for i in range(total)]
    calls = [bare_call(vendor, total + i) for i in range(total)]
    bare = httpx.Client(base_url=base_url, headers=key_headers(vendor))
    with hangup_client(vendor, base_url) as client, bare:
        sides: tuple[Callable[[int], object], Callable[[int], object]] = (
            lambda i: client.end(refs[i]),
            lambda i: bare_end(bare, calls[i]),
        )
        for side in sides:
            _timed(side, range(warmup))
        samples: tuple[list[float], list[float]] = ([], [])
        for round_ in range(rounds):
            start = warmup + round_ * per_round
            order = (0, 1) if round_ % 2 == 0 else (1, 0)
            for which in order:
                samples[which].extend(_timed(sides[which], range(start, start + per_round)))
    return samples


def _timed(call: Callable[[int], object], indices: range) -> list[float]:
    took = []
    clock = time.perf_counter
    for i in indices:
        started = clock()
        call(i)
        took.append(clock() - started)
    return took
