"""Hangup and AsyncHangup: end any vendor's session, one at a time or many at once.

Wiring only: settings (hangup.config), one pooled connection per vendor (hangup.connection),
retries (hangup.retries). Everything about a vendor lives in its adapter; this module names
none, so adding a vendor never touches it. The two classes mirror each other name for name.

    with Hangup() as client:                      # keys from VECTORSHIFT_API_KEY, ...
        client.end("hamsa:849e77c6-5cb3-479a-a985-7fab630e2c78")
        client.end_many(refs, concurrency=32)     # one Ended or HangupError per ref, in order
        with client.guard(ref):                   # ended when the block exits (hangup.guard)
            ...

The ledger side (`ledger=`, `track()`, what end() records) is hangup.tracking's.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Awaitable, Callable, Iterable, Mapping
from types import TracebackType
from typing import Self

import httpx

from hangup.batch import run_bounded, run_bounded_async
from hangup.config import VendorSettings, resolve_settings
from hangup.connection import AsyncConnection, ClientOptions, Connection
from hangup.defaults import (
    DEFAULT_CONCURRENCY,
    DEFAULT_LIMITS,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
)
from hangup.doors import AsyncVendorDoors, VendorDoors
from hangup.errors import HangupError, InvalidArgument
from hangup.guard import AsyncGuarding, Guarding
from hangup.redact import install_log_redaction
from hangup.refs import SessionRef
from hangup.results import Ended
from hangup.retries import call_with_retries, call_with_retries_async
from hangup.tracking import LedgerOption, LedgerSlot, Tracking, end_recorded, end_recorded_async

__all__ = ["AsyncHangup", "Hangup", "Outcome"]

Outcome = Ended | HangupError
OnResult = Callable[[int, Outcome], None]


class _Common(Tracking):
    """Settings, options and the ledger (hangup.tracking), shared by both clients."""

    def __init__(
        self,
        *,
        api_keys: Mapping[str, str] | None,
        base_urls: Mapping[str, str] | None,
        timeout: float | httpx.Timeout,
        max_retries: int,
        limits: httpx.Limits,
        env: Mapping[str, str] | None,
        ledger: LedgerOption = None,
    ) -> None:
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise InvalidArgument(f"max_retries must be a whole number >= 0, got {max_retries!r}")
        environment = os.environ if env is None else env
        self._settings = resolve_settings(api_keys, base_urls, environment)
        self._options = ClientOptions(_finite(timeout), max_retries, limits)
        self._ledger = LedgerSlot(ledger, environment)
        install_log_redaction(settings.api_key for settings in self._settings.values())

    @property
    def vendors(self) -> Mapping[str, VendorSettings]:
        """Each vendor's resolved base URL and whether a key is set (the key shows nowhere)."""
        return self._settings

    def __repr__(self) -> str:
        keys = ", ".join(
            f"{name}={'key' if settings.has_key else 'no key'}"
            for name, settings in self._settings.items()
        )
        return (
            f"<{type(self).__name__} {keys}; timeout={self._options.timeout.read}s "
            f"max_retries={self._options.max_retries}>"
        )


