"""Fixtures shared by the spec package's tests: generation and the effective spec."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from scripts.spec.effective_spec import effective_spec
from scripts.spec.generate import generate
from scripts.spec.provenance import SPECS_DIR, load_sources


@pytest.fixture(scope="session")
def fresh_generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every vendor generated once a run from the real specs/ (about a second a vendor)."""
    into = tmp_path_factory.mktemp("fresh-generated")
    for vendor in load_sources():
        generate(vendor, into)
    return into


@pytest.fixture
def raw_vectorshift_spec(tmp_path: Path) -> dict[str, Any]:
    """VectorShift's two slices merged as published, without our overlay."""
    specs = tmp_path / "specs"
    shutil.copytree(SPECS_DIR, specs)
    sources = specs / "sources.toml"
    text = sources.read_text(encoding="utf-8")
    overlay_line = 'overlay = "vectorshift/overlay.yaml"\n'
    assert overlay_line in text
    sources.write_text(text.replace(overlay_line, ""), encoding="utf-8")
    return effective_spec("vectorshift", specs)
