"""The session ledger, one process: each state change, bad input, and where the file lives."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import hangup
from hangup import (
    InvalidLedgerEntry,
    Ledger,
    LedgerError,
    SessionNotTracked,
    SessionState,
)
from hangup.ledger._ledger import MAX_ERROR_CHARS
from tests.hangup.clock import T0, FakeClock

REF = "hamsa:0b9c8f3e-6a57-4a5e-9d5b-1f0e7c1d2a3b"


def state_of(ledger: Ledger, ref: str) -> SessionState:
    entry = ledger.get(ref)
    assert entry is not None
    return entry.state


def test_track_records_a_new_session_as_open_with_no_attempts(ledger: Ledger) -> None:
    entry = ledger.track(REF, "hamsa", {"team": "support"})

    assert entry.ref == REF
    assert entry.vendor == "hamsa"
    assert entry.state is SessionState.OPEN
    assert entry.attempts == 0
    assert entry.last_error is None
    assert entry.opened_at == T0
    assert entry.updated_at == T0
    assert dict(entry.labels) == {"team": "support"}
    assert ledger.get(REF) == entry


def test_track_keeps_an_explicit_opened_at_converted_to_utc(ledger: Ledger) -> None:
    from zoneinfo import ZoneInfo

    opened = datetime(2026, 1, 1, 9, 30, tzinfo=ZoneInfo("America/New_York"))

    entry = ledger.track(REF, "hamsa", opened_at=opened)

    assert entry.opened_at == opened
    assert entry.opened_at.tzinfo == UTC


def test_tracking_a_session_again_keeps_its_state_and_merges_labels(
    ledger: Ledger, clock: FakeClock
) -> None:
    ledger.track(REF, "hamsa", {"team": "support", "env": "dev"})
    ledger.mark_ending(REF)
    clock.advance(timedelta(minutes=5))

    again = ledger.track(REF, "hamsa", {"env": "dev", "user": "42"}, opened_at=clock.now)

    assert again.state is SessionState.ENDING
    assert again.attempts == 1
    assert again.opened_at == T0
    assert dict(again.labels) == {"team": "support", "env": "dev", "user": "42"}


def test_tracking_a_session_again_with_another_value_for_a_label_is_refused_naming_it(
    ledger: Ledger,
) -> None:
    ledger.track(REF, "hamsa", {"team": "support"})

    with pytest.raises(InvalidLedgerEntry, match=r"label 'team' of .* is already 'support'"):
        ledger.track(REF, "hamsa", {"team": "other", "user": "42"})

    entry = ledger.get(REF)
    assert entry is not None
    assert dict(entry.labels) == {"team": "support"}


@pytest.mark.parametrize("final", ["ended", "gone"])
def test_a_final_sessions_labels_are_never_rewritten(ledger: Ledger, final: str) -> None:
    ledger.track(REF, "hamsa", {"team": "support"})
    ledger.mark_ended(REF, already_gone=final == "gone")

    with pytest.raises(InvalidLedgerEntry, match=f"is {final}, so its labels are final"):
        ledger.track(REF, "hamsa", {"user": "42"})
    again = ledger.track(REF, "hamsa", {"team": "support"})  # what it has already: fine

    assert (again.state.value, dict(again.labels)) == (final, {"team": "support"})


def test_tracking_an_ended_session_again_does_not_reopen_it(ledger: Ledger) -> None:
    ledger.track(REF, "hamsa")
    ledger.mark_ending(REF)
    ledger.mark_ended(REF)

    again = ledger.track(REF, "hamsa")

    assert again.state is SessionState.ENDED
    assert ledger.reapable() == []


def test_mark_ending_moves_a_session_to_ending_and_counts_the_attempt(
    ledger: Ledger, clock: FakeClock
) -> None:
    ledger.track(REF, "hamsa")
    clock.advance(timedelta(seconds=7))

    assert ledger.mark_ending(REF) is True

    entry = ledger.get(REF)
    assert entry is not None
    assert (entry.state, entry.attempts, entry.updated_at) == (SessionState.ENDING, 1, clock.now)


def test_mark_ended_makes_the_session_final_and_clears_its_last_error(ledger: Ledger) -> None:
    ledger.track(REF, "hamsa")
    ledger.mark_ending(REF)
    ledger.mark_failed(REF, "503 from hamsa")
    ledger.mark_ending(REF)

    ledger.mark_ended(REF)

    entry = ledger.get(REF)
    assert entry is not None
    assert (entry.state, entry.attempts, entry.last_error) == (SessionState.ENDED, 2, None)


def test_mark_ended_with_already_gone_records_gone(ledger: Ledger) -> None:
    ledger.track(REF, "hamsa")
    ledger.mark_ending(REF)

    ledger.mark_ended(REF, already_gone=True)

    assert state_of(ledger, REF) is SessionState.GONE


@pytest.mark.parametrize("already_gone", [False, True])
def test_a_final_session_stays_final_whatever_is_marked_after(
    ledger: Ledger, already_gone: bool
) -> None:
    ledger.track(REF, "hamsa")
    ledger.mark_ending(REF)
    ledger.mark_ended(REF, already_gone=already_gone)
    final = ledger.get(REF)

    assert ledger.mark_ending(REF) is False
    ledger.mark_failed(REF, "late failure")
    ledger.mark_ended(REF, already_gone=not already_gone)

    assert ledger.get(REF) == final
    assert ledger.claim() == []


def test_mark_failed_keeps_the_error_and_the_session_stays_reapable(ledger: Ledger) -> None:
    ledger.track(REF, "hamsa")
    ledger.mark_ending(REF)

    ledger.mark_failed(REF, "ServerError: hamsa answered 503")

    entry = ledger.get(REF)
    assert entry is not None
    assert entry.state is SessionState.FAILED
    assert entry.last_error == "ServerError: hamsa answered 503"
    assert [s.ref for s in ledger.reapable()] == [REF]
    assert [s.ref for s in ledger.sessions(states=[SessionState.FAILED])] == [REF]


def test_mark_failed_shortens_a_huge_error_text(ledger: Ledger) -> None:
    ledger.track(REF, "hamsa")

    ledger.mark_failed(REF, "x" * (MAX_ERROR_CHARS * 3))

    entry = ledger.get(REF)
    assert entry is not None
    assert entry.last_error is not None
    assert len(entry.last_error) == MAX_ERROR_CHARS
    assert entry.last_error.endswith("…")


def test_marking_an_untracked_ref_raises_and_rolls_back_the_whole_batch(ledger: Ledger) -> None:
    ledger.track(REF, "hamsa")

    with pytest.raises(SessionNotTracked, match="hamsa:never-tracked") as caught:
        ledger.mark_ending_many([REF, "hamsa:never-tracked"])

    assert caught.value.refs == ["hamsa:never-tracked"]
    assert isinstance(caught.value, LookupError)
    entry = ledger.get(REF)
    assert entry is not None
    assert (entry.state, entry.attempts) == (SessionState.OPEN, 0)
    for mark in (ledger.mark_ended, ledger.mark_ending):
        with pytest.raises(SessionNotTracked):
            mark("hamsa:never-tracked")
    with pytest.raises(SessionNotTracked):
        ledger.mark_failed("hamsa:never-tracked", "boom")


def test_batch_marks_change_many_sessions_in_one_call(ledger: Ledger) -> None:
    refs = [f"hamsa:s{i}" for i in range(6)]
    for ref in refs:
        ledger.track(ref, "hamsa")
    ledger.mark_ending(refs[0])
    ledger.mark_ended(refs[0])

    sent = ledger.mark_ending_many([*refs, refs[1]])
    ledger.mark_ended_many(refs[1:3])
    ledger.mark_ended_many(refs[3:4], already_gone=True)
    ledger.mark_failed_many({refs[4]: "timeout", refs[5]: "503"})

    assert sent == refs[1:]
    states = {s.ref: (s.state, s.attempts, s.last_error) for s in ledger.sessions()}
    assert states == {
        refs[0]: (SessionState.ENDED, 1, None),
        refs[1]: (SessionState.ENDED, 1, None),
        refs[2]: (SessionState.ENDED, 1, None),
        refs[3]: (SessionState.GONE, 1, None),
        refs[4]: (SessionState.FAILED, 1, "timeout"),
        refs[5]: (SessionState.FAILED, 1, "503"),
    }


def test_to_json_gives_plain_values(ledger: Ledger) -> None:
    ledger.track(REF, "hamsa", {"team": "support"})
    ledger.mark_failed(REF, "boom")

    entry = ledger.get(REF)
    assert entry is not None
    assert json.loads(json.dumps(entry.to_json())) == {
        "ref": REF,
        "vendor": "hamsa",
        "opened_at": "2026-01-01T12:00:00+00:00",
        "labels": {"team": "support"},
        "state": "failed",
        "attempts": 0,
        "last_error": "boom",
        "updated_at": "2026-01-01T12:00:00+00:00",
    }


@pytest.mark.parametrize(
    ("ref", "vendor", "labels", "wrong"),
    [
        ("hamsa:x", "Hamsa", None, "vendor"),
        ("pathors:x", "hamsa", None, "ref"),
        ("hamsa:", "hamsa", None, "ref"),
        ("hamsa:a b", "hamsa", None, "spaces"),
        ("hamsa:a\nb", "hamsa", None, "control"),
        ("hamsa:x", "hamsa", {"k=v": "1"}, "label key"),
        ("hamsa:x", "hamsa", {"": "1"}, "label key"),
        ("hamsa:x", "hamsa", {"k": 1}, "text value"),
        ("hamsa:x", "hamsa", ["k"], "mapping"),
    ],
)
def test_bad_entries_are_refused_before_anything_is_written(
    ledger: Ledger, ref: str, vendor: str, labels: object, wrong: str
) -> None:
    with pytest.raises(InvalidLedgerEntry, match=wrong):
        ledger.track(ref, vendor, labels)  # type: ignore[arg-type]

    assert ledger.sessions() == []


def test_naive_times_are_refused(tmp_path: Path) -> None:
    naive = datetime(2026, 1, 1, 12, 0)
    with Ledger(tmp_path / "a.sqlite3") as ledger:
        with pytest.raises(InvalidLedgerEntry, match="opened_at must be a timezone-aware"):
            ledger.track(REF, "hamsa", opened_at=naive)
        with pytest.raises(InvalidLedgerEntry, match="older_than"):
            ledger.reapable(older_than=timedelta(minutes=-1))
    with (
        Ledger(tmp_path / "b.sqlite3", clock=lambda: naive) as ledger,
        pytest.raises(InvalidLedgerEntry, match="the ledger's clock"),
    ):
        ledger.track(REF, "hamsa")


def test_using_a_closed_ledger_raises_a_ledger_error(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.sqlite3")
    ledger.close()
    ledger.close()

    with pytest.raises(LedgerError, match="is closed"):
        ledger.sessions()
    with pytest.raises(LedgerError, match="is closed"):
        ledger.track(REF, "hamsa")


def test_default_path_comes_from_hangup_ledger_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "nested" / "dir" / "from-env.sqlite3"
    monkeypatch.setenv("HANGUP_LEDGER", str(target))

    assert Ledger.default_path() == target
    with Ledger() as ledger:
        ledger.track(REF, "hamsa")
        assert ledger.path == target
    assert target.is_file()


def test_default_path_falls_back_to_the_user_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv("HANGUP_LEDGER", raising=False)

    expected = platformdirs.user_data_path("hangup") / "ledger.sqlite3"
    assert Ledger.default_path() == expected


def test_importing_hangup_does_not_import_platformdirs() -> None:
    code = "import sys, hangup; sys.exit('platformdirs' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
    assert hangup.Ledger is Ledger


def test_a_new_ledger_is_in_wal_mode_and_carries_its_schema_version(tmp_path: Path) -> None:
    from hangup.ledger._sqlite_schema import APPLICATION_ID, SCHEMA_VERSION

    path = tmp_path / "l.sqlite3"
    Ledger(path).close()

    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert conn.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
    finally:
        conn.close()


def test_every_ledger_error_is_a_hangup_error(ledger: Ledger) -> None:
    with pytest.raises(hangup.HangupError) as bad_entry:
        ledger.track("hamsa:x", "Hamsa")
    with pytest.raises(hangup.HangupError) as untracked:
        ledger.mark_ended("hamsa:never-tracked")

    assert isinstance(bad_entry.value, hangup.InvalidArgument)
    assert isinstance(bad_entry.value, ValueError)
    assert str(bad_entry.value) == "vendor must be a lower-case name like 'hamsa', got 'Hamsa'"
    assert str(untracked.value).endswith("does not track hamsa:never-tracked: call track() first")


def test_threads_sharing_one_ledger_lose_no_write(ledger: Ledger) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def track_and_end(worker: int) -> None:
        for i in range(50):
            ref = f"hamsa:t{worker}-{i}"
            ledger.track(ref, "hamsa")
            ledger.mark_ending(ref)
            ledger.mark_ended(ref)

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(track_and_end, range(4)))

    entries = ledger.sessions()
    assert len(entries) == 200
    assert {(e.state, e.attempts) for e in entries} == {(SessionState.ENDED, 1)}


def test_ledger_path_keyword_opens_an_sqlite_file_as_before_and_path_is_that_file(
    tmp_path: Path,
) -> None:
    file = tmp_path / "ledger.sqlite3"
    with Ledger(path=file) as by_keyword, Ledger(str(file)) as by_position:
        by_keyword.track(REF, "hamsa")
        assert by_keyword.path == file
        assert by_position.path == file
        assert by_position.get(REF) is not None
    with pytest.raises(InvalidLedgerEntry, match="not both"):
        Ledger(file, path=file)
