"""Re-vendor what drifted: write the upstream bytes, record them, regenerate, run the tests.

Never touches an overlay: if the overlay no longer applies, regeneration fails and says so,
and the diff is left for a person to fix. specs/sources.toml is edited with tomlkit so its
comments and layout survive. A re-snapshotted docs page is not a re-transcription: that stays
a job for a person, and this says so.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import tomlkit

from scripts.drift.compare import VendorReport


def update(
    reports: Sequence[VendorReport], root: Path, test_command: Sequence[str], today: dt.date
) -> bool:
    """Bring ``root``'s specs up to date with ``reports``; return True if all went well."""
    specs_dir = root / "specs"
    sources_path = specs_dir / "sources.toml"
    sources = tomlkit.parse(sources_path.read_text(encoding="utf-8"))
    regenerate = []
    for report in reports:
        if report.errors:
            _say(f"{report.vendor}: not updated: an upstream document could not be fetched")
            continue
        for source in report.sources:
            if source.same:
                continue
            if source.path:
                (specs_dir / source.path).write_bytes(source.body)
            table = sources["vendors"][report.vendor][source.kind][source.index]
            table["sha256"] = source.upstream
            table["retrieved"] = today
            _say(f"{report.vendor}: recorded {source.url} (sha256 {source.upstream[:12]})")
            if source.kind == "documents" and report.vendor not in regenerate:
                regenerate.append(report.vendor)
        if any(c.rule_id == "hangup-docs-changed" for c in report.changes):
            _say(
                f"{report.vendor}: docs changed: re-transcribe its spec by hand from the pages "
                "above before committing (the snapshot diff shows what moved)"
            )
    sources_path.write_text(tomlkit.dumps(sources), encoding="utf-8")
    if regenerate and not _run([sys.executable, "-m", "scripts.spec.generate", *regenerate], root):
        return False
    return _run(list(test_command), root)


def _run(command: list[str], root: Path) -> bool:
    _say(f"running: {' '.join(command)}")
    completed = subprocess.run(command, cwd=root, check=False)
    if completed.returncode != 0:
        _say(f"failed (exit {completed.returncode}): {' '.join(command)}")
    return completed.returncode == 0


def _say(line: str) -> None:
    # stderr: stdout carries the report, which may be JSON.
    print(f"drift: {line}", file=sys.stderr)
