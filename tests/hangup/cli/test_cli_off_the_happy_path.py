"""The `hangup` command off the happy path, run as a real process the way a shell runs it.

Every failure is one line on stderr with a meaningful status (2 bad usage, 1 failed, 130
interrupted, 141 closed pipe), never a traceback; results that came back are printed before
an interrupt exits; input files are UTF-8 (a BOM allowed); refs are shown escaped. The vendor
is tests/hangup/hostile.py on 127.0.0.1.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from hangup.ledger import Ledger
from tests.hangup.fakes import KEYS, UUID
from tests.hangup.hostile import HostileVendor, hostile_vendor
from tests.hangup.test_hostile_vendor import ECHOING, HOSTILE_KEYS, leaks

HANGUP = [sys.executable, "-m", "hangup.cli"]
PATHORS_REF = "pathors:proj/sess"
LIVEAVATAR_REF = f"liveavatar:{UUID}"
ALL_REFS = ["vectorshift:bot/run", PATHORS_REF, LIVEAVATAR_REF, f"hamsa:{UUID}"]


@pytest.fixture
def vendor() -> Iterator[HostileVendor]:
    with hostile_vendor() as running:
        yield running


@pytest.fixture
def env(vendor: HostileVendor, tmp_path: Path) -> dict[str, str]:
    """A clean environment: every vendor at the hostile vendor, a key each, a private ledger."""
    clean = {k: v for k, v in os.environ.items() if not k.endswith(("_API_KEY", "_BASE_URL"))}
    clean["HANGUP_LEDGER"] = str(tmp_path / "ledger.sqlite3")
    for name, key in KEYS.items():
        clean[f"{name.upper()}_API_KEY"] = key
        clean[f"{name.upper()}_BASE_URL"] = vendor.url
    return clean


def hangup(
    env: dict[str, str], *args: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*HANGUP, *args],
        env=env,
        input=None if stdin is None else stdin.decode("latin-1"),
        capture_output=True,
        text=True,
        timeout=60,
    )


def one_error_line(done: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


# --- section 6: input files, pipes, interrupts, escaping ---------------------------------


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "cannot read it"),  # no such file
        ("dir", "cannot read it"),  # a directory
        ("hamsa:caf\xe9\n".encode("latin-1"), "not UTF-8"),
        ("pathors:p/s\n".encode("utf-16"), "not UTF-8"),
    ],
    ids=["missing", "directory", "latin-1", "utf-16"],
)
def test_a_from_file_that_cannot_be_read_is_one_line_and_exit_2(
    env: dict[str, str], tmp_path: Path, content: bytes | str | None, says: str
) -> None:
    path = tmp_path / "refs.txt"
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    done = hangup(env, "end", "--from", str(path))
    assert done.returncode == 2
    line = one_error_line(done)
    assert line.startswith("hangup end: --from ")
    assert says in line


def test_from_stdin_when_stdin_is_closed_is_one_line_and_exit_2(env: dict[str, str]) -> None:
    script = 'exec "$0" -m hangup.cli end --from - <&-'
    done = subprocess.run(
        ["sh", "-c", script, sys.executable], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "stdin is closed" in one_error_line(done)


def test_a_file_with_a_bom_ends_its_first_ref_too(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "refs.txt"
    path.write_text(f"\ufeff{PATHORS_REF}\n# a comment\n", encoding="utf-8")
    done = hangup(env, "end", "--from", str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\t")[1] == PATHORS_REF


@pytest.mark.parametrize("age", ["1000000d", "99999999999d"])
def test_an_age_past_what_a_date_holds_is_one_line_and_exit_2(
    env: dict[str, str], age: str
) -> None:
    for verb in ("sessions", "reap"):
        done = hangup(env, verb, "--older-than", age)
        assert done.returncode == 2
        assert "too long an age" in one_error_line(done)
    assert not Path(env["HANGUP_LEDGER"]).exists()  # refused before the ledger was opened


def test_output_into_a_closed_pipe_ends_quietly_with_141(env: dict[str, str]) -> None:
    process = subprocess.Popen(
        [*HANGUP, "vendors"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.close()  # like `| head -0`: nobody will read what it prints
    status = process.wait(timeout=60)
    assert status == 141
    assert process.stderr.read() == b""
    process.stderr.close()


def test_output_to_a_full_disk_is_one_line_and_exit_1(env: dict[str, str]) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [*HANGUP, "vendors"], env=env, stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert done.returncode == 1
    assert "cannot write the output" in one_error_line(done)


def test_ctrl_c_prints_the_sessions_already_ended_then_exits_130(
    env: dict[str, str], vendor: HostileVendor
) -> None:
    vendor.mode = {"/sessions/stop": "hold"}  # LiveAvatar's answer never comes
    process = subprocess.Popen(
        [*HANGUP, "end", "--concurrency", "1", PATHORS_REF, LIVEAVATAR_REF],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # With one at a time, LiveAvatar's request leaves only once Pathors' result is recorded.
    assert vendor.arrived.acquire(timeout=30)
    assert vendor.arrived.acquire(timeout=30)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert out.splitlines()[0].split("\t")[:2] in (
        ["ended", PATHORS_REF],
        ["unconfirmed", PATHORS_REF],
    )
    assert LIVEAVATAR_REF not in out
    assert "Traceback" not in err
    assert "interrupted; 1 of 2 answered" in err


def test_a_ref_with_cr_lf_is_shown_escaped_on_one_line(env: dict[str, str]) -> None:
    done = hangup(env, "end", "pathors:p/s\r\nX-Evil: 1")
    assert done.returncode == 2
    line = one_error_line(done)
    assert line.startswith("error\tpathors:p/s\\r\\nX-Evil: 1\t")


# --- section 7: exit statuses and messages a shell user can act on -----------------------


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["end", "--concurrency", "0", PATHORS_REF], "--concurrency"),
        (["end", "--concurrency", "-1", PATHORS_REF], "--concurrency"),
        (["--timeout", "nan", "end", PATHORS_REF], "--timeout"),
        (["--timeout", "0", "end", PATHORS_REF], "--timeout"),
        (["--timeout", "-1", "end", PATHORS_REF], "--timeout"),
        (["--max-retries", "-1", "end", PATHORS_REF], "--max-retries"),
    ],
)
def test_a_bad_option_exits_2_with_one_line_naming_it_in_shell_terms(
    env: dict[str, str], args: list[str], names: str
) -> None:
    done = hangup(env, *args)
    assert done.returncode == 2
    line = one_error_line(done)
    assert names in line
    assert "Timeout(" not in line
    assert "must be" in line
    assert "--help" in line


def test_a_bad_ref_exits_2_and_names_no_vendor_twice(env: dict[str, str]) -> None:
    done = hangup(env, "end", "hamsa")
    assert done.returncode == 2
    line = one_error_line(done)
    assert line.startswith("error\thamsa\t'hamsa' names no vendor")


def test_a_bad_base_url_exits_2_naming_the_variable(env: dict[str, str]) -> None:
    env["HAMSA_BASE_URL"] = "http://127.0.0.1:abc"
    done = hangup(env, "end", f"hamsa:{UUID}")
    assert done.returncode == 2
    assert "HAMSA_BASE_URL" in one_error_line(done)


def test_a_missing_key_names_the_variable_to_export_not_a_python_argument(
    env: dict[str, str],
) -> None:
    del env["HAMSA_API_KEY"]
    done = hangup(env, "end", f"hamsa:{UUID}")
    assert done.returncode == 1
    line = one_error_line(done)
    assert "HAMSA_API_KEY is not set: export it" in line
    assert "api_keys" not in line


def test_end_without_refs_shows_ends_own_usage_in_one_line(env: dict[str, str]) -> None:
    done = hangup(env, "end")
    assert done.returncode == 2
    assert one_error_line(done).startswith("hangup end: give refs, or --from FILE")


def test_help_shows_the_concurrency_default_and_no_backticks(env: dict[str, str]) -> None:
    end_help = hangup(env, "end", "--help").stdout
    assert "default 16" in end_help.split("--concurrency", 1)[1]
    for verb in ([], ["end"], ["chat"], ["vendors"], ["reap"], ["sessions"], ["track"]):
        shown = hangup(env, *verb, "--help")
        assert shown.returncode == 0
        assert "`" not in shown.stdout, verb


def test_a_piped_streamed_chat_keeps_its_newline_before_the_follow_ups(
    env: dict[str, str],
) -> None:
    from scripts.servers.sse_stub import running_sse_stub

    with running_sse_stub() as stub:
        env["VECTORSHIFT_BASE_URL"] = stub
        done = subprocess.run(
            [*HANGUP, "chat", "vectorshift", "demo-bot", "hello", "--stream"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,  # one pipe, as `2>&1 | less` would show it
            text=True,
            timeout=60,
        )
    assert done.returncode == 0, done.stdout
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Hello from the local VectorShift stand-in")
    assert "follow-up" not in lines[0]
    assert any(line.startswith("follow-up: ") for line in lines[1:])


# --- section 4 through the command: --json, -v and the ledger, for every echo ------------


@pytest.mark.parametrize("mode", ECHOING)
def test_no_secret_reaches_json_output_verbose_logs_or_the_ledger(
    env: dict[str, str], vendor: HostileVendor, mode: str
) -> None:
    vendor.mode = mode
    for name, key in HOSTILE_KEYS.items():
        env[f"{name.upper()}_API_KEY"] = key
    with Ledger(env["HANGUP_LEDGER"]) as ledger:
        for ref in ALL_REFS:
            ledger.track(ref, ref.partition(":")[0], {})
    ended = hangup(env, "-v", "--max-retries", "1", "end", "--json", *ALL_REFS)
    listed = hangup(env, "sessions", "--json")
    assert ended.returncode in (0, 1)
    assert len(ended.stdout.splitlines()) == len(ALL_REFS)
    assert "Traceback" not in ended.stderr + listed.stderr
    assert listed.returncode == 0
    assert len(vendor.seen) >= len(ALL_REFS)
    assert leaks(ended.stdout + ended.stderr + listed.stdout + listed.stderr) == []
