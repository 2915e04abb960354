"""The sweep tests' vendors: stateful stand-ins on one 127.0.0.1 port, configured by env vars."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scripts.servers.session_lists import PathRouter, StandIn, StoredSession, serving
from tests.hangup.fakes import KEYS, VENDORS


def aged_sessions(*ages: timedelta) -> list[StoredSession]:
    """One live session per age, each started that long before now."""
    now = datetime.now(UTC)
    return [StoredSession(str(uuid.uuid4()), now - age) for age in ages]


@contextmanager
def serving_stand_ins(
    vendors: Iterable[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[dict[str, StandIn]]:
    """Each vendor with two old sessions and one young, pages capped at 2; every key and base
    URL set, and HANGUP_LEDGER pointed at a fresh file, for the block."""
    found = {
        vendor: StandIn(
            vendor,
            aged_sessions(timedelta(hours=3), timedelta(days=2), timedelta(minutes=5)),
            page_cap=2,
            validate=False,
        )
        for vendor in vendors
    }
    monkeypatch.setenv("HANGUP_LEDGER", str(tmp_path / "ledger.sqlite3"))
    with serving(PathRouter(*found.values())) as base_url:
        for vendor in VENDORS:
            monkeypatch.setenv(f"{vendor.upper()}_BASE_URL", base_url)
            monkeypatch.setenv(f"{vendor.upper()}_API_KEY", KEYS[vendor])
        yield found
