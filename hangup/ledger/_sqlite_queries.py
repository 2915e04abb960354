"""Hold the SQLite store's SQL: each state change, and the filters that pick entries.

The SQL text is made only of the constants in this module; every value a caller gives goes in as
a parameter.
"""

from __future__ import annotations

import functools
import sqlite3
from datetime import datetime
from typing import Any

from hangup.ledger._records import Row, stamp
from hangup.ledger._store import Selection

SELECT_ALL = (
    "SELECT ref, vendor, opened_at, labels, state, attempts, last_error, updated_at FROM sessions"
)
SELECT_ONE = SELECT_ALL + " WHERE ref = ?"
EXISTS = "SELECT 1 FROM sessions WHERE ref = ?"
# A session tracked again keeps everything but gains the labels it did not have: a value it
# has is never changed (json_patch's second argument wins), and a final entry's labels are
# never touched. The Ledger refuses such a track() before it gets here; this is the backstop.
TRACK = (
    "INSERT INTO sessions (ref, vendor, opened_at, labels, state, attempts, updated_at)"
    " VALUES (?, ?, ?, ?, 'open', 0, ?) ON CONFLICT (ref) DO UPDATE"
    " SET labels = json_patch(excluded.labels, sessions.labels), updated_at = excluded.updated_at"
    " WHERE json_patch(excluded.labels, sessions.labels) <> sessions.labels"
    " AND sessions.state NOT IN ('ended', 'gone')"
)
# The updates below never touch a final entry (ended, gone): that is what keeps a confirmed end
# from being sent again. An answer is recorded only where no other owner holds the session
# (claim_token is this writer's, or nobody's): a late answer never overwrites a new owner's.
_SET_ENDING = (
    "UPDATE sessions SET state = 'ending', attempts = attempts + 1, claimed_by = ?,"
    " claim_token = ?, claimed_at = ?, lease_until = ?, updated_at = ?"
    " WHERE state IN ('open', 'ending', 'failed') AND "
)
SET_ENDING = _SET_ENDING + "ref = ?"
OWNED = "state IN ('open', 'ending', 'failed') AND (claim_token IS NULL OR claim_token = ?)"
SET_ENDED = (
    "UPDATE sessions SET state = ?, last_error = NULL, claimed_by = NULL, claim_token = NULL,"
    f" claimed_at = NULL, lease_until = NULL, updated_at = ? WHERE ref = ? AND {OWNED}"
)
# A failed entry keeps its owner's token (its lease is over), so a reaper that lost the claim
# cannot turn the new owner's `failed` into its own answer either.
# An end that failed before any request left (a missing key, a bad argument) was no attempt:
# the `ending` write's attempts + 1 is taken back.
SET_FAILED = (
    "UPDATE sessions SET state = 'failed', last_error = ?, lease_until = NULL, updated_at = ?,"
    " attempts = CASE WHEN ? AND state = 'ending' AND attempts > 0"
    f" THEN attempts - 1 ELSE attempts END WHERE ref = ? AND {OWNED}"
)
RENEW = "UPDATE sessions SET lease_until = ? WHERE ref = ? AND state = 'ending' AND claim_token = ?"
FINAL_BEFORE = "state IN ('ended', 'gone') AND updated_at < ?"
COUNT_FINAL = f"SELECT count(*) FROM sessions WHERE {FINAL_BEFORE}"
PRUNE = f"DELETE FROM sessions WHERE ref IN (SELECT ref FROM sessions WHERE {FINAL_BEFORE} LIMIT ?)"
INSERT_COPY = (
    "INSERT INTO sessions (ref, vendor, opened_at, labels, state, attempts, last_error,"
    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ref) DO NOTHING"
)
# Open, failed, or ending under a lease that ran out or whose process on this host is gone.
REAPABLE = (
    "(state IN ('open', 'failed') OR (state = 'ending'"
    " AND (lease_until IS NULL OR lease_until <= ? OR hangup_claim_abandoned(claimed_by))))"
)
# json_each compares raw keys, so no label key needs escaping into a JSON path.
HAS_LABEL = (
    "EXISTS (SELECT 1 FROM json_each(sessions.labels) AS label"
    " WHERE label.key = ? AND label.value = ?)"
)


def where(selection: Selection, reapable_at: datetime | None) -> tuple[list[str], list[Any]]:
    """Return WHERE clauses (all must hold) and their parameters for a checked selection."""
    clauses: list[str] = []
    params: list[Any] = []
    if selection.vendor is not None:
        clauses.append("vendor = ?")
        params.append(selection.vendor)
    for key, value in selection.labels.items():
        clauses.append(HAS_LABEL)
        params.extend((key, value))
    if selection.opened_before is not None:
        clauses.append("opened_at <= ?")
        params.append(stamp(selection.opened_before))
    if selection.states is not None:
        clauses.append(f"state IN ({', '.join('?' * len(selection.states))})")
        params.extend(state.value for state in selection.states)
    if selection.after is not None:
        clauses.append("(opened_at, ref) > (?, ?)")
        params.extend((stamp(selection.after[0]), selection.after[1]))
    if reapable_at is not None:
        clauses.append(REAPABLE)
        params.append(stamp(reapable_at))
    return clauses, params


@functools.lru_cache(maxsize=8)
def set_ending_many(count: int) -> str:
    """SET_ENDING for `count` refs at once (`ref IN (?, ...)`), its parameters the same."""
    return _SET_ENDING + f"ref IN ({', '.join('?' * count)})"


def select_rows(
    conn: sqlite3.Connection, clauses: list[str], params: list[Any], limit: int | None
) -> list[Row]:
    """Return the matching rows, oldest session first (ties by ref, so the order is stable)."""
    # The clauses are this module's constants; every value is a parameter.
    where = " AND ".join(clauses) or "1"
    sql = f"{SELECT_ALL} WHERE {where} ORDER BY opened_at, ref LIMIT ?"
    rows: list[Row] = conn.execute(sql, [*params, -1 if limit is None else limit]).fetchall()
    return rows