class Hangup(_Common, VendorDoors, Guarding):
    """End vendors' sessions from synchronous code; use it as a context manager."""

    def __init__(
        self,
        *,
        api_keys: Mapping[str, str] | None = None,
        base_urls: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        limits: httpx.Limits = DEFAULT_LIMITS,
        transport: httpx.BaseTransport | None = None,
        env: Mapping[str, str] | None = None,
        ledger: LedgerOption = None,
    ) -> None:
        super().__init__(
            api_keys=api_keys,
            base_urls=base_urls,
            timeout=timeout,
            max_retries=max_retries,
            limits=limits,
            env=env,
            ledger=ledger,
        )
        self._transport = transport
        self._connections: dict[str, Connection] = {}
        self._lock = threading.Lock()

    def _connection(self, vendor: str) -> Connection:
        connection = self._connections.get(vendor)
        if connection is None:
            with self._lock:
                connection = self._connections.get(vendor)
                if connection is None:
                    settings = self._settings[vendor]
                    connection = Connection(settings, self._options, self._transport)
                    self._connections[vendor] = connection
        return connection

    def end(
        self,
        ref: SessionRef | str,
        *,
        reason: str | None = None,
        session_token: str | None = None,
        missing_ok: bool = False,
    ) -> Ended:
        """End one session; return how it ended or raise the HangupError that stopped it."""
        session = SessionRef.of(ref)
        connection = self._connection(session.vendor)
        call = connection.adapter.end_call(session, reason=reason, session_token=session_token)

        def send() -> Ended:
            return call_with_retries(
                lambda: connection.end_once(session, call, missing_ok=missing_ok),
                max_retries=self._options.max_retries,
                idempotent=call.idempotent,
            )

        ledger = self._ledger.current  # None unless a ledger is set: then end() is as before
        return send() if ledger is None else end_recorded(ledger, session, send)

    def end_many(
        self,
        refs: Iterable[SessionRef | str],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        missing_ok: bool = False,
        on_result: OnResult | None = None,
    ) -> list[Outcome]:
        """End many sessions, `concurrency` at a time; one Ended or HangupError per ref, in order.

        Runs on `concurrency` threads sharing each vendor's pooled httpx.Client (an event loop
        here would break callers that already run one, and need a second pool). Refs are
        pulled from `refs` one at a time (hangup.batch), so memory stays flat apart from the
        results. `on_result(index, outcome)` is called as each one finishes, one at a time.
        """
        _check_concurrency(concurrency)
        return run_bounded(
            lambda ref: self._end_or_error(ref, missing_ok),
            refs,
            concurrency=concurrency,
            on_result=on_result,
        )

    def _end_or_error(self, ref: SessionRef | str, missing_ok: bool) -> Outcome:
        try:
            return self.end(ref, missing_ok=missing_ok)
        except HangupError as error:
            return error

    def close(self) -> None:
        """Close every vendor's pooled connection."""
        with self._lock:
            connections = list(self._connections.values())
            self._connections.clear()
        for connection in connections:
            connection.close()
        self._ledger.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class AsyncHangup(_Common, AsyncVendorDoors, AsyncGuarding):
    """End vendors' sessions from asyncio code; use it with `async with`."""

    def __init__(
        self,
        *,
        api_keys: Mapping[str, str] | None = None,
        base_urls: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        limits: httpx.Limits = DEFAULT_LIMITS,
        transport: httpx.AsyncBaseTransport | None = None,
        env: Mapping[str, str] | None = None,
        ledger: LedgerOption = None,
    ) -> None:
        super().__init__(
            api_keys=api_keys,
            base_urls=base_urls,
            timeout=timeout,
            max_retries=max_retries,
            limits=limits,
            env=env,
            ledger=ledger,
        )
        self._transport = transport
        self._connections: dict[str, AsyncConnection] = {}

    def _connection(self, vendor: str) -> AsyncConnection:
        connection = self._connections.get(vendor)
        if connection is None:
            settings = self._settings[vendor]
            connection = AsyncConnection(settings, self._options, self._transport)
            self._connections[vendor] = connection
        return connection

    async def end(
        self,
        ref: SessionRef | str,
        *,
        reason: str | None = None,
        session_token: str | None = None,
        missing_ok: bool = False,
    ) -> Ended:
        """End one session; return how it ended or raise the HangupError that stopped it."""
        session = SessionRef.of(ref)
        connection = self._connection(session.vendor)
        call = connection.adapter.end_call(session, reason=reason, session_token=session_token)

        def send() -> Awaitable[Ended]:
            return call_with_retries_async(
                lambda: connection.end_once(session, call, missing_ok=missing_ok),
                max_retries=self._options.max_retries,
                idempotent=call.idempotent,
            )

        ledger = self._ledger.current  # None unless a ledger is set: then end() is as before
        return await (send() if ledger is None else end_recorded_async(ledger, session, send))

    async def end_many(
        self,
        refs: Iterable[SessionRef | str],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        missing_ok: bool = False,
        on_result: OnResult | None = None,
    ) -> list[Outcome]:
        """End many sessions, `concurrency` at a time; one Ended or HangupError per ref, in order.

        `concurrency` worker tasks pull refs from `refs` one at a time (never one task per
        ref: hangup.batch), so memory stays flat apart from the results.
        """
        _check_concurrency(concurrency)
        return await run_bounded_async(
            lambda ref: self._end_or_error(ref, missing_ok),
            refs,
            concurrency=concurrency,
            on_result=on_result,
        )

    async def _end_or_error(self, ref: SessionRef | str, missing_ok: bool) -> Outcome:
        try:
            return await self.end(ref, missing_ok=missing_ok)
        except HangupError as error:
            return error

    async def close(self) -> None:
        """Close every vendor's pooled connection."""
        connections = list(self._connections.values())
        self._connections.clear()
        for connection in connections:
            await connection.close()
        self._ledger.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()


def _finite(timeout: float | httpx.Timeout) -> httpx.Timeout:
    if isinstance(timeout, bool) or not isinstance(timeout, int | float | httpx.Timeout):
        raise InvalidArgument(f"timeout must be seconds or an httpx.Timeout, got {timeout!r}")
    value = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(float(timeout))
    parts = (value.connect, value.read, value.write, value.pool)
    if any(part is None or not 0 < part < float("inf") for part in parts):
        raise InvalidArgument(f"timeout must be finite and positive in every part, got {value!r}")
    return value


def _check_concurrency(concurrency: int) -> None:
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise InvalidArgument(f"concurrency must be a whole number >= 1, got {concurrency!r}")
