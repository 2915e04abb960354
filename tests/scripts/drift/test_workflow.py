"""The weekly spec-drift workflow, tested by running its steps' own scripts here.

GitHub runs each `run:` with `bash --noprofile --norc -eo pipefail`; so do these tests, in the
repository root, with the runner's variables pointed at a temporary folder, `make drift`
pointed at a local upstream, and `gh` replaced by a fake that records what it was asked.
"""

import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from scripts.drift.cli import BASE_URL_ENV
from scripts.spec.provenance import ROOT
from tests.scripts.drift.upstream_server import (
    NOT_FOUND,
    Route,
    docs_page,
    pages_from_specs,
    replaced,
    serve,
    spec_bytes,
    url_path,
)

WORKFLOW = ROOT / ".github/workflows/spec-drift.yml"
FAKE_GH = """#!/usr/bin/env bash
echo "$*" >> "$GH_LOG"
if [ "$1 $2" = "issue list" ]; then echo "${FAKE_OPEN_ISSUE:-}"; fi
"""


def workflow() -> dict[Any, Any]:
    loaded: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return loaded


def step(name_or_id: str) -> dict[str, Any]:
    found: dict[str, Any]
    (found,) = [
        s
        for s in workflow()["jobs"]["drift"]["steps"]
        if name_or_id in (s.get("id"), s.get("name"))
    ]
    return found


def runs_when(step_: dict[str, Any], status: str) -> bool:
    """Evaluate the step's `if:`, which compares steps.drift.outputs.status with literals."""
    condition = step_["if"]
    clauses = [part.split("&&") for part in condition.split("||")]
    pattern = re.compile(r"^\s*steps\.drift\.outputs\.status\s*(==|!=)\s*'(\d)'\s*$")
    for clause in clauses:
        matches = [pattern.match(term) for term in clause]
        assert all(matches), f"unexpected condition {condition!r}"
        if all((m.group(2) == status) == (m.group(1) == "==") for m in matches if m):
            return True
    return False


def run_step(
    step_: dict[str, Any], runner: Path, extra: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    script = runner / "step.sh"
    script.write_text(step_["run"], encoding="utf-8")
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")  # we may be running under make
    }
    environment.update(
        RUNNER_TEMP=str(runner),
        GITHUB_OUTPUT=str(runner / "output"),
        GITHUB_STEP_SUMMARY=str(runner / "summary.md"),
        **extra,
    )
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def run_drift_step(routes: dict[str, Route], runner: Path) -> str:
    """Run the drift step against ``routes``; return the status it hands to later steps."""
    with serve(routes) as upstream:
        done = run_step(step("drift"), runner, {BASE_URL_ENV: upstream.base_url})
    assert done.returncode == 0, done.stderr
    (status,) = re.findall(r"^status=(\S*)$", (runner / "output").read_text(), re.MULTILINE)
    return str(status)


def test_the_workflow_runs_weekly_and_on_demand_and_may_write_issues() -> None:
    loaded = workflow()
    triggers = loaded["on"] if "on" in loaded else loaded[True]  # YAML 1.1: bare `on` is true
    assert triggers["schedule"][0]["cron"].endswith("* * 1")
    assert "workflow_dispatch" in triggers
    assert loaded["permissions"]["issues"] == "write"
    assert "make --no-print-directory --silent drift JSON=1" in step("drift")["run"]


def test_breaking_drift_hands_status_2_and_opens_an_issue_with_the_report(tmp_path: Path) -> None:
    body = replaced(spec_bytes("liveavatar"), b"        - USER_CLOSED\n", b"")
    routes = pages_from_specs()
    routes[url_path("liveavatar")] = docs_page(body)
    assert run_drift_step(routes, tmp_path) == "2"
    report = (tmp_path / "drift.md").read_text(encoding="utf-8")
    assert "`request-property-enum-value-removed`" in report
    assert report in (tmp_path / "summary.md").read_text(encoding="utf-8")

    issue = step("Open or update the drift issue")
    assert runs_when(issue, "2")
    fail = step("Fail when an upstream document could not be fetched")
    assert not runs_when(fail, "2")
    calls = run_issue_step(issue, tmp_path, status="2", open_issue="")
    assert "label create spec-drift --force" in calls[0]
    assert calls[1].startswith("issue list --label spec-drift --state open")
    assert calls[2] == (
        "issue create --title Upstream API drift: breaking changes --label spec-drift "
        f"--body-file {tmp_path}/drift.md"
    )


def test_drift_while_an_issue_is_open_updates_that_issue(tmp_path: Path) -> None:
    (tmp_path / "drift.md").write_text("# report\n", encoding="utf-8")
    calls = run_issue_step(step("Open or update the drift issue"), tmp_path, "1", "17")
    assert calls[2] == (
        "issue edit 17 --title Upstream API drift: non-breaking changes "
        f"--body-file {tmp_path}/drift.md"
    )
    assert calls[3].startswith("issue comment 17 --body Still drifting on ")
    assert len(calls) == 4


def run_issue_step(issue: dict[str, Any], runner: Path, status: str, open_issue: str) -> list[str]:
    fake_bin = runner / "bin"
    fake_bin.mkdir(exist_ok=True)
    (fake_bin / "gh").write_text(FAKE_GH, encoding="utf-8")
    (fake_bin / "gh").chmod(0o755)
    log = runner / "gh.log"
    done = run_step(
        issue,
        runner,
        {
            "PATH": f"{fake_bin}{os.pathsep}{os.environ['PATH']}",
            "GH_LOG": str(log),
            "GH_TOKEN": "not-a-token",
            "STATUS": status,
            "FAKE_OPEN_ISSUE": open_issue,
        },
    )
    assert done.returncode == 0, done.stderr
    return log.read_text(encoding="utf-8").splitlines()


def test_an_upstream_that_cannot_be_fetched_fails_the_run_loudly(tmp_path: Path) -> None:
    routes = pages_from_specs()
    routes[url_path("hamsa")] = NOT_FOUND
    assert run_drift_step(routes, tmp_path) == "3"
    issue = step("Open or update the drift issue")
    fail = step("Fail when an upstream document could not be fetched")
    assert not runs_when(issue, "3")
    assert runs_when(fail, "3")
    done = run_step(fail, tmp_path, {})
    assert done.returncode == 1
    assert "::error title=make drift::could not fetch http://127.0.0.1:" in done.stdout
    assert f"{url_path('hamsa')}: HTTP 404 Not Found" in done.stdout


@pytest.mark.parametrize("status", ["0", "1", "2", "3", ""])
def test_exactly_one_follow_up_step_runs_for_each_status_but_no_drift(status: str) -> None:
    issue = step("Open or update the drift issue")
    fail = step("Fail when an upstream document could not be fetched")
    expected = {"0": (False, False), "1": (True, False), "2": (True, False)}
    assert (runs_when(issue, status), runs_when(fail, status)) == expected.get(
        status, (False, True)
    )
