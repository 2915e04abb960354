"""Record every session an app opens so none leaks: one SQLite file, shared by processes on a host.

How a session moves (each arrow is one short transaction; batch twins do many in one):

    track()        new                      -> open
    mark_ending()  open | failed | ending   -> ending   attempts + 1; commit BEFORE sending the end
    claim()        the same, for every reapable session that matches, atomically
    mark_ended()   open | ending | failed   -> ended, or gone when the vendor no longer knew it
    mark_failed()  open | ending | failed   -> failed   keeps the error for `hangup sessions`

`ended` and `gone` are final: nothing moves a session out of them, so an end the vendor confirmed
is never sent again. A session is *reapable* when it is open, failed, or ending under a claim
whose process is gone (a reaper killed after sending an end but before recording the answer;
sending it again is safe because ending a session is idempotent). Writers take the write lock
up front (BEGIN IMMEDIATE), so concurrent processes queue on the busy timeout instead of
failing with `database is locked`. Durability is described in hangup.ledger_schema.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

import attrs

from hangup.ledger_claims import claim_abandoned, owner_token
from hangup.ledger_errors import InvalidLedgerEntry, LedgerError, SessionNotTracked
from hangup.ledger_queries import (
    EXISTS,
    REAPABLE,
    SELECT_ONE,
    SET_ENDED,
    SET_ENDING,
    SET_FAILED,
    TRACK,
    filters,
    select_rows,
)
from hangup.ledger_records import (
    SessionState,
    TrackedSession,
    as_utc,
    check_labels,
    check_ref,
    record_from_row,
    stamp,
)
from hangup.ledger_schema import open_ledger_file

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
        self._lock = threading.Lock()  # one connection, shared by the threads of this process
        self._conn: sqlite3.Connection | None = open_ledger_file(self._path)
        self._conn.create_function("hangup_claim_abandoned", 1, claim_abandoned)

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
        return f"Ledger({str(self._path)!r})"

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
        """Close the file; calling it again does nothing."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

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
        labels_json = json.dumps(check_labels(labels), sort_keys=True, separators=(",", ":"))
        now = self._now()
        opened = now if opened_at is None else as_utc(opened_at, "opened_at")
        with self._writing() as conn:
            conn.execute(TRACK, (ref, vendor, stamp(opened), labels_json, stamp(now)))
            row = conn.execute(SELECT_ONE, (ref,)).fetchone()
        return record_from_row(row)

    def get(self, ref: str) -> TrackedSession | None:
        """Return the entry for `ref`, or None when the ledger does not track it."""
        with self._reading() as conn:
            row = conn.execute(SELECT_ONE, (ref,)).fetchone()
        return None if row is None else record_from_row(row)

    def sessions(
        self,
        *,
        states: Iterable[SessionState] | None = None,
        vendor: str | None = None,
        labels: Mapping[str, str] | None = None,
        older_than: timedelta | None = None,
    ) -> list[TrackedSession]:
        """List entries, oldest first; every filter given must match (all labels, k=v)."""
        clauses, params = filters(self._now(), vendor, labels, older_than)
        if states is not None:
            chosen = [SessionState(state).value for state in states]
            clauses.append(f"state IN ({', '.join('?' * len(chosen))})")
            params.extend(chosen)
        return self._select(clauses, params, limit=None)

    def reapable(
        self,
        *,
        vendor: str | None = None,
        labels: Mapping[str, str] | None = None,
        older_than: timedelta | None = None,
    ) -> list[TrackedSession]:
        """List what `claim()` would take with the same filters, changing nothing (a dry run)."""
        clauses, params = self._reapable_filters(vendor, labels, older_than)
        return self._select(clauses, params, limit=None)

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
        clauses, params = self._reapable_filters(vendor, labels, older_than)
        now, owner = self._now(), owner_token()
        with self._writing() as conn:
            rows = select_rows(conn, clauses, params, limit)
            conn.executemany(SET_ENDING, [(owner, stamp(now), stamp(now), row[0]) for row in rows])
        return [
            attrs.evolve(
                record_from_row(row), state=SessionState.ENDING, attempts=row[5] + 1, updated_at=now
            )
            for row in rows
        ]

    def mark_ending(self, ref: str) -> bool:
        """Record that an end for `ref` is about to be sent; on False it already ended: skip it."""
        return bool(self.mark_ending_many([ref]))

    def mark_ending_many(self, refs: Iterable[str]) -> list[str]:
        """Mark many sessions `ending` in one transaction; return those to send (not yet ended)."""
        now, owner = stamp(self._now()), owner_token()
        wanted = list(dict.fromkeys(refs))
        return self._update_each(SET_ENDING, wanted, [(owner, now, now, ref) for ref in wanted])

    def mark_ended(self, ref: str, *, already_gone: bool = False) -> None:
        """Record that the vendor confirmed the end (or, already_gone, answered 404)."""
        self.mark_ended_many([ref], already_gone=already_gone)

    def mark_ended_many(self, refs: Iterable[str], *, already_gone: bool = False) -> None:
        """Mark many sessions ended (or gone) in one transaction; final entries stay as they are."""
        state = SessionState.GONE if already_gone else SessionState.ENDED
        now = stamp(self._now())
        wanted = list(dict.fromkeys(refs))
        self._update_each(SET_ENDED, wanted, [(state.value, now, ref) for ref in wanted])

    def mark_failed(self, ref: str, error: str) -> None:
        """Record that ending `ref` failed with `error`; the next reap tries it again."""
        self.mark_failed_many({ref: error})

    def mark_failed_many(self, errors: Mapping[str, str]) -> None:
        """Mark many sessions failed, each with its error text, in one transaction."""
        now = stamp(self._now())
        params = [(_error_text(error), now, ref) for ref, error in errors.items()]
        self._update_each(SET_FAILED, list(errors), params)

    def _now(self) -> datetime:
        return as_utc(self._clock(), "the ledger's clock")

    def _reapable_filters(
        self, vendor: str | None, labels: Mapping[str, str] | None, older_than: timedelta | None
    ) -> tuple[list[str], list[Any]]:
        now = self._now()
        clauses, params = filters(now, vendor, labels, older_than)
        return [*clauses, REAPABLE], [*params, stamp(now - self._claim_lease)]

    def _select(
        self, clauses: list[str], params: list[Any], limit: int | None
    ) -> list[TrackedSession]:
        with self._reading() as conn:
            rows = select_rows(conn, clauses, params, limit)
        return [record_from_row(row) for row in rows]

    def _update_each(self, sql: str, refs: list[str], params: list[tuple[Any, ...]]) -> list[str]:
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
                raise SessionNotTracked(self._path, missing)
        return changed

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise LedgerError(f"the ledger {self._path} is closed")
        return self._conn

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._connection()
            except sqlite3.Error as exc:
                raise LedgerError(f"reading the ledger {self._path} failed: {exc}") from exc

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
                raise LedgerError(f"writing the ledger {self._path} failed: {exc}") from exc


def _error_text(error: str) -> str:
    if not isinstance(error, str):
        raise InvalidLedgerEntry(f"error must be text, got {error!r}")
    return error if len(error) <= MAX_ERROR_CHARS else error[: MAX_ERROR_CHARS - 1] + "…"
