"""Record every session an app opens so none leaks; the rows live in a store (one SQLite file).

How a session moves (each arrow is one short transaction; batch twins do many in one):

    track()        new                      -> open
    mark_ending()  open | failed | ending   -> ending   attempts + 1; commit BEFORE sending the end
    claim()        the same, for every reapable session that matches, atomically
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
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType

from hangup.ledger._claims import owner_token
from hangup.ledger._errors import InvalidLedgerEntry
from hangup.ledger._records import (
    SessionState,
    TrackedSession,
    as_utc,
    check_labels,
    check_ref,
    check_vendor,
)
from hangup.ledger._sqlite import SQLiteStore
from hangup.ledger._store import LedgerStore, Selection

__all__ = ["DEFAULT_CLAIM_LEASE", "LEDGER_ENV", "Ledger", "utc_now"]

LEDGER_ENV = "HANGUP_LEDGER"
# Past this age a claim is taken over even when its owner's liveness cannot be checked.
DEFAULT_CLAIM_LEASE = timedelta(minutes=30)
MAX_ERROR_CHARS = 2000


def utc_now() -> datetime:
    """Return the current time in UTC (the ledger's default clock)."""
    return datetime.now(UTC)


class Ledger:
    """Track sessions in an SQLite file so a crash never leaks one; use it as a context manager.

    `path` defaults to `Ledger.default_path()`. `clock` returns an aware datetime (tests inject
    one). A file that is not a hangup ledger, or is from a newer hangup, is refused untouched.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        clock: Callable[[], datetime] = utc_now,
        claim_lease: timedelta = DEFAULT_CLAIM_LEASE,
    ) -> None:
        self._path = Path(path).expanduser() if path is not None else self.default_path()
        self._clock = clock
        self._claim_lease = claim_lease
        self._store: LedgerStore = SQLiteStore(self._path)

    @staticmethod
    def default_path() -> Path:
        """Return where `Ledger()` keeps its file: $HANGUP_LEDGER, else the user's data dir."""
        configured = os.environ.get(LEDGER_ENV)
        if configured:
            return Path(configured).expanduser()
        import platformdirs  # only here, so that `import hangup` stays cheap

        return platformdirs.user_data_path("hangup") / "ledger.sqlite3"

    @property
    def path(self) -> Path:
        """Return the ledger file's path."""
        return self._path

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
        would send its end again). Labels given again are merged in, new values winning.
        """
        check_ref(ref, vendor)
        checked = check_labels(labels)
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
        return self._store.select(selection, reapable_before=None, limit=None)

    def reapable(
        self,
        *,
        vendor: str | None = None,
        labels: Mapping[str, str] | None = None,
        older_than: timedelta | None = None,
    ) -> list[TrackedSession]:
        """List what `claim()` would take with the same filters, changing nothing (a dry run)."""
        selection = self._selection(vendor, labels, older_than)
        return self._store.select(selection, reapable_before=self._lease_cutoff(), limit=None)

    def claim(
        self,
        *,
        vendor: str | None = None,
        labels: Mapping[str, str] | None = None,
        older_than: timedelta | None = None,
        limit: int | None = None,
    ) -> list[TrackedSession]:
        """Mark every reapable matching session `ending` for this process, and return them.

        One transaction under the write lock: two reapers never claim the same session. The
        returned entries are already `ending`; record each answer with mark_ended or
        mark_failed as soon as it arrives.
        """
        if limit is not None and limit < 0:
            raise InvalidLedgerEntry(f"limit must be zero or more, got {limit!r}")
        selection = self._selection(vendor, labels, older_than)
        return self._store.claim(
            selection,
            owner=owner_token(),
            now=self._now(),
            reapable_before=self._lease_cutoff(),
            limit=limit,
        )

    def mark_ending(self, ref: str) -> bool:
        """Record that an end for `ref` is about to be sent; on False it already ended: skip it."""
        return bool(self.mark_ending_many([ref]))

    def mark_ending_many(self, refs: Iterable[str]) -> list[str]:
        """Mark many sessions `ending` in one transaction; return those to send (not yet ended)."""
        wanted = list(dict.fromkeys(refs))
        return self._store.mark_ending(wanted, owner=owner_token(), now=self._now())

    def mark_ended(self, ref: str, *, already_gone: bool = False) -> None:
        """Record that the vendor confirmed the end (or, already_gone, answered 404)."""
        self.mark_ended_many([ref], already_gone=already_gone)

    def mark_ended_many(self, refs: Iterable[str], *, already_gone: bool = False) -> None:
        """Mark many sessions ended (or gone) in one transaction; final entries stay as they are."""
        state = SessionState.GONE if already_gone else SessionState.ENDED
        self._store.mark_ended(list(dict.fromkeys(refs)), state=state, now=self._now())

    def mark_failed(self, ref: str, error: str) -> None:
        """Record that ending `ref` failed with `error`; the next reap tries it again."""
        self.mark_failed_many({ref: error})

    def mark_failed_many(self, errors: Mapping[str, str]) -> None:
        """Mark many sessions failed, each with its error text, in one transaction."""
        texts = {ref: _error_text(error) for ref, error in errors.items()}
        self._store.mark_failed(texts, now=self._now())

    def _now(self) -> datetime:
        return as_utc(self._clock(), "the ledger's clock")

    def _lease_cutoff(self) -> datetime:
        return self._now() - self._claim_lease

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
