"""The bench script itself: it runs, prints one ratio line per figure, and judges targets right.

No timing is asserted here: speeds are for `make bench` to report, never for tests to check.
"""

from __future__ import annotations

import re

import pytest

from scripts.bench._end_calls import VENDORS, check_same_request
from scripts.bench._figures import Figure, Target
from scripts.bench.cli import BENCHMARKS, main, ratio_line

RATIO_LINE = re.compile(
    r"^\s*-?\d+\.\d+(e-\d+)?x  .+ vs .+ \(.+\); (target .+ (PASS|MISS)|no target)"
)


def test_a_quick_run_prints_a_ratio_line_per_figure_and_exits_0(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = main(["--quick", "--only", "latency", "--only", "import"])
    out = capsys.readouterr().out
    ratio_lines = [line for line in out.splitlines() if RATIO_LINE.match(line)]
    assert status == 0
    assert len(ratio_lines) == len(VENDORS) + 1  # one latency figure per vendor, one import
    assert all(f"end() latency, {vendor}" in out for vendor in VENDORS)
    assert 'python -c "import hangup"' in out


@pytest.mark.parametrize("vendor", VENDORS)
def test_the_bare_baseline_sends_the_same_request_as_hangup(vendor: str) -> None:
    check_same_request(vendor)  # raises AssertionError naming both requests if they differ


@pytest.mark.parametrize(
    ("target", "value", "baseline", "verdict"),
    [
        (Target(1.10), 109.0, 100.0, "PASS"),
        (Target(1.10), 111.0, 100.0, "MISS"),
        (Target(0.85, at_most=False), 86.0, 100.0, "PASS"),
        (Target(0.85, at_most=False), 84.0, 100.0, "MISS"),
        (Target(0.5, on_value=True), 0.4, 10.0, "PASS"),
        (Target(0.5, on_value=True), 0.6, 10.0, "MISS"),
        (None, 5.0, 1.0, "-"),
    ],
)
def test_a_figure_is_judged_on_its_ratio_or_its_value(
    target: Target | None, value: float, baseline: float, verdict: str
) -> None:
    figure = Figure("f", value, baseline, "s", "base", target)
    assert figure.verdict == verdict
    assert ratio_line(figure).lstrip().startswith(f"{value / baseline:.3f}x")


def test_help_lists_every_benchmark(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    help_text = capsys.readouterr().out
    assert all(name in help_text for name in BENCHMARKS)
