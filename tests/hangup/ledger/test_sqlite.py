"""The ledger shared by real processes: no `database is locked`, no lost rows, no double claims."""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import textwrap
from collections.abc import Callable
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

import pytest

from hangup import Ledger, SessionState
from hangup.ledger._claims import claim_abandoned

# spawn, not fork: each worker starts clean, like a separate program would.
SPAWN = multiprocessing.get_context("spawn")
WORKERS = 4
RESULT_TIMEOUT_SECONDS = 120


def track_and_mark(path: str, worker: int, count: int, start: Event) -> Any:
    """Track `count` own sessions plus shared ones, then end half and fail the other half."""
    start.wait()
    with Ledger(path) as ledger:
        for i in range(count):
            ref = f"hamsa:w{worker}-{i}"
            ledger.track(ref, "hamsa", {"worker": str(worker)})
            # Every worker tracks the same shared sessions, each adding its own label.
            ledger.track(f"hamsa:shared-{i % 10}", "hamsa", {f"seen-by-{worker}": "yes"})
            ledger.mark_ending(ref)
            if i % 2:
                ledger.mark_ended(ref)
            else:
                ledger.mark_failed(ref, f"worker {worker} failed {i}")
    return count


def claim_until_empty(path: str, worker: int, count: int, start: Event) -> Any:
    """Claim small batches until nothing is left, ending what this worker claimed."""
    start.wait()
    mine: list[str] = []
    with Ledger(path) as ledger:
        while batch := ledger.claim(limit=count):
            refs = [entry.ref for entry in batch]
            mine.extend(refs)
            ledger.mark_ended_many(refs)
    return mine


def open_and_track(path: str, worker: int, count: int, start: Event) -> Any:
    """Open a ledger that may not exist yet, at the same moment as the others."""
    start.wait()
    with Ledger(path) as ledger:
        ledger.track(f"hamsa:first-{worker}", "hamsa")
    return worker


def _run_worker(job: Callable[..., Any], args: tuple[Any, ...], results: Any) -> None:
    try:
        results.put((args[1], "ok", job(*args)))
    except BaseException as exc:  # report every failure to the parent, whatever it is
        results.put((args[1], "error", repr(exc)))


def run_at_once(job: Callable[..., Any], path: Path, count: int) -> dict[int, Any]:
    """Run `job` in WORKERS spawned processes released together; return each one's result."""
    start, results = SPAWN.Event(), SPAWN.Queue()
    processes = [
        SPAWN.Process(target=_run_worker, args=(job, (str(path), n, count, start), results))
        for n in range(WORKERS)
    ]
    for process in processes:
        process.start()
    start.set()
    outcomes = [results.get(timeout=RESULT_TIMEOUT_SECONDS) for _ in processes]
    for process in processes:
        process.join(timeout=RESULT_TIMEOUT_SECONDS)
    errors = [outcome for outcome in outcomes if outcome[1] != "ok"]
    assert errors == []
    assert [process.exitcode for process in processes] == [0] * WORKERS
    return {worker: value for worker, _, value in outcomes}


def test_processes_tracking_and_marking_at_once_lose_no_row(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    Ledger(path).close()

    run_at_once(track_and_mark, path, count=150)

    with Ledger(path) as ledger:
        entries = {entry.ref: entry for entry in ledger.sessions()}
    own = {ref: e for ref, e in entries.items() if not ref.startswith("hamsa:shared-")}
    assert len(own) == WORKERS * 150
    assert sum(e.state is SessionState.ENDED for e in own.values()) == WORKERS * 75
    assert sum(e.state is SessionState.FAILED for e in own.values()) == WORKERS * 75
    assert all(e.attempts == 1 for e in own.values())
    shared = [e for ref, e in entries.items() if ref.startswith("hamsa:shared-")]
    assert len(shared) == 10
    every_label = {f"seen-by-{n}": "yes" for n in range(WORKERS)}
    assert all(dict(e.labels) == every_label for e in shared)


def test_processes_claiming_at_once_never_get_the_same_session(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    refs = [f"hamsa:s{i:04}" for i in range(600)]
    with Ledger(path) as ledger:
        for ref in refs:
            ledger.track(ref, "hamsa")

    claimed = run_at_once(claim_until_empty, path, count=5)

    every_claim = [ref for mine in claimed.values() for ref in mine]
    assert sorted(every_claim) == refs
    with Ledger(path) as ledger:
        entries = ledger.sessions()
    assert {(e.state, e.attempts) for e in entries} == {(SessionState.ENDED, 1)}


def test_processes_creating_one_new_ledger_at_once_all_succeed(tmp_path: Path) -> None:
    path = tmp_path / "new" / "ledger.sqlite3"

    run_at_once(open_and_track, path, count=1)

    with Ledger(path) as ledger:
        assert sorted(e.ref for e in ledger.sessions()) == [
            f"hamsa:first-{n}" for n in range(WORKERS)
        ]


CLAIM_THEN_WAIT = textwrap.dedent(
    """
    import sys
    from hangup import Ledger

    ledger = Ledger(sys.argv[1])
    print(",".join(entry.ref for entry in ledger.claim()), flush=True)
    sys.stdin.read()  # hold the claim, like a reaper waiting for the vendor
    """
)


def test_a_claim_is_kept_while_its_process_lives_and_taken_over_once_it_is_killed(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ledger.sqlite3"
    with Ledger(path) as ledger:
        ledger.track("hamsa:a", "hamsa")
        ledger.track("hamsa:b", "hamsa")
    reaper = subprocess.Popen(
        [sys.executable, "-c", CLAIM_THEN_WAIT, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reaper.stdout is not None
        assert reaper.stdout.readline().strip() == "hamsa:a,hamsa:b"
        with Ledger(path) as ledger:
            assert ledger.reapable() == []
            assert ledger.claim() == []
    finally:
        reaper.kill()
        reaper.communicate(timeout=RESULT_TIMEOUT_SECONDS)

    with Ledger(path) as ledger:
        assert [e.ref for e in ledger.reapable()] == ["hamsa:a", "hamsa:b"]
        retried = ledger.claim()
    assert [(e.ref, e.state, e.attempts) for e in retried] == [
        ("hamsa:a", SessionState.ENDING, 2),
        ("hamsa:b", SessionState.ENDING, 2),
    ]


def test_claim_abandoned_is_true_only_for_a_process_known_to_be_gone() -> None:
    host = socket.gethostname()

    assert claim_abandoned(None) is True
    assert claim_abandoned(f"{host}:{os.getpid()}") is False
    assert claim_abandoned(f"{host}:{os.getppid()}") is False
    # Another host's process cannot be checked from here: the lease decides.
    assert claim_abandoned(f"not-{host}:{os.getpid()}") is False
    assert claim_abandoned(f"{host}:not-a-pid") is False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to spot zombies")
def test_a_killed_process_not_yet_waited_for_counts_as_gone() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=-1)
    owner = f"{socket.gethostname()}:{child.pid}"
    try:
        assert claim_abandoned(owner) is False
        child.send_signal(signal.SIGKILL)
        # Wait for the exit but leave the child a zombie (WNOWAIT), as a careless parent would.
        os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)
        assert claim_abandoned(owner) is True
    finally:
        child.kill()
        child.wait(timeout=RESULT_TIMEOUT_SECONDS)
    assert claim_abandoned(owner) is True
