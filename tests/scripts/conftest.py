"""Fixtures shared by the tests of more than one scripts package (spec and drift)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts.spec.provenance import ROOT

# What the gate needs to run on its own in a copy: scripts.* resolve ROOT from their own
# location, so a copy of these is a repository of its own.
GATE_INPUTS = ("specs", "scripts", "generated", "pyproject.toml")
IGNORED = shutil.ignore_patterns("__pycache__", ".*.new")  # .new: generate's staging folders


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A copy of specs/, scripts/, generated/ and pyproject.toml to break things in.

    All that the drift gate reads and `make drift UPDATE=1` reads and writes.
    """
    copy = tmp_path / "repo"
    for name in GATE_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=IGNORED)
        else:
            copy.mkdir(exist_ok=True)
            shutil.copy2(source, copy / name)
    return copy
