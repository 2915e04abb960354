"""The fleet benchmarks are in `make bench`; the cheapest runs end to end in its quick form."""

from __future__ import annotations

from scripts.bench._figures import Settings
from scripts.bench.cli import BENCHMARKS
from scripts.bench.fleet import (
    MEMORY_TARGET,
    SPEEDUP_TARGET,
    backend_ratio,
    reap_memory,
    reapers_speedup,
)


def test_make_bench_runs_the_three_fleet_benchmarks() -> None:
    assert BENCHMARKS["reapers"] is reapers_speedup
    assert BENCHMARKS["reap-memory"] is reap_memory
    assert BENCHMARKS["backends"] is backend_ratio


def test_the_speedup_target_asks_for_at_least_and_the_memory_target_for_at_most() -> None:
    assert SPEEDUP_TARGET.met(1.7, 0)
    assert not SPEEDUP_TARGET.met(1.5, 0)
    assert MEMORY_TARGET.met(1.05, 0)
    assert not MEMORY_TARGET.met(1.2, 0)


def test_the_quick_backend_benchmark_reaps_both_ledgers_and_reports_their_ratio() -> None:
    (figure,) = backend_ratio(Settings(quick=True))  # raises unless every session was ended
    assert figure.name == "reap 200 sessions on PostgreSQL"
    assert figure.value > 0
    assert figure.baseline > 0
    assert figure.target is None  # reported, not judged
