"""Read specs/sources.toml and check that the vendored bytes are the ones it records.

python -m scripts.spec.provenance          # verify every recorded sha256
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SPECS_DIR = ROOT / "specs"
KINDS = ("vendor-openapi", "transcribed")  # each document's `kind` in specs/sources.toml


def load_sources(specs_dir: Path = SPECS_DIR) -> dict[str, dict[str, Any]]:
    """Every vendor's provenance entry, by vendor name, in file order."""
    with (specs_dir / "sources.toml").open("rb") as handle:
        vendors: dict[str, dict[str, Any]] = tomllib.load(handle)["vendors"]
    return vendors


def vendor_kind(entry: dict[str, Any]) -> str:
    """The kinds of a vendor's documents as one label, e.g. "vendor-openapi + transcribed"."""
    kinds = {str(document.get("kind")) for document in entry.get("documents", [])}
    return " + ".join(kind for kind in KINDS if kind in kinds)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def checksum_mismatches(specs_dir: Path = SPECS_DIR) -> list[str]:
    """One line per recorded file whose bytes no longer hash to the recorded sha256."""
    problems = []
    for vendor, entry in load_sources(specs_dir).items():
        problems += [
            f"{vendor}: specs/{d['path']} has no kind (one of {', '.join(KINDS)})"
            for d in entry.get("documents", [])
            if d.get("kind") not in KINDS
        ]
        recorded = [(d["path"], d["sha256"]) for d in entry.get("documents", [])]
        recorded += [
            (page["snapshot"], page["sha256"])
            for page in entry.get("docs_pages", [])
            if "snapshot" in page
        ]
        for relative, expected in recorded:
            path = specs_dir / relative
            if not path.exists():
                problems.append(f"{vendor}: specs/{relative} is missing")
            elif (actual := sha256_of(path)) != expected:
                problems.append(
                    f"{vendor}: specs/{relative} has sha256 {actual}, "
                    f"but specs/sources.toml records {expected}"
                )
    return problems


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    problems = checksum_mismatches()
    for line in problems:
        print(f"provenance: {line}", file=sys.stderr)
    if problems:
        print(
            "provenance: vendor bytes are never edited by hand; put corrections in the "
            "vendor's overlay, or re-vendor with `make drift UPDATE=1`",
            file=sys.stderr,
        )
        return 1
    print("provenance: every vendored document matches specs/sources.toml")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
