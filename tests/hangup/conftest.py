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
def ledger(ledger_target: str, clock: FakeClock) -> Iterator[Ledger]:
    """A fresh ledger on the fake clock, on each backend in turn, closed after the test."""
    with Ledger(ledger_target, clock=clock) as opened:
        yield opened


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One throwaway PostgreSQL cluster for the whole run; a missing server fails, never skips."""
    import signal

    from tests.pg_server import PostgresUnavailable, running_postgres

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # so the cluster below is stopped and removed on SIGTERM too

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        with running_postgres() as url:
            yield url
    except PostgresUnavailable as missing:
        pytest.fail(str(missing), pytrace=False)
    finally:
        signal.signal(signal.SIGTERM, previous)


@pytest.fixture
def postgres_ledger_url(postgres_url: str) -> Iterator[str]:
    """A ledger URL of its own schema in the test cluster, dropped after the test."""
    import uuid

    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    yield f"{postgres_url}?schema={schema}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgres"])
def ledger_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's ledger lives: an SQLite file, or a PostgreSQL schema (both backends)."""
    if request.param == "sqlite":
        return str(tmp_path / "ledger.sqlite3")
    url: str = request.getfixturevalue("postgres_ledger_url")
    return url
