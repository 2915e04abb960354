"""Two sides timed call by call, in turns, so that a noisy neighbour slows both alike.

Each side is a callable taking the call's index (0, 1, 2, ...: the same indices for both
sides, so each can pick its own session for that call). Both sides first make `Turns.warmup`
untimed calls; then come `Turns.rounds` rounds of `Turns.per_round` timed calls per side, the
order swapped every round.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from scripts.bench._figures import Settings

__all__ = ["Turns", "in_turns"]


@dataclass(frozen=True)
class Turns:
    """How many calls each side makes: a warm-up, then rounds of timed calls."""

    warmup: int
    rounds: int
    per_round: int

    @classmethod
    def of(cls, settings: Settings, full: Turns, quick: Turns) -> Turns:
        """`full`, or `quick` under --quick."""
        return quick if settings.quick else full

    @property
    def calls(self) -> int:
        """How many indices in_turns hands each side: one per call, warm-up included."""
        return self.warmup + self.rounds * self.per_round


def in_turns(
    ours: Callable[[int], object],
    theirs: Callable[[int], object],
    turns: Turns,
) -> tuple[list[float], list[float]]:
    """Per-call seconds of `ours` and of `theirs`, measured in alternating rounds."""
    sides = (ours, theirs)
    for side in sides:
        for i in range(turns.warmup):
            side(i)
    samples: tuple[list[float], list[float]] = ([], [])
    clock = time.perf_counter
    per_round = turns.per_round
    for round_ in range(turns.rounds):
        start = turns.warmup + round_ * per_round
        for which in (0, 1) if round_ % 2 == 0 else (1, 0):
            call, took = sides[which], samples[which]
            for i in range(start, start + per_round):
                started = clock()
                call(i)
                took.append(clock() - started)
    return samples
