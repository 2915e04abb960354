"""Shared by the facade's tests: retries never wait, and each test starts with fresh warnings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import stamina

from hangup import answers


@pytest.fixture(autouse=True)
def no_waiting_retries() -> Iterator[None]:
    """stamina's testing mode: no backoff at all, and the client's own attempt count."""
    stamina.set_testing(True, attempts=100, cap=True)
    yield
    stamina.set_testing(False)


@pytest.fixture(autouse=True)
def fresh_deprecation_warnings() -> Iterator[None]:
    """Forget which (vendor, operation) pairs already warned, so each test sees its own."""
    answers._warned.clear()
    yield
    answers._warned.clear()
