"""Hangup and AsyncHangup: end any vendor's session, one at a time or many at once.

    _BaseClient        settings, options, the ledger, `vendors`, `track()`, repr
     ├── Hangup        sync: end, end_many (threads), guard, the vendor doors, close
     └── AsyncHangup   asyncio: the same names, awaited

Wiring only: settings (hangup._config), one pooled connection per vendor that also owns the
retries (hangup._connection), the ledger (hangup._tracking). Everything about a vendor lives
in its module in hangup/vendors/; `end()` names none. The two classes mirror each other name
for name, the way httpx's Client and AsyncClient do.

    with Hangup() as client:                      # keys from VECTORSHIFT_API_KEY, ...
        client.end("hamsa:849e77c6-5cb3-479a-a985-7fab630e2c78")
        client.end_many(refs, concurrency=32)     # one Ended or HangupError per ref, in order
        with client.guard(ref):                   # ended when the block exits (hangup._guard)
            ...
        client.vectorshift.run(chatbot_id, "hi")  # a vendor's own door, made on first use
"""

from __future__ import annotations

import os
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Mapping
from functools import cached_property, partial
from types import TracebackType
from typing import TYPE_CHECKING, Self

import httpx

from hangup._batch import prepared_ahead, run_bounded, run_bounded_async
from hangup._config import VendorSettings, resolve_settings
from hangup._guard import AsyncSessionGuard, SessionGuard
from hangup._logging import configure_from_env
from hangup._options import check_concurrency, client_options
from hangup._proxies import proxy_passwords
from hangup._redact import install_log_redaction
from hangup._results import Ended
from hangup._telemetry import run_span
from hangup._tracking import LedgerOption, LedgerSlot, end_recorded, end_recorded_async
from hangup.defaults import (
    DEFAULT_CONCURRENCY,
    DEFAULT_LIMITS,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
)
from hangup.errors import HangupError, InvalidArgument
from hangup.refs import SessionRef

if TYPE_CHECKING:
    from datetime import timedelta

    from hangup._connection import AsyncConnection, Connection
    from hangup._direct import DirectRequest
    from hangup._live import LiveSession, SessionLister
    from hangup.ledger import Ledger, TrackedSession
    from hangup.vendors._base import Call
    from hangup.vendors.hamsa import Hamsa
    from hangup.vendors.liveavatar import AsyncLiveAvatar, LiveAvatar
    from hangup.vendors.pathors import AsyncPathors, Pathors
    from hangup.vendors.vectorshift import AsyncVectorShift, VectorShift

# The vendor doors below are the one place vendors are named outside hangup/vendors/: each
# is a typed property (so `client.pathors.terminate` type-checks), imported on first use.
# tests/hangup/test_vendor_lists.py checks that they match the vendor modules exactly.

# hangup._connection (and the answer readers, retries and redaction it brings) and
# hangup._keep_alive are imported with a client's first connection, not by `import hangup`.

__all__ = ["AsyncHangup", "Hangup", "Outcome"]

Outcome = Ended | HangupError
OnResult = Callable[[int, Outcome], None]
# An end ready to send: its ref, its connection, its call, and that call as aiohttp takes it
# (None: it goes through httpx)
_Prepared = tuple[SessionRef, "AsyncConnection", "Call", "DirectRequest | None"]


