"""Measure what hangup costs over bare httpx: every figure a ratio to a baseline of the same run.

    python -m scripts.bench                    # everything (about 15 minutes)
    python -m scripts.bench --quick            # tiny counts: a smoke test, not a measurement
    python -m scripts.bench --only latency --only import
    python -m scripts.bench --markdown         # the table for the README

Each benchmark is a function `(Settings) -> list[Figure]` in a module of scripts/bench/; to
add one, write it there and name it in BENCHMARKS below. Figures print as they come, then a
summary table. Exit status 0, unless --strict and a figure missed its target (a shared
machine is noisy, so a miss is reported, not fatal, by default).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import textwrap
import time
from collections.abc import Sequence

from scripts.bench._figures import Benchmark, Figure, Settings, fmt
from scripts.bench.fleet import backend_ratio, reap_memory, reapers_speedup
from scripts.bench.latency import end_latency
from scripts.bench.memory import end_many_memory
from scripts.bench.new_client import new_client_end
from scripts.bench.otel import otel_latency
from scripts.bench.reap import reap_time
from scripts.bench.startup import generate_times, import_time
from scripts.bench.throughput import end_many_throughput

__all__ = ["BENCHMARKS", "machine", "main", "ratio_line", "run"]

BENCHMARKS: dict[str, Benchmark] = {
    "latency": end_latency,
    "new-client": new_client_end,
    "throughput": end_many_throughput,
    "import": import_time,
    "generate": generate_times,
    "memory": end_many_memory,
    "reap": reap_time,
    "reapers": reapers_speedup,
    "reap-memory": reap_memory,
    "backends": backend_ratio,
    "otel": otel_latency,  # last: it sets OpenTelemetry's global providers for a while
}


def run(names: Sequence[str], settings: Settings) -> list[Figure]:
    """Run the named benchmarks in order, printing each figure as it comes."""
    figures: list[Figure] = []
    for name in names:
        started = time.perf_counter()
        print(f"== {name}", flush=True)
        for figure in BENCHMARKS[name](settings):
            print(ratio_line(figure), flush=True)
            figures.append(figure)
        print(f"   ({time.perf_counter() - started:.0f} s)", flush=True)
    return figures


def ratio_line(figure: Figure) -> str:
    """One figure on one line: ratio, both numbers, target and verdict."""
    return (
        f"{figure.ratio_text:>8}  {figure.name}: {fmt(figure.value, figure.unit)} vs "
        f"{fmt(figure.baseline, figure.unit)} ({figure.baseline_name}); "
        + (f"target {figure.target_text} {figure.verdict}" if figure.target else "no target")
        + (f"  [{figure.note}]" if figure.note else "")
    )


def table(figures: Sequence[Figure], *, markdown: bool) -> str:
    """Every figure as a table: plain text for the terminal, or markdown for the README."""
    head = ("figure", "ratio", "hangup", "baseline", "baseline is", "target", "result")
    rows = [
        (
            f.name,
            f.ratio_text,
            fmt(f.value, f.unit),
            fmt(f.baseline, f.unit),
            f.baseline_name,
            f.target_text,
            f.verdict,
        )
        for f in figures
    ]
    if markdown:
        lines = [head, tuple("---" for _ in head), *rows]
        return "\n".join("| " + " | ".join(row) + " |" for row in lines)
    widths = [max(len(row[i]) for row in (head, *rows)) for i in range(len(head))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in (head, *rows)
    )


def machine() -> str:
    """The machine the figures came from: cores, CPU model, Python and OS."""
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    model = line.partition(":")[2].strip()
                    break
    except OSError:
        model = platform.processor() or model
    return (
        f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    # The names in an epilog wrapped here, not by argparse: its wrapping breaks at hyphens
    listed = textwrap.fill(f"benchmarks: {', '.join(BENCHMARKS)}", 79, break_on_hyphens=False)
    parser = argparse.ArgumentParser(
        prog="python -m scripts.bench",
        description=__doc__.splitlines()[0],
        epilog=listed,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--quick", action="store_true", help="tiny counts, for a smoke test")
    parser.add_argument(
        "--only",
        action="append",
        choices=list(BENCHMARKS),
        metavar="NAME",
        help="run only this benchmark (repeatable; the names are below)",
    )
    parser.add_argument("--markdown", action="store_true", help="print the table as markdown")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    chosen = args.only or list(BENCHMARKS)
    print(f"hangup benchmarks{' (quick)' if args.quick else ''} on {machine()}", flush=True)
    figures = run(chosen, Settings(quick=args.quick))
    print()
    print(table(figures, markdown=args.markdown))
    missed = [figure.name for figure in figures if figure.verdict == "MISS"]
    if missed:
        print(f"\nmissed: {'; '.join(missed)}")
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
