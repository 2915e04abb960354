"""The ledger file: what it refuses (untouched, byte for byte), and how old schemas move forward."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from hangup import (
    Ledger,
    LedgerError,
    LedgerFormatError,
    LedgerVersionError,
    SessionState,
)
from hangup.ledger import _sqlite_schema
from hangup.ledger._sqlite_schema import APPLICATION_ID, SCHEMA_VERSION

# What a version 1 ledger looked like, written out here rather than taken from the code, so
# that a later edit of the migrations cannot quietly change what "version 1" means.
V1_SCHEMA = """
CREATE TABLE sessions (
    ref TEXT PRIMARY KEY NOT NULL,
    vendor TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    labels TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(labels)),
    state TEXT NOT NULL CHECK (state IN ('open', 'ending', 'ended', 'failed', 'gone')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
"""
V1_ROWS = [
    ("hamsa:open", "hamsa", "2026-01-01T10:00:00.000000+00:00", '{"team":"a"}', "open", 0, None),
    ("hamsa:ending", "hamsa", "2026-01-01T10:01:00.000000+00:00", "{}", "ending", 1, None),
    ("hamsa:ended", "hamsa", "2026-01-01T10:02:00.000000+00:00", "{}", "ended", 1, None),
    ("hamsa:failed", "hamsa", "2026-01-01T10:03:00.000000+00:00", "{}", "failed", 2, "503"),
]


def snapshot(directory: Path) -> dict[str, bytes]:
    """Return every file in `directory` with its bytes (sidecar -wal/-shm files included)."""
    return {entry.name: entry.read_bytes() for entry in sorted(directory.iterdir())}


def write_sqlite(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def write_v1_ledger(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.executescript(V1_SCHEMA)
        conn.executemany("INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?)", V1_ROWS)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("PRAGMA user_version = 1")
    finally:
        conn.close()


def random_bytes(size: int) -> bytes:
    return hashlib.shake_256(b"not a ledger").digest(size)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"ref,vendor\nhamsa:x,hamsa\n", id="text"),
        pytest.param(random_bytes(8192), id="random-bytes"),
        pytest.param(b"SQLite format 3\x00" + random_bytes(4096), id="sqlite-magic-then-garbage"),
    ],
)
def test_a_file_that_is_not_sqlite_is_refused_and_left_byte_identical(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "ledger.sqlite3"
    path.write_bytes(content)
    before = snapshot(tmp_path)

    with pytest.raises(LedgerFormatError, match=r"not .*SQLite database") as caught:
        Ledger(path)

    assert str(path) in str(caught.value)
    assert "left untouched" in str(caught.value)
    assert snapshot(tmp_path) == before


def test_an_sqlite_database_of_another_application_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    write_sqlite(path, "CREATE TABLE notes (body TEXT)", "INSERT INTO notes VALUES ('hi')")
    before = snapshot(tmp_path)

    with pytest.raises(LedgerFormatError, match="another application"):
        Ledger(path)

    assert snapshot(tmp_path) == before


def test_a_ledger_from_a_newer_schema_is_refused_untouched_naming_both_versions(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ledger.sqlite3"
    with Ledger(path) as ledger:
        ledger.track("hamsa:x", "hamsa")
    newer = SCHEMA_VERSION + 1
    write_sqlite(path, f"PRAGMA user_version = {newer}")
    before = snapshot(tmp_path)

    with pytest.raises(LedgerVersionError) as caught:
        Ledger(path)

    error = caught.value
    assert (error.path, error.found, error.supported) == (path, newer, SCHEMA_VERSION)
    assert f"{path} has ledger schema version {newer}" in str(error)
    assert f"up to {SCHEMA_VERSION}" in str(error)
    assert isinstance(error, LedgerError)
    assert snapshot(tmp_path) == before


def test_a_directory_is_refused_as_a_ledger_file(tmp_path: Path) -> None:
    with pytest.raises(LedgerFormatError, match="is a directory"):
        Ledger(tmp_path)


def test_an_empty_file_is_refused_untouched_rather_than_turned_into_a_ledger(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ledger.sqlite3"
    path.touch()
    before = snapshot(tmp_path)

    with pytest.raises(LedgerFormatError, match="is an empty file"):
        Ledger(path)

    assert snapshot(tmp_path) == before


def sha256s(directory: Path) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in snapshot(directory).items()}


def test_another_apps_wal_database_with_a_leftover_wal_keeps_every_byte_and_its_wal(
    tmp_path: Path,
) -> None:
    path = tmp_path / "app.db"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("CREATE TABLE t (x)")
    writer.execute("INSERT INTO t VALUES (1)")
    # Copy the files while the writer still holds them: a crashed app's leftovers.
    left = tmp_path / "left"
    left.mkdir()
    for name in ("app.db", "app.db-wal", "app.db-shm"):
        (left / name).write_bytes((tmp_path / name).read_bytes())
    writer.close()
    before = sha256s(left)
    assert {"app.db", "app.db-wal", "app.db-shm"} <= set(before)

    with pytest.raises(LedgerFormatError, match="left untouched"):
        Ledger(left / "app.db")

    assert sha256s(left) == before


def test_a_database_with_a_hot_rollback_journal_is_not_rolled_back(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    write_sqlite(path, "CREATE TABLE t (x)", "INSERT INTO t VALUES (1)")
    (tmp_path / "app.db-journal").write_bytes(random_bytes(1024))
    before = sha256s(tmp_path)

    with pytest.raises(LedgerFormatError):
        Ledger(path)

    assert sha256s(tmp_path) == before


def test_an_sqlite_file_with_no_tables_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "blank.db"
    write_sqlite(path, "PRAGMA page_size = 4096", "VACUUM")
    before = sha256s(tmp_path)
    assert before

    with pytest.raises(LedgerFormatError, match="another application"):
        Ledger(path)

    assert sha256s(tmp_path) == before


def test_only_a_path_that_does_not_exist_yet_becomes_a_new_ledger(tmp_path: Path) -> None:
    path = tmp_path / "new" / "ledger.sqlite3"

    with Ledger(path) as ledger:
        ledger.track("hamsa:x", "hamsa")

    assert sorted(
        p.name for p in path.parent.iterdir() if not p.name.endswith(("-wal", "-shm"))
    ) == ["ledger.sqlite3"]


def test_a_v1_ledger_is_migrated_forward_keeping_every_row(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    write_v1_ledger(path)

    with Ledger(path) as ledger:
        entries = {s.ref: s for s in ledger.sessions()}
        reapable = [s.ref for s in ledger.reapable()]

    assert {ref: (s.state, s.attempts, s.last_error) for ref, s in entries.items()} == {
        "hamsa:open": (SessionState.OPEN, 0, None),
        "hamsa:ending": (SessionState.ENDING, 1, None),
        "hamsa:ended": (SessionState.ENDED, 1, None),
        "hamsa:failed": (SessionState.FAILED, 2, "503"),
    }
    assert dict(entries["hamsa:open"].labels) == {"team": "a"}
    assert all(s.updated_at == s.opened_at for s in entries.values())
    # A v1 'ending' row has no claim to check, so the next reap retries it.
    assert reapable == ["hamsa:open", "hamsa:ending", "hamsa:failed"]
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        columns = [row[1] for row in conn.execute("PRAGMA table_info(sessions)")]
    finally:
        conn.close()
    assert columns[-5:] == ["updated_at", "claimed_by", "claimed_at", "claim_token", "lease_until"]
    conn = sqlite3.connect(path)
    try:
        indexes = {row[1] for row in conn.execute("PRAGMA index_list(sessions)")}
    finally:
        conn.close()
    assert "sessions_order" in indexes  # version 4


def test_a_migration_that_fails_leaves_the_file_at_its_old_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ledger.sqlite3"
    with Ledger(path) as ledger:
        ledger.track("hamsa:x", "hamsa")

    def broken_step(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE sessions ADD COLUMN half_done TEXT")
        raise RuntimeError("the step broke halfway")

    steps: tuple[Callable[[sqlite3.Connection], None], ...] = (
        *_sqlite_schema.MIGRATIONS,
        broken_step,
    )
    monkeypatch.setattr(_sqlite_schema, "MIGRATIONS", steps)
    monkeypatch.setattr(_sqlite_schema, "SCHEMA_VERSION", len(steps))
    with pytest.raises(RuntimeError, match="halfway"):
        Ledger(path)
    monkeypatch.undo()

    with Ledger(path) as ledger:
        assert [s.ref for s in ledger.sessions()] == ["hamsa:x"]
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        columns = {row[1] for row in conn.execute("PRAGMA table_info(sessions)")}
    finally:
        conn.close()
    assert "half_done" not in columns
