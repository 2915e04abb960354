"""Start one Stoplight Prism mock per vendor on 127.0.0.1; stop every one of them on the way out.

    python -m scripts.servers.mocks [VENDOR ...]   # print each base URL, serve until Ctrl-C
    python -m scripts.servers.mocks --env          # the same, as VECTORSHIFT_BASE_URL=... lines

From Python (the contract tests and the demo)::

    with running_mocks() as base_urls:    # {"vectorshift": "http://127.0.0.1:PORT", ...}
        ...

Each mock serves the vendor's effective spec (vendor bytes + overlay) with validation on
(``--errors``): a request that breaks the spec gets a 4xx with Prism's ``sl-violations`` header.
Prism serves the spec's paths without its servers' path prefix (VectorShift's ``/v1``), so a
base URL is just ``http://127.0.0.1:PORT``. Each Prism runs in its own process group, which is
killed on exit, on Ctrl-C, on SIGTERM and on any exception; on Linux each also dies with its
parent, so not even a SIGKILLed test run leaves one behind.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import FrameType

import httpx

from scripts.spec.effective_spec import effective_spec_json
from scripts.spec.provenance import ROOT, load_sources

PRISM = ROOT / "node_modules" / ".bin" / "prism"
WORK_DIR = ROOT / "build"
# Prism takes 1-3 s to start; two cores starting four at once need headroom, not a fixed wait.
START_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 5.0
POLL_SECONDS = 0.1
PORT_ATTEMPTS = 3
# Prism's answer to a path no spec declares: how readiness tells Prism from another server.
PRISM_PROBLEM_TYPE = "stoplight.io/prism/errors"
_PR_SET_PDEATHSIG = 1


class MockStartError(RuntimeError):
    """A Prism mock could not be started or did not answer in time."""


class _PortTaken(MockStartError):
    """Another process took the free port between our probe and Prism's bind."""


@dataclass(frozen=True)
class Mock:
    """One running Prism: the vendor it mocks, where it listens, its process and its log."""

    vendor: str
    base_url: str
    process: subprocess.Popen[bytes]
    log: Path
    port: int


def vendors() -> list[str]:
    """Every vendor in specs/sources.toml, in file order."""
    return list(load_sources())


def free_port(avoid: Collection[int] = ()) -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now, and not in ``avoid``.

    ``avoid`` is for ports already handed to a Prism that may not have bound it yet: the
    kernel can offer such a port again, and a second Prism there would fail to bind while
    the first one answered its readiness probe for it.
    """
    while (port := _offered_port()) in avoid:
        pass
    return port


def _offered_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def env_lines(base_urls: dict[str, str]) -> list[str]:
    """Format base URLs as the ``<VENDOR>_BASE_URL=...`` lines the facade reads."""
    return [f"{vendor.upper()}_BASE_URL={url}" for vendor, url in base_urls.items()]


def write_spec(vendor: str, work_dir: Path = WORK_DIR) -> Path:
    """Write the vendor's effective spec to work_dir/effective/VENDOR.json and return its path."""
    path = work_dir / "effective" / f"{vendor}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    # Replace atomically: a Prism of a concurrent run may be reading the previous file.
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="utf-8") as tmp:
        tmp.write(effective_spec_json(vendor))
    os.replace(tmp.name, path)
    return path


def start_mock(
    vendor: str, work_dir: Path = WORK_DIR, prism: Path = PRISM, avoid: Collection[int] = ()
) -> Mock:
    """Start Prism for ``vendor`` on a free port not in ``avoid``; return at once.

    See wait_until_answering for when it is ready.
    """
    _require_prism(prism)
    spec = write_spec(vendor, work_dir)
    port = free_port(avoid)
    log = work_dir / "mocks" / f"{vendor}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [
        str(prism),
        "mock",
        str(spec),
        "--errors",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    _libc()  # load it here: the child may only call into it, not load it, between fork and exec
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            preexec_fn=_own_group_dying_with_parent,  # the one way to set PDEATHSIG
        )
    return Mock(vendor, f"http://127.0.0.1:{port}", process, log, port)


def wait_until_answering(mock: Mock, deadline: float) -> None:
    """Poll the mock until Prism itself answers; raise MockStartError past ``deadline``."""
    with httpx.Client(timeout=1.0) as probe:
        while True:
            code = mock.process.poll()
            if code is not None:
                tail = _log_tail(mock.log)
                error = _PortTaken if "EADDRINUSE" in tail else MockStartError
                raise error(f"Prism for {mock.vendor} exited with {code} before answering: {tail}")
            with contextlib.suppress(httpx.TransportError):
                if PRISM_PROBLEM_TYPE in probe.get(f"{mock.base_url}/").text:
                    return
            if time.monotonic() > deadline:
                raise MockStartError(
                    f"Prism for {mock.vendor} did not answer at {mock.base_url}; see {mock.log}"
                )
            # Waiting on the process (not sleeping) notices at once if Prism dies.
            with contextlib.suppress(subprocess.TimeoutExpired):
                mock.process.wait(timeout=POLL_SECONDS)


