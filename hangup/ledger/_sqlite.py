"""The SQLite store: one file, shared by the processes of one host (WAL, short transactions).

Writers take the write lock up front (BEGIN IMMEDIATE), so concurrent processes queue on the
busy timeout instead of failing with `database is locked`. One connection serves every thread
of a process, behind a lock. How the file is opened, refused or migrated, and its durability,
is hangup.ledger._sqlite_schema's.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from hangup.ledger._claims import Claimant, claim_abandoned
from hangup.ledger._errors import LedgerError, SessionNotTracked
from hangup.ledger._records import (
    SessionState,
    TrackedSession,
    readable_records,
    record_from_row,
    stamp,
)
from hangup.ledger._sqlite_queries import (
    COUNT_FINAL,
    EXISTS,
    INSERT_COPY,
    PRUNE,
    RENEW,
    SELECT_ONE,
    SET_ENDED,
    SET_ENDING,
    SET_FAILED,
    TRACK,
    select_rows,
    set_ending_many,
    where,
)
from hangup.ledger._sqlite_schema import open_ledger_file
from hangup.ledger._store import Selection

__all__ = ["SQLiteStore"]

_ENDING = SessionState.ENDING.value
# Refs in one `UPDATE ... WHERE ref IN (...)`: far below SQLite's 32,766 parameters.
_REFS_PER_STATEMENT = 500


class SQLiteStore:
    """Keep ledger entries in one SQLite file (see hangup.ledger._store for each method)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()  # one connection, shared by the threads of this process
        self._conn: sqlite3.Connection | None = open_ledger_file(path)
        self._conn.create_function("hangup_claim_abandoned", 1, claim_abandoned)

    @property
    def location(self) -> str:
        return str(self.path)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def track(
        self, ref: str, vendor: str, opened_at: datetime, labels: Mapping[str, str], now: datetime
    ) -> TrackedSession:
        labels_json = json.dumps(dict(labels), sort_keys=True, separators=(",", ":"))
        with self._writing() as conn:
            conn.execute(TRACK, (ref, vendor, stamp(opened_at), labels_json, stamp(now)))
            row = conn.execute(SELECT_ONE, (ref,)).fetchone()
        return record_from_row(row)

    def get(self, ref: str) -> TrackedSession | None:
        with self._reading() as conn:
            row = conn.execute(SELECT_ONE, (ref,)).fetchone()
        return None if row is None else record_from_row(row)

    def select(
        self, selection: Selection, *, reapable_at: datetime | None, limit: int | None
    ) -> list[TrackedSession]:
        clauses, params = where(selection, reapable_at)
        with self._reading() as conn:
            rows = select_rows(conn, clauses, params, limit)
        return readable_records(rows, self.location)

    def claim(
        self,
        selection: Selection,
        *,
        claimant: Claimant,
        now: datetime,
        lease_until: datetime,
        limit: int | None,
    ) -> list[TrackedSession]:
        clauses, params = where(selection, now)
        at, until = stamp(now), stamp(lease_until)
        with self._writing() as conn:
            rows = select_rows(conn, clauses, params, limit)
            # Each entry as the update below leaves it. A malformed row is reported and left
            # as it is: claiming it would only fail later.
            claimed = (
                (ref, vendor, opened, labels, _ENDING, _plus_one(attempts), error, at)
                for ref, vendor, opened, labels, _, attempts, error, _ in rows
            )
            entries = readable_records(claimed, self.location)
            refs = [entry.ref for entry in entries]
            for first in range(0, len(refs), _REFS_PER_STATEMENT):  # one statement, not one a ref
                chunk = refs[first : first + _REFS_PER_STATEMENT]
                conn.execute(
                    set_ending_many(len(chunk)),
                    (claimant.label, claimant.token, at, until, at, *chunk),
                )
        return entries

    def mark_ending(
        self, refs: Sequence[str], *, claimant: Claimant, now: datetime, lease_until: datetime
    ) -> list[str]:
        at, until = stamp(now), stamp(lease_until)
        params = [(claimant.label, claimant.token, at, until, at, ref) for ref in refs]
        return self._update_each(SET_ENDING, refs, params)

    def mark_ended(
        self, refs: Sequence[str], *, state: SessionState, now: datetime, token: str
    ) -> None:
        at = stamp(now)
        if len(refs) == 1:  # the reaper's write per answer: one statement, its own transaction
            self._update_one(SET_ENDED, refs[0], (state.value, at, refs[0], token))
            return
        self._update_each(SET_ENDED, refs, [(state.value, at, ref, token) for ref in refs])

    def mark_failed(
        self, errors: Mapping[str, str], *, now: datetime, token: str, sent: bool = True
    ) -> None:
        at = stamp(now)
        params = [(error, at, not sent, ref, token) for ref, error in errors.items()]
        self._update_each(SET_FAILED, list(errors), params)

    def renew(self, refs: Sequence[str], *, token: str, lease_until: datetime) -> list[str]:
        until = stamp(lease_until)
        with self._writing() as conn:
            return [ref for ref in refs if conn.execute(RENEW, (until, ref, token)).rowcount]

    def count_final(self, ended_before: datetime) -> int:
        with self._reading() as conn:
            count: int = conn.execute(COUNT_FINAL, (stamp(ended_before),)).fetchone()[0]
        return count

    def prune(self, ended_before: datetime, *, limit: int) -> int:
        with self._writing() as conn:
            deleted: int = conn.execute(PRUNE, (stamp(ended_before), limit)).rowcount
        return deleted

    def insert_copies(self, entries: Sequence[TrackedSession]) -> int:
        rows = [
            (
                e.ref,
                e.vendor,
                stamp(e.opened_at),
                json.dumps(dict(e.labels), sort_keys=True, separators=(",", ":")),
                e.state.value,
                e.attempts,
                e.last_error,
                stamp(e.updated_at),
            )
            for e in entries
        ]
        with self._writing() as conn:
            return sum(conn.execute(INSERT_COPY, row).rowcount for row in rows)

    def _update_one(self, sql: str, ref: str, params: tuple[Any, ...]) -> None:
        """Run `sql` for one ref as a transaction of its own; raise if the ref is unknown.

        One UPDATE outside BEGIN is a transaction that SQLite begins as a write (no read
        snapshot to upgrade, so it waits out other writers on the busy timeout, as BEGIN
        IMMEDIATE does) and commits: a third of the statements, for the same durability.
        """
        with self._lock:
            conn = self._connection()
            try:
                if conn.execute(sql, params).rowcount:
                    return
                known = conn.execute(EXISTS, (ref,)).fetchone() is not None
            except sqlite3.Error as exc:
                raise LedgerError(f"writing the ledger {self.path} failed: {exc}") from exc
        if not known:
            raise SessionNotTracked(self.path, [ref])

    def _update_each(
        self, sql: str, refs: Sequence[str], params: list[tuple[Any, ...]]
    ) -> list[str]:
        """Run `sql` once per ref in one transaction; return the refs it changed.

        A ref it did not change is either final (left alone on purpose) or unknown, which
        rolls the whole batch back.
        """
        if not refs:
            return []
        changed: list[str] = []
        unchanged: list[str] = []
        with self._writing() as conn:
            for ref, row in zip(refs, params, strict=True):
                (changed if conn.execute(sql, row).rowcount else unchanged).append(ref)
            missing = [ref for ref in unchanged if conn.execute(EXISTS, (ref,)).fetchone() is None]
            if missing:
                raise SessionNotTracked(self.path, missing)
        return changed

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise LedgerError(f"the ledger {self.path} is closed")
        return self._conn

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._connection()
            except sqlite3.Error as exc:
                raise LedgerError(f"reading the ledger {self.path} failed: {exc}") from exc

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """Hold the write lock for one transaction: committed on success, rolled back otherwise."""
        with self._lock:
            conn = self._connection()
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise LedgerError(f"writing the ledger {self.path} failed: {exc}") from exc


def _plus_one(attempts: int) -> int:
    """One more attempt; a count that is not a number (a row edited by hand) stays as it is,
    for record_from_row to refuse."""
    return attempts + 1 if isinstance(attempts, int) else attempts
