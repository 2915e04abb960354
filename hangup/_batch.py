"""Do one thing to many items, a bounded number at a time, keeping the results in input order.

Both versions run `concurrency` workers that pull items from one shared iterator, one at a
time: never one thread or task per item, so memory stays flat however many items there are,
apart from the results. `work` must turn its own expected failures into results (end_many
hands back a HangupError as a ref's result); anything it raises is a bug, stops the batch,
and is raised to the caller.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable, Iterable, Sized
from typing import TypeVar, cast

__all__ = ["run_bounded", "run_bounded_async"]

T = TypeVar("T")
R = TypeVar("R")


def run_bounded(
    work: Callable[[T], R],
    items: Iterable[T],
    *,
    concurrency: int,
    on_result: Callable[[int, R], None] | None = None,
) -> list[R]:
    """Run `work` on each item in `concurrency` threads; `on_result` is called one at a time."""
    from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait  # only when used

    results: list[R | None] = []
    source = iter(items)
    take, report, stop = threading.Lock(), threading.Lock(), threading.Event()

    def worker() -> None:
        while not stop.is_set():
            with take:
                try:
                    item = next(source)
                except StopIteration:
                    return
                index = len(results)
                results.append(None)
            result = work(item)
            results[index] = result
            if on_result is not None:
                with report:
                    on_result(index, result)

    workers = _workers(items, concurrency)
    with ThreadPoolExecutor(workers, thread_name_prefix="hangup-batch") as pool:
        futures = [pool.submit(worker) for _ in range(workers)]
        try:
            wait(futures, return_when=FIRST_EXCEPTION)
        finally:
            stop.set()  # on a bug or Ctrl-C, workers finish their current item and quit
        for future in futures:
            future.result()
    return cast(list[R], results)


async def run_bounded_async(
    work: Callable[[T], Awaitable[R]],
    items: Iterable[T],
    *,
    concurrency: int,
    on_result: Callable[[int, R], None] | None = None,
) -> list[R]:
    """Run `work` on each item in `concurrency` asyncio tasks."""
    import asyncio  # here, so that `import hangup` does not pay for asyncio

    results: list[R | None] = []
    source = iter(items)

    async def worker() -> None:
        for item in source:  # each next() hands one item to exactly one worker
            index = len(results)
            results.append(None)
            result = await work(item)
            results[index] = result
            if on_result is not None:
                on_result(index, result)

    try:
        async with asyncio.TaskGroup() as group:
            for _ in range(_workers(items, concurrency)):
                group.create_task(worker())
    except BaseExceptionGroup as failures:  # a bug: raise it plainly, not wrapped in a group
        raise failures.exceptions[0] from None
    return cast(list[R], results)


def _workers(items: Iterable[object], concurrency: int) -> int:
    """No more workers than items, when we can tell how many there are."""
    return min(concurrency, max(len(items), 1)) if isinstance(items, Sized) else concurrency
