"""Shared by the facade's tests: retries never wait, fresh warnings, a fake clock, a ledger."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import stamina

from hangup import Ledger, _answers
from tests.hangup.clock import FakeClock


@pytest.fixture(autouse=True)
def no_waiting_retries() -> Iterator[None]:
    """stamina's testing mode: no backoff at all, and the client's own attempt count."""
    stamina.set_testing(True, attempts=100, cap=True)
    yield
    stamina.set_testing(False)


@pytest.fixture(autouse=True)
def fresh_deprecation_warnings() -> Iterator[None]:
    """Forget which (vendor, operation) pairs already warned, so each test sees its own."""
    _answers._warned.clear()
    yield
    _answers._warned.clear()


@pytest.fixture
def clock() -> FakeClock:
    """The ledger's clock in tests: time moves only when the test moves it."""
    return FakeClock()


@pytest.fixture
def ledger(tmp_path: Path, clock: FakeClock) -> Iterator[Ledger]:
    """A fresh ledger file on the fake clock, closed after the test."""
    with Ledger(tmp_path / "ledger.sqlite3", clock=clock) as opened:
        yield opened
