"""The `hangup` command as a whole: `vendors`, settings errors, the installed entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hangup.cli import main
from tests.hangup.fakes import KEYS


def test_vendors_lists_base_urls_and_whether_a_key_is_set_never_the_key(
    stand_in: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("PATHORS_API_KEY")
    assert main(["vendors", "--json"]) == 0
    out = capsys.readouterr().out
    records = {r["vendor"]: r for r in map(json.loads, out.splitlines())}
    assert records["hamsa"] == {
        "vendor": "hamsa",
        "base_url": stand_in,
        "key_set": True,
        "key_env": "HAMSA_API_KEY",
    }
    assert records["pathors"]["key_set"] is False
    assert main(["vendors"]) == 0
    table = capsys.readouterr().out
    assert "key set: yes" in table
    assert "key set: no" in table
    assert all(key not in out + table for key in KEYS.values())


def test_a_bad_base_url_setting_is_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HAMSA_BASE_URL", "api.tryhamsa.com")
    assert main(["vendors"]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert "HAMSA_BASE_URL must start with http:// or https://" in line


def test_the_hangup_entry_point_is_installed_and_loads_rich_only_for_progress() -> None:
    script = Path(sys.executable).parent / "hangup"
    done = subprocess.run([script, "vendors"], capture_output=True, text=True, check=True)
    assert "vectorshift" in done.stdout
    code = "import sys, hangup.cli; hangup.cli.main(['vendors']); print('rich' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "False"
