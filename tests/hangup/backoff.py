"""stamina's real backoff in a test, without sleeping: time.sleep records the waits instead."""

from __future__ import annotations

import time

import pytest
import stamina


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The seconds stamina would have slept, in order (the conftest's testing mode is undone)."""
    stamina.set_testing(False)  # the autouse fixture turns testing mode back off afterwards
    waits: list[float] = []
    monkeypatch.setattr(time, "sleep", waits.append)
    return waits
