"""Open a ledger file: refuse a foreign file untouched, else migrate it forward in one transaction.

`PRAGMA application_id` marks a file as a hangup ledger and `PRAGMA user_version` carries its
schema version. Versions, each reached by one function in MIGRATIONS:

  1  sessions(ref, vendor, opened_at, labels, state, attempts, last_error)
  2  + updated_at, claimed_by and claimed_at (who is ending a session, since when)
  3  + claim_token and lease_until (leases: see hangup.ledger._claims)
  4  + the index sessions_order on (opened_at, ref), the order claims page in

Looking before writing: an existing file is ours only if its header (read as bytes, before
SQLite opens it) is SQLite's and carries our application_id. Anything else (an empty file, an
SQLite file of another app or with no tables, one with a leftover -wal or a hot journal) is
refused with every byte of it and its -wal/-shm/-journal untouched: SQLite never opens it, so
it never checkpoints or rolls anything back. A new ledger is built beside its path in the
rollback-journal mode (so the mark is in the main file's header, not in a WAL) and linked into
place in one step: no other process ever sees it half made.

One index beyond the primary key: (opened_at, ref), the order a reap claims its pages in, so
each page of 250 is read from where the last one stopped instead of by scanning and sorting the
whole table (at 10,000 sessions that was 14 ms a page, 55 µs a session; it grows with the
ledger). No column it holds ever changes, so the reaper's two writes per session never touch
it. No index on state, on purpose: the state changes in both of those writes, and such an
index adds a page to every commit (40-50% more time per commit in a quick measurement).

Durability: WAL with synchronous=NORMAL. A committed transaction is in the WAL file, so it
survives the writing process being killed (SIGKILL included); only an OS crash or power loss can
drop the last few commits, and even then the file stays consistent. That is the crash model hangup
promises (a killed reaper), and it spares an fsync per commit, which the reaper makes twice per
session.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import struct
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from hangup.ledger._errors import LedgerError, LedgerFormatError, LedgerVersionError
from hangup.ledger._records import stamp

APPLICATION_ID = 0x48414E47  # b"HANG": tells a hangup ledger from any other SQLite file
SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_BYTES = 100  # user_version is at offset 60, application_id at 68 (big-endian)
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


def _to_v3(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE sessions ADD COLUMN claim_token TEXT")
    conn.execute("ALTER TABLE sessions ADD COLUMN lease_until TEXT")
    # A v2 claim ran out 30 minutes after it was made (that release's fixed lease).
    claims = conn.execute(
        "SELECT ref, claimed_at FROM sessions WHERE state = 'ending' AND claimed_at <> ''"
    ).fetchall()
    for ref, claimed_at in claims:
        try:
            until = stamp(datetime.fromisoformat(claimed_at) + timedelta(minutes=30))
        except ValueError:
            continue  # a malformed claim stays without a lease: reapable at once
        conn.execute("UPDATE sessions SET lease_until = ? WHERE ref = ?", (until, ref))


def _to_v4(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE INDEX sessions_order ON sessions (opened_at, ref)")


# MIGRATIONS[n] turns version n into version n + 1; append, never edit a released step.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_to_v1, _to_v2, _to_v3, _to_v4)
SCHEMA_VERSION = len(MIGRATIONS)


def open_ledger_file(path: Path) -> sqlite3.Connection:
    """Connect to the ledger at `path`, creating or migrating it; refuse foreign files untouched."""
    if not path.exists() and not path.is_symlink():
        _create(path)
    _refuse_foreign(path)
    try:
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


def _create(path: Path) -> None:
    """Build a new ledger beside `path` and link it into place; lose quietly to a faster twin."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=path.parent, prefix=".hangup-new-") as building:
            made = Path(building) / path.name
            conn = sqlite3.connect(made, isolation_level=None)
            try:
                _migrate(conn, made)
            finally:
                conn.close()
            with contextlib.suppress(FileExistsError):  # another process made it first
                os.link(made, path)
    except (OSError, sqlite3.Error) as exc:
        raise LedgerError(f"cannot create the ledger {path}: {exc}") from exc


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
    version = _inspect(conn, path)
    # Only now may the file change: it is a hangup ledger of this version or an older one.
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if mode != "wal":
            raise LedgerError(f"cannot switch the ledger {path} to WAL mode: it stays {mode!r}")
    if version < SCHEMA_VERSION:
        _migrate(conn, path)


def _refuse_foreign(path: Path) -> None:
    """Read the header ourselves, so SQLite never gets to touch a file that is not our ledger."""
    if path.is_dir():
        raise LedgerFormatError(path, "is a directory")
    try:
        with path.open("rb") as file:
            head = file.read(HEADER_BYTES)
    except OSError as exc:
        raise LedgerError(f"cannot read the ledger {path}: {exc}") from exc
    if not head:
        raise LedgerFormatError(path, "is an empty file")
    if not head.startswith(SQLITE_MAGIC) or len(head) < HEADER_BYTES:
        raise LedgerFormatError(path, "is not an SQLite database")
    # Fixed fields of every SQLite header (payload fractions 64, 32, 32): garbage after the
    # magic is not a database.
    if head[21:24] != b"\x40\x20\x20":
        raise LedgerFormatError(path, "is not a readable SQLite database (a broken header)")
    (version,) = struct.unpack(">I", head[60:64])
    (app_id,) = struct.unpack(">I", head[68:72])
    if app_id != APPLICATION_ID:
        raise LedgerFormatError(path, "is an SQLite database of another application")
    if version > SCHEMA_VERSION:
        raise LedgerVersionError(path, found=version, supported=SCHEMA_VERSION)


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
