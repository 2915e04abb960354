"""`hangup sweep --metrics-file`: the run's figures in Prometheus' text format, for cron sweeps."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from hangup import SweepReport, SweepTally
from hangup._metrics_file import sweep_families, write_metrics_file
from hangup.cli import main
from scripts.servers.session_lists import StandIn
from tests.hangup.fakes import KEYS
from tests.hangup.sweep_stand_ins import serving_stand_ins
from tests.hangup.test_telemetry_metrics_file import samples


def report() -> SweepReport:
    return SweepReport(
        tallies={
            "hamsa": SweepTally(listed=6, too_young=1, tracked=2, ended=2, gone=1),
            "liveavatar": SweepTally(),
        },
        skipped={"vectorshift": "documents no list of its sessions: cannot be swept"},
        list_errors={"liveavatar": "ServerError: HTTP 500"},
        failures=(),
        candidates=(),
        dry_run=False,
        seconds=2.25,
    )


def test_a_sweep_s_figures_parse_back_with_prometheus_client(tmp_path: Path) -> None:
    path = tmp_path / "hangup_sweep.prom"
    write_metrics_file(path, sweep_families(report(), finished_at=1767225600.0))

    parsed = samples(path.read_text())
    hamsa = {
        result: parsed[("hangup_sweep_sessions", (("result", result), ("vendor", "hamsa")))]
        for result in ("listed", "too_young", "tracked", "ended", "gone", "failed")
    }
    assert hamsa == {"listed": 6, "too_young": 1, "tracked": 2, "ended": 2, "gone": 1, "failed": 0}
    assert parsed[("hangup_sweep_list_failed", (("vendor", "hamsa"),))] == 0
    assert parsed[("hangup_sweep_list_failed", (("vendor", "liveavatar"),))] == 1
    assert parsed[("hangup_sweep_failed_sessions", ())] == 1  # the list that could not be read
    assert parsed[("hangup_sweep_duration_seconds", ())] == 2.25
    assert parsed[("hangup_sweep_last_run_timestamp_seconds", ())] == 1767225600.0
    assert len(parsed) == 2 * 6 + 2 + 3
    assert {f.type for f in text_string_to_metric_families(path.read_text())} == {"gauge"}


@pytest.fixture
def stand_ins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[dict[str, StandIn]]:
    """Hamsa and LiveAvatar with two old sessions and one young each, on one local port."""
    with serving_stand_ins(("hamsa", "liveavatar"), monkeypatch, tmp_path) as found:
        yield found


def test_hangup_sweep_metrics_file_writes_the_run_s_figures_with_no_key_in_them(
    stand_ins: dict[str, StandIn], tmp_path: Path
) -> None:
    metrics = tmp_path / "textfile" / "hangup_sweep.prom"
    metrics.parent.mkdir()
    before = datetime.now(UTC).timestamp()

    code = main(["sweep", "--older-than", "1h", "--vendor", "hamsa", "--vendor", "liveavatar",
                 "--metrics-file", str(metrics), "--no-progress"])  # fmt: skip

    assert code == 0
    text = metrics.read_text()
    parsed = samples(text)
    for vendor in ("hamsa", "liveavatar"):
        assert parsed[("hangup_sweep_sessions", (("result", "listed"), ("vendor", vendor)))] == 3
        assert parsed[("hangup_sweep_sessions", (("result", "ended"), ("vendor", vendor)))] == 2
        assert parsed[("hangup_sweep_sessions", (("result", "too_young"), ("vendor", vendor)))] == 1
        assert len(stand_ins[vendor].ended) == 2
    assert parsed[("hangup_sweep_failed_sessions", ())] == 0
    assert parsed[("hangup_sweep_last_run_timestamp_seconds", ())] >= before
    assert all(key not in text for key in KEYS.values())
    assert [p.name for p in metrics.parent.iterdir()] == ["hangup_sweep.prom"]  # no temporary


def test_a_sweep_metrics_file_in_a_missing_directory_is_refused_before_anything_is_sent(
    stand_ins: dict[str, StandIn], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere" / "hangup_sweep.prom"

    code = main(
        ["sweep", "--older-than", "1h", "--vendor", "hamsa", "--metrics-file", str(missing)]
    )

    assert code == 2  # a usage error, as every InvalidArgument is (hangup.cli._output)
    assert "the directory" in capsys.readouterr().err
    assert stand_ins["hamsa"].requests == []  # not even a list page was asked for


def test_a_dry_run_sweep_leaves_the_metrics_file_of_the_last_real_run_alone(
    stand_ins: dict[str, StandIn], tmp_path: Path
) -> None:
    metrics = tmp_path / "hangup_sweep.prom"
    metrics.write_text("# the last real run's figures\n")

    code = main(["sweep", "--older-than", "1h", "--vendor", "hamsa", "--dry-run",
                 "--metrics-file", str(metrics)])  # fmt: skip

    assert code == 0
    assert metrics.read_text() == "# the last real run's figures\n"
    assert stand_ins["hamsa"].ended == []
