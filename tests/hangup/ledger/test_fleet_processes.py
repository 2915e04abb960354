"""Real `hangup reap` processes sharing one PostgreSQL ledger: a reaper SIGKILLed mid-run among
three, and a reaper frozen (SIGSTOP) past its lease, then resumed.

Neither test waits for a lease to run out: once the reaper is dead or stopped, the test moves
its leases an hour into the past in the table, which is all a lease running out is to the
other reapers (they compare `lease_until` with their own clocks).

The reapers are subprocesses against scripts.servers.local_vendor, which counts the end calls
each session gets and records every call that arrived while another call for the same session
was in flight (an overlap: two reapers ending one session at the same moment). The tests find
their moments by polling the database with a deadline: the reapers are other processes, and
nothing tells this one when they reach a point.

HANGUP_FLEET_SESSIONS sets the crash test's ledger size (default 2,000, so that `make test`
stays in budget; the issue's 20,000 is `HANGUP_FLEET_SESSIONS=20000 make unit`).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httpx
import psycopg

from hangup import Ledger, SessionState, TrackedSession
from scripts.servers.local_vendor import running_local_vendor
from tests.hangup.fakes import KEYS, VENDORS
from tests.hangup.polling import wait_until as poll_until
from tests.hangup.test_reap_crash import session_refs

ROOT = Path(__file__).resolve().parents[3]
FLEET_SESSIONS = int(os.environ.get("HANGUP_FLEET_SESSIONS", "2000"))
CONCURRENCY = 8
# Long enough that a working reaper, renewing every third of it, never loses a claim on a
# loaded machine. No test waits it out (see the module docstring).
LEASE_SECONDS = 8
DEADLINE_SECONDS = 120.0


def reaper_env(ledger_url: str, base_url: str) -> dict[str, str]:
    env = dict(os.environ, HANGUP_LEDGER=ledger_url)
    for vendor in VENDORS:
        env[f"{vendor.upper()}_BASE_URL"] = base_url
        env[f"{vendor.upper()}_API_KEY"] = KEYS[vendor]
    return env


def start_reaper(env: dict[str, str], *options: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "hangup.cli", "reap", "--json", *options],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(reaper: subprocess.Popen[str]) -> dict[str, object]:
    out, err = reaper.communicate(timeout=DEADLINE_SECONDS)
    assert reaper.returncode == 0, err
    report: dict[str, object] = json.loads(out)
    return report


def wait_until(ready: Callable[[], bool], what: str) -> None:
    """Poll `ready` until it holds, failing at the deadline (the reapers are other processes)."""
    poll_until(ready, what, seconds=DEADLINE_SECONDS)


class Rows:
    """Read the ledger's table directly: who holds a claim is not part of the Ledger API."""

    def __init__(self, ledger_url: str) -> None:
        parts = urlsplit(ledger_url)
        self.schema = dict(parse_qsl(parts.query))["schema"]
        self.conn = psycopg.connect(parts._replace(query="").geturl(), autocommit=True)

    def refs(self, where: str, *params: object) -> set[str]:
        table = f'"{self.schema}".hangup_sessions'
        query = f"SELECT ref FROM {table} WHERE {where}"  # noqa: S608 (the test's own clauses)
        rows = self.conn.execute(query, params)
        return {row[0] for row in rows}

    def states(self) -> dict[str, tuple[str, str | None]]:
        """Every row's state and claim owner, read in one statement (one moment)."""
        table = f'"{self.schema}".hangup_sessions'
        query = f"SELECT ref, state, claimed_by FROM {table}"  # noqa: S608 (our schema's name)
        rows = self.conn.execute(query).fetchall()
        return {ref: (state, claimed_by) for ref, state, claimed_by in rows}

    def held_by(self, process: subprocess.Popen[str]) -> set[str]:
        return self.refs("state = 'ending' AND claimed_by = %s", owner(process))

    def let_leases_run_out(self, process: subprocess.Popen[str]) -> set[str]:
        """Move the leases `process` holds an hour into the past; return their refs."""
        table = f'"{self.schema}".hangup_sessions'
        claims = "state = 'ending' AND claimed_by = %s"
        query = f"UPDATE {table} SET lease_until = %s WHERE {claims} RETURNING ref"  # noqa: S608 (our own clauses)
        past = datetime.now(UTC) - timedelta(hours=1)
        return {row[0] for row in self.conn.execute(query, (past, owner(process)))}

    def close(self) -> None:
        self.conn.close()


def owner(process: subprocess.Popen[str]) -> str:
    return f"{socket.gethostname()}:{process.pid}"


def stopped(process: subprocess.Popen[str]) -> bool:
    """True once the kernel has stopped `process` (SIGSTOP lands asynchronously)."""
    stat = Path(f"/proc/{process.pid}/stat").read_text()
    return stat.rpartition(")")[2].split()[0] == "T"


def seed(ledger_url: str, refs: list[str]) -> None:
    now = datetime.now(UTC)
    entries = [
        TrackedSession(ref, ref.partition(":")[0], now, {}, SessionState.OPEN, 0, None, now)
        for ref in refs
    ]
    with Ledger(ledger_url) as ledger:
        assert ledger.add_copies(entries) == len(refs)


def vendor_json(base_url: str, what: str) -> dict[str, int]:
    answer: dict[str, int] = httpx.get(f"{base_url}/{what}").json()
    return answer


