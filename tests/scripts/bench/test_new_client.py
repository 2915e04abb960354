"""The new-client benchmark runs end to end in its quick form; its speed is `make bench`'s."""

from __future__ import annotations

from scripts.bench._figures import Settings
from scripts.bench.cli import BENCHMARKS
from scripts.bench.new_client import NEW_CLIENT_TARGET, new_client_end


def test_the_quick_new_client_benchmark_ends_through_both_clients_and_reports_two_ratios() -> None:
    figures = new_client_end(Settings(quick=True))  # raises if any end failed
    assert [figure.baseline_name for figure in figures] == [
        "bare httpx.Client",
        "bare httpx.AsyncClient",
    ]
    for figure in figures:
        assert figure.value > 0
        assert figure.baseline > 0
        assert figure.target == NEW_CLIENT_TARGET
        assert figure.verdict in ("PASS", "MISS")


def test_make_bench_runs_the_new_client_benchmark() -> None:
    assert BENCHMARKS["new-client"] is new_client_end
