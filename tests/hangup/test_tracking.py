"""A client's ledger: which one it opens, what track() and guard() record, what end() updates."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import httpx
import platformdirs
import pytest

from hangup import (
    AsyncHangup,
    ConfigurationError,
    Hangup,
    Ledger,
    LedgerFormatError,
    SessionState,
)
from tests.hangup.fakes import KEYS, REFS, UUID, Vendor, ok

REF = REFS["hamsa"]
OTHER = "hamsa:0b9c8f3e-6a57-4a5e-9d5b-1f0e7c1d2a3b"


def client_with(fake: Vendor, **options: Any) -> Hangup:
    options.setdefault("env", {})
    return Hangup(api_keys=KEYS, transport=fake.transport, **options)


def test_a_client_has_no_ledger_unless_one_is_asked_for() -> None:
    with Hangup(env={}) as client:
        assert client.ledger is None


def test_hangup_ledger_in_the_environment_gives_the_client_that_ledger(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    with Hangup(env={"HANGUP_LEDGER": str(path)}) as client:
        assert client.ledger is not None
        assert client.ledger.path == path


def test_ledger_false_ignores_the_environment_and_refuses_to_track(tmp_path: Path) -> None:
    env = {"HANGUP_LEDGER": str(tmp_path / "ledger.sqlite3")}
    with Hangup(env=env, ledger=False) as client:
        assert client.ledger is None
        with pytest.raises(ConfigurationError, match="ledger=False"):
            client.track(REF)
    assert not (tmp_path / "ledger.sqlite3").exists()


def test_track_without_a_ledger_opens_the_default_one_and_keeps_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HANGUP_LEDGER", raising=False)
    monkeypatch.setattr(platformdirs, "user_data_path", lambda app: tmp_path / app)
    fake = Vendor("hamsa", [ok("hamsa")])
    with client_with(fake) as client:
        entry = client.track(REF, labels={"team": "voice"})
        assert client.ledger is not None
        assert client.ledger.path == tmp_path / "hangup" / "ledger.sqlite3"
        client.end(REF)
    assert entry.state is SessionState.OPEN
    assert dict(entry.labels) == {"team": "voice"}
    with Ledger(tmp_path / "hangup" / "ledger.sqlite3") as ledger:
        stored = ledger.get(REF)
    assert stored is not None
    assert stored.state is SessionState.ENDED


def test_a_ledger_file_that_is_not_a_ledger_fails_when_the_client_is_made(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database")
    with pytest.raises(LedgerFormatError):
        Hangup(env={}, ledger=path)
    assert path.read_text() == "not a database"


def test_guard_tracks_the_session_with_its_labels_and_end_marks_it_ended(tmp_path: Path) -> None:
    fake = Vendor("hamsa", [ok("hamsa")])
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        with client_with(fake, ledger=ledger) as client, client.guard(REF, labels={"app": "x"}):
            entry = ledger.get(REF)
            assert entry is not None
            assert entry.state is SessionState.OPEN
        entry = ledger.get(REF)
        assert entry is not None
        assert (entry.state, entry.attempts, dict(entry.labels)) == (
            SessionState.ENDED,
            1,
            {"app": "x"},
        )
        ledger.track(OTHER, "hamsa")  # the client did not close a ledger it was given


def test_end_records_a_404_with_missing_ok_as_gone(tmp_path: Path) -> None:
    fake = Vendor("hamsa", [httpx.Response(404, json={"message": "Conversation not found"})])
    with client_with(fake, ledger=tmp_path / "l.sqlite3") as client:
        client.track(REF)
        client.end(REF, missing_ok=True)
        assert client.ledger is not None
        entry = client.ledger.get(REF)
    assert entry is not None
    assert entry.state is SessionState.GONE


def test_a_failed_end_is_recorded_with_its_error_and_stays_reapable(tmp_path: Path) -> None:
    fake = Vendor("hamsa", [httpx.Response(503, json={"message": "try later"})])
    with client_with(fake, ledger=tmp_path / "l.sqlite3", max_retries=1) as client:
        client.track(REF)
        with pytest.raises(Exception, match="try later"):
            client.end(REF)
        ledger = client.ledger
        assert ledger is not None
        entry = ledger.get(REF)
        reapable = [e.ref for e in ledger.reapable()]
    assert entry is not None
    assert entry.state is SessionState.FAILED
    assert entry.last_error == "ServerError: try later (HTTP 503)"
    assert entry.attempts == 1  # one end() call, whatever its retries
    assert reapable == [REF]


def test_end_of_a_session_the_ledger_does_not_track_leaves_the_ledger_alone(
    tmp_path: Path,
) -> None:
    fake = Vendor("hamsa", [ok("hamsa")])
    with client_with(fake, ledger=tmp_path / "l.sqlite3") as client:
        assert client.end(OTHER).confirmed
        assert client.ledger is not None
        assert client.ledger.sessions() == []


def test_an_interrupted_end_is_released_for_the_next_reap(tmp_path: Path) -> None:
    def interrupted(request: httpx.Request) -> httpx.Response:
        raise KeyboardInterrupt

    fake = Vendor("hamsa", [interrupted])
    with client_with(fake, ledger=tmp_path / "l.sqlite3") as client:
        client.track(REF)
        with pytest.raises(KeyboardInterrupt):
            client.end(REF)
        assert client.ledger is not None
        entry = client.ledger.get(REF)
        reapable = [e.ref for e in client.ledger.reapable()]
    assert entry is not None
    assert entry.state is SessionState.FAILED
    assert entry.last_error == "interrupted by KeyboardInterrupt before the answer was recorded"
    assert reapable == [REF]


def test_a_ledger_that_cannot_be_written_never_stops_an_end(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = Vendor("hamsa", [ok("hamsa")])
    ledger = Ledger(tmp_path / "l.sqlite3")
    ledger.track(REF, "hamsa")
    ledger.close()  # every write now fails
    caplog.set_level(logging.WARNING, logger="hangup")
    with client_with(fake, ledger=ledger) as client:
        assert client.end(REF).confirmed
    assert "the ledger could not record" in caplog.text
    assert len(fake.requests) == 1


@pytest.mark.asyncio
async def test_async_guard_and_end_update_the_ledger(tmp_path: Path) -> None:
    fake = Vendor("hamsa", [ok("hamsa"), httpx.Response(500, json={"message": "down"})])
    path = tmp_path / "l.sqlite3"
    client = AsyncHangup(api_keys=KEYS, env={}, transport=fake.transport, ledger=path)
    async with client:
        async with client.guard(REF):
            pass
        client.track(f"liveavatar:{UUID}")
        with pytest.raises(Exception, match="down"):
            await client.end(OTHER)  # untracked: fails, and is not added
    with Ledger(path) as ledger:
        states = {entry.ref: entry.state for entry in ledger.sessions()}
    assert states == {REF: SessionState.ENDED, f"liveavatar:{UUID}": SessionState.OPEN}


def test_the_ledger_keeps_one_line_per_error_naming_its_type_and_status_once() -> None:
    from hangup import ServerError, TransportError
    from hangup._tracking import describe_error

    assert describe_error(ServerError("database\n unavailable", status_code=500)) == (
        "ServerError: database unavailable (HTTP 500)"
    )
    assert describe_error(ServerError("HTTP 502 Bad Gateway", status_code=502)) == (
        "ServerError: HTTP 502 Bad Gateway"
    )
    assert describe_error(TransportError("ConnectError on POST /x", connected=False)) == (
        "TransportError: ConnectError on POST /x"
    )


def _guard_failure_note(ledger: Ledger) -> str:
    fake = Vendor("hamsa", [httpx.Response(400, json={"message": "bad request"})])
    with (
        pytest.raises(RuntimeError) as raised,
        client_with(fake, ledger=ledger) as client,
        client.guard(REF),
    ):
        raise RuntimeError("the block failed")
    return "\n".join(raised.value.__notes__)


def test_a_guards_failure_note_says_the_ledger_keeps_a_session_it_holds_for_reap(
    tmp_path: Path,
) -> None:
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        note = _guard_failure_note(ledger)
        entry = ledger.get(REF)
    assert entry is not None
    assert entry.state is SessionState.FAILED
    assert "(the ledger keeps it for `hangup reap`)" in note


def test_a_guards_failure_note_promises_no_reap_for_a_session_the_ledger_holds_as_ended(
    tmp_path: Path,
) -> None:
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        ledger.track(REF, "hamsa")
        ledger.mark_ended(REF)
        note = _guard_failure_note(ledger)
        entry = ledger.get(REF)
    assert entry is not None
    assert entry.state is SessionState.ENDED
    assert "ending" in note
    assert "failed too" in note
    assert "hangup reap" not in note


def test_an_end_that_fails_before_any_request_leaves_is_not_counted_as_an_attempt(
    tmp_path: Path,
) -> None:
    fake = Vendor("hamsa", [ok("hamsa")])
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        ledger.track(REF, "hamsa")
        with (
            Hangup(api_keys={}, env={}, transport=fake.transport, ledger=ledger) as client,
            pytest.raises(ConfigurationError, match="HAMSA_API_KEY"),
        ):
            client.end(REF)
        entry = ledger.get(REF)
    assert fake.requests == []
    assert entry is not None
    assert (entry.state, entry.attempts) == (SessionState.FAILED, 0)
    assert entry.last_error is not None
    assert "ConfigurationError" in entry.last_error
