"""Start-up costs: `import hangup` against `import httpx`, and `make generate` clean and no-op.

Every figure is the wall time of a fresh process (the way a user meets it), many runs taken
in turns with its baseline so that machine noise falls on both, and the median reported.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from scripts.bench._figures import Figure, Settings, Target, median
from scripts.spec.effective_spec import effective_spec_json
from scripts.spec.generate import run_generator
from scripts.spec.provenance import ROOT, SPECS_DIR, load_sources

__all__ = ["generate_times", "import_time"]

IMPORT_TARGET = Target(1.30)
NO_OP_TARGET = Target(0.5, on_value=True)  # seconds, as the issue states it


def import_time(settings: Settings) -> list[Figure]:
    """Wall time of `python -c "import hangup"` and of `python -c "import httpx"`."""
    runs = settings.count(40, 3)
    ours, theirs = _alternate(
        [sys.executable, "-c", "import hangup"], [sys.executable, "-c", "import httpx"], runs
    )
    return [
        Figure(
            'python -c "import hangup"',
            median(ours),
            median(theirs),
            "s",
            'python -c "import httpx"',
            IMPORT_TARGET,
            note=f"median of {runs} fresh processes each, in turns",
        )
    ]


def generate_times(settings: Settings) -> list[Figure]:
    """`make generate` from clean (into a temporary folder) and with nothing changed."""
    runs = settings.count(5, 1)
    vendors = list(load_sources())
    with tempfile.TemporaryDirectory(prefix="hangup-bench-gen-") as scratch:
        into = Path(scratch)
        ours, theirs = [], []
        for run in range(runs):
            ours.append(_wall([sys.executable, "-m", "scripts.spec.generate", "--into", str(into)]))
            theirs.append(sum(_bare_generator(vendor, into / f"bare-{run}") for vendor in vendors))
    clean = median(ours)
    subprocess.run(["make", "generate"], cwd=ROOT, check=True, capture_output=True)
    no_op = [_wall(["make", "generate"]) for _ in range(settings.count(10, 2))]
    return [
        Figure(
            "make generate, from clean (python -m scripts.spec.generate --into TMP)",
            clean,
            median(theirs),
            "s",
            "bare openapi-python-client, same 4 specs",
            note=f"median of {runs}; ours adds the effective spec, overlay and the swap-in",
        ),
        Figure(
            "make generate, nothing changed",
            median(no_op),
            clean,
            "s",
            "make generate from clean",
            NO_OP_TARGET,
            note=f"median of {len(no_op)}; the target is on the time itself",
        ),
    ]


def _alternate(
    ours: Sequence[str], theirs: Sequence[str], runs: int
) -> tuple[list[float], list[float]]:
    _wall(ours), _wall(theirs)  # warm the file cache and the bytecode of both
    mine: list[float] = []
    other: list[float] = []
    for run in range(runs):
        pair = ((ours, mine), (theirs, other))
        for command, samples in pair if run % 2 == 0 else pair[::-1]:
            samples.append(_wall(command))
    return mine, other


def _wall(command: Sequence[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, env=_env())
    return time.perf_counter() - started


def _bare_generator(vendor: str, out: Path) -> float:
    """Seconds of the pinned generator alone on `vendor`'s effective spec (ours prepares it)."""
    out.mkdir(parents=True, exist_ok=True)
    spec = out / f"{vendor}.json"
    spec.write_text(effective_spec_json(vendor), encoding="utf-8")
    config = SPECS_DIR / load_sources()[vendor]["generator_config"]
    started = time.perf_counter()
    run_generator(spec, config, out / vendor)
    took = time.perf_counter() - started
    shutil.rmtree(out / vendor)
    return took


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # both sides load from cached bytecode
    return env
