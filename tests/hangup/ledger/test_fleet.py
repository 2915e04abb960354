"""What a fleet needs, on both backends: leases and takeover, paged claims, prune, copy; and the
PostgreSQL URL's failures, each one typed, password-free and writing nothing."""

from __future__ import annotations

import sys
import threading
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest

from hangup import ConfigurationError, Ledger, LedgerFormatError, LedgerUnavailable, SessionState
from hangup.cli import main
from hangup.ledger import _ledger
from hangup.ledger._claims import Claimant
from tests.hangup.clock import FakeClock
from tests.pg_server import PASSWORD


def as_other_process(monkeypatch: pytest.MonkeyPatch) -> None:
    other = Claimant("elsewhere:1", "other-token")
    monkeypatch.setattr(_ledger, "this_process", lambda: other)


def test_an_expired_lease_is_taken_over_and_the_late_answer_changes_nothing(
    ledger: Ledger, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger.track("hamsa:a", "hamsa")
    assert [e.ref for e in ledger.claim()] == ["hamsa:a"]
    assert ledger.reapable() == []  # held while the lease runs

    clock.advance(ledger.claim_lease + timedelta(seconds=1))
    with monkeypatch.context() as other:
        as_other_process(other)
        assert [e.ref for e in ledger.claim()] == ["hamsa:a"]
        ledger.mark_failed("hamsa:a", "503 from the new owner")

    ledger.mark_ended("hamsa:a")  # the first owner's answer, arriving late
    entry = ledger.get("hamsa:a")
    assert entry is not None
    assert (entry.state, entry.last_error) == (SessionState.FAILED, "503 from the new owner")
    assert ledger.renew(["hamsa:a"]) == []


def test_a_renewed_lease_keeps_the_claim_past_its_first_expiry(
    ledger: Ledger, clock: FakeClock
) -> None:
    ledger.track("hamsa:a", "hamsa")
    ledger.claim()
    clock.advance(ledger.claim_lease / 2)
    assert ledger.renew(["hamsa:a"]) == ["hamsa:a"]
    clock.advance(ledger.claim_lease * 3 / 4)
    assert ledger.reapable() == []


def test_paged_claims_walk_the_ledger_once_oldest_first(ledger: Ledger, clock: FakeClock) -> None:
    for i in range(7):
        ledger.track(f"hamsa:{i}", "hamsa")
        clock.advance(timedelta(seconds=1))
    first = ledger.claim(limit=3)
    second = ledger.claim(limit=3, after=(first[-1].opened_at, first[-1].ref))
    ledger.mark_failed(first[0].ref, "503")  # reapable again, but behind the cursor
    third = ledger.claim(limit=3, after=(second[-1].opened_at, second[-1].ref))
    assert [e.ref for e in first + second + third] == [f"hamsa:{i}" for i in range(7)]


def test_threads_claiming_pages_at_once_never_share_a_session(ledger_target: str) -> None:
    with Ledger(ledger_target) as setup:
        for i in range(400):
            setup.track(f"hamsa:{i:04}", "hamsa")
    claimed: list[list[str]] = [[] for _ in range(4)]

    def claim_all(slot: int) -> None:
        with Ledger(ledger_target) as mine:
            while page := mine.claim(limit=25):
                claimed[slot].extend(e.ref for e in page)

    threads = [threading.Thread(target=claim_all, args=(slot,)) for slot in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [ref for refs in claimed for ref in refs]
    assert sorted(every) == [f"hamsa:{i:04}" for i in range(400)]


def test_prune_deletes_only_old_final_entries_and_says_how_many(
    ledger: Ledger, clock: FakeClock
) -> None:
    for ref in ("hamsa:ended", "hamsa:gone", "hamsa:failed", "hamsa:open"):
        ledger.track(ref, "hamsa")
    ledger.mark_ended("hamsa:ended")
    ledger.mark_ended("hamsa:gone", already_gone=True)
    ledger.mark_failed("hamsa:failed", "503")
    clock.advance(timedelta(days=31))
    ledger.track("hamsa:recent", "hamsa")
    ledger.mark_ended("hamsa:recent")
    cutoff = clock() - timedelta(days=30)

    assert ledger.prune(ended_before=cutoff, dry_run=True) == 2
    assert ledger.prune(ended_before=cutoff, batch=1) == 2
    assert sorted(e.ref for e in ledger.sessions()) == [
        "hamsa:failed",
        "hamsa:open",
        "hamsa:recent",
    ]


def test_copy_moves_every_row_from_sqlite_into_postgres_and_twice_changes_nothing(
    tmp_path: Path, postgres_ledger_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "ledger.sqlite3"
    with Ledger(source) as ledger:
        ledger.track("hamsa:a", "hamsa", {"team": "x"})
        ledger.track("hamsa:b", "hamsa")
        ledger.mark_ending("hamsa:b")
        ledger.mark_failed("hamsa:b", "503")
        before = [e.to_json() for e in ledger.sessions()]

    assert main(["ledger", "copy", str(source), postgres_ledger_url]) == 0
    assert main(["ledger", "copy", str(source), postgres_ledger_url]) == 0
    with Ledger(postgres_ledger_url) as copied:
        assert [e.to_json() for e in copied.sessions()] == before
    out = capsys.readouterr().out
    assert "copied 2 of 2" in out
    assert "copied 0 of 2" in out
    assert PASSWORD not in out


def test_the_password_never_shows_in_repr_location_or_listing(
    postgres_ledger_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with Ledger(postgres_ledger_url) as ledger:
        ledger.track("hamsa:a", "hamsa")
        shown = repr(ledger) + ledger.location
    assert main(["sessions", "--ledger", postgres_ledger_url]) == 0
    ref = "hamsa:849e77c6-5cb3-479a-a985-7fab630e2c78"
    assert main(["track", ref, "--ledger", postgres_ledger_url]) == 0
    printed = capsys.readouterr()
    assert "hamsa:a" in printed.out
    assert PASSWORD not in shown + printed.out + printed.err


def test_a_wrong_password_is_one_typed_error_without_the_password(postgres_url: str) -> None:
    wrong = postgres_url.replace(PASSWORD, "not-the-password-123")
    with pytest.raises(LedgerUnavailable, match=r"127\.0\.0\.1") as caught:
        Ledger(wrong)
    assert "not-the-password-123" not in str(caught.value)


def test_a_missing_database_is_one_typed_error(postgres_url: str) -> None:
    with pytest.raises(LedgerUnavailable, match="no_such_db"):
        Ledger(postgres_url.rsplit("/", 1)[0] + "/no_such_db")


def test_a_server_that_is_down_makes_reap_exit_1_with_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"postgresql://app:hush-hush-99@127.0.0.1:{port}/app"
    with pytest.raises(LedgerUnavailable):
        Ledger(url)
    assert main(["reap", "--ledger", url]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"127.0.0.1:{port}" in err
    assert "hush-hush-99" not in err
    assert "Traceback" not in err


def test_tables_of_another_app_named_like_ours_are_refused_and_nothing_is_written(
    postgres_url: str,
) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA other_app")
        conn.execute("CREATE TABLE other_app.hangup_sessions (id int)")
    try:
        with pytest.raises(LedgerFormatError, match="hangup did not make"):
            Ledger(f"{postgres_url}?schema=other_app")
        with psycopg.connect(postgres_url) as conn:
            tables = conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'other_app'"
            ).fetchall()
        assert tables == [("hangup_sessions",)]
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute("DROP SCHEMA other_app CASCADE")


def test_a_postgres_url_without_the_extra_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, postgres_url: str
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(ConfigurationError, match=r"hangup\[postgres\]"):
        Ledger(postgres_url)
