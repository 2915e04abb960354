"""The session ledger: every session an app opens, recorded so that none leaks.

_ledger.py          Ledger: the rules (states, transitions, checks, the clock)
_store.py           LedgerStore: the seam a storage backend implements
_targets.py         what a target names: an SQLite path or a PostgreSQL URL (shown without password)
_sqlite.py          SQLiteStore: one file per host
_sqlite_schema.py   opening, refusing and migrating an SQLite file
_sqlite_queries.py  the SQLite store's SQL
_postgres.py        PostgresStore: one database for a fleet (the hangup[postgres] extra)
_postgres_schema.py opening, refusing and migrating the PostgreSQL tables
_records.py         TrackedSession, SessionState, and the checks on what is written
_claims.py          who is ending a session (host, pid, token), leases, whether it is gone
_errors.py          LedgerError and its children
"""

from hangup.ledger._errors import (
    InvalidLedgerEntry,
    LedgerError,
    LedgerFormatError,
    LedgerUnavailable,
    LedgerVersionError,
    SessionNotTracked,
)
from hangup.ledger._ledger import DEFAULT_CLAIM_LEASE, LEDGER_ENV, Ledger
from hangup.ledger._records import SessionState, TrackedSession

__all__ = [
    "DEFAULT_CLAIM_LEASE",
    "LEDGER_ENV",
    "InvalidLedgerEntry",
    "Ledger",
    "LedgerError",
    "LedgerFormatError",
    "LedgerUnavailable",
    "LedgerVersionError",
    "SessionNotTracked",
    "SessionState",
    "TrackedSession",
]