class _BaseClient:
    """What both clients share: settings, options, the ledger, `vendors` and `track()`."""

    def __init__(
        self,
        *,
        api_keys: Mapping[str, str] | None,
        base_urls: Mapping[str, str] | None,
        timeout: float | httpx.Timeout,
        max_retries: int,
        limits: httpx.Limits,
        env: Mapping[str, str] | None,
        ledger: LedgerOption,
    ) -> None:
        options = client_options(timeout, max_retries, limits)  # refused whole, before all else
        environment = os.environ if env is None else env
        configure_from_env(environment)  # HANGUP_LOG, as OPENAI_LOG does for openai
        self._settings = resolve_settings(api_keys, base_urls, environment)
        self._options = options
        self._ledger = LedgerSlot(ledger, environment)
        install_log_redaction(
            [*(settings.api_key for settings in self._settings.values()), *proxy_passwords()]
        )

    @property
    def vendors(self) -> Mapping[str, VendorSettings]:
        """Each vendor's resolved base URL and whether a key is set (the key shows nowhere)."""
        return self._settings

    @property
    def ledger(self) -> Ledger | None:
        """The ledger this client records into, or None (see hangup._tracking)."""
        return self._ledger.current

    def track(
        self, ref: SessionRef | str, *, labels: Mapping[str, str] | None = None
    ) -> TrackedSession:
        """Record `ref` as open in the ledger, so `hangup reap` ends it if nothing else does.

        Uses the client's ledger, opening the default one (HANGUP_LEDGER, else the user's data
        dir) when the client has none. Tracking a session again only adds labels.
        """
        session = SessionRef.of(ref)
        return self._ledger.require().track(str(session), session.vendor, labels)

    def _lister(
        self, vendor: str, project_id: str | None, older_than: timedelta | None
    ) -> SessionLister:
        """The vendor's lister, every argument checked before any request leaves."""
        from hangup._live import check_older_than, lister_for  # on first use: attrs classes

        settings = self._settings.get(vendor) if isinstance(vendor, str) else None
        if settings is None:
            known = ", ".join(self._settings)
            raise InvalidArgument(f"unknown vendor {vendor!r}: use one of {known}")
        check_older_than(older_than)
        return lister_for(vendor, settings.vendor.lister, project_id)

    def __repr__(self) -> str:
        keys = ", ".join(
            f"{name}={'key' if settings.has_key else 'no key'}"
            for name, settings in self._settings.items()
        )
        return (
            f"<{type(self).__name__} {keys}; timeout={self._options.timeout.read}s "
            f"max_retries={self._options.max_retries}>"
        )


class Hangup(_BaseClient):
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
                    from hangup._connection import Connection

                    settings = self._settings[vendor]
                    connection = Connection(settings, self._options, self._transport)
                    self._connections[vendor] = connection
        return connection

    @cached_property
    def vectorshift(self) -> VectorShift:
        """VectorShift: `.run()`, `.stream()`, `.api`."""
        from hangup.vendors.vectorshift import VectorShift

        return VectorShift(self._connection("vectorshift"))

    @cached_property
    def pathors(self) -> Pathors:
        """Pathors: `.terminate()`, `.api`."""
        from hangup.vendors.pathors import Pathors

        return Pathors(self._connection("pathors"))

    @cached_property
    def liveavatar(self) -> LiveAvatar:
        """LiveAvatar: `.keep_alive()`, `.api`."""
        from hangup.vendors.liveavatar import LiveAvatar

        return LiveAvatar(self._connection("liveavatar"))

    @cached_property
    def hamsa(self) -> Hamsa:
        """Hamsa: `.api`."""
        from hangup.vendors.hamsa import Hamsa

        return Hamsa(self._connection("hamsa"))

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
        ledger = self._ledger.current  # None unless a ledger is set: then end() is as before
        if ledger is None:
            return connection.end(session, call, missing_ok=missing_ok)
        return end_recorded(
            ledger, session, partial(connection.end, session, call, missing_ok=missing_ok)
        )

    def end_many(
        self,
        refs: Iterable[SessionRef | str],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        missing_ok: bool = False,
        on_result: OnResult | None = None,
        reason: str | None = None,
    ) -> list[Outcome]:
        """End many sessions, `concurrency` at a time; one Ended or HangupError per ref, in order.

        Runs on `concurrency` threads sharing each vendor's pooled httpx.Client (an event loop
        here would break callers that already run one, and need a second pool). `reason`
        goes with every end (for refs of one vendor that takes it: LiveAvatar). Refs are
        pulled from `refs` one at a time (hangup._batch), so memory stays flat apart from the
        results. `on_result(index, outcome)` is called as each one finishes, one at a time.
        """
        check_concurrency(concurrency)
        with run_span("hangup.end_many") as run:
            outcomes = run_bounded(
                run.in_threads(lambda ref: self._end_or_error(ref, missing_ok, reason)),
                refs,
                concurrency=concurrency,
                on_result=on_result,
            )
            run.count_outcomes(outcomes)
        return outcomes

    def _end_or_error(self, ref: SessionRef | str, missing_ok: bool, reason: str | None) -> Outcome:
        try:
            return self.end(ref, missing_ok=missing_ok, reason=reason)
        except HangupError as error:
            return error

    def live_sessions(
        self,
        vendor: str,
        *,
        project_id: str | None = None,
        older_than: timedelta | None = None,
    ) -> Iterator[LiveSession]:
        """Iterate over the vendor's live sessions, whoever started them (see hangup._live).

        Pages lazily through the vendor's own list; `older_than` keeps only sessions started
        at least that long ago. `project_id` is required for Pathors and refused for the others.
        """
        from hangup._live import iter_live_sessions

        lister = self._lister(vendor, project_id, older_than)
        connection = self._connection(vendor)
        connection.require_key()
        return iter_live_sessions(connection, lister, project_id=project_id, older_than=older_than)

    def guard(
        self,
        ref: SessionRef | str,
        *,
        labels: Mapping[str, str] | None = None,
        reason: str | None = None,
        session_token: str | None = None,
        missing_ok: bool = True,
        keep_alive: float | None = None,
    ) -> SessionGuard:
        """End `ref` when the `with` block exits, however it exits (see hangup._guard).

        `labels` are recorded with the session when the client has a ledger. `keep_alive`
        (LiveAvatar) sends a keep-alive every that many seconds, from a daemon thread, while
        the block runs; a failed one is logged, never raised.
        """
        session = SessionRef.of(ref)
        keeper = None
        if keep_alive is not None:
            from hangup._keep_alive import KeepAliveThread, keep_alive_call, send_keep_alive

            make = keep_alive_call(self._settings, session, keep_alive, session_token)
            connection = self._connection(session.vendor)
            keeper = KeepAliveThread(
                session, lambda: send_keep_alive(connection, session, make()), keep_alive
            )
        return SessionGuard(
            lambda session: self.end(
                session, reason=reason, session_token=session_token, missing_ok=missing_ok
            ),
            session,
            ledger=self.ledger,
            labels=labels,
            keep_alive=keeper,
        )

    def close(self) -> None:
        """Close every vendor's pooled connection."""
        with self._lock:  # kept, not dropped: a door holds its connection, which reopens on use
            connections = list(self._connections.values())
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


