"""`pip install .` ships hangup and the four generated packages, each with its py.typed.

Kept quick and offline: the wheel is built once with the venv's own hatchling (pinned like
build-system.requires, no build isolation) and installed with pip into a fresh venv with
--no-deps. The fresh venv then borrows the runtime dependencies (attrs, httpx and theirs)
from the development venv through a .pth line that comes after its own site-packages, so
every hangup/generated module is imported from the install, never from the checkout; the
wheel's own Requires-Dist is checked to declare those dependencies.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from scripts.spec.provenance import ROOT, load_sources

# What must ship: hangup and every vendor's generated package, as specs/sources.toml names them
# (the wheel itself selects them by glob, so a new vendor needs no edit there).
SHIPPED = ["hangup", *(f"generated/{entry['package']}" for entry in load_sources().values())]
TYPED_USE = """\
from hamsa_client.models import SuccessResponse

answer = SuccessResponse.from_dict({"success": True})
reveal_type(answer.success)
"""


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "MYPYPATH"}}
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    pip = (sys.executable, "-m", "pip", "--disable-pip-version-check")
    built = run(*pip, "wheel", "--no-deps", "--no-build-isolation", "-q", ROOT, "-w", out, cwd=out)
    assert built.returncode == 0, built.stderr
    [path] = out.glob("hangup-*.whl")
    return path


@pytest.fixture(scope="module")
def fresh_python(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv's python with the wheel installed (runtime deps borrowed, see above)."""
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    made = run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=venv.parent)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    pip = (sys.executable, "-m", "pip", "--disable-pip-version-check", "--python", python)
    installed = run(*pip, "install", "--no-deps", "--no-index", "-q", wheel, cwd=venv.parent)
    assert installed.returncode == 0, installed.stderr
    site = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=venv)
    borrowed = sysconfig.get_paths()["purelib"]
    (Path(site.stdout.strip()) / "zz_borrowed_runtime_deps.pth").write_text(borrowed + "\n")
    return python


def test_the_wheel_ships_every_module_of_every_package_and_its_py_typed(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for source in SHIPPED:
        package = Path(source).name
        assert f"{package}/py.typed" in names
        for path in (ROOT / source).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                assert f"{package}/{path.relative_to(ROOT / source)}" in names


def test_the_wheel_declares_the_runtime_dependencies_the_clients_import(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        [metadata] = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        fields = Parser().parsestr(archive.read(metadata).decode())
        requires = fields.get_all("Requires-Dist") or []
    runtime = {line.split(">")[0].split("<")[0].strip() for line in requires if "extra" not in line}
    assert {"attrs", "httpx"} <= runtime


def test_a_fresh_venv_imports_every_package_from_the_install(fresh_python: Path) -> None:
    packages = [Path(source).name for source in SHIPPED]
    script = "import importlib\n" + "".join(
        f"print(importlib.import_module({name!r}).__file__)\n" for name in packages
    )
    result = run(fresh_python, "-c", script, cwd=fresh_python.parent)
    assert result.returncode == 0, result.stderr
    venv = fresh_python.parent.parent
    for name, location in zip(packages, result.stdout.split(), strict=True):
        assert Path(location).is_relative_to(venv), f"{name} imported from {location}"


def test_a_type_checker_sees_hamsa_clients_types_in_the_fresh_install(
    fresh_python: Path, tmp_path: Path
) -> None:
    (tmp_path / "use.py").write_text(TYPED_USE, encoding="utf-8")
    mypy = Path(sys.executable).parent / "mypy"
    # --config-file= : the project's config would point mypy at generated/ in the checkout.
    command = (mypy, "--config-file=", "--cache-dir=/dev/null", "--python-executable")
    result = run(*command, fresh_python, "use.py", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert 'Revealed type is "bool | hamsa_client.types.Unset"' in result.stdout