def stop_mock(mock: Mock) -> None:
    """Stop the mock's whole process group: SIGTERM, then SIGKILL if it lingers."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(mock.process.pid, signal.SIGTERM)
    try:
        mock.process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(mock.process.pid, signal.SIGKILL)
        mock.process.wait()


@contextlib.contextmanager
def running_mocks(
    names: Sequence[str] | None = None,
    work_dir: Path = WORK_DIR,
    prism: Path = PRISM,
    timeout: float = START_TIMEOUT_SECONDS,
) -> Iterator[dict[str, str]]:
    """Run one mock per vendor (all by default) and yield {vendor: base_url} once all answer."""
    started: list[Mock] = []
    with _sigterm_as_keyboard_interrupt():
        try:
            # Start every Prism before waiting for any: their start-ups overlap.
            for name in names or vendors():
                ports = {mock.port for mock in started}
                started.append(start_mock(name, work_dir, prism, avoid=ports))
            pending = list(started)
            deadline = time.monotonic() + timeout
            ready = [_wait_or_restart(mock, deadline, work_dir, prism, started) for mock in pending]
            yield {mock.vendor: mock.base_url for mock in ready}
        finally:
            for mock in started:
                stop_mock(mock)


def _wait_or_restart(
    mock: Mock, deadline: float, work_dir: Path, prism: Path, started: list[Mock]
) -> Mock:
    """Wait for ``mock``; if its port was taken meanwhile, start it again on another."""
    for _ in range(PORT_ATTEMPTS - 1):
        try:
            wait_until_answering(mock, deadline)
            return mock
        except _PortTaken:
            ports = {other.port for other in started}
            mock = start_mock(mock.vendor, work_dir, prism, avoid=ports)
            started.append(mock)
    wait_until_answering(mock, deadline)
    return mock


def _require_prism(prism: Path) -> None:
    # The pinned Prism is a node script; without node it would die with env's terse message.
    if prism == PRISM and shutil.which("node") is None:
        raise MockStartError("node is not on PATH: install Node.js 20.16 or newer with npm")
    if not prism.exists():
        raise MockStartError(f"{prism} is missing: run `npm ci` (make does it for you)")


@cache
def _libc() -> ctypes.CDLL | None:
    return ctypes.CDLL(None, use_errno=True) if sys.platform == "linux" else None


def _own_group_dying_with_parent() -> None:
    """Runs in the child before exec: a group of its own, and SIGTERM when the parent dies."""
    os.setsid()
    libc = _libc()
    if libc is not None:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


@contextlib.contextmanager
def _sigterm_as_keyboard_interrupt() -> Iterator[None]:
    """Let SIGTERM unwind like Ctrl-C so the ``finally`` that stops the mocks runs."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; the parent-death signal still holds
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _log_tail(log: Path, lines: int = 5) -> str:
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return " | ".join(text.strip().splitlines()[-lines:]) or "(no output)"


def _block_until_a_mock_exits() -> None:
    """Return when any child process exits, without reaping it (stop_mock reaps)."""
    if hasattr(os, "waitid"):
        os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOWAIT)
    else:  # pragma: no cover - macOS has no waitid; a signal ends the pause instead
        signal.pause()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.servers.mocks", description=__doc__.splitlines()[0]
    )
    parser.add_argument("vendor", nargs="*", help=f"default: all of {', '.join(vendors())}")
    parser.add_argument("--env", action="store_true", help="print <VENDOR>_BASE_URL=... lines")
    parser.add_argument("--timeout", type=float, default=START_TIMEOUT_SECONDS, metavar="S")
    parser.add_argument("--work-dir", type=Path, default=WORK_DIR, help="specs and logs go here")
    parser.add_argument("--prism", type=Path, default=PRISM, help="the Prism executable to run")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.vendor) - set(vendors()))
    if unknown:
        parser.error(f"unknown vendor {', '.join(unknown)}: choose from {', '.join(vendors())}")
    try:
        with running_mocks(args.vendor, args.work_dir, args.prism, args.timeout) as base_urls:
            lines = env_lines(base_urls) if args.env else [f"{v} {u}" for v, u in base_urls.items()]
            print("\n".join(lines), flush=True)
            print("mocks: serving until Ctrl-C", file=sys.stderr, flush=True)
            _block_until_a_mock_exits()
            print(f"mocks: a mock exited; see {args.work_dir / 'mocks'}", file=sys.stderr)
            return 1
    except MockStartError as error:
        print(f"mocks: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("mocks: stopped", file=sys.stderr)
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
