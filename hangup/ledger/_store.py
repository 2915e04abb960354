"""The seam between the Ledger and where its rows live: one small interface per storage backend.

    Ledger (hangup.ledger._ledger)      checks every argument, keeps the clock, owns the rules
       │ calls only this Protocol
       ▼
    LedgerStore                         stores rows and runs each state change atomically
       ├── SQLiteStore (._sqlite)       one file, shared by the processes of one host
       └── (a second backend implements the same methods)

A store is handed values that are already checked (refs, vendors, labels, aware UTC
datetimes); it never validates, and it never decides a transition itself: the transitions
a store may make are the ones named below, and each keeps `ended` and `gone` final.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import NamedTuple, Protocol

from hangup.ledger._records import SessionState, TrackedSession

__all__ = ["LedgerStore", "Selection"]


class Selection(NamedTuple):
    """Which entries a listing or a claim is about; every field given must match."""

    vendor: str | None = None
    labels: Mapping[str, str] = {}
    opened_before: datetime | None = None  # opened at or before this moment
    states: tuple[SessionState, ...] | None = None


class LedgerStore(Protocol):
    """Store ledger entries; every method is one atomic step (one transaction)."""

    @property
    def location(self) -> str:
        """Where the rows live, fit to show a person (a path; never a password)."""
        ...

    def track(
        self, ref: str, vendor: str, opened_at: datetime, labels: Mapping[str, str], now: datetime
    ) -> TrackedSession:
        """Insert `ref` as open, or merge `labels` into its entry; return the entry."""
        ...

    def get(self, ref: str) -> TrackedSession | None:
        """Return the entry for `ref`, or None."""
        ...

    def select(
        self, selection: Selection, *, reapable_before: datetime | None, limit: int | None
    ) -> list[TrackedSession]:
        """Entries that match, oldest first; with `reapable_before`, only reapable ones.

        Reapable: open, failed, or ending under a claim made at or before `reapable_before`
        or whose owner is known to be gone.
        """
        ...

    def claim(
        self,
        selection: Selection,
        *,
        owner: str,
        now: datetime,
        reapable_before: datetime,
        limit: int | None,
    ) -> list[TrackedSession]:
        """Mark the reapable matching entries `ending` for `owner` at once; return them."""
        ...

    def mark_ending(self, refs: Sequence[str], *, owner: str, now: datetime) -> list[str]:
        """open | failed | ending -> ending (attempts + 1); return the refs it changed.

        This method and the two below change nothing and raise SessionNotTracked when any
        ref is unknown; a ref they leave alone because it is final is simply not changed.
        """
        ...

    def mark_ended(self, refs: Sequence[str], *, state: SessionState, now: datetime) -> None:
        """open | ending | failed -> `state` (ended or gone); final entries stay as they are."""
        ...

    def mark_failed(self, errors: Mapping[str, str], *, now: datetime) -> None:
        """open | ending | failed -> failed, keeping each ref's error text."""
        ...

    def close(self) -> None:
        """Release the store's connection; calling it again does nothing."""
        ...
