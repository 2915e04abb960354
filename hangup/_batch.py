"""Do one thing to many items, a bounded number at a time, keeping the results in input order.

Both versions run up to `concurrency` workers that pull items from one shared iterator, one at
a time (never more than the items taken so far plus WORKER_HEADROOM, so a huge `concurrency`
costs only the work there is): never one thread or task per item, so memory stays flat
however many items there are, apart from the results. `work` must turn its own expected
failures into results (end_many hands back a HangupError as a ref's result), or, in the async
version, name their type in `expected`; anything else it raises is a bug, stops the batch,
and is raised to the caller.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sized
from itertools import islice
from typing import Any, TypeVar, cast

from hangup.defaults import PREPARE_AHEAD, WORKER_HEADROOM

__all__ = ["prepared_ahead", "run_bounded", "run_bounded_async"]

T = TypeVar("T")
P = TypeVar("P")
R = TypeVar("R")
E = TypeVar("E", bound=Exception)


def run_bounded(
    work: Callable[[T], R],
    items: Iterable[T],
    *,
    concurrency: int,
    on_result: Callable[[int, R], None] | None = None,
) -> list[R]:
    """Run `work` on each item in up to `concurrency` threads; `on_result` runs one at a time."""
    from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait  # when used

    results: list[R | None] = []
    source = iter(items)
    take, report, stop = threading.Lock(), threading.Lock(), threading.Event()
    workers = _Workers(items, concurrency)
    futures: list[Future[None]] = []

    def worker() -> None:
        while not stop.is_set():
            with take:
                try:
                    item = next(source)
                except StopIteration:
                    return
                index = len(results)
                results.append(None)
                if workers.one_more(taken=len(results)):
                    futures.append(pool.submit(worker))
            result = work(item)
            results[index] = result
            if on_result is not None:
                with report:
                    on_result(index, result)

    with ThreadPoolExecutor(workers.most, thread_name_prefix="hangup-batch") as pool:
        with take:
            futures.extend(pool.submit(worker) for _ in range(workers.first))
        try:
            _wait_all(futures, take, lambda pending: wait(pending, return_when=FIRST_EXCEPTION))
        finally:
            stop.set()  # on a bug or Ctrl-C, workers finish their current item and quit
        for future in list(futures):
            future.result()
    worker = _no_worker  # it named itself: a cycle that kept `results` for the cycle collector
    return cast(list[R], results)


def _wait_all(futures: list[Any], take: threading.Lock, wait: Callable[[list[Any]], Any]) -> None:
    """Wait until every worker is done, or one fails; workers may add workers meanwhile."""
    while True:
        with take:
            pending = list(futures)
        wait(pending)
        if any(f.done() and f.exception() is not None for f in pending):
            return
        with take:  # a worker only adds a worker before it finishes, so an unchanged list is all
            if len(futures) == len(pending):
                return


async def run_bounded_async(
    work: Callable[[T], Awaitable[R]],
    items: Iterable[T],
    *,
    concurrency: int,
    on_result: Callable[[int, R], None] | None = None,
    expected: tuple[type[Exception], ...] = (),
) -> list[R]:
    """Run `work` on each item in up to `concurrency` asyncio tasks.

    An `expected` exception from `work(item)` or from awaiting it is that item's result (R
    must include its type): caught here, `work` needs no coroutine of its own to catch it,
    which every await inside it would pass through.
    """
    import asyncio  # here, so that `import hangup` does not pay for asyncio

    results: list[R | None] = []
    source = iter(items)
    workers = _Workers(items, concurrency)

    async def worker(group: asyncio.TaskGroup) -> None:
        for item in source:  # each next() hands one item to exactly one worker
            index = len(results)
            results.append(None)
            if workers.started < workers.most and workers.one_more(taken=index + 1):
                group.create_task(worker(group))  # (once all have started, no call at all)
            try:
                result = await work(item)
            except expected as error:
                result = cast(R, error)
            results[index] = result
            if on_result is not None:
                on_result(index, result)

    try:
        async with asyncio.TaskGroup() as group:
            for _ in range(workers.first):
                group.create_task(worker(group))
    except BaseExceptionGroup as failures:  # a bug: raise it plainly, not wrapped in a group
        raise failures.exceptions[0] from None
    worker = _no_async_worker  # as in run_bounded: the caller's drop frees the results at once
    return cast(list[R], results)


def prepared_ahead(
    prepare: Callable[[T], P],
    items: Iterable[T],
    *,
    expected: tuple[type[E], ...],
    ahead: int = PREPARE_AHEAD,
) -> Iterator[P | E]:
    """`prepare(item)` for each item, in order, `ahead` items at a time.

    An `expected` error stands in place of the item it was raised for. For work whose first
    step is CPU only (AsyncHangup parses a ref and builds its call): interleaved with the
    event loop's and aiohttp's code, that step ran with its code and data out of the CPU's
    caches; `ahead` of them back to back run warm. Items are taken from `items` no earlier
    than `ahead` before their turn, so a generator stays lazy.
    """
    source = iter(items)
    while chunk := list(islice(source, ahead)):
        ready: list[P | E] = []
        for item in chunk:
            try:
                ready.append(prepare(item))
            except expected as error:
                ready.append(error)
        yield from ready


def _no_worker() -> None:
    """What `worker` names once run_bounded is done with it."""


async def _no_async_worker(group: object) -> None:
    """What `worker` names once run_bounded_async is done with it."""


class _Workers:
    """How many workers to run: at most `concurrency`, never many more than the items taken.

    A generator's length is unknown, so workers start WORKER_HEADROOM at a time and one more
    starts with each item taken: `end_many(three_refs, concurrency=10**9)` runs a handful of
    workers, not a billion.
    """

    def __init__(self, items: Iterable[object], concurrency: int) -> None:
        self.most = (
            min(concurrency, max(len(items), 1)) if isinstance(items, Sized) else concurrency
        )
        self.first = min(self.most, WORKER_HEADROOM)
        self.started = self.first

    def one_more(self, *, taken: int) -> bool:
        """True (and counted) when the caller should start another worker now."""
        if self.started < self.most and self.started < taken + WORKER_HEADROOM:
            self.started += 1
            return True
        return False