class AsyncHangup(_BaseClient):
    """End vendors' sessions from asyncio code; use it with `async with`.

    It sends through aiohttp (httpx-aiohttp's transport, hangup._transport) unless given
    `transport=`: `transport=httpx.AsyncHTTPTransport()` is pure httpx.
    """

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
            from hangup._connection import AsyncConnection

            settings = self._settings[vendor]
            connection = AsyncConnection(settings, self._options, self._transport)
            self._connections[vendor] = connection
        return connection

    @cached_property
    def vectorshift(self) -> AsyncVectorShift:
        """VectorShift: `.run()`, `.stream()` (async), `.api`."""
        from hangup.vendors.vectorshift import AsyncVectorShift

        return AsyncVectorShift(self._connection("vectorshift"))

    @cached_property
    def pathors(self) -> AsyncPathors:
        """Pathors: `.terminate()` (async), `.api`."""
        from hangup.vendors.pathors import AsyncPathors

        return AsyncPathors(self._connection("pathors"))

    @cached_property
    def liveavatar(self) -> AsyncLiveAvatar:
        """LiveAvatar: `.keep_alive()` (async), `.api`."""
        from hangup.vendors.liveavatar import AsyncLiveAvatar

        return AsyncLiveAvatar(self._connection("liveavatar"))

    @cached_property
    def hamsa(self) -> Hamsa:
        """Hamsa: `.api`."""
        from hangup.vendors.hamsa import Hamsa

        return Hamsa(self._connection("hamsa"))

    async def end(
        self,
        ref: SessionRef | str,
        *,
        reason: str | None = None,
        session_token: str | None = None,
        missing_ok: bool = False,
    ) -> Ended:
        """End one session; return how it ended or raise the HangupError that stopped it."""
        return await self._start(self._prepare(ref, reason, session_token), missing_ok)

    def _prepare(
        self, ref: SessionRef | str, reason: str | None, session_token: str | None
    ) -> _Prepared:
        """The ref, its connection and end call, and that call built for aiohttp where it goes.

        A bad ref or option, or a missing key, raises here, before anything is sent.
        """
        session = SessionRef.of(ref)
        connection = self._connection(session.vendor)
        call = connection.adapter.end_call(session, reason=reason, session_token=session_token)
        return session, connection, call, connection.direct_request(call)

    def _start(self, prepared: _Prepared | HangupError, missing_ok: bool) -> Awaitable[Ended]:
        """The end of a prepared ref, to await (a ref that could not be prepared raises).

        Not a coroutine itself, so end_many awaits the connection's coroutine directly: every
        level of coroutines is resumed again on each await beneath it.
        """
        if isinstance(prepared, HangupError):
            raise prepared
        session, connection, call, direct = prepared
        ledger = self._ledger.current  # None unless a ledger is set: then end() is as before
        if ledger is None:
            return connection.end(session, call, missing_ok=missing_ok, direct=direct)
        # A partial, not a lambda: a lambda's names are cells, made on every end with or without
        # a ledger
        send = partial(connection.end, session, call, missing_ok=missing_ok, direct=direct)
        return end_recorded_async(ledger, session, send)

    async def end_many(
        self,
        refs: Iterable[SessionRef | str],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        missing_ok: bool = False,
        on_result: OnResult | None = None,
        reason: str | None = None,
    ) -> list[Outcome]:
        """End many sessions, `concurrency` at a time; one Ended or HangupError per ref, in order.

        `concurrency` worker tasks pull refs from `refs` one at a time (never one task per
        ref: hangup._batch), so memory stays flat apart from the results. Refs are parsed and
        their calls built a few dozen at a time, just ahead of their turn.
        """
        check_concurrency(concurrency)
        with run_span("hangup.end_many") as run:  # its worker tasks inherit the span
            outcomes: list[Outcome] = await run_bounded_async(
                lambda prepared: self._start(prepared, missing_ok),
                prepared_ahead(
                    lambda ref: self._prepare(ref, reason, None), refs, expected=(HangupError,)
                ),
                concurrency=concurrency,
                on_result=on_result,
                expected=(HangupError,),  # a ref's result, as the sync end_many gives it
            )
            run.count_outcomes(outcomes)
        return outcomes

    def live_sessions(
        self,
        vendor: str,
        *,
        project_id: str | None = None,
        older_than: timedelta | None = None,
    ) -> AsyncIterator[LiveSession]:
        """Iterate (`async for`) over the vendor's live sessions; see Hangup.live_sessions."""
        from hangup._live import iter_live_sessions_async

        lister = self._lister(vendor, project_id, older_than)
        connection = self._connection(vendor)
        connection.require_key()
        return iter_live_sessions_async(
            connection, lister, project_id=project_id, older_than=older_than
        )

    def guard(
        self,
        ref: SessionRef | str,
        *,
        labels: Mapping[str, str] | None = None,
        reason: str | None = None,
        session_token: str | None = None,
        missing_ok: bool = True,
        keep_alive: float | None = None,
    ) -> AsyncSessionGuard:
        """End `ref` when the `async with` block exits, even on cancellation (hangup._guard).

        `labels` are recorded with the session when the client has a ledger. `keep_alive`
        (LiveAvatar) sends a keep-alive every that many seconds, from a task, while the block
        runs; a failed one is logged, never raised.
        """
        session = SessionRef.of(ref)
        keeper = None
        if keep_alive is not None:
            from hangup._keep_alive import KeepAliveTask, keep_alive_call, send_keep_alive_async

            make = keep_alive_call(self._settings, session, keep_alive, session_token)
            connection = self._connection(session.vendor)
            keeper = KeepAliveTask(
                session, lambda: send_keep_alive_async(connection, session, make()), keep_alive
            )
        return AsyncSessionGuard(
            lambda session: self.end(
                session, reason=reason, session_token=session_token, missing_ok=missing_ok
            ),
            session,
            ledger=self.ledger,
            labels=labels,
            keep_alive=keeper,
        )

    async def close(self) -> None:
        """Close every vendor's pooled connection."""
        for connection in list(self._connections.values()):  # kept: they reopen on use
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
