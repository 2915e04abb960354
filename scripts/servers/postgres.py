"""A throwaway PostgreSQL 15 cluster for the ledger's tests and benchmarks: initdb into a temp
dir, pg_ctl on 127.0.0.1 at a free port, stopped and removed afterwards (on Ctrl-C and SIGTERM
too). tests/pg_server.py re-exports it for the tests; scripts.bench.fleet uses it directly.

initdb refuses to run as root, so as root the cluster runs as the `postgres` user (made by the
Debian package) or else `nobody`. The server is tuned for tests only: no fsync.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PG_BIN = Path(os.environ.get("HANGUP_PG_BIN", "/usr/lib/postgresql/15/bin"))
MISSING = (
    f"PostgreSQL 15 is needed for the ledger tests and {PG_BIN}/initdb is missing:"
    " apt-get install postgresql-15 (make test does), or set HANGUP_PG_BIN"
)
USER = "hangup"
PASSWORD = "pg-test-password-not-secret"  # noqa: S105 - a throwaway cluster on 127.0.0.1


class PostgresUnavailable(RuntimeError):
    """The test server could not be started: the message says what to install or fix."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _run_as() -> tuple[list[str], int, int]:
    if os.geteuid() != 0:
        return [], os.getuid(), os.getgid()
    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        prefix = ["setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--clear-groups"]
        return prefix, entry.pw_uid, entry.pw_gid
    raise PostgresUnavailable("running as root, but neither a postgres nor a nobody user exists")


def _check(command: list[str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        tail = " ".join((done.stderr or done.stdout).split())[-400:]
        raise PostgresUnavailable(f"{what} failed ({done.returncode}): {tail}")


@contextmanager
def running_postgres() -> Iterator[str]:
    """Yield the URL of a fresh cluster's `postgres` database (password auth on 127.0.0.1)."""
    if not (PG_BIN / "initdb").exists():
        raise PostgresUnavailable(MISSING)
    prefix, uid, gid = _run_as()
    root = Path(tempfile.mkdtemp(prefix="hangup-pg-"))
    data = root / "data"
    started = False
    try:
        password_file = root / "password"
        password_file.write_text(PASSWORD)
        for owned in (root, password_file):
            os.chown(owned, uid, gid) if os.geteuid() == 0 else None
        _check(
            [
                *prefix,
                str(PG_BIN / "initdb"),
                "-D",
                str(data),
                "-U",
                USER,
                "-A",
                "scram-sha-256",
                f"--pwfile={password_file}",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ],
            "initdb",
        )
        port = _free_port()
        options = (
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        log = root / "server.log"
        _check(
            [
                *prefix,
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(log),
                "-w",
                "-t",
                "60",
                "start",
            ],
            "pg_ctl start",
        )
        started = True
        yield f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{port}/postgres"
    finally:
        if started:
            subprocess.run(
                [*prefix, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                capture_output=True,
                check=False,
            )
        shutil.rmtree(root, ignore_errors=True)
