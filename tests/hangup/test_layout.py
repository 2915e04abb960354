"""The package's shape: what is public, no import cycles, and the version."""

from __future__ import annotations

import ast
import importlib.metadata
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import hangup

PACKAGE = Path(hangup.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement that runs, at any depth, leaving out `if TYPE_CHECKING:` blocks."""
    for child in ast.iter_child_nodes(tree):
        if isinstance(child, ast.If) and _is_type_checking(child):
            yield from (item for node in child.orelse for item in _imports(node))
            continue
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child
        yield from _imports(child)


def _edges(name: str, path: Path) -> set[str]:
    found: set[str] = set()
    for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            # `from hangup import _registry` imports a module; `from hangup import Ledger` the
            # package itself.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        found.update(target for target in targets if target in MODULES and target != name)
    return found


def test_no_import_cycles_among_hangups_modules() -> None:
    graph = {name: _edges(name, path) for name, path in MODULES.items()}
    done: set[str] = set()
    cycles: list[list[str]] = []

    def visit(name: str, trail: list[str]) -> None:
        if name in trail:
            cycles.append([*trail[trail.index(name) :], name])
            return
        if name in done:
            return
        for target in sorted(graph[name]):
            visit(target, [*trail, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])
    assert cycles == []


def test_internal_modules_carry_a_leading_underscore() -> None:
    public = sorted(name for name in MODULES if not any(p.startswith("_") for p in name.split(".")))
    assert public == [
        "hangup",
        "hangup.cli",
        "hangup.defaults",
        "hangup.errors",
        "hangup.ledger",
        "hangup.refs",
        "hangup.vendors",
        *(f"hangup.vendors.{name}" for name in hangup._registry.names()),
    ]


def test_everything_in_all_is_importable_from_hangup() -> None:
    for name in hangup.__all__:
        assert getattr(hangup, name) is not None
    for needed in ("reap", "ReapReport", "VendorSettings", "Outcome", "__version__"):
        assert needed in hangup.__all__


def test_the_ledger_names_hangup_loads_lazily_are_the_ledgers_public_ones() -> None:
    # hangup/__init__ lists them again so that `import hangup` need not load hangup.ledger
    import hangup.ledger

    public = set(hangup.ledger.__all__) & set(hangup.__all__)
    assert public == hangup._LEDGER_NAMES
    assert all(getattr(hangup, name) is getattr(hangup.ledger, name) for name in public)


def test_import_hangup_loads_neither_the_ledger_nor_the_connection() -> None:
    code = (
        "import sys, hangup; "
        "print(sorted(m for m in ('hangup.ledger', 'hangup._connection', 'sqlite3', 'aiohttp')"
        " if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert loaded.stdout.strip() == "[]", loaded.stderr


def test_the_version_is_the_installed_packages() -> None:
    assert hangup.__version__ == importlib.metadata.version("hangup")


def test_hangup_version_prints_the_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "hangup.cli", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"hangup {importlib.metadata.version('hangup')}"
