"""Wait for another process to reach a point: look again until it has, or a deadline passes.

Not a wait for time to pass: a reaper is another process, and neither SQLite nor a vendor's
call counts tell this one when something changed, so the only way to see it is to look again.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable

__all__ = ["wait_until"]

POLL_SECONDS = 0.005


def wait_until(
    ready: Callable[[], bool],
    what: str,
    *,
    seconds: float,
    running: subprocess.Popen[str] | None = None,
) -> None:
    """Poll `ready` until it holds; fail naming `what` after `seconds`, or if `running` exits."""
    deadline = time.monotonic() + seconds
    while not ready():
        if running is not None:
            assert running.poll() is None, f"the process exited before {what}"
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(POLL_SECONDS)
