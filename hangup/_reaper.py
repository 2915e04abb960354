"""End every session the ledger still holds open, recording each answer the moment it arrives.

    async with AsyncHangup(ledger=False) as client, Ledger() as ledger:
        report = await reap(ledger, client, older_than=timedelta(minutes=30))

What a reap does, in order:

1. `Ledger.claim()` marks a page of matching reapable sessions (open, failed, or `ending`
   under a lease that ran out) `ending` for this process, in one transaction. That is the
   write *before* each end call: another reaper now leaves these sessions alone.
2. `AsyncHangup.end_many(..., missing_ok=True)` ends them, `concurrency` at a time, while a
   background task renews the page's leases every `renew_every` (well before they expire).
3. As each answer arrives, one transaction records it: `ended`, `gone` (the vendor answered
   404: nothing left to end), or `failed` with the error's text (reapable by the next run).
4. The next page is claimed after the last one's (opened_at, ref): a reap walks the ledger
   once, its memory flat in the number of matching sessions, and N reapers share one ledger.

Crash model (a reaper killed with SIGKILL at any moment, then started again): every session
whose answer was recorded is final and never sent again; every other one is still `ending`
under the dead process's claim, which any reaper takes over once its lease runs out (at once
on the same SQLite host, where a dead pid is seen), so none is lost. A reaper frozen past its
lease loses its claims the same way, and its late answers are not recorded (the new owner's
are): hangup.ledger._claims. The one
window that cannot be closed is between the vendor's answer reaching this process and the
commit recording it, a few hundred microseconds per session: a session whose end was in
flight or answered-but-unrecorded when the process died is sent once more (at most
`concurrency` sessions, one extra call each). Ending a session is idempotent, and a vendor
that already forgot it answers 404, which counts as gone; so the extra call is harmless.
Committing each answer on its own, not per batch, is what keeps that window this small.

Each reap runs under a `hangup.reap` span (its counts as attributes, the ends beneath it),
sets the `hangup.reap.reapable` gauge per vendor when the application configured
OpenTelemetry (hangup._telemetry), and logs its summary on the `hangup` logger (INFO).
A reap that is stopped without being killed (cancelled, Ctrl-C, a ledger error) marks what
got no recorded answer `failed`, so the next reap need not wait for this process to exit.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

import attrs

from hangup._client import AsyncHangup, Outcome
from hangup._results import Ended
from hangup._telemetry import RunSpan, run_span
from hangup._tracking import describe_error, sent_nothing
from hangup.defaults import DEFAULT_CONCURRENCY, LEDGER_CLAIM_PAGE, LEDGER_LEASE_RENEWAL
from hangup.errors import InvalidArgument
from hangup.ledger import Ledger, LedgerError, TrackedSession

__all__ = ["Failure", "ReapReport", "VendorTally", "reap", "still_reapable"]

logger = logging.getLogger("hangup")
OnClaimed = Callable[[int], None]
OnReaped = Callable[[TrackedSession, Outcome], None]


@attrs.define
class VendorTally:
    """Count what a reap did with one vendor's sessions."""

    ended: int = 0
    gone: int = 0  # the vendor no longer knew the session (404)
    failed: int = 0  # still reapable, with the error in the ledger


@attrs.frozen
class Failure:
    """Say which session a reap could not end, and why (as the ledger now records it)."""

    ref: str
    vendor: str
    error: str


@attrs.frozen
class ReapReport:
    """Read what one reap did: per-vendor counts, each failure, and how long it took."""

    tallies: Mapping[str, VendorTally]
    failures: tuple[Failure, ...]
    seconds: float

    @property
    def ended(self) -> int:
        """Sessions the vendors confirmed ended."""
        return sum(tally.ended for tally in self.tallies.values())

    @property
    def gone(self) -> int:
        """Sessions the vendors no longer knew."""
        return sum(tally.gone for tally in self.tallies.values())

    @property
    def failed(self) -> int:
        """Sessions left for the next reap."""
        return len(self.failures)

    @property
    def total(self) -> int:
        """Sessions this reap claimed."""
        return self.ended + self.gone + self.failed


