"""Open a ledger file: refuse a foreign file untouched, else migrate it forward in one transaction.

`PRAGMA application_id` marks a file as a hangup ledger and `PRAGMA user_version` carries its
schema version. Versions, each reached by one function in MIGRATIONS:

  1  sessions(ref, vendor, opened_at, labels, state, attempts, last_error)
  2  + updated_at, claimed_by and claimed_at (who is ending a session, since when)

No index beyond the primary key, on purpose: the reaper writes each session's state twice, and
an index on state adds a page to every one of those commits (40-50% more time per commit in a
quick measurement), while the queries it would speed up run once per reap or listing, where a
scan of even a large ledger is cheap next to ending its sessions.

Durability: WAL with synchronous=NORMAL. A committed transaction is in the WAL file, so it
survives the writing process being killed (SIGKILL included); only an OS crash or power loss can
drop the last few commits, and even then the file stays consistent. That is the crash model hangup
promises (a killed reaper), and it spares an fsync per commit, which the reaper makes twice per
session.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from hangup.ledger._errors import LedgerError, LedgerFormatError, LedgerVersionError

APPLICATION_ID = 0x48414E47  # b"HANG": tells a hangup ledger from any other SQLite file
SQLITE_MAGIC = b"SQLite format 3\x00"
# Writers hold the lock for one short transaction, so a long wait means something is stuck.
BUSY_TIMEOUT_SECONDS = 30.0


def _to_v1(conn: sqlite3.Connection) -> None:
    conn.execute(
        """
        CREATE TABLE sessions (
            ref TEXT PRIMARY KEY NOT NULL,
            vendor TEXT NOT NULL,
            opened_at TEXT NOT NULL,
            labels TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(labels)),
            state TEXT NOT NULL
                CHECK (state IN ('open', 'ending', 'ended', 'failed', 'gone')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT
        )
        """
    )


def _to_v2(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE sessions ADD COLUMN updated_at TEXT NOT NULL DEFAULT ''")
    # The best a v1 row can tell about its last change is when it was opened.
    conn.execute("UPDATE sessions SET updated_at = opened_at")
    conn.execute("ALTER TABLE sessions ADD COLUMN claimed_by TEXT")
    conn.execute("ALTER TABLE sessions ADD COLUMN claimed_at TEXT")


# MIGRATIONS[n] turns version n into version n + 1; append, never edit a released step.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_to_v1, _to_v2)
SCHEMA_VERSION = len(MIGRATIONS)


def open_ledger_file(path: Path) -> sqlite3.Connection:
    """Connect to the ledger at `path`, creating or migrating it; refuse foreign files untouched."""
    _refuse_non_sqlite(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: every transaction below is begun and ended explicitly.
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
        )
    except (OSError, sqlite3.Error) as exc:
        raise LedgerError(f"cannot open the ledger {path}: {exc}") from exc
    try:
        _prepare_waiting_out_locks(conn, path)
        conn.execute("PRAGMA synchronous=NORMAL")
    except sqlite3.Error as exc:
        conn.close()
        raise LedgerError(f"cannot prepare the ledger {path}: {exc}") from exc
    except BaseException:
        conn.close()
        raise
    return conn


def _prepare_waiting_out_locks(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the file to the current schema, waiting while another process holds it locked.

    Switching a new file to WAL takes an exclusive lock that SQLite does not wait for on its
    busy timeout, so processes opening one new ledger at once would otherwise fail with
    `database is locked`. The wait is bounded by the same timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    pause = 0.001
    while True:
        try:
            _prepare(conn, path)
            return
        except sqlite3.OperationalError as exc:
            busy = exc.sqlite_errorname.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))
            if not busy or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def _prepare(conn: sqlite3.Connection, path: Path) -> None:
    if _inspect(conn, path) == SCHEMA_VERSION:
        return
    # Only now may the file change: it is empty or an older hangup ledger.
    mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if mode != "wal":
        raise LedgerError(f"cannot switch the ledger {path} to WAL mode: it stays {mode!r}")
    _migrate(conn, path)


def _refuse_non_sqlite(path: Path) -> None:
    """Read the header ourselves, so SQLite never gets to touch a file that is not a database."""
    if path.is_dir():
        raise LedgerFormatError(path, "is a directory")
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise LedgerError(f"cannot read the ledger {path}: {exc}") from exc
    # An empty file is an empty database to SQLite; anything else must start with its magic.
    if head and head != SQLITE_MAGIC:
        raise LedgerFormatError(path, "is not an SQLite database")


def _inspect(conn: sqlite3.Connection, path: Path) -> int:
    """Return the file's schema version, reading only; raise if the file is not ours to change."""
    try:
        # One statement, so one snapshot: read separately, another process's migration could
        # commit in between and make a half-new ledger look like another application's file.
        app_id, version, tables = conn.execute(
            "SELECT (SELECT application_id FROM pragma_application_id),"
            " (SELECT user_version FROM pragma_user_version),"
            " (SELECT count(*) FROM sqlite_master)"
        ).fetchone()
    except sqlite3.DatabaseError as exc:
        if exc.sqlite_errorname not in ("SQLITE_NOTADB", "SQLITE_CORRUPT"):
            raise  # locked or unreadable just now: not a verdict on the file
        raise LedgerFormatError(path, f"is not a readable SQLite database ({exc})") from exc
    if app_id != APPLICATION_ID and (app_id or version or tables):
        raise LedgerFormatError(path, "is an SQLite database of another application")
    if version > SCHEMA_VERSION:
        raise LedgerVersionError(path, found=version, supported=SCHEMA_VERSION)
    return int(version)


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Run the missing steps in one write transaction: all of them land, or none."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have migrated while we waited for the write lock.
        version = _inspect(conn, path)
        for step in MIGRATIONS[version:]:
            step(conn)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
