"""End the sessions no ledger saw: list each vendor's live ones, end those left running too long.

    async with AsyncHangup(ledger=False) as client, Ledger() as ledger:
        report = await sweep(client, older_than=timedelta(hours=2), ledger=ledger)

What a sweep does, per vendor (every vendor with a key set, or those named):

1. Lists the vendor's live sessions (hangup._live) and sorts each one: *too young* (started
   less than `older_than` ago, or at an unknown time: someone may be using it), *tracked* (the
   ledger holds it open, ending or failed: `hangup reap`'s, under its own age filter; swept
   anyway with `include_tracked`), or a *candidate*.
2. Ends the candidates through `end_many(..., missing_ok=True)`, with the vendor's sweep
   reason (LiveAvatar: ZOMBIE_SESSION_REAP). A session that ended on its own since it was
   listed answers 404: it is *gone*, not failed.
3. Records each session it ended in the ledger, as ended (or gone) with the label swept=true,
   so `hangup sessions` shows it.

Listing and ending never interleave: candidates are collected from the whole list first, since
ending sessions while paging through an offset-paged list of active ones shifts the later pages.
A session that ends on its own while the list is read shifts them too, so the sweep lists again
after ending, until a pass finds no new candidate (at most MAX_PASSES). A dry run makes one pass
and sends no end at all. Vendors that document no list (VectorShift) are named in the report.

The whole run is one `hangup.sweep` span over its list pages' `hangup.live_sessions` spans and
its `hangup.end_many`; its summary is one INFO line (hangup._sweep_report).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

import attrs

from hangup._client import AsyncHangup, Outcome
from hangup._live import LiveSession, is_older
from hangup._reaper import Failure
from hangup._results import Ended
from hangup._sweep_report import SweepReport, SweepTally, observe_sweep
from hangup._telemetry import run_span
from hangup._tracking import describe_error
from hangup.defaults import DEFAULT_CONCURRENCY
from hangup.errors import HangupError, InvalidArgument
from hangup.ledger import Ledger, LedgerError, SessionState

__all__ = ["MAX_PASSES", "SWEPT_LABELS", "SweepReport", "SweepTally", "sweep"]

logger = logging.getLogger("hangup")

MAX_PASSES = 5
SWEPT_LABELS = {"swept": "true"}
# The ledger's states that mean "this one is hangup reap's": the sweep leaves them alone.
_TRACKED_STATES = frozenset({SessionState.OPEN, SessionState.ENDING, SessionState.FAILED})

OnFound = Callable[[int], None]  # how many candidates a pass found (a progress bar's total)
OnEnded = Callable[[LiveSession, Outcome], None]  # after each answer (a progress bar's step)


@attrs.define
class _VendorSweep:
    """One vendor's sweep in progress: what was seen, and what was tried."""

    name: str
    tally: SweepTally
    seen: set[str] = attrs.Factory(set)


async def sweep(
    client: AsyncHangup,
    *,
    older_than: timedelta,
    vendors: Sequence[str] | None = None,
    project_id: str | None = None,
    ledger: Ledger | None = None,
    include_tracked: bool = False,
    dry_run: bool = False,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_found: OnFound | None = None,
    on_ended: OnEnded | None = None,
    now: Callable[[], datetime] | None = None,
) -> SweepReport:
    """End every live session started at least `older_than` ago that no ledger tracks.

    `client` must be made with `ledger=False`: the sweep does the ledger's writes itself.
    `vendors` defaults to every vendor with a key set; `project_id` is Pathors' (without it,
    Pathors is skipped unless named, which is refused). `now` is the clock (tests inject one).
    """
    _check(client, older_than, concurrency)
    started = time.perf_counter()
    clock = now or (lambda: datetime.now(UTC))
    chosen, skipped = _choose(client, vendors, project_id)
    tallies: dict[str, SweepTally] = {}
    failures: list[Failure] = []
    would_end: list[LiveSession] = []
    list_errors: dict[str, str] = {}
    with run_span("hangup.sweep", {"hangup.sweep.dry_run": str(dry_run).lower()}) as run:
        for name in chosen:
            state = _VendorSweep(name, tallies.setdefault(name, SweepTally()))
            project = project_id if name == "pathors" else None
            try:
                for _ in range(1 if dry_run else MAX_PASSES):
                    cutoff = clock() - older_than
                    found = await _list_pass(
                        client, state, project, cutoff, ledger, include_tracked
                    )
                    if dry_run:
                        state.tally.would_end += len(found)
                        would_end.extend(found)
                        break
                    if not found:
                        break
                    if on_found is not None:
                        on_found(len(found))
                    await _end_pass(client, state, found, ledger, concurrency, failures, on_ended)
            except HangupError as error:  # its list failed: the other vendors are swept anyway
                list_errors[name] = describe_error(error)
        report = SweepReport(
            tallies=tallies,
            skipped=skipped,
            list_errors=list_errors,
            failures=tuple(failures),
            candidates=tuple(would_end),
            dry_run=dry_run,
            seconds=time.perf_counter() - started,
        )
        observe_sweep(run, report)
    return report


