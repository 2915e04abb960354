"""Peak memory of `AsyncHangup.end_many` over many refs: flat in their number, but for results.

    python -m scripts.bench.memory N     # one measurement, printed as JSON (a child process)

Each size runs in a fresh process under tracemalloc. The refs come from a generator (a
caller's list of refs is the caller's memory), and the answers from an in-process transport
that answers like scripts.servers.local_vendor: memory is about what end_many holds, and 100,000
round trips through a real socket would take minutes without changing what it holds. Like any
real transport it lets the event loop run once per request: one that never yields runs every
ref in one task with the loop stopped, and the loop then keeps each call's cancelled
asyncio.timeout timer (~180 B) until the batch ends, as it only sweeps them while it runs.
What the results themselves take is measured by dropping them; the rest of the peak is the
working set, which must not grow with the number of refs. The baseline is the smallest size.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import subprocess
import sys
import tracemalloc

import httpx

from scripts.bench._end_calls import async_hangup_client, local_vendor_answer, ref_text
from scripts.bench._figures import Figure, Settings, Target
from scripts.spec.provenance import ROOT

__all__ = ["end_many_memory", "measure"]

VENDOR = "vectorshift"
CONCURRENCY = 64
# What end_many may hold per ref beyond its result: less than one 8-byte pointer, i.e. nothing
# (holding anything per ref costs at least a list slot). The cycle collector's timing moves the
# working set by ~100 KiB from run to run: about 1 B a ref over the 90,000 extra refs.
GROWTH_TARGET = Target(8.0, on_value=True)


def end_many_memory(settings: Settings) -> list[Figure]:
    """The working set (peak minus the results) of end_many at growing numbers of refs."""
    sizes = (1_000, 2_000, 5_000) if settings.quick else (10_000, 50_000, 100_000)
    seen = _children(sizes)
    smallest, largest = sizes[0], sizes[-1]
    base = seen[smallest]["working"]
    figures = [
        Figure(
            f"end_many peak memory minus results, {size:,} refs",
            seen[size]["working"],
            base,
            "B",
            f"the same at {smallest:,} refs",
            note=f"the results: {seen[size]['results'] / size:,.0f} B per ref",
        )
        for size in sizes[1:]
    ]
    growth = (seen[largest]["working"] - base) / (largest - smallest)
    figures.append(
        Figure(
            f"end_many memory growth per extra ref, {smallest:,} -> {largest:,} refs",
            growth,
            seen[largest]["results"] / largest,
            "B",
            "what its result takes, per ref",
            GROWTH_TARGET,
            note="peak minus results; the target is on the growth itself",
        )
    )
    return figures


def _children(sizes: tuple[int, ...]) -> dict[int, dict[str, int]]:
    """Measure each size in its own process, all at once (memory does not mind the company)."""
    running = {
        size: subprocess.Popen(
            [sys.executable, "-m", "scripts.bench.memory", str(size)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for size in sizes
    }
    seen = {}
    for size, child in running.items():
        out, _ = child.communicate()
        if child.returncode != 0:
            raise RuntimeError(
                f"scripts.bench.memory {size} failed with exit status {child.returncode}"
            )
        seen[size] = dict(json.loads(out))
    return seen


def measure(size: int) -> dict[str, int]:
    """Run end_many over `size` refs under tracemalloc; return its peak, results and rest."""
    return asyncio.run(_measure(size))


class _InProcessVendor(httpx.AsyncBaseTransport):
    """local_vendor's answers without a socket, yielding to the loop once a request, as I/O does."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0)  # a yield to the event loop, not a pause
        await request.aread()
        return local_vendor_answer(request)


async def _measure(size: int) -> dict[str, int]:
    transport = _InProcessVendor()
    async with async_hangup_client(VENDOR, "http://127.0.0.1:9", transport=transport) as client:
        await client.end_many(ref_text(VENDOR, i) for i in range(CONCURRENCY))  # warm up
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        refs = (ref_text(VENDOR, i) for i in range(size))
        results = await client.end_many(refs, concurrency=CONCURRENCY)
        after, peak = tracemalloc.get_traced_memory()
        if len(results) != size or any(isinstance(result, Exception) for result in results):
            raise RuntimeError(f"end_many did not end all {size} sessions")
        del results
        gc.collect()
        dropped = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
    held = after - dropped  # what the results took
    return {"peak": peak - before, "results": held, "working": peak - before - held}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.bench.memory",
        description="One measurement of end_many over N refs, printed as JSON (the benchmark "
        "runs this in a child process per size; `python -m scripts.bench --only memory`).",
    )
    parser.add_argument("size", type=int, metavar="N", help="how many refs")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.size)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
