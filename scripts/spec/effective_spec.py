"""Build a vendor's effective OpenAPI document: vendored bytes, merged, plus overlay.

This is the one document that the generator, the request-validating tests and the Prism
mocks all read, so they can never disagree about what a vendor's API is.

    python -m scripts.spec.effective_spec VENDOR [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from scripts.spec.overlay import apply_overlay
from scripts.spec.provenance import SPECS_DIR, load_sources


class SpecMergeConflict(ValueError):
    """Two slices of one vendor document disagree about the same key."""


def effective_spec(vendor: str, specs_dir: Path = SPECS_DIR) -> dict[str, Any]:
    """Return the effective OpenAPI document of ``vendor`` as plain data."""
    entry = load_sources(specs_dir)[vendor]
    merged = merged_slices(
        (specs_dir / document["path"]).read_bytes() for document in entry["documents"]
    )
    if "overlay" in entry:
        overlay = yaml.safe_load((specs_dir / entry["overlay"]).read_bytes())
        merged = apply_overlay(merged, overlay)
    return merged


def effective_spec_json(vendor: str, specs_dir: Path = SPECS_DIR) -> str:
    """The effective document serialised the same way on every run (for make and Prism)."""
    return json.dumps(effective_spec(vendor, specs_dir), indent=2, ensure_ascii=False) + "\n"


def merged_slices(slices: Iterable[bytes]) -> dict[str, Any]:
    """Parse the slices of one vendor document (YAML bytes, in order) and union them.

    A key that two slices both hold must be equal in both, or SpecMergeConflict names it.
    effective_spec merges the vendored bytes this way; drift merges upstream's the same way.
    """
    merged: dict[str, Any] = {}
    for body in slices:
        _merge_slice(merged, yaml.safe_load(body))
    return merged


def _merge_slice(into: dict[str, Any], piece: dict[str, Any], where: str = "$") -> None:
    """Union two slices of one document; an equal key is fine, a differing one is not."""
    for key, value in piece.items():
        if key not in into:
            into[key] = value
        elif isinstance(into[key], dict) and isinstance(value, dict):
            _merge_slice(into[key], value, f"{where}.{key}")
        elif into[key] != value:
            raise SpecMergeConflict(f"the slices disagree at {where}.{key}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vendor")
    parser.add_argument("--out", type=Path, help="write here instead of stdout")
    args = parser.parse_args(argv)
    try:
        text = effective_spec_json(args.vendor)
    except KeyError:
        print(f"effective_spec: unknown vendor {args.vendor!r}", file=sys.stderr)
        return 2
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
