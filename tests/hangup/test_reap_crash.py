"""A reaper killed with SIGKILL mid-run, then started again, ends every session and re-sends none
it had recorded as ended.

Real processes: `hangup reap` runs as a subprocess against scripts/local_vendor.py, which
counts the end calls each session gets. The test kills the reaper at a chosen point (polling
the ledger, with a deadline), reads what the ledger had committed by then, runs the reaper
again to completion, and checks the counts. The one window the design leaves open is the
sessions in flight at the kill (sent, answer not yet committed): at most `concurrency` of them
get a second call.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from hangup import Ledger, SessionState
from scripts.servers.local_vendor import running_local_vendor
from tests.hangup.fakes import KEYS, VENDORS
from tests.hangup.polling import wait_until

ROOT = Path(__file__).resolve().parents[2]
SESSIONS = 240
CONCURRENCY = 8
DELAY_MS = 25  # each answer is held this long, so the reaper is mid-run for a while
DEADLINE_SECONDS = 60.0


def session_refs(count: int) -> list[str]:
    """Refs of all four vendors, written as local_vendor counts them."""
    refs = []
    for i in range(count):
        vendor = VENDORS[i % len(VENDORS)]
        if vendor in ("liveavatar", "hamsa"):
            refs.append(f"{vendor}:{uuid.uuid4()}")
        else:
            refs.append(f"{vendor}:scope{i % 3}/run{i}-{uuid.uuid4().hex[:8]}")
    return refs


@pytest.fixture
def vendor_url() -> Iterator[str]:
    with running_local_vendor(delay_ms=DELAY_MS) as base_url:
        yield base_url


def reaper_env(ledger: Path, base_url: str) -> dict[str, str]:
    env = dict(os.environ, HANGUP_LEDGER=str(ledger))
    for vendor in VENDORS:
        env[f"{vendor.upper()}_BASE_URL"] = base_url
        env[f"{vendor.upper()}_API_KEY"] = KEYS[vendor]
    return env


def start_reaper(env: dict[str, str]) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "hangup.cli", "reap", "--concurrency", str(CONCURRENCY)]
    return subprocess.Popen(
        [*command, "--json"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def counted(ledger: Ledger, state: SessionState) -> int:
    return len(ledger.sessions(states=[state]))


KILL_POINTS = {
    # All sessions claimed (`ending`), none answered yet.
    "right after the claim": lambda ledger: counted(ledger, SessionState.ENDING) > 0,
    "early": lambda ledger: counted(ledger, SessionState.ENDED) >= 5,
    "in the middle": lambda ledger: counted(ledger, SessionState.ENDED) >= SESSIONS // 2,
}


@pytest.mark.parametrize("kill_point", list(KILL_POINTS))
def test_a_reaper_killed_mid_run_and_started_again_ends_all_and_resends_none_recorded(
    kill_point: str, vendor_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "ledger.sqlite3"
    refs = session_refs(SESSIONS)
    with Ledger(path) as ledger:
        for ref in refs:
            ledger.track(ref, ref.partition(":")[0])
    env = reaper_env(path, vendor_url)

    reaper = start_reaper(env)
    try:
        with Ledger(path) as watcher:
            wait_until(
                lambda: KILL_POINTS[kill_point](watcher),
                f"the kill point {kill_point!r}",
                seconds=DEADLINE_SECONDS,
                running=reaper,
            )
        reaper.send_signal(signal.SIGKILL)
    finally:
        reaper.kill()
        reaper.communicate(timeout=DEADLINE_SECONDS)
    assert reaper.returncode == -signal.SIGKILL

    with Ledger(path) as ledger:
        # What the killed reaper had committed: nothing it wrote after this can exist.
        ended_before = {e.ref for e in ledger.sessions(states=[SessionState.ENDED])}
    assert len(ended_before) < SESSIONS, "the kill came too late to test anything"

    again = start_reaper(env)
    out, err = again.communicate(timeout=DEADLINE_SECONDS)
    assert again.returncode == 0, err

    report = json.loads(out)
    assert (report["ended"], report["gone"], report["failed"]) == (
        SESSIONS - len(ended_before),
        0,
        0,
    )
    with Ledger(path) as ledger:
        entries = {e.ref: e for e in ledger.sessions()}
    assert {e.state for e in entries.values()} == {SessionState.ENDED}
    assert set(entries) == set(refs)  # none lost, none added

    counts = httpx.get(f"{vendor_url}/_counts").json()
    calls = {ref: counts.get(ref, 0) for ref in refs}
    assert min(calls.values()) >= 1
    assert {calls[ref] for ref in ended_before} <= {1}
    assert all(entries[ref].attempts == 1 for ref in ended_before)
    sent_twice = [ref for ref, n in calls.items() if n == 2]
    assert len(sent_twice) <= CONCURRENCY  # only those in flight at the kill
    assert max(calls.values()) <= 2
