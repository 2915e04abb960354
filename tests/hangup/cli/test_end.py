"""`hangup end` against the stand-in vendor (tests/hangup/cli/conftest.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from hangup.cli import main
from tests.hangup.cli.conftest import GONE
from tests.hangup.fakes import UUID

ONE_PER_VENDOR = ["vectorshift:bot/run", "pathors:proj/sess", f"liveavatar:{UUID}", f"hamsa:{UUID}"]


def test_end_ends_one_session_of_each_vendor_and_exits_0(
    stand_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["end", *ONE_PER_VENDOR]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[:2] for line in out] == [["ended", ref] for ref in ONE_PER_VENDOR]


def test_end_json_prints_one_object_per_result_in_order(
    stand_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = [*ONE_PER_VENDOR, f"hamsa:{GONE}", "nonsense"]
    assert main(["end", "--json", *refs]) == 1
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["ref"] for r in records] == refs
    assert [r["ended"] for r in records] == [True] * 4 + [False, False]
    assert records[4]["error"] == "NotFoundError"
    assert records[4]["message"] == "Conversation not found"
    assert records[5]["error"] == "InvalidSessionRef"


def test_missing_ok_turns_a_404_into_an_ended_session(
    stand_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["end", "--missing-ok", f"hamsa:{GONE}"]) == 0
    assert capsys.readouterr().out.startswith(f"gone\thamsa:{GONE}")


def test_an_error_prints_one_line_with_vendor_ref_and_the_vendors_message(
    stand_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--max-retries", "0", "end", "pathors:proj/broken"]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line == "error\tpathors:proj/broken\tpathors: database unavailable (HTTP 500)"


def test_end_reads_refs_from_a_file_skipping_blanks_and_comments(
    stand_in: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = tmp_path / "refs.txt"
    listing.write_text("# sessions to end\n\n" + "\n".join(ONE_PER_VENDOR) + "\n")
    assert main(["end", "--from", str(listing), "--json"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 4


def test_end_reads_refs_from_stdin_with_a_forced_progress_bar(
    stand_in: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = [f"pathors:proj/sess_{i}" for i in range(40)]
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO("\n".join(refs)))
    assert main(["end", "--from", "-", "--progress", "--concurrency", "8"]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 40
    assert "ending sessions" in captured.err
    assert "40/40" in captured.err
    assert "ended 40 of 40" in captured.err


def test_no_progress_bar_when_stderr_is_not_a_terminal(
    stand_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["end", *[f"pathors:proj/s{i}" for i in range(25)]]) == 0
    assert "ending sessions" not in capsys.readouterr().err


def test_end_without_refs_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["end"])
    assert caught.value.code == 2
    assert "--from FILE" in capsys.readouterr().err


def test_a_missing_key_is_reported_per_ref_naming_the_env_var(
    stand_in: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("HAMSA_API_KEY")
    assert main(["end", f"hamsa:{UUID}"]) == 1
    assert "HAMSA_API_KEY is not set" in capsys.readouterr().err
