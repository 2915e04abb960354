"""`make drift UPDATE=1`, exercised in a temporary copy of the repository, never the real specs/."""

import datetime as dt
import difflib
import hashlib
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from scripts.drift.cli import BASE_URL_ENV, run_drift
from scripts.drift.report import exit_status
from scripts.drift.update import update
from scripts.spec.provenance import ROOT, SPECS_DIR, checksum_mismatches
from tests.scripts.drift.upstream_server import (
    NOT_FOUND,
    docs_page,
    pages_from_specs,
    replaced,
    serve,
    spec_bytes,
    url_path,
)

PASS = [sys.executable, "-c", "pass"]
ENUM_MODULE = "generated/liveavatar_client/models/session_end_reason_enum.py"


def drift_in(repo: Path, base_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m scripts.drift ARGS` inside ``repo``, so it updates that copy only."""
    environment = {**os.environ, BASE_URL_ENV: base_url}
    return subprocess.run(
        [sys.executable, "-m", "scripts.drift", *args],
        cwd=repo,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_update_writes_the_upstream_bytes_records_them_and_regenerates(repo_copy: Path) -> None:
    upstream_bytes = replaced(
        spec_bytes("liveavatar"),
        b"        - AGENT_HANG_UP\n",
        b"        - AGENT_HANG_UP\n        - DISPATCH_FAILED\n",
    )
    routes = pages_from_specs()
    routes[url_path("liveavatar")] = docs_page(upstream_bytes)
    check = f"{sys.executable} -m scripts.spec.provenance"
    with serve(routes) as upstream:
        done = drift_in(
            repo_copy,
            upstream.base_url,
            "--update",
            "--vendor",
            "liveavatar",
            "--test-command",
            check,
        )

    assert done.returncode == 1, done.stderr  # the report's status: non-breaking drift
    assert f"running: {check}" in done.stderr
    assert (repo_copy / "specs/liveavatar/openapi.yaml").read_bytes() == upstream_bytes
    digest = hashlib.sha256(upstream_bytes).hexdigest()
    original = (SPECS_DIR / "sources.toml").read_text(encoding="utf-8")
    updated = (repo_copy / "specs/sources.toml").read_text(encoding="utf-8")
    # Only the two provenance lines of the changed document moved; every comment survived.
    old_entry = tomllib.loads(original)["vendors"]["liveavatar"]["documents"][0]
    moved = {f'-sha256 = "{old_entry["sha256"]}"', f'+sha256 = "{digest}"'}
    if old_entry["retrieved"] != dt.date.today():
        moved |= {f"-retrieved = {old_entry['retrieved']}", f"+retrieved = {dt.date.today()}"}
    assert set(changed_lines(original, updated)) == moved
    new_entry = tomllib.loads(updated)["vendors"]["liveavatar"]["documents"][0]
    assert new_entry["retrieved"] == dt.date.today()
    for overlay in ("vectorshift/overlay.yaml", "hamsa/overlay.yaml"):
        assert (repo_copy / "specs" / overlay).read_bytes() == (SPECS_DIR / overlay).read_bytes()
    assert "DISPATCH_FAILED" in (repo_copy / ENUM_MODULE).read_text(encoding="utf-8")
    assert "DISPATCH_FAILED" not in (ROOT / ENUM_MODULE).read_text(encoding="utf-8")
    assert checksum_mismatches() == []  # the real specs/ are untouched


def test_update_exits_4_when_the_tests_fail_after_it(repo_copy: Path) -> None:
    failing = f"{sys.executable} -c 'raise SystemExit(1)'"
    with serve(pages_from_specs()) as upstream:
        done = drift_in(
            repo_copy,
            upstream.base_url,
            "--update",
            "--vendor",
            "pathors",
            "--test-command",
            failing,
        )
    assert done.returncode == 4
    assert "failed (exit 1)" in done.stderr


def test_recorded_baselines_make_a_later_run_report_no_drift_for_every_vendor(
    repo_copy: Path,
) -> None:
    vendors = ["vectorshift", "pathors", "liveavatar", "hamsa"]
    specs = repo_copy / "specs"
    with serve(pages_from_specs()) as upstream:
        first = run_drift(vendors, specs_dir=specs, base_url=upstream.base_url)
        assert exit_status(first) == 1  # Pathors' pages without a baseline
        assert update(first, repo_copy, PASS, dt.date(2027, 1, 4))
        second = run_drift(vendors, specs_dir=specs, base_url=upstream.base_url)
    assert exit_status(second) == 0
    assert [report.status for report in second] == ["same"] * 4
    pages = tomllib.loads((specs / "sources.toml").read_text(encoding="utf-8"))
    recorded = tomllib.loads((SPECS_DIR / "sources.toml").read_text(encoding="utf-8"))
    before = {page["url"]: page for page in recorded["vendors"]["pathors"]["docs_pages"]}
    for page in pages["vendors"]["pathors"]["docs_pages"]:
        if "sha256" in before[page["url"]]:
            assert page == before[page["url"]]
        else:  # the fake upstream serves such a page's URL as its body
            assert page["sha256"] == hashlib.sha256(page["url"].encode()).hexdigest()
            assert page["retrieved"] == dt.date(2027, 1, 4)


def test_a_changed_docs_page_is_snapshotted_for_review_and_asks_for_a_re_transcription(
    repo_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    routes = pages_from_specs()
    page = url_path("pathors", 0, "docs_pages")
    routes[page] = b"DELETE /v1/projects/{projectId}/sessions\n"
    with serve(routes) as upstream:
        reports = run_drift(["pathors"], specs_dir=repo_copy / "specs", base_url=upstream.base_url)
    assert update(reports, repo_copy, PASS, dt.date.today())
    assert (repo_copy / "specs/pathors/docs/end-session-legacy.md").read_bytes() == routes[page]
    assert "docs changed: re-transcribe" in capsys.readouterr().err
    assert (repo_copy / "specs/pathors/openapi.yaml").read_bytes() == (
        SPECS_DIR / "pathors/openapi.yaml"
    ).read_bytes()


def test_a_vendor_that_could_not_be_fetched_is_left_as_it_was(repo_copy: Path) -> None:
    routes = pages_from_specs()
    routes[url_path("hamsa")] = NOT_FOUND
    routes[url_path("liveavatar")] = docs_page(spec_bytes("liveavatar") + b"# moved\n")
    with serve(routes) as upstream:
        reports = run_drift(
            ["hamsa", "liveavatar"], specs_dir=repo_copy / "specs", base_url=upstream.base_url
        )
    assert exit_status(reports) == 3
    assert update(reports, repo_copy, PASS, dt.date.today())
    before = tomllib.loads((SPECS_DIR / "sources.toml").read_text(encoding="utf-8"))["vendors"]
    after = tomllib.loads((repo_copy / "specs/sources.toml").read_text(encoding="utf-8"))["vendors"]
    assert after["hamsa"] == before["hamsa"]
    assert (repo_copy / "specs/hamsa/openapi.yaml").read_bytes() == spec_bytes("hamsa")
    assert after["liveavatar"] != before["liveavatar"]
    assert (repo_copy / "specs/liveavatar/openapi.yaml").read_bytes().endswith(b"# moved\n")
