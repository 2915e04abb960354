"""The PostgreSQL store: one database shared by a fleet of hosts (psycopg 3 and psycopg-pool).

Every method is one transaction on a pooled connection. Claims take a page of rows with
`FOR UPDATE SKIP LOCKED`, so reapers on many hosts share one ledger without ever claiming the
same session, and without waiting for each other's pages. A claim's owner is judged by its
lease alone (hangup.ledger._claims): from here, no process on another host can be checked.
Nothing here ever shows the URL's password: `location` is the URL without it, and every
driver error is scrubbed of it before it becomes a LedgerError.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from hangup.errors import ConfigurationError
from hangup.ledger._claims import Claimant
from hangup.ledger._errors import LedgerError, LedgerUnavailable, SessionNotTracked
from hangup.ledger._postgres_schema import prepare, schema_option
from hangup.ledger._records import SessionState, TrackedSession
from hangup.ledger._store import Selection
from hangup.ledger._targets import redacted_url, url_password

__all__ = ["PostgresStore"]

CONNECT_TIMEOUT_SECONDS = 10
POOL_SIZE = 4  # the threads of one process that write at once; a reaper needs one
COLUMNS = "ref, vendor, opened_at, labels, state, attempts, last_error, updated_at"
LIVE = "state IN ('open', 'ending', 'failed')"
OWNED = f"{LIVE} AND (claim_token IS NULL OR claim_token = %(token)s)"
REAPABLE = (
    "(state IN ('open', 'failed') OR (state = 'ending'"
    " AND (lease_until IS NULL OR lease_until <= %(reapable_at)s)))"
)
TRACK = (
    f"INSERT INTO hangup_sessions ({COLUMNS}) VALUES"
    " (%s, %s, %s, %s, 'open', 0, NULL, %s) ON CONFLICT (ref) DO UPDATE"
    " SET labels = excluded.labels || hangup_sessions.labels, updated_at = excluded.updated_at"
    " WHERE excluded.labels || hangup_sessions.labels <> hangup_sessions.labels"
    " AND hangup_sessions.state NOT IN ('ended', 'gone')"
)  # as on SQLite: a label's value never changes, a final entry's labels never do
SET_ENDING = (
    "UPDATE hangup_sessions SET state = 'ending', attempts = attempts + 1,"
    " claimed_by = %(label)s, claim_token = %(token)s, claimed_at = %(now)s,"
    " lease_until = %(until)s, updated_at = %(now)s"
)
CLAIM = (
    "WITH picked AS (SELECT ref FROM hangup_sessions WHERE {where}"
    " ORDER BY opened_at, ref LIMIT %(limit)s FOR UPDATE SKIP LOCKED) "
    + SET_ENDING
    + " FROM picked WHERE hangup_sessions.ref = picked.ref RETURNING "
    + ", ".join(f"hangup_sessions.{column}" for column in COLUMNS.split(", "))
)
FINAL_BEFORE = "state IN ('ended', 'gone') AND updated_at < %s"


class PostgresStore:
    """Keep ledger entries in PostgreSQL (see hangup.ledger._store for each method)."""

    def __init__(self, url: str) -> None:
        try:
            import psycopg
            from psycopg_pool import ConnectionPool
        except ImportError as exc:
            raise ConfigurationError(
                "a postgresql:// ledger needs the postgres extra: pip install 'hangup[postgres]'"
            ) from exc
        self.location = redacted_url(url)
        self._password = url_password(url)
        conninfo, schema = _split_schema(url)
        self._kwargs: dict[str, Any] = {"autocommit": True}
        if schema is not None:
            self._kwargs["options"] = schema_option(schema)
        with self._translated("cannot open"):
            with psycopg.connect(
                conninfo, connect_timeout=CONNECT_TIMEOUT_SECONDS, **self._kwargs
            ) as conn:
                prepare(conn, self.location, schema)
            self._pool: Any = ConnectionPool(
                conninfo,
                kwargs={**self._kwargs, "connect_timeout": CONNECT_TIMEOUT_SECONDS},
                min_size=1,
                max_size=POOL_SIZE,
                timeout=CONNECT_TIMEOUT_SECONDS,
                open=True,
            )
        self._closed = False

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._pool.close()

    def track(
        self, ref: str, vendor: str, opened_at: datetime, labels: Mapping[str, str], now: datetime
    ) -> TrackedSession:
        with self._cursor() as cur:
            cur.execute(TRACK, (ref, vendor, opened_at, json.dumps(dict(labels)), now))
            cur.execute(f"SELECT {COLUMNS} FROM hangup_sessions WHERE ref = %s", (ref,))
            return _entry(cur.fetchone())

    def get(self, ref: str) -> TrackedSession | None:
        with self._cursor() as cur:
            cur.execute(f"SELECT {COLUMNS} FROM hangup_sessions WHERE ref = %s", (ref,))
            row = cur.fetchone()
        return None if row is None else _entry(row)

    def select(
        self, selection: Selection, *, reapable_at: datetime | None, limit: int | None
    ) -> list[TrackedSession]:
        where, params = _where(selection, reapable_at)
        params["limit"] = limit
        sql = f"SELECT {COLUMNS} FROM hangup_sessions WHERE {where}"
        with self._cursor() as cur:
            cur.execute(sql + " ORDER BY opened_at, ref LIMIT %(limit)s", params)
            return [_entry(row) for row in cur.fetchall()]

    def claim(
        self,
        selection: Selection,
        *,
        claimant: Claimant,
        now: datetime,
        lease_until: datetime,
        limit: int | None,
    ) -> list[TrackedSession]:
        where, params = _where(selection, now)
        params.update(limit=limit, label=claimant.label, token=claimant.token)
        params.update(now=now, until=lease_until)
        with self._cursor() as cur:
            cur.execute(CLAIM.format(where=where), params)
            entries = [_entry(row) for row in cur.fetchall()]
        return sorted(entries, key=lambda entry: (entry.opened_at, entry.ref))

    def mark_ending(
        self, refs: Sequence[str], *, claimant: Claimant, now: datetime, lease_until: datetime
    ) -> list[str]:
        params = {"label": claimant.label, "token": claimant.token, "now": now}
        params["until"] = lease_until
        return self._update(SET_ENDING + f" WHERE ref = ANY(%(refs)s) AND {LIVE}", refs, params)

    def mark_ended(
        self, refs: Sequence[str], *, state: SessionState, now: datetime, token: str
    ) -> None:
        sql = (
            "UPDATE hangup_sessions SET state = %(state)s, last_error = NULL, claimed_by = NULL,"
            " claim_token = NULL, claimed_at = NULL, lease_until = NULL, updated_at = %(now)s"
            f" WHERE ref = ANY(%(refs)s) AND {OWNED}"
        )
        self._update(sql, refs, {"state": state.value, "now": now, "token": token})

    def mark_failed(
        self, errors: Mapping[str, str], *, now: datetime, token: str, sent: bool = True
    ) -> None:
        sql = (
            "UPDATE hangup_sessions SET state = 'failed', last_error = e.error,"
            " lease_until = NULL, updated_at = %(now)s, attempts = CASE WHEN %(unsent)s"
            " AND state = 'ending' AND attempts > 0 THEN attempts - 1 ELSE attempts END"
            " FROM unnest(%(refs)s::text[], %(errors)s::text[]) AS e(ref, error)"
            f" WHERE hangup_sessions.ref = e.ref AND {OWNED}"
        )
        params = {"now": now, "token": token, "errors": list(errors.values()), "unsent": not sent}
        self._update(sql, list(errors), params)

    def renew(self, refs: Sequence[str], *, token: str, lease_until: datetime) -> list[str]:
        sql = (
            "UPDATE hangup_sessions SET lease_until = %s WHERE ref = ANY(%s)"
            " AND state = 'ending' AND claim_token = %s RETURNING ref"
        )
        with self._cursor() as cur:
            cur.execute(sql, (lease_until, list(refs), token))
            return [row[0] for row in cur.fetchall()]

    def count_final(self, ended_before: datetime) -> int:
        with self._cursor() as cur:
            cur.execute(
                f"SELECT count(*) FROM hangup_sessions WHERE {FINAL_BEFORE}", (ended_before,)
            )
            return int(cur.fetchone()[0])

    def prune(self, ended_before: datetime, *, limit: int) -> int:
        sql = (
            "DELETE FROM hangup_sessions WHERE ref IN (SELECT ref FROM hangup_sessions"
            f" WHERE {FINAL_BEFORE} LIMIT %s FOR UPDATE SKIP LOCKED)"
        )
        with self._cursor() as cur:
            cur.execute(sql, (ended_before, limit))
            return int(cur.rowcount)

    def insert_copies(self, entries: Sequence[TrackedSession]) -> int:
        sql = (
            f"INSERT INTO hangup_sessions ({COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (ref) DO NOTHING RETURNING ref"
        )
        rows = [
            (
                e.ref,
                e.vendor,
                e.opened_at,
                json.dumps(dict(e.labels)),
                e.state.value,
                e.attempts,
                e.last_error,
                e.updated_at,
            )
            for e in entries
        ]
        with self._cursor() as cur:
            cur.executemany(sql, rows, returning=True)
            inserted = 0
            while True:
                inserted += len(cur.fetchall())
                if not cur.nextset():
                    return inserted

    def _update(self, sql: str, refs: Sequence[str], params: dict[str, Any]) -> list[str]:
        """Run one UPDATE over `refs`; roll it back and raise if any ref is not tracked."""
        if not refs:
            return []
        wanted = list(refs)
        with self._cursor() as cur:
            cur.execute(sql + " RETURNING hangup_sessions.ref", {**params, "refs": wanted})
            changed = {row[0] for row in cur.fetchall()}
            unchanged = [ref for ref in wanted if ref not in changed]
            if unchanged:
                cur.execute("SELECT ref FROM hangup_sessions WHERE ref = ANY(%s)", (unchanged,))
                known = {row[0] for row in cur.fetchall()}
                missing = [ref for ref in unchanged if ref not in known]
                if missing:
                    raise SessionNotTracked(self.location, missing)
        return [ref for ref in wanted if ref in changed]

    @contextmanager
    def _cursor(self) -> Iterator[Any]:
        """One transaction on a pooled connection: committed on success, else rolled back."""
        if self._closed:
            raise LedgerError(f"the ledger {self.location} is closed")
        with (
            self._translated("using"),
            self._pool.connection() as conn,
            conn.transaction(),
            conn.cursor() as cur,
        ):
            yield cur

    @contextmanager
    def _translated(self, doing: str) -> Iterator[None]:
        """Turn a driver's or the pool's error into a LedgerError that names the host only."""
        import psycopg
        from psycopg_pool import PoolTimeout

        try:
            yield
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise LedgerUnavailable(
                f"{doing} the ledger {self.location} failed: {self._scrub(exc)}"
            ) from None
        except psycopg.Error as exc:
            raise LedgerError(
                f"{doing} the ledger {self.location} failed: {self._scrub(exc)}"
            ) from None

    def _scrub(self, exc: BaseException) -> str:
        text = " ".join(str(exc).split())
        return text.replace(self._password, "***") if self._password else text


def _split_schema(url: str) -> tuple[str, str | None]:
    """Take our own ?schema=NAME out of the URL (libpq would refuse it); return both."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schemas = [value for key, value in query if key == "schema"]
    kept = [(key, value) for key, value in query if key != "schema"]
    scheme = "postgresql" if parts.scheme.lower() == "postgres" else parts.scheme
    conninfo = urlunsplit((scheme, parts.netloc, parts.path, urlencode(kept), parts.fragment))
    return conninfo, (schemas[-1] if schemas else None)


