"""in_turns: each side gets every index once, warm-up first, the order swapped every round."""

from __future__ import annotations

from scripts.bench._figures import Settings
from scripts.bench._turns import Turns, in_turns


def test_sides_take_turns_and_each_sees_every_index_once() -> None:
    calls: list[tuple[str, int]] = []
    ours, theirs = in_turns(
        lambda i: calls.append(("ours", i)),
        lambda i: calls.append(("theirs", i)),
        Turns(warmup=2, rounds=3, per_round=2),
    )
    assert calls == [
        ("ours", 0), ("ours", 1), ("theirs", 0), ("theirs", 1),  # warm-up, untimed
        ("ours", 2), ("ours", 3), ("theirs", 2), ("theirs", 3),
        ("theirs", 4), ("theirs", 5), ("ours", 4), ("ours", 5),
        ("ours", 6), ("ours", 7), ("theirs", 6), ("theirs", 7),
    ]  # fmt: skip
    assert len(ours) == len(theirs) == 6
    assert all(seconds >= 0 for seconds in ours + theirs)
    assert Turns(warmup=2, rounds=3, per_round=2).calls == 8


def test_quick_settings_pick_the_quick_turns() -> None:
    full, quick = Turns(300, 40, 100), Turns(20, 3, 20)
    assert Turns.of(Settings(quick=True), full, quick) is quick
    assert Turns.of(Settings(), full, quick) is full
