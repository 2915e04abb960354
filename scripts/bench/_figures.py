"""What a benchmark hands back: figures, each a ratio to a baseline measured in the same run.

A benchmark is a function `(Settings) -> list[Figure]`. A figure carries hangup's number,
the baseline's number beside it, and a target on their ratio (or on the number itself, for
the few targets the issue states in seconds). Nothing here measures anything.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["Benchmark", "Figure", "Settings", "Target", "fmt", "median"]


@dataclass(frozen=True)
class Settings:
    """How hard every benchmark works: `quick` shrinks every count to a smoke test's."""

    quick: bool = False

    def count(self, full: int, quick: int) -> int:
        """The full count, or the quick one under --quick."""
        return quick if self.quick else full


@dataclass(frozen=True)
class Target:
    """A limit on a figure's ratio (or, with on_value, on its own number)."""

    limit: float
    at_most: bool = True  # False: the figure must reach at least `limit`
    on_value: bool = False  # True: the limit is on `value` in its unit, not on the ratio

    def met(self, ratio: float, value: float) -> bool:
        """True when the figure meets the target."""
        seen = value if self.on_value else ratio
        return seen <= self.limit if self.at_most else seen >= self.limit

    def describe(self, unit: str) -> str:
        """The target as printed, e.g. '<= 1.10x' or '< 0.50 s'."""
        sign = "<=" if self.at_most else ">="
        return f"{sign} {fmt(self.limit, unit)}" if self.on_value else f"{sign} {self.limit:.2f}x"


@dataclass(frozen=True)
class Figure:
    """One measured figure: hangup's `value` and the `baseline` it is divided by, same unit."""

    name: str
    value: float
    baseline: float
    unit: str  # "s", "B", "/s" (a rate: higher is better), or "" for a plain number
    baseline_name: str  # what the baseline is, e.g. "bare httpx.Client"
    target: Target | None = None  # None: shown for information, neither PASS nor MISS
    note: str = ""

    @property
    def ratio(self) -> float:
        """value / baseline (inf when the baseline is zero)."""
        return self.value / self.baseline if self.baseline else float("inf")

    @property
    def ratio_text(self) -> str:
        """The ratio as printed: 1.058x, or 2.3e-04x when it is too small for three decimals."""
        ratio = self.ratio
        return f"{ratio:.3f}x" if abs(ratio) >= 0.01 or ratio == 0 else f"{ratio:.1e}x"

    @property
    def verdict(self) -> str:
        """PASS, MISS, or '-' when the figure has no target."""
        if self.target is None:
            return "-"
        return "PASS" if self.target.met(self.ratio, self.value) else "MISS"

    @property
    def target_text(self) -> str:
        """The target as printed, or '-'."""
        return self.target.describe(self.unit) if self.target else "-"


Benchmark = Callable[[Settings], list[Figure]]


def median(samples: Sequence[float]) -> float:
    """The median of `samples` (which must not be empty)."""
    return statistics.median(samples)


def fmt(value: float, unit: str) -> str:
    """A number in its unit, scaled for reading: 212 µs, 1.3 s, 4.1 KiB, 3,210/s."""
    if unit == "s":
        for scale, suffix in ((1.0, "s"), (1e-3, "ms"), (1e-6, "µs")):
            if abs(value) >= scale:
                return f"{value / scale:.3g} {suffix}"
        return f"{value * 1e9:.3g} ns"
    if unit == "B":
        for scale, suffix in ((2**30, "GiB"), (2**20, "MiB"), (2**10, "KiB")):
            if abs(value) >= scale:
                return f"{value / scale:.3g} {suffix}"
        return f"{value:.3g} B"
    if unit == "/s":
        return f"{value:,.0f}/s"
    return f"{value:.3g}{unit}"
