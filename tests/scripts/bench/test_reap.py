"""The reap benchmark runs end to end in its quick form; its speed is `make bench`'s to report."""

from __future__ import annotations

from scripts.bench._figures import Settings
from scripts.bench.cli import BENCHMARKS
from scripts.bench.reap import REAP_TARGET, reap_time


def test_the_quick_reap_benchmark_reaps_every_session_and_reports_one_ratio() -> None:
    (figure,) = reap_time(Settings(quick=True))  # raises if any session was not ended
    assert figure.name == "reap 200 ledger sessions at concurrency 16"
    assert figure.value > 0
    assert figure.baseline > 0
    assert figure.target == REAP_TARGET
    assert figure.verdict in ("PASS", "MISS")


def test_make_bench_runs_the_reap_benchmark() -> None:
    assert BENCHMARKS["reap"] is reap_time
