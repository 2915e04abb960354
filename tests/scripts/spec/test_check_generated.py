"""The drift gate fails, naming the files and the fix, when generated/ and specs/ disagree.

The gate is run as CI runs it (``python -m scripts.spec.check_generated``) against a copy of the
repository in which one thing was broken, so the real scripts judge the real tree.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from scripts.spec.check_generated import tree_differences
from scripts.spec.provenance import ROOT

HAMSA_OPERATION = "hamsa_client/api/conversations/terminate_conversation.py"


def run_module(module: str, *arguments: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", module, *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def named_files(stderr: str) -> list[str]:
    """The gate's list of differing files (indented lines of its report)."""
    return [line.strip() for line in stderr.splitlines() if line.startswith("  ")]


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return root


def test_identical_trees_have_no_differences(tmp_path: Path) -> None:
    files = {"a.py": "x = 1\n", "sub/b.py": "y = 2\n"}
    expected = write_tree(tmp_path / "expected", files)
    actual = write_tree(tmp_path / "actual", files)
    assert tree_differences(expected, actual) == []


def test_missing_extra_and_changed_files_are_each_named(tmp_path: Path) -> None:
    expected = write_tree(tmp_path / "expected", {"kept.py": "1\n", "gone.py": "2\n"})
    actual = write_tree(tmp_path / "actual", {"kept.py": "1 \n", "new.py": "3\n"})
    assert tree_differences(expected, actual) == [
        "missing: gone.py",
        "extra:   new.py",
        "changed: kept.py",
    ]


def test_bytecode_caches_are_not_differences(tmp_path: Path) -> None:
    expected = write_tree(tmp_path / "expected", {"a.py": "1\n"})
    actual = write_tree(tmp_path / "actual", {"a.py": "1\n", "__pycache__/a.pyc": "?"})
    assert tree_differences(expected, actual) == []


def test_a_missing_tree_is_every_file_missing(tmp_path: Path) -> None:
    expected = write_tree(tmp_path / "expected", {"a.py": "1\n"})
    assert tree_differences(expected, tmp_path / "nowhere") == ["missing: a.py"]


def test_a_one_line_edit_of_generated_code_fails_the_gate_naming_the_file(
    repo_copy: Path,
) -> None:
    edited = repo_copy / "generated" / HAMSA_OPERATION
    lines = edited.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[0] = lines[0].replace("import", "import  ", 1)
    edited.write_text("".join(lines), encoding="utf-8")
    result = run_module("scripts.spec.check_generated", "--generated", str(repo_copy / "generated"))
    assert result.returncode == 1
    assert named_files(result.stderr) == [f"changed: generated/{HAMSA_OPERATION}"]
    assert "run `make generate`" in result.stderr


def test_a_spec_change_with_its_checksum_updated_fails_the_gate_until_regenerated(
    repo_copy: Path,
) -> None:
    spec = repo_copy / "specs" / "hamsa" / "openapi.yaml"
    sources = repo_copy / "specs" / "sources.toml"
    before = hashlib.sha256(spec.read_bytes()).hexdigest()
    spec.write_bytes(spec.read_bytes().replace(b"summary: Terminate conversation", b"summary: End"))
    after = hashlib.sha256(spec.read_bytes()).hexdigest()
    sources.write_text(sources.read_text(encoding="utf-8").replace(before, after))

    provenance = run_module("scripts.spec.provenance", cwd=repo_copy)
    assert provenance.returncode == 0, provenance.stderr  # the bytes are recorded: only drift
    gate = run_module("scripts.spec.check_generated", cwd=repo_copy)
    assert gate.returncode == 1
    assert named_files(gate.stderr) == [f"changed: generated/{HAMSA_OPERATION}"]
    assert "run `make generate`" in gate.stderr

    regenerate = run_module("scripts.spec.generate", "hamsa", cwd=repo_copy)
    assert regenerate.returncode == 0, regenerate.stderr
    assert "End\n" in (repo_copy / "generated" / HAMSA_OPERATION).read_text(encoding="utf-8")
    again = run_module("scripts.spec.check_generated", cwd=repo_copy)
    assert again.returncode == 0, again.stderr
