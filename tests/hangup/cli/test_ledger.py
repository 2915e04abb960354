"""`hangup track`, `sessions` and `reap` against scripts/local_vendor.py on 127.0.0.1."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from hangup import Ledger, SessionState
from hangup.cli import main
from hangup.cli._options import parse_duration
from scripts.servers.local_vendor import running_local_vendor
from tests.hangup.fakes import KEYS, VENDORS


@pytest.fixture(scope="module")
def vendor_url() -> Iterator[str]:
    with running_local_vendor() as base_url:
        yield base_url


@pytest.fixture
def ledger_path(vendor_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point HANGUP_LEDGER at a fresh file and every vendor at the local server."""
    path = tmp_path / "ledger.sqlite3"
    monkeypatch.setenv("HANGUP_LEDGER", str(path))
    for vendor in VENDORS:
        monkeypatch.setenv(f"{vendor.upper()}_BASE_URL", vendor_url)
        monkeypatch.setenv(f"{vendor.upper()}_API_KEY", KEYS[vendor])
    return path


def hamsa_refs(count: int) -> list[str]:
    """Refs no other test uses, since the server counts for the whole module."""
    return [f"hamsa:{uuid.uuid4()}" for _ in range(count)]


def calls(vendor_url: str, refs: list[str]) -> dict[str, int]:
    counts = httpx.get(f"{vendor_url}/_counts").json()
    return {ref: counts.get(ref, 0) for ref in refs}


def table_rows(text: str) -> list[list[str]]:
    """The cells of each row of a rich table, read back from its box-drawn text."""
    rows = []
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.replace("┃", "│").split("│")[1:-1]]
        if cells:
            rows.append(cells)
    return rows


def states(path: Path) -> dict[str, SessionState]:
    with Ledger(path) as ledger:
        return {entry.ref: entry.state for entry in ledger.sessions()}


