"""`make generate` regenerates only the vendors whose inputs changed (make's own tracking).

Checked with `make -q` / `make -n` (nothing is run) in a copy of the repository whose file
times are set by the test: inputs old, generated packages newer.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from scripts.spec.provenance import ROOT, load_sources

VENDORS = list(load_sources())
OLD, GENERATED_AT, EDITED_AT = 1_000_000_000, 1_000_000_100, 1_000_000_200


@pytest.fixture
def make_copy(repo_copy: Path) -> Path:
    """repo_copy plus the Makefile and the real venv, inputs older than outputs."""
    shutil.copy2(ROOT / "Makefile", repo_copy / "Makefile")
    (repo_copy / ".venv").symlink_to(ROOT / ".venv")
    for path in repo_copy.rglob("*"):  # folders too: make sees a folder's time
        if not path.is_symlink() and ".venv" not in path.parts:
            os.utime(path, (OLD, OLD))
    for vendor in VENDORS:
        marker = repo_copy / "generated" / f"{vendor}_client" / "py.typed"
        os.utime(marker, (GENERATED_AT, GENERATED_AT))
    return repo_copy


def make(copy: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", *arguments],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def regenerated(copy: Path) -> list[str]:
    """The vendors `make generate` would regenerate, in make's order (sorted by name)."""
    dry_run = make(copy, "-n", "generate")
    assert dry_run.returncode == 0, dry_run.stderr
    return re.findall(r"-m scripts\.spec\.generate (\w+)", dry_run.stdout)


def touch(path: Path) -> None:
    os.utime(path, (EDITED_AT, EDITED_AT))


def test_with_nothing_changed_make_generate_has_nothing_to_do(make_copy: Path) -> None:
    assert make(make_copy, "-q", "generate").returncode == 0
    assert regenerated(make_copy) == []


def test_a_changed_vendor_spec_regenerates_that_vendor_only(make_copy: Path) -> None:
    touch(make_copy / "specs" / "hamsa" / "openapi.yaml")
    assert regenerated(make_copy) == ["hamsa"]


def test_a_changed_overlay_or_generator_config_counts_as_a_changed_input(make_copy: Path) -> None:
    touch(make_copy / "specs" / "vectorshift" / "overlay.yaml")
    touch(make_copy / "specs" / "liveavatar" / "generator.yaml")
    assert regenerated(make_copy) == ["liveavatar", "vectorshift"]


@pytest.mark.parametrize(
    "template", ["endpoint_macros.py.jinja", "property_templates/boolean_property.py.jinja"]
)
def test_a_changed_generator_template_regenerates_every_vendor(
    make_copy: Path, template: str
) -> None:
    touch(make_copy / "scripts" / "spec" / "generator_templates" / template)
    assert regenerated(make_copy) == sorted(VENDORS)