def _where(selection: Selection, reapable_at: datetime | None) -> tuple[str, dict[str, Any]]:
    clauses = ["TRUE"]
    params: dict[str, Any] = {}
    if selection.vendor is not None:
        clauses.append("vendor = %(vendor)s")
        params["vendor"] = selection.vendor
    if selection.labels:
        clauses.append("labels @> %(labels)s::jsonb")
        params["labels"] = json.dumps(dict(selection.labels))
    if selection.opened_before is not None:
        clauses.append("opened_at <= %(opened_before)s")
        params["opened_before"] = selection.opened_before
    if selection.states is not None:
        clauses.append("state = ANY(%(states)s)")
        params["states"] = [state.value for state in selection.states]
    if selection.after is not None:
        clauses.append("(opened_at, ref) > (%(after_at)s, %(after_ref)s)")
        params.update(after_at=selection.after[0], after_ref=selection.after[1])
    if reapable_at is not None:
        clauses.append(REAPABLE)
        params["reapable_at"] = reapable_at
    return " AND ".join(clauses), params


def _entry(row: Any) -> TrackedSession:
    ref, vendor, opened_at, labels, state, attempts, last_error, updated_at = row
    import types

    return TrackedSession(
        ref=ref,
        vendor=vendor,
        opened_at=opened_at.astimezone(UTC),
        labels=types.MappingProxyType(dict(labels)),
        state=SessionState(state),
        attempts=attempts,
        last_error=last_error,
        updated_at=updated_at.astimezone(UTC),
    )
