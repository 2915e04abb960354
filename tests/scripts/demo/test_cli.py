"""The demo: its pieces, then the whole of it end to end, and Ctrl-C in the middle of it.

The end-to-end tests start Prism (so they are contract tests: `make test` runs them, and
without Node they fail saying what to install). Each gets its own work directory, which every
Prism it starts names on its command line: that is how "nothing left running" is checked.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from hangup import SessionRef
from scripts.demo._steps import Row, batch_problems, mock_problems, shorten
from scripts.demo.cli import demo_refs, leftovers, print_table
from scripts.servers.prism_log import Seen
from scripts.spec.provenance import ROOT

VENDORS = ["vectorshift", "pathors", "liveavatar", "hamsa"]


def test_demo_refs_take_the_four_vendors_in_turn_and_are_the_same_every_run() -> None:
    refs = demo_refs(8)
    assert [SessionRef.parse(ref).vendor for ref in refs] == VENDORS * 2
    assert demo_refs(8) == refs
    assert len(set(refs)) == 8


def result(ref: str, **fields: object) -> dict[str, object]:
    return {"ref": ref, "ended": True, "confirmed": True, **fields}


def test_batch_results_are_fine_only_when_each_ref_is_confirmed_in_order() -> None:
    refs = demo_refs(3)
    assert batch_problems(refs, [result(ref) for ref in refs]) == []
    assert batch_problems(refs, [result(ref) for ref in reversed(refs)]) == [
        "3 results for 3 refs, or not in the file's order"
    ]
    failed = {"ended": False, "confirmed": None, "error": "ServerError", "message": "boom"}
    results = [result(refs[0]), result(refs[1], **failed), result(refs[2], confirmed=False)]
    assert batch_problems(refs, results) == [
        f"{refs[1]}: ServerError boom",
        f"{refs[2]}: not confirmed ",
    ]


def test_a_mock_is_fine_only_with_exactly_the_expected_valid_requests_each_a_200() -> None:
    good = Seen(Counter({("GET", "/x"): 2}), valid=2, invalid=0, statuses=Counter({200: 2}))
    assert mock_problems("hamsa", good, 2) == []
    assert mock_problems("hamsa", Seen(), 0) == []
    invalid = Seen(Counter({("GET", "/x"): 2}), valid=1, invalid=1, statuses=Counter({200: 2}))
    assert mock_problems("hamsa", invalid, 2) == [
        "the hamsa mock saw 2 requests (1 valid, 1 invalid, answers {200: 2}); "
        "expected 2 valid, each a 200"
    ]
    assert mock_problems("hamsa", good, 3)


def test_shorten_cuts_uuids_to_their_first_block() -> None:
    path = "/v1/voice-agents/conversation/849e77c6-5cb3-479a-a985-7fab630e2c78/terminate"
    assert shorten(path) == "/v1/voice-agents/conversation/849e77c6…/terminate"


def test_the_table_lists_every_row_then_says_all_went_as_expected(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = [Row("1 session", "hamsa", "GET /x -> 200 confirmed", 0.42, True)]
    print_table(rows, [])
    out = capsys.readouterr().out
    assert "1 session  hamsa   GET /x -> 200 confirmed  0.4 s" in out
    assert "All as expected." in out


def test_the_table_lists_every_problem_and_every_leftover(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = [Row("chat", "vectorshift", "", 1.0, False, ("the chat printed ''",))]
    print_table(rows, ["node prism mock /tmp/x"])
    out = capsys.readouterr().out
    assert "NOT as expected:\n  - the chat printed ''\n" in out
    assert "  - still running after the demo: node prism mock /tmp/x" in out


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_leftovers_finds_a_process_naming_the_work_dir(tmp_path: Path) -> None:
    marker = tmp_path / "work"
    waits = "print('up', flush=True); import sys; sys.stdin.read()"
    process = subprocess.Popen(
        [sys.executable, "-c", waits, marker], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert process.stdin is not None
    assert process.stdout is not None
    try:
        process.stdout.readline()  # it runs: its command line is its own now
        assert any(str(marker) in command for command in leftovers(marker))
    finally:
        process.stdin.close()
        process.wait()
        process.stdout.close()
    assert leftovers(marker) == []


def demo(work_dir: Path, *args: str) -> subprocess.Popen[str]:
    """Start the demo in a session of its own, with Ctrl-C's default meaning."""
    return subprocess.Popen(
        [sys.executable, "-m", "scripts.demo", "--work-dir", str(work_dir), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


@pytest.mark.contract
def test_the_demo_runs_every_step_against_the_mocks_and_leaves_nothing_running(
    tmp_path: Path,
) -> None:
    process = demo(tmp_path)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, out + err
    assert "Hello from the local VectorShift stand-in. You said: hello" in out
    for vendor in VENDORS:
        assert re.search(
            rf"^1 session +{vendor} +[A-Z]+ /\S+ -> 200 confirmed +[\d.]+ s$", out, re.M
        )
    assert re.search(
        r"^1,000 sessions from a file +all four +1,000 confirmed; 4 mocks x 250 ", out, re.M
    )
    assert "All as expected." in out
    assert "1000/1000" in err  # the progress bar, drawn on stderr
    assert leftovers(tmp_path) == []


@pytest.mark.contract
def test_ctrl_c_during_the_demo_stops_every_mock_and_exits_130(tmp_path: Path) -> None:
    process = demo(tmp_path)
    assert process.stdout is not None
    for line in process.stdout:  # wait, without sleeping, until the CLI is at work
        if line.startswith("$ hangup end"):
            break
    os.killpg(process.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "demo: interrupted; every mock stopped" in err
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("missing", ["NODE", "NPM"])
def test_make_demo_without_node_or_npm_stops_with_one_line_saying_what_to_install(
    missing: str,
) -> None:
    make = subprocess.run(
        ["make", "--no-print-directory", "demo", f"{missing}=/nonexistent/{missing.lower()}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert make.returncode == 2
    assert make.stdout == ""
    [line] = make.stderr.splitlines()
    assert "Node.js 20.16+ and npm are needed" in line
    assert "install them" in line
