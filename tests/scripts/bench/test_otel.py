"""bench otel: three end() figures, OpenTelemetry absent, idle and recording, each a ratio."""

from __future__ import annotations

import re
import subprocess
import sys

RATIO_LINE = re.compile(r"^\s+\d+\.\d{3}x  end\(\) latency, OpenTelemetry ")


def test_a_quick_otel_run_prints_one_ratio_per_phase_in_its_own_process() -> None:
    # Its own process: the 'not installed' phase needs a process that never imported the API.
    done = subprocess.run(
        [sys.executable, "-m", "scripts.bench", "--quick", "--only", "otel"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if RATIO_LINE.match(line)]
    assert [line.split(", ", 1)[1].split(":")[0] for line in lines] == [
        "OpenTelemetry not installed",
        "OpenTelemetry API, no provider",
        "OpenTelemetry SDK recording",
    ]
    assert all("vs" in line and "bare httpx.Client" in line for line in lines)