async def reap(
    ledger: Ledger,
    client: AsyncHangup,
    *,
    vendor: str | None = None,
    labels: Mapping[str, str] | None = None,
    older_than: timedelta | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    page_size: int = LEDGER_CLAIM_PAGE,
    renew_every: timedelta | None = None,
    on_claimed: OnClaimed | None = None,
    on_reaped: OnReaped | None = None,
) -> ReapReport:
    """End every reapable session that matches (all filters must); return what happened.

    `client` must be made with `ledger=False`: the reaper does the ledger's writes itself.
    Sessions are claimed `page_size` at a time; leases are renewed every `renew_every`
    (default: LEDGER_LEASE_RENEWAL, or a third of the ledger's lease if that is shorter).
    `on_claimed(count)` is called with the running count as each page is claimed,
    `on_reaped(entry, outcome)` after each answer is recorded (a progress bar's hooks).
    """
    if client.ledger is not None:
        raise InvalidArgument(
            "reap() records every answer itself: pass a client made with ledger=False"
        )
    for name, value in (("concurrency", concurrency), ("page_size", page_size)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidArgument(f"{name} must be a whole number >= 1, got {value!r}")
    every = renew_every or min(LEDGER_LEASE_RENEWAL, ledger.claim_lease / 3)
    started = time.perf_counter()
    with run_span("hangup.reap") as run:
        recorder = _Recorder(ledger, on_reaped)
        after: tuple[datetime, str] | None = None
        claimed = 0
        while True:
            page = ledger.claim(
                vendor=vendor, labels=labels, older_than=older_than, limit=page_size, after=after
            )
            claimed += len(page)
            if on_claimed is not None and (page or after is None):
                on_claimed(claimed)
            if not page:
                break
            after = (page[-1].opened_at, page[-1].ref)
            await _end_page(client, recorder, page, concurrency, every)
        report = ReapReport(
            tallies=dict(sorted(recorder.tallies.items())),
            failures=tuple(recorder.failures),
            seconds=time.perf_counter() - started,
        )
        _observe(run, report, ledger, vendor=vendor, labels=labels, older_than=older_than)
    return report


def still_reapable(
    ledger: Ledger,
    *,
    vendor: str | None = None,
    labels: Mapping[str, str] | None = None,
    older_than: timedelta | None = None,
) -> dict[str, int]:
    """How many sessions matching the filters the ledger holds reapable now, per vendor."""
    from hangup import _registry

    counts = dict.fromkeys((vendor,) if vendor else _registry.names(), 0)
    for entry in ledger.reapable(vendor=vendor, labels=labels, older_than=older_than):
        counts[entry.vendor] = counts.get(entry.vendor, 0) + 1
    return counts


def _observe(
    run: RunSpan,
    report: ReapReport,
    ledger: Ledger,
    *,
    vendor: str | None,
    labels: Mapping[str, str] | None,
    older_than: timedelta | None,
) -> None:
    """Log the reap's summary; give its span the counts and the reapable gauge its values."""
    logger.info(
        "reap: %d claimed: %d ended, %d gone, %d failed, in %.2f s",
        report.total,
        report.ended,
        report.gone,
        report.failed,
        report.seconds,
        extra={
            "hangup_claimed": report.total,
            "hangup_ended": report.ended,
            "hangup_gone": report.gone,
            "hangup_failed": report.failed,
            "hangup_seconds": report.seconds,
        },
    )
    if run.telemetry is None:
        return  # counting what is still reapable costs a query: only when someone listens
    reapable = still_reapable(ledger, vendor=vendor, labels=labels, older_than=older_than)
    for name, count in reapable.items():
        run.telemetry.reapable.set(count, {"hangup.vendor": name})
    run.counts(
        total=report.total,
        ended=report.ended,
        gone=report.gone,
        failed=report.failed,
        reapable=sum(reapable.values()),
    )


async def _end_page(
    client: AsyncHangup,
    recorder: _Recorder,
    page: list[TrackedSession],
    concurrency: int,
    renew_every: timedelta,
) -> None:
    """End one claimed page, renewing its leases meanwhile; release it if stopped."""
    import asyncio  # here, so that `import hangup` does not load asyncio

    recorder.start_page(page)
    renewing = asyncio.create_task(recorder.keep_renewing(renew_every))
    try:
        await client.end_many(
            [entry.ref for entry in page],
            concurrency=concurrency,
            missing_ok=True,
            on_result=recorder.record,
        )
    except BaseException as stopped:
        recorder.release_unanswered(stopped)
        raise
    finally:
        renewing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await renewing


class _Recorder:
    """Commit each answer as it arrives, and count it."""

    def __init__(self, ledger: Ledger, on_reaped: OnReaped | None) -> None:
        self._ledger = ledger
        self._on_reaped = on_reaped
        self.tallies: dict[str, VendorTally] = {}
        self.failures: list[Failure] = []
        self._claimed: list[TrackedSession] = []
        self._answered: list[bool] = []

    def start_page(self, page: list[TrackedSession]) -> None:
        """Take the next claimed page: record() indexes into it."""
        self._claimed = page
        self._answered = [False] * len(page)

    async def keep_renewing(self, every: timedelta) -> None:
        """Renew the leases of the page's unanswered sessions until cancelled."""
        import asyncio

        while True:
            await asyncio.sleep(every.total_seconds())
            waiting = [
                entry.ref
                for entry, answered in zip(self._claimed, self._answered, strict=True)
                if not answered
            ]
            # A renewal that fails is tried again next time; the lease has room for that.
            with contextlib.suppress(LedgerError):
                self._ledger.renew(waiting)

    def record(self, index: int, outcome: Outcome) -> None:
        """end_many's on_result: one transaction per answer, before the next one is taken."""
        entry = self._claimed[index]
        self._answered[index] = True
        tally = self.tallies.get(entry.vendor)
        if tally is None:
            tally = self.tallies[entry.vendor] = VendorTally()
        if isinstance(outcome, Ended):
            self._ledger.mark_ended(entry.ref, already_gone=outcome.already_gone)
            if outcome.already_gone:
                tally.gone += 1
            else:
                tally.ended += 1
        else:
            error = describe_error(outcome)
            # A missing key or a bad argument sent nothing: not an attempt (attempts unchanged).
            self._ledger.mark_failed(entry.ref, error, sent=not sent_nothing(outcome))
            tally.failed += 1
            self.failures.append(Failure(entry.ref, entry.vendor, error))
        if self._on_reaped is not None:
            self._on_reaped(entry, outcome)

    def release_unanswered(self, stopped: BaseException) -> None:
        """Leave what got no recorded answer reapable at once, when the reap is stopped.

        A reap cancelled, interrupted or broken (a ledger error) would otherwise leave its
        claims for other reapers to wait out until this process exits or the lease ends.
        Some of these ends may have reached the vendor: sending them again is harmless.
        """
        why = f"reap stopped by {type(stopped).__name__} before the answer was recorded"
        unanswered = {
            entry.ref: why
            for entry, answered in zip(self._claimed, self._answered, strict=True)
            if not answered
        }
        # If even this fails, the claims stay until this process exits: reapable then.
        with contextlib.suppress(LedgerError):
            self._ledger.mark_failed_many(unanswered)
