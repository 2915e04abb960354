"""hangup._batch: prepared_ahead (order, errors in place, how far ahead it reads), and that a
batch's results are the caller's alone once it returns.

(run_bounded and run_bounded_async with bad inputs are in test_bad_input.py.)
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from hangup._batch import prepared_ahead, run_bounded, run_bounded_async


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


class _Result:
    """A result that a weak reference can watch."""


@contextmanager
def _collector_off() -> Iterator[None]:
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def test_a_sync_batchs_results_are_freed_once_the_caller_drops_them() -> None:
    with _collector_off():  # freed by reference counts alone, not left for the collector
        results = run_bounded(lambda item: _Result(), range(5), concurrency=2)
        watched = weakref.ref(results[0])
        del results
        assert watched() is None


@pytest.mark.asyncio
async def test_an_async_batchs_results_are_freed_once_the_caller_drops_them() -> None:
    async def work(item: int) -> _Result:
        return _Result()

    with _collector_off():
        results = await run_bounded_async(work, range(5), concurrency=2)
        watched = weakref.ref(results[0])
        del results
        assert watched() is None