def test_three_reapers_one_killed_and_restarted_end_every_session_and_never_overlap(
    postgres_ledger_url: str,
) -> None:
    refs = session_refs(FLEET_SESSIONS)
    seed(postgres_ledger_url, refs)
    options = ("--concurrency", str(CONCURRENCY), "--lease", f"{LEASE_SECONDS}s")
    rows = Rows(postgres_ledger_url)
    with running_local_vendor(delay_ms=20) as base_url:
        env = reaper_env(postgres_ledger_url, base_url)
        reapers = [start_reaper(env, *options) for _ in range(3)]
        victim = reapers[0]
        try:
            wait_until(
                lambda: (
                    len(rows.refs("state = 'ended'")) >= FLEET_SESSIONS // 3
                    and bool(rows.held_by(victim))
                ),
                "a third of the sessions ended while the first reaper holds claims",
            )
            victim.send_signal(signal.SIGKILL)
            victim.wait(timeout=DEADLINE_SECONDS)
            held_at_kill = rows.held_by(victim)
            ended_at_kill = rows.refs("state = 'ended'")
            assert held_at_kill
            assert len(ended_at_kill) < FLEET_SESSIONS
            # The dead reaper's claims become anyone's once its leases run out
            assert rows.let_leases_run_out(victim) == held_at_kill
            reapers[0] = start_reaper(env, *options)
            reports = [finish(reaper) for reaper in reapers]
        finally:
            for reaper in [*reapers, victim]:
                reaper.kill()
                reaper.communicate()
            rows.close()
        counts = vendor_json(base_url, "_counts")
        overlaps = vendor_json(base_url, "_overlaps")

    assert all(report["failed"] == 0 for report in reports)
    with Ledger(postgres_ledger_url) as ledger:
        entries = {entry.ref: entry for entry in ledger.sessions()}
    assert set(entries) == set(refs)  # none lost, none added
    assert {entry.state for entry in entries.values()} == {SessionState.ENDED}
    calls = {ref: counts.get(ref, 0) for ref in refs}
    assert min(calls.values()) == 1
    assert max(calls.values()) <= 2
    assert {calls[ref] for ref in ended_at_kill} == {1}
    sent_twice = {ref for ref, n in calls.items() if n == 2}
    assert sent_twice <= held_at_kill  # only what the killed reaper had in flight
    assert len(sent_twice) <= CONCURRENCY
    assert overlaps == {}  # never two reapers ending one session at the same moment


def test_a_reaper_frozen_past_its_lease_loses_its_claims_and_its_late_answers_change_nothing(
    postgres_ledger_url: str,
) -> None:
    refs = session_refs(8)
    seed(postgres_ledger_url, refs)
    rows = Rows(postgres_ledger_url)
    # The frozen reaper's vendor holds each answer, so it is mid-flight when frozen; the new
    # owner's holds them longer, so it still holds claims when the frozen one resumes.
    with (
        running_local_vendor(delay_ms=1000) as frozen_url,
        running_local_vendor(delay_ms=400) as owner_url,
    ):
        frozen = start_reaper(
            reaper_env(postgres_ledger_url, frozen_url),
            *("--concurrency", "8", "--lease", f"{LEASE_SECONDS}s"),
        )
        new_owner: subprocess.Popen[str] | None = None
        try:
            wait_until(lambda: sum(vendor_json(frozen_url, "_counts").values()) > 0, "a call")
            frozen.send_signal(signal.SIGSTOP)
            wait_until(lambda: stopped(frozen), "the reaper stopped")  # so it renews nothing
            assert rows.held_by(frozen) == set(refs)  # it claimed all; none is answered yet
            assert rows.let_leases_run_out(frozen) == set(refs)
            with Ledger(postgres_ledger_url) as watcher:
                assert len(watcher.reapable()) == len(refs)
            new_owner = start_reaper(
                reaper_env(postgres_ledger_url, owner_url), "--concurrency", "1"
            )
            taken = new_owner
            wait_until(
                lambda: (
                    bool(rows.held_by(taken))
                    and rows.held_by(taken) | rows.refs("state = 'ended'") == set(refs)
                ),
                "the takeover",
            )
            frozen.send_signal(signal.SIGCONT)
            finish(frozen)  # every late answer arrived and was offered to the ledger
            assert new_owner.poll() is None, "the new owner finished too soon to test anything"
            answered_by_owner = set(vendor_json(owner_url, "_counts"))
            seen = rows.states()
            finish(new_owner)
        finally:
            for reaper in (frozen, new_owner):
                if reaper is not None:
                    reaper.send_signal(signal.SIGCONT)
                    reaper.kill()
                    reaper.communicate()
            rows.close()
        frozen_calls = vendor_json(frozen_url, "_counts")

    assert set(frozen_calls) == set(refs)  # it did send every end, late
    ended = {ref for ref, (state, _) in seen.items() if state == "ended"}
    still_held = {ref for ref, seen_now in seen.items() if seen_now == ("ending", owner(taken))}
    assert ended <= answered_by_owner  # nothing ended on the frozen reaper's word
    assert still_held == set(refs) - ended  # and every other claim is still the new owner's
    assert still_held, "the new owner had no claim left when the frozen reaper finished"
    with Ledger(postgres_ledger_url) as ledger:
        entries = ledger.sessions()
    assert {entry.state for entry in entries} == {SessionState.ENDED}
    assert {entry.attempts for entry in entries} == {2}  # one claim each, nothing recorded late
