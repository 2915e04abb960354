"""Whose code the process's CPU goes to: a sampling profiler on the CPU-time interval timer.

`setitimer(ITIMER_PROF)` raises SIGPROF after each `interval` of CPU time the process uses (user
and system), never while it sleeps in `select()` waiting for the server, so the samples share
out CPU, not wall time. CPython runs the handler in the main thread where it next checks for
signals (a function's entry, a backward jump), with the frame running there: a C function's
time (a `json.loads`, a socket `send`) lands on the Python frame that called it, or on the
next function that frame enters. py-spy, reading the stack from outside, gave hangup a little
more than this on the same runs (README, Benchmarks). Unlike cProfile or pyinstrument, nothing
hooks each call, so the code runs at its own speed (a sample costs a few µs, ~1 kHz).

Each sample is given to its innermost frame that belongs to a known owner:

- "hangup": hangup/ and the generated clients (generated/), with the standard library code they
  call (a `json.loads` in hangup._answers is hangup's reading of the answer);
- "event loop": asyncio, selectors and concurrent.futures, whoever called them;
- a third-party distribution's name ("aiohttp", "httpx", "yarl"...), with the stdlib it calls.

Samples in no known owner's code (the benchmark's own loop, the interpreter's start) are
"other". Unix only (SIGPROF), as the benchmarks are.
"""

from __future__ import annotations

import signal
import sysconfig
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

__all__ = ["CpuShares", "cpu_shares"]

HANGUP = "hangup"
EVENT_LOOP = "event loop"
OTHER = "other"
_ROOT = Path(__file__).resolve().parents[2]
_OWN = (str(_ROOT / "hangup") + "/", str(_ROOT / "generated") + "/")
_STDLIB = sysconfig.get_paths()["stdlib"] + "/"
_EVENT_LOOP = tuple(_STDLIB + name for name in ("asyncio/", "selectors.py", "concurrent/"))
_SITE = (sysconfig.get_paths()["purelib"] + "/", sysconfig.get_paths()["platlib"] + "/")


class CpuShares:
    """Samples counted by owner; `share(owner)` is that owner's fraction of all of them.

    The samples of the owners in `detail` are also counted by function, for `hotspots`.
    """

    def __init__(self, detail: Collection[str] = (HANGUP,)) -> None:
        self.samples: Counter[str] = Counter()
        self.frames: Counter[str] = Counter()
        self.detail = frozenset(detail)
        self._owners: dict[str, str | None] = {}

    @property
    def total(self) -> int:
        """Every sample taken."""
        return sum(self.samples.values())

    def share(self, owner: str) -> float:
        """`owner`'s fraction of the samples (0.0 when none were taken)."""
        return self.samples[owner] / self.total if self.total else 0.0

    def hotspots(self, count: int = 8) -> str:
        """The busiest functions, e.g. "_answers.py:decode_body 3.1%", comma-separated."""
        total = self.total or 1
        return ", ".join(f"{name} {n / total:.1%}" for name, n in self.frames.most_common(count))

    def record(self, frame: FrameType | None) -> None:
        """Give one sample, taken in `frame`, to its owner."""
        while frame is not None:
            path = frame.f_code.co_filename
            owner = self._owners.get(path, "?")
            if owner == "?":
                owner = self._owners[path] = _owner(path)
            if owner is not None:
                self.samples[owner] += 1
                if owner in self.detail:
                    where = f"{Path(path).name}:{frame.f_code.co_name}"
                    self.frames[where if owner == HANGUP else f"{owner} {where}"] += 1
                return
            frame = frame.f_back
        self.samples[OTHER] += 1


def _owner(path: str) -> str | None:
    """Who owns the code in `path`; None for the standard library outside the event loop."""
    if path.startswith(_OWN):
        return HANGUP
    if path.startswith(_EVENT_LOOP):
        return EVENT_LOOP
    for site in _SITE:
        if path.startswith(site):
            top = path[len(site) :].split("/", 1)[0]
            return top.removesuffix(".py").split(".", 1)[0] or None
    if path.startswith(("<attrs generated", "<frozen", "<string>")):
        return None  # attrs' and the import system's code: its caller's
    if path.startswith(_STDLIB):
        return None
    return OTHER


@contextmanager
def cpu_shares(interval: float = 0.001, detail: Collection[str] = (HANGUP,)) -> Iterator[CpuShares]:
    """Sample the CPU every `interval` seconds of it for the block (main thread only).

    The kernel's timer ticks are coarser than 1 ms on most machines (250 Hz is common), so
    expect fewer samples than the CPU seconds divided by `interval`.
    """
    shares = CpuShares(detail)

    def on_sample(_signum: int, frame: FrameType | None) -> None:
        shares.record(frame)

    previous: Callable[..., object] | int | None = signal.signal(signal.SIGPROF, on_sample)
    signal.setitimer(signal.ITIMER_PROF, interval, interval)
    try:
        yield shares
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, previous if previous is not None else signal.SIG_DFL)
