"""Hold the ledger's SQL: each state change, and the filters that pick entries to list or reap.

The SQL text is made only of the constants in this module; every value a caller gives goes in as
a parameter.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from hangup.ledger_errors import InvalidLedgerEntry
from hangup.ledger_records import Row, check_labels, check_vendor, stamp

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


def filters(
    now: datetime,
    vendor: str | None,
    labels: Mapping[str, str] | None,
    older_than: timedelta | None,
) -> tuple[list[str], list[Any]]:
    """Return WHERE clauses (all must hold) and their parameters for the filters given."""
    clauses: list[str] = []
    params: list[Any] = []
    if vendor is not None:
        check_vendor(vendor)
        clauses.append("vendor = ?")
        params.append(vendor)
    for key, value in check_labels(labels).items():
        clauses.append(HAS_LABEL)
        params.extend((key, value))
    if older_than is not None:
        if not isinstance(older_than, timedelta) or older_than < timedelta(0):
            raise InvalidLedgerEntry(f"older_than must be a timedelta >= 0, got {older_than!r}")
        clauses.append("opened_at <= ?")
        params.append(stamp(now - older_than))
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
