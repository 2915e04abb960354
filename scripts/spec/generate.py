"""Regenerate vendors' typed client packages from specs/, from clean, deterministically.

    python -m scripts.spec.generate [VENDOR ...] [--into DIR]

For each vendor: build the effective spec (vendor bytes + overlay), run the pinned
openapi-python-client into an empty temporary folder, add the ``py.typed`` marker that
``--meta none`` leaves out, then swap the result in for ``DIR/<package>`` whole.
Generating from clean matters: the generator refuses to write into an existing folder, and
``--overwrite`` leaves files of deleted schemas behind.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts.spec.effective_spec import effective_spec_json
from scripts.spec.provenance import ROOT, SPECS_DIR, load_sources

GENERATED_DIR = ROOT / "generated"
# Our copies of generator templates that carry a fix the pinned generator lacks (each file
# says which, and when to delete it).
TEMPLATES_DIR = ROOT / "scripts" / "spec" / "generator_templates"


class GenerationFailed(RuntimeError):
    """openapi-python-client did not produce a package."""


def package_name(vendor: str) -> str:
    return str(load_sources()[vendor]["package"])


def generate(vendor: str, into: Path = GENERATED_DIR) -> Path:
    """Write ``into/<package>`` for ``vendor`` and return its path."""
    entry = load_sources()[vendor]
    package = str(entry["package"])
    into.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"hangup-gen-{vendor}-") as scratch:
        scratch_dir = Path(scratch)
        spec_path = scratch_dir / f"{vendor}.json"
        spec_path.write_text(effective_spec_json(vendor), encoding="utf-8")
        output = scratch_dir / package
        run_generator(spec_path, SPECS_DIR / entry["generator_config"], output)
        (output / "py.typed").write_text("", encoding="utf-8")
        # Staged inside `into` so the final rename never crosses filesystems.
        staged = into / f".{package}.new"
        shutil.rmtree(staged, ignore_errors=True)
        shutil.copytree(output, staged)
    target = into / package
    shutil.rmtree(target, ignore_errors=True)
    staged.rename(target)
    return target


def run_generator(spec: Path, config: Path, output: Path) -> None:
    """Run the pinned openapi-python-client once: ``spec`` + ``config`` -> new ``output``.

    The bare generator step, without generate()'s py.typed and swap-in (tests use it to
    show what the generator does on its own).
    """
    executable = Path(sys.executable).parent
    environment = dict(os.environ)
    # The generator's post-hooks call `ruff` by name: make it the pinned one beside us.
    environment["PATH"] = f"{executable}{os.pathsep}{environment.get('PATH', '')}"
    command = [
        str(executable / "openapi-python-client"),
        "generate",
        "--path",
        str(spec),
        "--config",
        str(config),
        "--meta",
        "none",
        "--custom-template-path",
        str(TEMPLATES_DIR),
        "--output-path",
        str(output),
    ]
    completed = subprocess.run(
        command, env=environment, capture_output=True, text=True, check=False
    )
    # The generator reports some errors (an unparsable document) with exit status 0.
    if completed.returncode != 0 or not (output / "__init__.py").exists():
        raise GenerationFailed(
            f"openapi-python-client failed for {spec.stem}:\n{completed.stdout}{completed.stderr}"
        )
    # Its warnings (an endpoint or schema skipped) go to stderr, also with exit status 0.
    report = f"{completed.stdout}{completed.stderr}"
    if "Warning" in report or "Unable to" in report:
        raise GenerationFailed(
            f"openapi-python-client warned for {spec.stem}; something was skipped:\n{report}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vendors", nargs="*", help="default: every vendor in specs/")
    parser.add_argument("--into", type=Path, default=GENERATED_DIR)
    args = parser.parse_args(argv)
    known = list(load_sources())
    unknown = [v for v in args.vendors if v not in known]
    if unknown:
        print(f"generate: unknown vendor(s) {unknown}; known: {known}", file=sys.stderr)
        return 2
    for vendor in args.vendors or known:
        try:
            path = generate(vendor, args.into)
        except GenerationFailed as failure:
            print(f"generate: {failure}", file=sys.stderr)
            return 1
        print(f"generate: {vendor} -> {path.relative_to(args.into.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
