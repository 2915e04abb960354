"""Say who is ending a session (host, pid and a random token), and whether that process is gone.

A process that marks a session `ending` writes its claim in the same transaction: `claimed_by`
(`<hostname>:<pid>`, for people and for the same-host shortcut below), `claim_token` (random,
new in every process, so a recycled pid or a copied container never passes for the old owner)
and `lease_until`. Anyone may take the session over once the lease has run out; a working
reaper renews its leases well before that. On SQLite, a claim by a process of this host that no
longer runs is taken over at once (a reaper killed mid-run), without waiting for its lease.

Every answer is recorded only where the claim is still the writer's own (its token), so a
process that lost its claim (frozen past its lease) never overwrites what the new owner wrote.
"""

from __future__ import annotations

import os
import secrets
import socket
import sys
from pathlib import Path

import attrs

__all__ = ["Claimant", "claim_abandoned", "this_process"]


@attrs.frozen
class Claimant:
    """Name the process that claims sessions: `label` is host:pid, `token` is its secret-free id."""

    label: str
    token: str


_current: tuple[int, Claimant] | None = None


def this_process() -> Claimant:
    """Return this process's claimant; a forked child gets a token of its own."""
    global _current
    pid = os.getpid()
    if _current is None or _current[0] != pid:
        _current = (pid, Claimant(f"{socket.gethostname()}:{pid}", secrets.token_hex(8)))
    return _current[1]


def claim_abandoned(owner: str | None) -> bool:
    """Return True when the process named by `owner` (host:pid) is known to be gone."""
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
