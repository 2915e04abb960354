"""Run one of our local servers in its own process for a block, and stop it afterwards.

The servers (scripts/servers/local_vendor.py, scripts/servers/sse_stub.py) print one ready line,
``<name>: listening on <base URL>``, once they accept connections: reading that line is how
the caller waits, with no polling and no sleeping. The caller also holds the server's stdin
open; a server started with ``--exit-on-stdin-eof`` stops when it closes, so a caller that
dies (even by SIGKILL) leaves no server behind.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def ready_line(name: str, base_url: str) -> str:
    """The line a server prints, last, once it is listening at ``base_url``."""
    return f"{name}: listening on {base_url}"


@contextmanager
def running_server(module: str, *arguments: str) -> Iterator[str]:
    """Run ``python -m <module> <arguments> --exit-on-stdin-eof``; yield its base URL."""
    name = module.rsplit(".", 1)[-1]
    prefix = ready_line(name, "")
    process = subprocess.Popen(
        [sys.executable, "-m", module, *arguments, "--exit-on-stdin-eof"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # blocks until the server is listening, or exits
        if not line.startswith(prefix):
            raise RuntimeError(f"{name} did not start (exit {process.poll()}): {line!r}")
        yield line.removeprefix(prefix).strip()
    finally:
        # Closing stdin first ends the server's stdin watcher too: a thread blocked reading it
        # would otherwise hold the server's exit (asyncio waits for its executor) until killed.
        if process.stdin is not None:
            process.stdin.close()
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                pipe.close()
