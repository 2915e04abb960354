"""`hangup reap --metrics-file`: Prometheus' text format, written whole or not at all."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from hangup import Ledger, ReapReport, VendorTally
from hangup._metrics_file import Family, reap_families, write_metrics_file
from hangup.cli import main
from scripts.servers.local_vendor import running_local_vendor
from tests.hangup.fakes import KEYS, VENDORS


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a Prometheus text, as (name, sorted labels) -> value."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def report(failed: int = 1) -> ReapReport:
    return ReapReport(
        tallies={"hamsa": VendorTally(ended=3, gone=1, failed=failed), "pathors": VendorTally(2)},
        failures=(),
        seconds=1.5,
    )


def test_a_reap_s_figures_parse_back_with_prometheus_client(tmp_path: Path) -> None:
    path = tmp_path / "hangup_reap.prom"
    families = reap_families(report(), {"hamsa": 1, "pathors": 0}, finished_at=1767225600.0)
    write_metrics_file(path, families)

    parsed = samples(path.read_text())
    assert parsed == {
        ("hangup_reap_sessions", (("result", "ended"), ("vendor", "hamsa"))): 3,
        ("hangup_reap_sessions", (("result", "gone"), ("vendor", "hamsa"))): 1,
        ("hangup_reap_sessions", (("result", "failed"), ("vendor", "hamsa"))): 1,
        ("hangup_reap_sessions", (("result", "ended"), ("vendor", "pathors"))): 2,
        ("hangup_reap_sessions", (("result", "gone"), ("vendor", "pathors"))): 0,
        ("hangup_reap_sessions", (("result", "failed"), ("vendor", "pathors"))): 0,
        ("hangup_reap_reapable_sessions", (("vendor", "hamsa"),)): 1,
        ("hangup_reap_reapable_sessions", (("vendor", "pathors"),)): 0,
        ("hangup_reap_failed_sessions", ()): 1,
        ("hangup_reap_duration_seconds", ()): 1.5,
        ("hangup_reap_last_run_timestamp_seconds", ()): 1767225600.0,
    }
    assert {f.type for f in text_string_to_metric_families(path.read_text())} == {"gauge"}
    assert oct(path.stat().st_mode & 0o777) == oct(0o644)  # the collector may run as another user


def test_label_values_with_quotes_backslashes_and_newlines_survive_the_round_trip(
    tmp_path: Path,
) -> None:
    odd = 'a "quoted"\\ name\nwith a newline'
    path = tmp_path / "odd.prom"
    write_metrics_file(
        path, [Family("hangup_test", 'help with "quotes"', "gauge", [({"v": odd}, 2)])]
    )
    assert samples(path.read_text()) == {("hangup_test", (("v", odd),)): 2}


def test_a_reader_sees_the_old_file_whole_until_the_new_one_replaces_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "hangup_reap.prom"
    write_metrics_file(path, reap_families(report(failed=0), {}, finished_at=1.0))
    old = path.read_text()
    seen_while_writing: list[str] = []
    real_fsync = os.fsync

    def fsync_then_look(descriptor: int) -> None:
        real_fsync(descriptor)
        seen_while_writing.append(path.read_text())  # the new text is written, not yet renamed

    monkeypatch.setattr(os, "fsync", fsync_then_look)
    write_metrics_file(path, reap_families(report(failed=7), {}, finished_at=2.0))

    assert seen_while_writing == [old]
    assert samples(path.read_text())[("hangup_reap_failed_sessions", ())] == 7
    assert [p.name for p in tmp_path.iterdir()] == ["hangup_reap.prom"]  # no temporary left


def test_a_write_that_fails_halfway_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "hangup_reap.prom"
    write_metrics_file(path, reap_families(report(), {}, finished_at=1.0))
    old = path.read_text()

    def disk_full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        write_metrics_file(path, reap_families(report(failed=9), {}, finished_at=2.0))
    assert path.read_text() == old
    assert [p.name for p in tmp_path.iterdir()] == ["hangup_reap.prom"]


@pytest.fixture(scope="module")
def vendor_url() -> Iterator[str]:
    with running_local_vendor() as base_url:
        yield base_url


@pytest.fixture
def vendors_here(vendor_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Every vendor at the local server, a fresh ledger in HANGUP_LEDGER; the ledger's path."""
    for vendor in VENDORS:
        monkeypatch.setenv(f"{vendor.upper()}_BASE_URL", vendor_url)
        monkeypatch.setenv(f"{vendor.upper()}_API_KEY", KEYS[vendor])
    path = tmp_path / "ledger.sqlite3"
    monkeypatch.setenv("HANGUP_LEDGER", str(path))
    return path


def test_hangup_reap_metrics_file_writes_the_run_s_figures_with_no_key_in_them(
    vendors_here: Path, tmp_path: Path
) -> None:
    refs = [f"hamsa:{uuid.uuid4()}" for _ in range(3)]
    with Ledger(vendors_here) as ledger:
        for ref in refs:
            ledger.track(ref, "hamsa")
    metrics = tmp_path / "textfile" / "hangup_reap.prom"
    metrics.parent.mkdir()

    assert main(["reap", "--metrics-file", str(metrics)]) == 0

    text = metrics.read_text()
    parsed = samples(text)
    assert parsed[("hangup_reap_sessions", (("result", "ended"), ("vendor", "hamsa")))] == 3
    assert parsed[("hangup_reap_reapable_sessions", (("vendor", "hamsa"),))] == 0
    assert parsed[("hangup_reap_failed_sessions", ())] == 0
    assert all(key not in text for key in KEYS.values())


def test_a_metrics_file_in_a_missing_directory_is_refused_before_anything_is_sent(
    vendors_here: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Ledger(vendors_here) as ledger:
        ledger.track(f"hamsa:{uuid.uuid4()}", "hamsa")
    missing = tmp_path / "nowhere" / "hangup_reap.prom"

    assert main(["reap", "--metrics-file", str(missing)]) == 2  # bad usage, as for --from
    assert "the directory" in capsys.readouterr().err
    with Ledger(vendors_here) as ledger:
        assert len(ledger.reapable()) == 1  # nothing was claimed, nothing sent
