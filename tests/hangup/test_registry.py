"""A vendor is one module: every other list of vendors is derived from hangup/vendors/ or specs/."""

from __future__ import annotations

import ast
import tomllib
from functools import cached_property
from pathlib import Path

import pytest

from hangup import AsyncHangup, Hangup, _registry

ROOT = Path(__file__).resolve().parents[2]
VENDOR_MODULES = sorted(
    path.stem
    for path in (ROOT / "hangup" / "vendors").glob("*.py")
    if not path.stem.startswith("_")
)
# Where vendors may be named together: their own modules, their specs and generated code, the
# docs, and the tests (which name them on purpose, to check what the code derives).
NAMED_TOGETHER_OK = ("hangup/vendors/", "specs/", "generated/", "tests/", "node_modules/")


def test_the_registry_lists_exactly_the_vendor_modules() -> None:
    assert list(_registry.names()) == VENDOR_MODULES


def test_every_vendor_module_has_its_specs_folder_and_provenance_entry() -> None:
    sources = tomllib.loads((ROOT / "specs" / "sources.toml").read_text(encoding="utf-8"))
    spec_folders = sorted(path.parent.name for path in (ROOT / "specs").glob("*/generator.yaml"))
    assert spec_folders == VENDOR_MODULES
    assert sorted(sources["vendors"]) == VENDOR_MODULES


@pytest.mark.parametrize("name", VENDOR_MODULES)
def test_each_vendor_module_describes_itself(name: str) -> None:
    vendor = _registry.vendor(name)
    assert vendor is not None
    assert vendor.name == name == vendor.adapter.name
    assert vendor.default_base_url.startswith("https://")
    assert vendor.ref_shape.parts
    assert vendor.api_key_env == f"{name.upper()}_API_KEY"
    for method in ("key_header", "end_call", "read_end", "error_text"):
        assert callable(getattr(vendor.adapter, method))


def test_an_unknown_name_is_no_vendor() -> None:
    assert _registry.vendor("base") is None
    assert _registry.vendor("_base") is None


@pytest.mark.parametrize("client", [Hangup, AsyncHangup])
def test_the_clients_doors_are_exactly_the_vendors(client: type) -> None:
    doors = sorted(
        name for name, value in vars(client).items() if isinstance(value, cached_property)
    )
    assert doors == VENDOR_MODULES


def _python_lists_of_vendors(path: Path) -> list[int]:
    """Lines where a list, tuple, set or dict literal names two vendors or more."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.List | ast.Tuple | ast.Set | ast.Dict):
            items = node.keys if isinstance(node, ast.Dict) else node.elts
            named = {
                item.value
                for item in items
                if isinstance(item, ast.Constant) and item.value in VENDOR_MODULES
            }
            if len(named) >= 2:
                found.append(node.lineno)
    return found


def _text_lists_of_vendors(path: Path) -> list[int]:
    """Lines of a build or config file that name two vendors or more."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        number
        for number, line in enumerate(lines, 1)
        if sum(name in line for name in VENDOR_MODULES) >= 2
    ]


def test_no_list_of_vendors_is_written_by_hand_outside_their_modules() -> None:
    python = [*ROOT.glob("hangup/**/*.py"), *ROOT.glob("scripts/**/*.py")]
    build = [ROOT / "Makefile", ROOT / "pyproject.toml", *ROOT.glob(".github/**/*.yml")]
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path, check in [
            *((path, _python_lists_of_vendors) for path in python),
            *((path, _text_lists_of_vendors) for path in build),
        ]
        if not str(path.relative_to(ROOT)).startswith(NAMED_TOGETHER_OK)
        for line in check(path)
    ]
    assert offenders == [], "derive these from hangup._registry or specs/ instead"
