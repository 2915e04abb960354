"""Tell whether a session left in `ending` was claimed by a process that no longer runs.

A process that marks a session `ending` writes its claim, `<hostname>:<pid>`, in the same
transaction. A later reaper may take the session over only when that process is gone (a reaper
killed mid-run), never while it may still be waiting for the vendor's answer: that is how the
ledger avoids sending one end twice at once. Where liveness cannot be checked (another host,
Windows), the claim's age against the ledger's lease decides instead.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path


def owner_token() -> str:
    """Return the claim this process writes on the sessions it is ending."""
    return f"{socket.gethostname()}:{os.getpid()}"


def claim_abandoned(owner: str | None) -> bool:
    """Return True when the process named by `owner` is known to be gone (not merely unknown)."""
    if not owner:
        return True
    host, _, pid_text = owner.rpartition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    return pid != os.getpid() and not _process_alive(pid)


def _process_alive(pid: int) -> bool:
    if sys.platform == "win32":
        # os.kill(pid, 0) would terminate the process there; leave it to the lease.
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    # A killed child its parent has not waited for yet is a zombie: it runs no code any more.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    fields = stat.rpartition(")")[2].split()
    return not fields or fields[0] not in ("Z", "X")