def test_track_adds_a_session_with_labels_and_sessions_json_lists_it(
    ledger_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (ref,) = hamsa_refs(1)
    assert main(["track", ref, "--label", "team=voice", "--label", "note=a=b"]) == 0
    assert capsys.readouterr().out == f"open\t{ref}\t{ledger_path}\n"

    assert main(["sessions", "--json"]) == 0
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record["ref"] == ref
    assert record["labels"] == {"team": "voice", "note": "a=b"}
    assert (record["state"], record["attempts"], record["last_error"]) == ("open", 0, None)


def test_track_refuses_a_bad_ref_and_writes_nothing(
    ledger_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["track", "hamsa:not-a-uuid"]) == 2  # a bad ref is bad usage
    assert "is not a UUID" in capsys.readouterr().err
    assert not ledger_path.exists()


def test_sessions_prints_a_table_filtered_by_state_and_vendor(
    ledger_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ended, still_open = hamsa_refs(2)
    with Ledger(ledger_path) as ledger:
        for ref in (ended, still_open):
            ledger.track(ref, "hamsa", {"team": "voice"})
        ledger.track("pathors:proj/sess", "pathors")
        ledger.mark_ending(ended)
        ledger.mark_ended(ended)

    assert main(["sessions", "--vendor", "hamsa", "--state", "open"]) == 0
    table = capsys.readouterr().out
    assert still_open in table
    assert "team=voice" in table
    assert ended not in table
    assert "pathors:proj/sess" not in table


def test_reap_dry_run_lists_what_it_would_end_and_sends_nothing(
    ledger_path: Path, vendor_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = hamsa_refs(3)
    with Ledger(ledger_path) as ledger:
        for ref in refs:
            ledger.track(ref, "hamsa")

    assert main(["reap", "--dry-run", "--json"]) == 0
    captured = capsys.readouterr()
    assert [json.loads(line)["ref"] for line in captured.out.splitlines()] == refs
    assert "would end 3 session(s); sent nothing" in captured.err
    assert calls(vendor_url, refs) == dict.fromkeys(refs, 0)
    with Ledger(ledger_path) as ledger:
        assert {(e.state, e.attempts) for e in ledger.sessions()} == {(SessionState.OPEN, 0)}


def test_reap_ends_every_open_session_once_and_prints_a_summary_table(
    ledger_path: Path, vendor_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = [*hamsa_refs(5), f"pathors:proj/{uuid.uuid4()}", f"vectorshift:bot/{uuid.uuid4()}"]
    with Ledger(ledger_path) as ledger:
        for ref in refs:
            ledger.track(ref, ref.partition(":")[0])

    assert main(["reap", "--concurrency", "3", "--progress"]) == 0
    captured = capsys.readouterr()
    assert table_rows(captured.out) == [
        ["vendor", "ended", "gone", "failed"],
        ["hamsa", "5", "0", "0"],
        ["pathors", "1", "0", "0"],
        ["vectorshift", "1", "0", "0"],
        ["total", "7", "0", "0"],
    ]
    assert "7 session(s) in" in captured.out
    assert "reaping sessions" in captured.err
    assert calls(vendor_url, refs) == dict.fromkeys(refs, 1)
    assert set(states(ledger_path).values()) == {SessionState.ENDED}

    assert main(["reap"]) == 0  # a second run finds nothing left
    assert "nothing to reap" in capsys.readouterr().err
    assert calls(vendor_url, refs) == dict.fromkeys(refs, 1)


def test_reap_exits_1_and_keeps_each_failure_with_its_error_for_the_next_run(
    ledger_path: Path,
    vendor_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (failing,) = hamsa_refs(1)
    working = f"pathors:proj/{uuid.uuid4()}"
    with Ledger(ledger_path) as ledger:
        ledger.track(failing, "hamsa")
        ledger.track(working, "pathors")
    monkeypatch.delenv("HAMSA_API_KEY")

    assert main(["reap", "--json"]) == 1
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert (report["ended"], report["gone"], report["failed"]) == (1, 0, 1)
    assert report["vendors"]["hamsa"] == {"ended": 0, "gone": 0, "failed": 1}
    assert f"failed\t{failing}\tConfigurationError: HAMSA_API_KEY is not set" in captured.err
    with Ledger(ledger_path) as ledger:
        entry = ledger.get(failing)
        assert entry is not None
        assert entry.state is SessionState.FAILED
        assert entry.last_error is not None
        assert entry.last_error.startswith("ConfigurationError: HAMSA_API_KEY is not set")
        assert [e.ref for e in ledger.reapable()] == [failing]
        assert entry.attempts == 0  # nothing was sent: no attempt

    monkeypatch.setenv("HAMSA_API_KEY", KEYS["hamsa"])
    assert main(["reap"]) == 0
    assert states(ledger_path) == {failing: SessionState.ENDED, working: SessionState.ENDED}
    with Ledger(ledger_path) as ledger:
        ended = ledger.get(failing)
    assert ended is not None
    assert ended.attempts == 1


def test_reap_selects_by_vendor_label_and_age(
    ledger_path: Path, vendor_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    chosen, other_label, young = hamsa_refs(3)
    pathors = f"pathors:proj/{uuid.uuid4()}"
    with Ledger(ledger_path) as ledger:
        old = datetime.now(UTC) - timedelta(hours=2)
        ledger.track(chosen, "hamsa", {"team": "voice"}, opened_at=old)
        ledger.track(other_label, "hamsa", {"team": "chat"}, opened_at=old)
        ledger.track(young, "hamsa", {"team": "voice"})
        ledger.track(pathors, "pathors", {"team": "voice"}, opened_at=old)

    args = ["reap", "--vendor", "hamsa", "--label", "team=voice", "--older-than", "1h"]
    assert main(args) == 0
    assert calls(vendor_url, [chosen, other_label, young, pathors]) == {
        chosen: 1,
        other_label: 0,
        young: 0,
        pathors: 0,
    }


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (["reap", "--older-than", "30"], "is not a duration"),
        (["reap", "--older-than", "soon"], "is not a duration"),
        (["sessions", "--label", "team"], "is not a label: write key=value"),
        (["track", "hamsa:x", "--label", "=v"], "is not a label"),
    ],
)
def test_bad_options_are_usage_errors(
    args: list[str], complaint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 2
    assert complaint in capsys.readouterr().err


def test_a_file_that_is_not_a_ledger_is_refused_and_left_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my notes")
    assert main(["reap", "--ledger", str(path)]) == 1
    assert "is not an SQLite database" in capsys.readouterr().err
    assert path.read_text() == "my notes"


def test_end_records_its_results_in_the_ledger_named_by_hangup_ledger(
    ledger_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tracked, untracked = hamsa_refs(2)
    with Ledger(ledger_path) as ledger:
        ledger.track(tracked, "hamsa")
    assert main(["end", tracked, untracked]) == 0
    assert states(ledger_path) == {tracked: SessionState.ENDED}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30m", timedelta(minutes=30)),
        ("2h", timedelta(hours=2)),
        ("1h30m", timedelta(minutes=90)),
        ("45s", timedelta(seconds=45)),
        ("7d", timedelta(days=7)),
        ("1w", timedelta(weeks=1)),
        ("1.5h", timedelta(minutes=90)),
    ],
)
def test_durations_read_as_their_units_say(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


def test_vendors_does_not_open_the_ledger(
    ledger_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["vendors"]) == 0
    assert not ledger_path.exists()


def labels_in(ledger_path: Path, ref: str) -> dict[str, str]:
    """The labels the ledger at `ledger_path` holds for `ref` (which it must track)."""
    with Ledger(ledger_path) as ledger:
        entry = ledger.get(ref)
    assert entry is not None
    return dict(entry.labels)


def test_track_refuses_to_change_a_labels_value_naming_it_with_exit_2(
    ledger_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (ref,) = hamsa_refs(1)
    assert main(["track", ref, "--label", "team=voice"]) == 0
    capsys.readouterr()

    assert main(["track", ref, "--label", "team=other"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "label 'team'" in err
    assert "'voice'" in err
    assert labels_in(ledger_path, ref) == {"team": "voice"}  # nothing was changed


def test_track_refuses_new_labels_on_an_ended_session_with_exit_2(
    ledger_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (ref,) = hamsa_refs(1)
    with Ledger(ledger_path) as ledger:
        ledger.track(ref, "hamsa", {"team": "voice"})
        ledger.mark_ended(ref)

    assert main(["track", ref, "--label", "user=42"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "is ended, so its labels are final" in err
    assert labels_in(ledger_path, ref) == {"team": "voice"}  # nothing was changed


def test_track_of_an_unknown_vendor_is_one_line_and_exit_2(
    ledger_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["track", "nosuchvendor:x"]) == 2  # a bad ref is bad usage, as in `hangup end`
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "nosuchvendor" in err
    assert not ledger_path.exists()
