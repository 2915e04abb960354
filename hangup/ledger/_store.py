"""The seam between the Ledger and where its rows live: one small interface per storage backend.

    Ledger (hangup.ledger._ledger)      checks every argument, keeps the clock, owns the rules
       │ calls only this Protocol
       ▼
    LedgerStore                         stores rows and runs each state change atomically
       ├── SQLiteStore (._sqlite)       one file, shared by the processes of one host
       └── PostgresStore (._postgres)   one database, shared by a fleet of hosts

A store is handed values that are already checked (refs, vendors, labels, aware UTC
datetimes); it never validates, and it never decides a transition itself: the transitions
a store may make are the ones named below, and each keeps `ended` and `gone` final.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import NamedTuple, Protocol

from hangup.ledger._claims import Claimant
from hangup.ledger._records import SessionState, TrackedSession

__all__ = ["LedgerStore", "Selection"]


class Selection(NamedTuple):
    """Which entries a listing or a claim is about; every field given must match."""

    vendor: str | None = None
    labels: Mapping[str, str] = {}
    opened_before: datetime | None = None  # opened at or before this moment
    states: tuple[SessionState, ...] | None = None
    # Only entries after this (opened_at, ref) in listing order: how a reap pages through.
    after: tuple[datetime, str] | None = None


class LedgerStore(Protocol):
    """Store ledger entries; every method is one atomic step (one transaction)."""

    @property
    def location(self) -> str:
        """Where the rows live, fit to show a person (a path or a URL; never a password)."""
        ...

    def track(
        self, ref: str, vendor: str, opened_at: datetime, labels: Mapping[str, str], now: datetime
    ) -> TrackedSession:
        """Insert `ref` as open, or add the labels it does not have yet; return the entry.

        A label it has keeps its value, and a final (ended, gone) entry's labels never change.
        """
        ...

    def get(self, ref: str) -> TrackedSession | None:
        """Return the entry for `ref`, or None."""
        ...

    def select(
        self, selection: Selection, *, reapable_at: datetime | None, limit: int | None
    ) -> list[TrackedSession]:
        """Entries that match, oldest first; with `reapable_at`, only those reapable then.

        Reapable: open, failed, or ending under a lease that ran out at or before
        `reapable_at` (or, on SQLite, whose owner on this host is known to be gone).
        """
        ...

    def claim(
        self,
        selection: Selection,
        *,
        claimant: Claimant,
        now: datetime,
        lease_until: datetime,
        limit: int | None,
    ) -> list[TrackedSession]:
        """Mark up to `limit` reapable matching entries `ending` for `claimant`; return them.

        Two claims running at once never take the same entry.
        """
        ...

    def mark_ending(
        self, refs: Sequence[str], *, claimant: Claimant, now: datetime, lease_until: datetime
    ) -> list[str]:
        """open | failed | ending -> ending (attempts + 1); return the refs it changed.

        This method and the two below change nothing and raise SessionNotTracked when any
        ref is unknown; a ref they leave alone because it is final is simply not changed.
        """
        ...

    def mark_ended(
        self, refs: Sequence[str], *, state: SessionState, now: datetime, token: str
    ) -> None:
        """open | ending | failed -> `state` (ended or gone), only where no other owner holds it."""
        ...

    def mark_failed(
        self, errors: Mapping[str, str], *, now: datetime, token: str, sent: bool = True
    ) -> None:
        """open | ending | failed -> failed, keeping each error, where no other owner holds it.

        With sent=False (nothing left for the vendor), an `ending` entry's attempt is taken back.
        """
        ...

    def renew(self, refs: Sequence[str], *, token: str, lease_until: datetime) -> list[str]:
        """Extend the lease of the refs still `ending` under `token`; return those."""
        ...

    def count_final(self, ended_before: datetime) -> int:
        """Count ended and gone entries last changed before `ended_before`."""
        ...

    def prune(self, ended_before: datetime, *, limit: int) -> int:
        """Delete up to `limit` ended and gone entries last changed before `ended_before`."""
        ...

    def insert_copies(self, entries: Sequence[TrackedSession]) -> int:
        """Insert the entries whose ref is not stored yet, exactly as given; return how many."""
        ...

    def close(self) -> None:
        """Release the store's connection; calling it again does nothing."""
        ...
