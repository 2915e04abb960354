"""A run's figures as a Prometheus text file, for node_exporter's textfile collector.

    hangup reap --metrics-file /var/lib/node_exporter/textfile/hangup_reap.prom
    hangup sweep --older-than 2h --metrics-file /var/lib/node_exporter/textfile/hangup_sweep.prom

A cron reaper has no server to scrape; node_exporter reads every `*.prom` file in its
textfile directory at each scrape instead. The file is written whole to a temporary file in
the same directory (named `.<name>.<random>.tmp`, which the collector ignores), flushed to
disk, and renamed over the old one: a scrape sees the previous run's figures or this run's,
never half of one. The text format is simple enough to write by hand; prometheus_client
(a test dependency only) parses it back in the tests.

What goes in: vendor names, counts, seconds and timestamps. Nothing else can.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from hangup.errors import InvalidArgument

if TYPE_CHECKING:
    from hangup._reaper import ReapReport
    from hangup._sweep_report import SweepReport

__all__ = [
    "Family",
    "check_metrics_path",
    "reap_families",
    "render",
    "sweep_families",
    "write_metrics_file",
]

Labels = Mapping[str, str]


class Family(NamedTuple):
    """One metric family: its name, help line, type, and (labels, value) samples."""

    name: str
    help: str
    kind: str  # "gauge" or "counter"
    samples: Sequence[tuple[Labels, float]]


def check_metrics_path(path: str | os.PathLike[str]) -> Path:
    """The file to write, refused before any work when its directory is missing or not one."""
    target = Path(path)
    if target.is_dir():
        raise InvalidArgument(f"--metrics-file {target}: is a directory; name a file in it")
    if not target.parent.is_dir():
        raise InvalidArgument(
            f"--metrics-file {target}: the directory {target.parent} does not exist"
        )
    return target


def reap_families(
    report: ReapReport, reapable: Mapping[str, int], *, finished_at: float | None = None
) -> list[Family]:
    """What one reap did, per vendor and result, and what it left reapable."""
    results = [
        ({"vendor": vendor, "result": result}, float(count))
        for vendor, tally in report.tallies.items()
        for result, count in (
            ("ended", tally.ended),
            ("gone", tally.gone),
            ("failed", tally.failed),
        )
    ]
    return [
        Family(
            "hangup_reap_sessions",
            "Sessions the last reap claimed, by vendor and result.",
            "gauge",
            results,
        ),
        Family(
            "hangup_reap_reapable_sessions",
            "Sessions still reapable when the last reap finished, by vendor.",
            "gauge",
            [({"vendor": vendor}, float(count)) for vendor, count in sorted(reapable.items())],
        ),
        Family(
            "hangup_reap_failed_sessions",
            "Sessions the last reap could not end (0 when it ended or found gone every one).",
            "gauge",
            [({}, float(sum(tally.failed for tally in report.tallies.values())))],
        ),
        Family(
            "hangup_reap_duration_seconds",
            "How long the last reap took.",
            "gauge",
            [({}, report.seconds)],
        ),
        Family(
            "hangup_reap_last_run_timestamp_seconds",
            "When the last reap finished, in seconds since the Unix epoch.",
            "gauge",
            [({}, time.time() if finished_at is None else finished_at)],
        ),
    ]


_SWEEP_RESULTS = ("listed", "too_young", "tracked", "ended", "gone", "failed")


def sweep_families(report: SweepReport, *, finished_at: float | None = None) -> list[Family]:
    """What one sweep found and did, per vendor and result, and whether each list was read."""
    results = [
        ({"vendor": vendor, "result": result}, float(getattr(tally, result)))
        for vendor, tally in report.tallies.items()
        for result in _SWEEP_RESULTS
    ]
    return [
        Family(
            "hangup_sweep_sessions",
            "Live sessions the last sweep listed, by vendor and what it did with them.",
            "gauge",
            results,
        ),
        Family(
            "hangup_sweep_list_failed",
            "1 for a vendor whose session list the last sweep could not read, else 0.",
            "gauge",
            [
                ({"vendor": vendor}, float(vendor in report.list_errors))
                for vendor in report.tallies
            ],
        ),
        Family(
            "hangup_sweep_failed_sessions",
            "Sessions the last sweep could not end, plus vendors whose list it could not read.",
            "gauge",
            [({}, float(report.failed))],
        ),
        Family(
            "hangup_sweep_duration_seconds",
            "How long the last sweep took.",
            "gauge",
            [({}, report.seconds)],
        ),
        Family(
            "hangup_sweep_last_run_timestamp_seconds",
            "When the last sweep finished, in seconds since the Unix epoch.",
            "gauge",
            [({}, time.time() if finished_at is None else finished_at)],
        ),
    ]


def render(families: Sequence[Family]) -> str:
    """The families in Prometheus' text exposition format (version 0.0.4)."""
    lines: list[str] = []
    for family in families:
        lines.append(f"# HELP {family.name} {_escape(family.help, quote=False)}")
        lines.append(f"# TYPE {family.name} {family.kind}")
        for labels, value in family.samples:
            lines.append(f"{family.name}{_labels(labels)} {_number(value)}")
    return "\n".join(lines) + "\n"


def write_metrics_file(path: Path, families: Sequence[Family]) -> None:
    """Replace `path` with the families, atomically: write a temporary file, then rename it."""
    text = render(families).encode()
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it 0600; the collector runs as another user
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _labels(labels: Labels) -> str:
    if not labels:
        return ""
    inner = ",".join(f'{name}="{_escape(value, quote=True)}"' for name, value in labels.items())
    return "{" + inner + "}"


def _escape(text: str, *, quote: bool) -> str:
    text = text.replace("\\", "\\\\").replace("\n", "\\n")
    return text.replace('"', '\\"') if quote else text


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
