"""hangup._batch.prepared_ahead: order, errors in place, and how far ahead it reads.

(run_bounded and run_bounded_async, with their bad inputs, are in test_bad_input.py.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hangup._batch import prepared_ahead


def _counted(count: int, pulled: list[int]) -> Iterator[int]:
    for item in range(count):
        pulled.append(item)
        yield item


def _halve(item: int) -> int:
    if item % 2:
        raise LookupError(f"odd {item}")
    return item // 2


def test_each_item_is_prepared_in_order_and_an_expected_error_takes_its_place() -> None:
    results = list(prepared_ahead(_halve, range(7), expected=(LookupError,), ahead=3))
    assert [str(r) if isinstance(r, LookupError) else r for r in results] == [
        0,
        "odd 1",
        1,
        "odd 3",
        2,
        "odd 5",
        3,
    ]


def test_items_are_taken_no_earlier_than_ahead_before_their_turn() -> None:
    pulled: list[int] = []
    prepared = prepared_ahead(lambda item: item, _counted(10, pulled), expected=(), ahead=4)
    assert pulled == []  # nothing is read before the first item is asked for
    taken_when = []
    for _ in prepared:
        taken_when.append(len(pulled))
    assert taken_when == [4, 4, 4, 4, 8, 8, 8, 8, 10, 10]


def test_an_error_not_expected_is_raised_to_whoever_iterates() -> None:
    with pytest.raises(LookupError, match="odd 1"):
        list(prepared_ahead(_halve, range(4), expected=(KeyError,)))


def test_nothing_in_is_nothing_out() -> None:
    assert list(prepared_ahead(_halve, [], expected=(LookupError,))) == []
