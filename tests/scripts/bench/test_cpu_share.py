"""The CPU sampler behind the "hangup's own share" figure: who gets each sample."""

from __future__ import annotations

import functools
import signal
import sysconfig
import time
from types import FrameType
from typing import Any

from scripts.bench._cpu_share import _ROOT, EVENT_LOOP, HANGUP, OTHER, CpuShares, cpu_shares

STDLIB = sysconfig.get_paths()["stdlib"]
SITE = sysconfig.get_paths()["purelib"]
_SOURCE = "import sys\ndef here(inner):\n    return inner() if inner else sys._getframe()\n"


def innermost(*paths: str) -> FrameType:
    """The frame of the last of nested calls whose code is in `paths`, outermost first."""
    inner: Any = None
    for path in reversed(paths):
        namespace: dict[str, Any] = {}
        exec(compile(_SOURCE, path, "exec"), namespace)  # noqa: S102 (code that says it is in `path`)
        inner = functools.partial(namespace["here"], inner)  # C: adds no frame between
    frame: FrameType = inner()
    return frame


def test_each_kind_of_code_has_its_owner() -> None:
    for path, owner in (
        (f"{_ROOT}/hangup/_answers.py", HANGUP),
        (f"{_ROOT}/generated/hamsa_client/client.py", HANGUP),
        (f"{STDLIB}/asyncio/base_events.py", EVENT_LOOP),
        (f"{STDLIB}/selectors.py", EVENT_LOOP),
        (f"{SITE}/aiohttp/client.py", "aiohttp"),
        (f"{SITE}/yarl/_url.py", "yarl"),
        (f"{_ROOT}/scripts/bench/throughput.py", OTHER),
    ):
        shares = CpuShares()
        shares.record(innermost(path))
        assert shares.samples == {owner: 1}, path


def test_the_standard_library_is_charged_to_its_caller() -> None:
    shares = CpuShares()
    # json.loads called from hangup._answers: hangup's reading of the answer
    shares.record(innermost(f"{_ROOT}/hangup/_answers.py", f"{STDLIB}/json/decoder.py"))
    # the same json code called by aiohttp is aiohttp's
    shares.record(innermost(f"{SITE}/aiohttp/client_reqrep.py", f"{STDLIB}/json/decoder.py"))
    # the event loop is its own, whoever called it
    shares.record(innermost(f"{_ROOT}/hangup/_batch.py", f"{STDLIB}/asyncio/tasks.py"))
    assert shares.samples == {HANGUP: 1, "aiohttp": 1, EVENT_LOOP: 1}
    assert shares.hotspots() == "_answers.py:here 33.3%"


def test_sampling_counts_cpu_and_puts_the_old_handler_back() -> None:
    before = signal.getsignal(signal.SIGPROF)
    with cpu_shares() as shares:
        started = time.process_time()
        while time.process_time() - started < 0.2:  # CPU to sample, not a sleep
            sum(range(1000))
    assert shares.total > 0
    assert shares.share(OTHER) > 0.5  # this test's own loop
    assert signal.getsignal(signal.SIGPROF) == before
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
