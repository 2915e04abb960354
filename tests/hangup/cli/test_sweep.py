"""`hangup sweep` against the stateful stand-ins, served on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from hangup import Ledger
from hangup.cli import main
from scripts.servers.session_lists import (
    PROJECT,
    StandIn,
    ref_of,
)
from tests.hangup.fakes import KEYS
from tests.hangup.sweep_stand_ins import serving_stand_ins

SWEEPABLE = ("liveavatar", "hamsa", "pathors")


@pytest.fixture
def stand_ins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[dict[str, StandIn]]:
    """Each sweepable vendor with two old sessions and one young, all on one local port."""
    with serving_stand_ins(SWEEPABLE, monkeypatch, tmp_path) as found:
        yield found


def test_sweep_ends_the_old_sessions_and_prints_one_json_summary(
    stand_ins: dict[str, StandIn], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["sweep", "--older-than", "1h", "--project", PROJECT, "--json"])
    out, err = capsys.readouterr()
    assert code == 0
    summary = json.loads(out)
    assert summary["ended"] == 6
    assert summary["failed"] == 0
    assert summary["vendors"]["hamsa"] == {
        "listed": 3,
        "too_young": 1,
        "tracked": 0,
        "ended": 2,
        "gone": 0,
        "failed": 0,
    }
    assert "vectorshift" in summary["cannot_sweep"]
    for vendor, stand_in in stand_ins.items():
        assert set(stand_in.ended) == {s.session_id for s in stand_in.sessions[:2]}, vendor
    for key in KEYS.values():
        assert key not in out + err


def test_swept_sessions_show_in_hangup_sessions_with_the_swept_label(
    stand_ins: dict[str, StandIn], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sweep", "--older-than", "1h", "--vendor", "hamsa"]) == 0
    capsys.readouterr()
    assert main(["sessions", "--label", "swept=true", "--json"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {entry["ref"] for entry in listed} == {
        ref_of("hamsa", s.session_id) for s in stand_ins["hamsa"].sessions[:2]
    }
    assert {entry["state"] for entry in listed} == {"ended"}


def test_sweep_leaves_alone_what_the_ledger_tracks_unless_include_tracked(
    stand_ins: dict[str, StandIn], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    tracked = ref_of("liveavatar", stand_ins["liveavatar"].sessions[0].session_id)
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        ledger.track(tracked, "liveavatar")
    assert main(["sweep", "--older-than", "1h", "--vendor", "liveavatar", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["vendors"]["liveavatar"]["tracked"] == 1
    assert stand_ins["liveavatar"].ended == [stand_ins["liveavatar"].sessions[1].session_id]
    argv = ["sweep", "--older-than", "1h", "--vendor", "liveavatar", "--include-tracked"]
    assert main(argv) == 0
    assert len(stand_ins["liveavatar"].ended) == 2


def test_a_dry_run_prints_what_it_would_end_and_sends_no_end(
    stand_ins: dict[str, StandIn], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["sweep", "--older-than", "1h", "--project", PROJECT, "--dry-run"])
    out, err = capsys.readouterr()
    assert code == 0
    assert out.count("would end\t") == 6
    assert "sent nothing" in err
    assert "vectorshift not swept" in err
    for stand_in in stand_ins.values():
        assert stand_in.ended == []
        assert {request.method for request in stand_in.requests} == {"GET"}


def test_sweep_exits_1_when_an_end_fails(
    stand_ins: dict[str, StandIn], capsys: pytest.CaptureFixture[str]
) -> None:
    stand_ins["hamsa"].failing_ids.add(stand_ins["hamsa"].sessions[0].session_id)
    assert main(["sweep", "--older-than", "1h", "--vendor", "hamsa"]) == 1
    assert "failed\thamsa:" in capsys.readouterr().err


def test_sweep_without_older_than_is_refused_as_bad_usage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["sweep", "--vendor", "hamsa"])
    assert exited.value.code == 2
    assert "--older-than" in capsys.readouterr().err


def test_sweep_of_vectorshift_says_it_cannot_be_swept(
    stand_ins: dict[str, StandIn], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sweep", "--older-than", "1h", "--vendor", "vectorshift", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["cannot_sweep"] == {
        "vectorshift": "documents no list of its sessions: cannot be swept"
    }
    assert summary["vendors"] == {}


def test_vendors_says_which_vendors_can_be_swept(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["vendors", "--json"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {entry["vendor"]: entry["sweepable"] for entry in listed} == {
        "vectorshift": False,
        "pathors": True,
        "liveavatar": True,
        "hamsa": True,
    }
