"""What one sweep did, and how it is seen: its report, its summary line, its span's counts.

    sweep: 14 listed: 3 too young, 2 tracked, 8 ended, 1 gone, 0 failed, in 1.42 s

The summary is one INFO line on the `hangup` logger, its counts also record fields
(`hangup_listed`, `hangup_too_young`, ...) for structured handlers. Under OpenTelemetry the
`hangup.sweep` span gets the same counts as `hangup.sessions.<name>`, and the counter
`hangup.sweep.abandoned` counts, per vendor, the sessions found old enough and untracked
(ended, gone, failed or, in a dry run, would end): the sessions something forgot to end.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

import attrs

from hangup._live import LiveSession
from hangup._reaper import Failure
from hangup._telemetry import RunSpan

__all__ = ["SweepReport", "SweepTally", "observe_sweep"]

logger = logging.getLogger("hangup")


@attrs.define
class SweepTally:
    """Count what a sweep did with one vendor's live sessions."""

    listed: int = 0
    too_young: int = 0
    tracked: int = 0
    ended: int = 0
    gone: int = 0  # ended on its own between listing and ending
    failed: int = 0
    would_end: int = 0  # a dry run's candidates

    @property
    def abandoned(self) -> int:
        """Sessions found old enough and untracked, whatever became of them."""
        return self.ended + self.gone + self.failed + self.would_end


@attrs.frozen
class SweepReport:
    """Read what one sweep did: per-vendor counts, the vendors skipped and why, each failure."""

    tallies: Mapping[str, SweepTally]
    skipped: Mapping[str, str]  # vendor -> why it was not swept (it documents no list, ...)
    list_errors: Mapping[str, str]  # vendor -> the error that stopped reading its list
    failures: tuple[Failure, ...]
    candidates: tuple[LiveSession, ...]  # what a dry run would end; empty otherwise
    dry_run: bool
    seconds: float

    @property
    def ended(self) -> int:
        """Sessions the vendors confirmed ended."""
        return sum(tally.ended for tally in self.tallies.values())

    @property
    def failed(self) -> int:
        """Sessions the sweep could not end, plus vendors whose list could not be read."""
        return len(self.failures) + len(self.list_errors)

    def totals(self) -> dict[str, int]:
        """listed, too_young, tracked, ended, gone, failed (and would_end) over every vendor."""
        names = ("listed", "too_young", "tracked", "ended", "gone")
        totals = {name: sum(getattr(t, name) for t in self.tallies.values()) for name in names}
        totals["failed"] = self.failed
        if self.dry_run:
            totals["would_end"] = len(self.candidates)
        return totals


def observe_sweep(run: RunSpan, report: SweepReport) -> None:
    """Log the sweep's summary; give its span the counts and count the abandoned sessions."""
    totals = report.totals()
    logger.info(
        "sweep%s: %d listed: %d too young, %d tracked, %d ended, %d gone, %d failed%s, in %.2f s",
        " (dry run)" if report.dry_run else "",
        totals["listed"],
        totals["too_young"],
        totals["tracked"],
        totals["ended"],
        totals["gone"],
        totals["failed"],
        f", {totals['would_end']} would end" if report.dry_run else "",
        report.seconds,
        extra={
            **{f"hangup_{name}": count for name, count in totals.items()},
            "hangup_dry_run": report.dry_run,
            "hangup_seconds": report.seconds,
        },
    )
    if run.telemetry is None:
        return
    run.counts(**totals)
    for vendor, tally in report.tallies.items():
        run.telemetry.sweep_abandoned.add(tally.abandoned, {"hangup.vendor": vendor})
