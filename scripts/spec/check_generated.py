"""Fail when generated/ is not exactly what specs/ generates.

    python -m scripts.spec.check_generated [--generated DIR]

Regenerates every vendor into a temporary folder and compares it, file by file, with the
committed tree. A difference means a spec changed without regenerating, or generated code
was edited by hand: either way the fix is `make generate`.
"""

from __future__ import annotations

import argparse
import filecmp
import sys
import tempfile
from pathlib import Path

from scripts.spec.generate import GENERATED_DIR, GenerationFailed, generate
from scripts.spec.provenance import load_sources


def tree_differences(expected: Path, actual: Path) -> list[str]:
    """Relative paths that differ, are missing from ``actual``, or are extra in it."""
    expected_files = _files_below(expected)
    actual_files = _files_below(actual)
    differences = [f"missing: {p}" for p in sorted(expected_files - actual_files)]
    differences += [f"extra:   {p}" for p in sorted(actual_files - expected_files)]
    for relative in sorted(expected_files & actual_files):
        if not filecmp.cmp(expected / relative, actual / relative, shallow=False):
            differences.append(f"changed: {relative}")
    return differences


def _files_below(root: Path) -> set[Path]:
    if not root.is_dir():
        return set()
    return {
        path.relative_to(root)
        for path in root.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=Path, default=GENERATED_DIR)
    args = parser.parse_args(argv)
    differences: list[str] = []
    with tempfile.TemporaryDirectory(prefix="hangup-check-") as scratch:
        for vendor, entry in load_sources().items():
            try:
                fresh = generate(vendor, Path(scratch))
            except GenerationFailed as failure:
                print(f"check_generated: {failure}", file=sys.stderr)
                return 1
            package = entry["package"]
            for line in tree_differences(fresh, args.generated / package):
                kind, relative = line.split(maxsplit=1)
                differences.append(f"{kind:<8} generated/{package}/{relative}")
    if differences:
        print("check_generated: generated/ does not match specs/:", file=sys.stderr)
        for line in differences:
            print(f"  {line}", file=sys.stderr)
        print(
            "check_generated: run `make generate` and commit the result "
            "(never edit generated/ by hand)",
            file=sys.stderr,
        )
        return 1
    print("check_generated: generated/ matches specs/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
