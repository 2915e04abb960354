"""Record every session an app opens so none leaks; the rows live in a store (one SQLite file).

How a session moves (each arrow is one short transaction; batch twins do many in one):

    track()        new                      -> open
    mark_ending()  open | failed | ending   -> ending   attempts + 1; commit BEFORE sending the end
    claim()        the same, for a page of reapable sessions that match, atomically
    renew()        ending -> ending        the claimer extends its lease
    prune()        ended | gone -> (deleted) once old enough
    mark_ended()   open | ending | failed   -> ended, or gone when the vendor no longer knew it
    mark_failed()  open | ending | failed   -> failed   keeps the error for `hangup sessions`

`ended` and `gone` are final: nothing moves a session out of them, so an end the vendor confirmed
is never sent again. A session is *reapable* when it is open, failed, or ending under a claim
whose process is gone (a reaper killed after sending an end but before recording the answer;
sending it again is safe because ending a session is idempotent).

This class checks every argument and keeps the clock; the store (hangup.ledger._store) only
stores, so a second backend implements storage and nothing else.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType

from hangup.defaults import LEDGER_LEASE, LEDGER_PRUNE_BATCH
from hangup.ledger._claims import this_process
from hangup.ledger._errors import InvalidLedgerEntry
from hangup.ledger._records import (
    SessionState,
    TrackedSession,
    as_utc,
    check_labels,
    check_ref,
    check_relabel,
    check_vendor,
)
from hangup.ledger._store import LedgerStore, Selection
from hangup.ledger._targets import is_postgres_url, sqlite_path

__all__ = ["DEFAULT_CLAIM_LEASE", "LEDGER_ENV", "Ledger", "utc_now"]

LEDGER_ENV = "HANGUP_LEDGER"
# How long a claim holds unless renewed (hangup.defaults.LEDGER_LEASE).
DEFAULT_CLAIM_LEASE = LEDGER_LEASE
MAX_ERROR_CHARS = 2000


def utc_now() -> datetime:
    """Return the current time in UTC (the ledger's default clock)."""
    return datetime.now(UTC)


Target = str | os.PathLike[str]


class Ledger:
    """Track sessions so a crash never leaks one; use it as a context manager.

    `target` is an SQLite file (a path, or sqlite:///path) or a postgresql:// URL (with the
    `hangup[postgres]` extra); it defaults to `Ledger.default_target()`. `path=` is the name
    it had before PostgreSQL (`Ledger(path=...)` still works, for an SQLite file). `clock`
    returns an aware datetime (tests inject one); `claim_lease` is how long a claim holds
    unless renewed. A file or database that is not a hangup ledger, or is from a newer hangup,
    is refused untouched.
    """

    def __init__(
        self,
        target: Target | None = None,
        *,
        clock: Callable[[], datetime] = utc_now,
        claim_lease: timedelta = DEFAULT_CLAIM_LEASE,
        path: Target | None = None,
    ) -> None:
        if path is not None:
            if target is not None:
                raise InvalidLedgerEntry("give the ledger as target or as path=, not both")
            target = path
        if not isinstance(claim_lease, timedelta) or claim_lease <= timedelta(0):
            raise InvalidLedgerEntry(f"claim_lease must be a timedelta > 0, got {claim_lease!r}")
        chosen = self.default_target() if target is None else target
        self._clock = clock
        self._claim_lease = claim_lease
        self._path: Path | None = None
        self._store: LedgerStore
        if is_postgres_url(chosen):
            from hangup.ledger._postgres import PostgresStore

            self._store = PostgresStore(str(chosen))
        else:
            from hangup.ledger._sqlite import SQLiteStore

            self._path = sqlite_path(chosen)
            self._store = SQLiteStore(self._path)

    @staticmethod
    def default_target() -> Target:
        """Return what `Ledger()` opens: $HANGUP_LEDGER (a path or URL), else the data dir."""
        configured = os.environ.get(LEDGER_ENV)
        if configured:
            return configured if is_postgres_url(configured) else sqlite_path(configured)
        return Ledger.default_path()

    @staticmethod
    def default_path() -> Path:
        """Return the SQLite file: $HANGUP_LEDGER when it is a path, else the user's data dir."""
        configured = os.environ.get(LEDGER_ENV)
        if configured and not is_postgres_url(configured):
            return sqlite_path(configured)
        import platformdirs  # only here, so that `import hangup` stays cheap

        return platformdirs.user_data_path("hangup") / "ledger.sqlite3"

    @staticmethod
    def exists(target: Target | None = None) -> bool:
        """Return False when `target` is an SQLite file not made yet (nothing to list or reap)."""
        chosen = Ledger.default_target() if target is None else target
        if is_postgres_url(chosen):
            return True
        path = sqlite_path(chosen)
        return path.exists() or path.is_symlink()

    @property
    def path(self) -> Path | None:
        """Return the SQLite file's path (always set on SQLite), or None for a PostgreSQL ledger.

        `location` names either kind, fit to show.
        """
        return self._path

    @property
    def location(self) -> str:
        """Return where the ledger is, fit to show: its path, or its URL without the password."""
        return self._store.location

    @property
    def claim_lease(self) -> timedelta:
        """Return how long a claim holds unless it is renewed."""
        return self._claim_lease

    def __repr__(self) -> str:
        return f"Ledger({self._store.location!r})"

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the ledger; calling it again does nothing."""
        self._store.close()

    def track(
        self,
        ref: str,
        vendor: str,
        labels: Mapping[str, str] | None = None,
        *,
        opened_at: datetime | None = None,
    ) -> TrackedSession:
        """Record a session as open and return its entry; tracking it again only adds labels.

        A session already in the ledger, in any state, keeps its state, attempts and opened_at:
        a ref names one session forever, so re-tracking an ended one never reopens it (that
        would send its end again). Labels it lacks are added while it is not final; a label's
        value never changes, and an ended or gone session's labels are final: either is refused
        with InvalidLedgerEntry naming the label, and nothing is written.
        """
        check_ref(ref, vendor)
        checked = check_labels(labels)
        existing = self._store.get(ref) if checked else None
        if existing is not None:
            check_relabel(existing, checked)
        now = self._now()
        opened = now if opened_at is None else as_utc(opened_at, "opened_at")
        return self._store.track(ref, vendor, opened, checked, now)

    def get(self, ref: str) -> TrackedSession | None:
        """Return the entry for `ref`, or None when the ledger does not track it."""
        return self._store.get(ref)

    def sessions(
        self,
        *,
        states: Iterable[SessionState] | None = None,
        vendor: str | None = None,
        labels: Mapping[str, str] | None = None,
        older_than: timedelta | None = None,
    ) -> list[TrackedSession]:
        """List entries, oldest first; every filter given must match (all labels, k=v)."""
        chosen = None if states is None else tuple(SessionState(state) for state in states)
        selection = self._selection(vendor, labels, older_than)._replace(states=chosen)
        return self._store.select(selection, reapable_at=None, limit=None)

    def reapable(
        self,
        *,
        vendor: str | None = None,
        labels: Mapping[str, str] | None = None,
        older_than: timedelta | None = None,
    ) -> list[TrackedSession]:
        """List what `claim()` would take with the same filters, changing nothing (a dry run)."""
        selection = self._selection(vendor, labels, older_than)
        return self._store.select(selection, reapable_at=self._now(), limit=None)

    def claim(
        self,
        *,
        vendor: str | None = None,
        labels: Mapping[str, str] | None = None,
        older_than: timedelta | None = None,
        limit: int | None = None,
        after: tuple[datetime, str] | None = None,
    ) -> list[TrackedSession]:
        """Mark up to `limit` reapable matching sessions `ending` for this process; return them.

        Oldest first, and only those after `after` (the last claimed entry's opened_at and
        ref), so a reap pages through the ledger once. Two claims never take the same
        session. Each claim holds for `claim_lease` unless renewed; record each answer with
        mark_ended or mark_failed as soon as it arrives.
        """
        if limit is not None and (
            isinstance(limit, bool) or not isinstance(limit, int) or limit < 0
        ):
            raise InvalidLedgerEntry(f"limit must be zero or more, got {limit!r}")
        selection = self._selection(vendor, labels, older_than)._replace(after=after)
        now = self._now()
        return self._store.claim(
            selection,
            claimant=this_process(),
            now=now,
            lease_until=now + self._claim_lease,
            limit=limit,
        )

    def renew(self, refs: Iterable[str]) -> list[str]:
        """Extend this process's lease on `refs`; return those it still holds."""
        wanted = list(dict.fromkeys(refs))
        if not wanted:
            return []
        until = self._now() + self._claim_lease
        return self._store.renew(wanted, token=this_process().token, lease_until=until)

    def mark_ending(self, ref: str) -> bool:
        """Record that an end for `ref` is about to be sent; on False it already ended: skip it."""
        return bool(self.mark_ending_many([ref]))

    def mark_ending_many(self, refs: Iterable[str]) -> list[str]:
        """Mark many sessions `ending` in one transaction; return those to send (not yet ended)."""
        wanted = list(dict.fromkeys(refs))
        now = self._now()
        return self._store.mark_ending(
            wanted, claimant=this_process(), now=now, lease_until=now + self._claim_lease
        )

    def mark_ended(self, ref: str, *, already_gone: bool = False) -> None:
        """Record that the vendor confirmed the end (or, already_gone, answered 404)."""
        self.mark_ended_many([ref], already_gone=already_gone)

    def mark_ended_many(self, refs: Iterable[str], *, already_gone: bool = False) -> None:
        """Mark many sessions ended (or gone) in one transaction; final entries stay as they are.

        A session another process has claimed since (it took over an expired lease) is left
        to that process: its claim, and whatever it records, win.
        """
        state = SessionState.GONE if already_gone else SessionState.ENDED
        refs = list(dict.fromkeys(refs))
        self._store.mark_ended(refs, state=state, now=self._now(), token=this_process().token)

    def mark_failed(self, ref: str, error: str, *, sent: bool = True) -> None:
        """Record that ending `ref` failed with `error`; the next reap tries it again.

        sent=False says the end failed before any request left (a missing key, a bad
        argument): that was no attempt, so the `ending` write's count is taken back.
        """
        self.mark_failed_many({ref: error}, sent=sent)

    def mark_failed_many(self, errors: Mapping[str, str], *, sent: bool = True) -> None:
        """Mark many sessions failed, each with its error text, in one transaction."""
        texts = {ref: _error_text(error) for ref, error in errors.items()}
        self._store.mark_failed(texts, now=self._now(), token=this_process().token, sent=sent)

    def prune(
        self, *, ended_before: datetime, dry_run: bool = False, batch: int = LEDGER_PRUNE_BATCH
    ) -> int:
        """Delete ended and gone entries last changed before `ended_before`; return how many.

        In batches of `batch` rows, one short transaction each, so writers never wait long.
        With dry_run, count them and delete nothing.
        """
        cutoff = as_utc(ended_before, "ended_before")
        if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
            raise InvalidLedgerEntry(f"batch must be a whole number >= 1, got {batch!r}")
        if dry_run:
            return self._store.count_final(cutoff)
        deleted = 0
        while True:
            step = self._store.prune(cutoff, limit=batch)
            deleted += step
            if step < batch:
                return deleted

    def pages(self, size: int = LEDGER_PRUNE_BATCH) -> Iterator[list[TrackedSession]]:
        """Yield every entry, oldest first, `size` at a time (for copying a ledger)."""
        after: tuple[datetime, str] | None = None
        while True:
            page = self._store.select(Selection(after=after), reapable_at=None, limit=size)
            if not page:
                return
            yield page
            after = (page[-1].opened_at, page[-1].ref)

    def add_copies(self, entries: Iterable[TrackedSession]) -> int:
        """Insert entries copied from another ledger as they are; skip refs already here."""
        return self._store.insert_copies(list(entries))

    def _now(self) -> datetime:
        return as_utc(self._clock(), "the ledger's clock")

    def _selection(
        self, vendor: str | None, labels: Mapping[str, str] | None, older_than: timedelta | None
    ) -> Selection:
        if vendor is not None:
            check_vendor(vendor)
        opened_before = None
        if older_than is not None:
            if not isinstance(older_than, timedelta) or older_than < timedelta(0):
                raise InvalidLedgerEntry(f"older_than must be a timedelta >= 0, got {older_than!r}")
            opened_before = self._now() - older_than
        return Selection(vendor=vendor, labels=check_labels(labels), opened_before=opened_before)


def _error_text(error: str) -> str:
    if not isinstance(error, str):
        raise InvalidLedgerEntry(f"error must be text, got {error!r}")
    return error if len(error) <= MAX_ERROR_CHARS else error[: MAX_ERROR_CHARS - 1] + "…"