def _check(client: AsyncHangup, older_than: timedelta, concurrency: int) -> None:
    if client.ledger is not None:
        raise InvalidArgument(
            "sweep() records what it ends itself: pass a client with ledger=False"
        )
    if not isinstance(older_than, timedelta) or older_than < timedelta(0):
        raise InvalidArgument(f"older_than must be a timedelta >= 0, got {older_than!r}")
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise InvalidArgument(f"concurrency must be a whole number >= 1, got {concurrency!r}")


def _choose(
    client: AsyncHangup, vendors: Sequence[str] | None, project_id: str | None
) -> tuple[list[str], dict[str, str]]:
    """The vendors to sweep, and those skipped with why; a named vendor that cannot be, refused."""
    known = client.vendors
    named = list(dict.fromkeys(vendors)) if vendors else None
    for name in named or ():
        if name not in known:
            raise InvalidArgument(f"unknown vendor {name!r}: use one of {', '.join(known)}")
    chosen: list[str] = []
    skipped: dict[str, str] = {}
    for name, settings in known.items():
        if named is not None and name not in named:
            continue
        lister = settings.vendor.lister
        if lister is None:
            skipped[name] = "documents no list of its sessions: cannot be swept"
        elif not settings.has_key:
            if named is not None:
                raise settings.missing_key()
            skipped[name] = f"no key set ({settings.api_key_env})"
        elif lister.needs_project and project_id is None:
            if named is not None:
                raise InvalidArgument(f"{name} lists sessions per project: pass --project ID")
            skipped[name] = "lists sessions per project: pass --project ID"
        else:
            chosen.append(name)
    if project_id is not None and "pathors" not in chosen:
        raise InvalidArgument("--project is Pathors' project id: sweep pathors with it")
    return chosen, skipped


async def _list_pass(
    client: AsyncHangup,
    state: _VendorSweep,
    project_id: str | None,
    cutoff: datetime,
    ledger: Ledger | None,
    include_tracked: bool,
) -> list[LiveSession]:
    """List the vendor once; count each session seen for the first time; return new candidates."""
    found: list[LiveSession] = []
    async for live in client.live_sessions(state.name, project_id=project_id):
        ref = str(live.ref)
        first_sight = ref not in state.seen
        state.seen.add(ref)
        if first_sight:
            state.tally.listed += 1
        if not is_older(live, cutoff):
            state.tally.too_young += first_sight
        elif not include_tracked and _is_tracked(ledger, ref):
            state.tally.tracked += first_sight
        elif first_sight:
            found.append(live)
    return found


def _is_tracked(ledger: Ledger | None, ref: str) -> bool:
    entry = ledger.get(ref) if ledger is not None else None
    return entry is not None and entry.state in _TRACKED_STATES


async def _end_pass(
    client: AsyncHangup,
    state: _VendorSweep,
    found: list[LiveSession],
    ledger: Ledger | None,
    concurrency: int,
    failures: list[Failure],
    on_ended: OnEnded | None,
) -> None:
    """End `found`, recording each answer as it arrives."""

    def record(index: int, outcome: Outcome) -> None:
        live = found[index]
        if isinstance(outcome, Ended):
            if outcome.already_gone:
                state.tally.gone += 1
            else:
                state.tally.ended += 1
            _record_ended(ledger, live, outcome)
        else:
            state.tally.failed += 1
            failures.append(Failure(str(live.ref), live.vendor, describe_error(outcome)))
        if on_ended is not None:
            on_ended(live, outcome)

    reason = client.vendors[state.name].vendor.sweep_reason
    await client.end_many(
        [live.ref for live in found],
        concurrency=concurrency,
        missing_ok=True,
        on_result=record,
        reason=reason,
    )


def _record_ended(ledger: Ledger | None, live: LiveSession, outcome: Ended) -> None:
    """Write the swept session into the ledger; a ledger that fails is logged, never fatal."""
    if ledger is None:
        return
    ref = str(live.ref)
    try:
        ledger.track(ref, live.vendor, SWEPT_LABELS, opened_at=live.started_at)
        ledger.mark_ended(ref, already_gone=outcome.already_gone)
    except LedgerError as error:
        logger.warning("swept %s but could not record it in the ledger: %s", ref, error)
