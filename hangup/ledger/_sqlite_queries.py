"""Hold the SQLite store's SQL: each state change, and the filters that pick entries.

The SQL text is made only of the constants in this module; every value a caller gives goes in as
a parameter.
"""

from __future__ import annotations

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
# A session tracked again keeps everything but gains the labels it did not have.
TRACK = (
    "INSERT INTO sessions (ref, vendor, opened_at, labels, state, attempts, updated_at)"
    " VALUES (?, ?, ?, ?, 'open', 0, ?) ON CONFLICT (ref) DO UPDATE"
    " SET labels = json_patch(sessions.labels, excluded.labels), updated_at = excluded.updated_at"
    " WHERE json_patch(sessions.labels, excluded.labels) <> sessions.labels"
)
# The three updates below never touch a final entry (ended, gone): that is what keeps a
# confirmed end from being sent again.
SET_ENDING = (
    "UPDATE sessions SET state = 'ending', attempts = attempts + 1, claimed_by = ?,"
    " claimed_at = ?, updated_at = ? WHERE ref = ? AND state IN ('open', 'ending', 'failed')"
)
SET_ENDED = (
    "UPDATE sessions SET state = ?, last_error = NULL, claimed_by = NULL, claimed_at = NULL,"
    " updated_at = ? WHERE ref = ? AND state IN ('open', 'ending', 'failed')"
)
SET_FAILED = (
    "UPDATE sessions SET state = 'failed', last_error = ?, claimed_by = NULL, claimed_at = NULL,"
    " updated_at = ? WHERE ref = ? AND state IN ('open', 'ending', 'failed')"
)
# Open, failed, or ending under a claim that is older than the lease or whose process is gone.
REAPABLE = (
    "(state IN ('open', 'failed') OR (state = 'ending'"
    " AND (claimed_at <= ? OR hangup_claim_abandoned(claimed_by))))"
)
# json_each compares raw keys, so no label key needs escaping into a JSON path.
HAS_LABEL = (
    "EXISTS (SELECT 1 FROM json_each(sessions.labels) AS label"
    " WHERE label.key = ? AND label.value = ?)"
)


def where(selection: Selection, reapable_before: datetime | None) -> tuple[list[str], list[Any]]:
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
    if reapable_before is not None:
        clauses.append(REAPABLE)
        params.append(stamp(reapable_before))
    return clauses, params


def select_rows(
    conn: sqlite3.Connection, clauses: list[str], params: list[Any], limit: int | None
) -> list[Row]:
    """Return the matching rows, oldest session first (ties by ref, so the order is stable)."""
    # The clauses are this module's constants; every value is a parameter.
    where = " AND ".join(clauses) or "1"
    sql = f"{SELECT_ALL} WHERE {where} ORDER BY opened_at, ref LIMIT ?"
    rows: list[Row] = conn.execute(sql, [*params, -1 if limit is None else limit]).fetchall()
    return rows
