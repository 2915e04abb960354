"""One vendor's pooled httpx client, and the one place that sends a call with its retries.

    adapter / door builds a Call ──► Connection.call(call, ref, read) ──► T or HangupError
                                        │  each attempt: send once, then read(answer)
                                        └─ retried as hangup._retries decides

Every kind of call (an end, a chatbot run, opening a stream, a terminate) goes through
`call()`, so `max_retries` is read in one place. A connection is made the first time a client
talks to a vendor: that is when the vendor's module (and its generated client) is imported
and its httpx client created. The account key
rides in an httpx `Auth` on that client, so it is in no default header and no repr; a call
may bring its own auth instead (LiveAvatar's session token), and then the key is not sent.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Coroutine
from functools import partial
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast, overload

import httpx

from hangup._answers import read_end
from hangup._call_errors import (
    UNSENDABLE,
    build_request,
    read_answer,
    transport_error,
    unsendable,
)
from hangup._config import VendorSettings
from hangup._deadline import (
    aread_capped,
    attempt_seconds,
    bound_by_deadline,
    deadline,
    deadline_error,
    read_capped,
)
from hangup._options import ClientOptions
from hangup._proxies import env_proxy, proxy_passwords
from hangup._redact import remember_call_secrets, scrub_error
from hangup._results import Ended
from hangup._retries import call_with_retries, call_with_retries_async, retry_async
from hangup._telemetry import current as current_telemetry
from hangup.errors import HangupError, TransportError
from hangup.refs import SessionRef
from hangup.vendors._base import Call, HeaderAuth, VendorAdapter

if TYPE_CHECKING:
    import ssl

    from hangup._answers import Answer
    from hangup._direct import DirectRequest, DirectSender
    from hangup._telemetry import CallRecord

__all__ = [
    "AsyncConnection",
    "ClientOptions",
    "Connection",
    "Read",
    "ReadStream",
    "transport_error",
]

T = TypeVar("T")
# Reads one answer, its body read, into the call's result, or raises the HangupError it amounts
# to; on AsyncHangup's own transport the answer may come straight from aiohttp (hangup._direct).
Read = Callable[["Answer"], T]
# Reads a stream's answer: a 2xx one unread (the reader reads and closes it), any other read.
ReadStream = Callable[[httpx.Response], T]


class _Base:
    """What the sync and async connections share: settings, adapter, key, secrets."""

    def __init__(self, settings: VendorSettings, options: ClientOptions) -> None:
        self.vendor = settings.name
        self.settings = settings
        self.options = options
        self.adapter: VendorAdapter = settings.vendor.adapter
        key = settings.api_key
        self._key_auth = HeaderAuth(*self.adapter.key_header(key)) if key is not None else None
        # the key, and any proxy password (an error may name the proxy it went through)
        self._secrets: tuple[str, ...] = ((key,) if key is not None else ()) + proxy_passwords()
        self._attempt_seconds = attempt_seconds(options.timeout)

    def require_key(self) -> httpx.Auth:
        """The account key's auth; raise ConfigurationError naming the env var when it is unset."""
        if self._key_auth is None:
            raise self.settings.missing_key()
        return self._key_auth

    def auth_for(self, call: Call) -> httpx.Auth:
        """The auth to send `call` with: its own (whose secret logs then redact), or the key's."""
        if call.auth is None:
            return self.require_key()
        if call.secrets:
            remember_call_secrets(call.secrets)
        return call.auth

    def secrets_for(self, call: Call) -> tuple[str, ...]:
        """Every secret to scrub out of the answer to `call` and any error it raises."""
        if not call.secrets:
            return self._secrets
        return self._secrets + tuple(call.secrets)

    def __repr__(self) -> str:
        key = "set" if self.settings.has_key else "unset"
        return f"<{type(self).__name__} {self.vendor} {self.settings.base_url} key={key}>"


class Connection(_Base):
    """A vendor's pooled httpx.Client (made on first use, shared by threads)."""

    def __init__(
        self,
        settings: VendorSettings,
        options: ClientOptions,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        super().__init__(settings, options)
        self._transport = transport
        self._http: httpx.Client | None = None
        self._lock = threading.Lock()

    @property
    def http(self) -> httpx.Client:
        """The pooled client; the generated client behind `.api` uses it too."""
        if self._http is None:
            with self._lock:
                if self._http is None:
                    http = httpx.Client(
                        base_url=self.settings.base_url,
                        timeout=self.options.timeout,
                        limits=self.options.limits,
                        transport=self._transport,
                        auth=self._key_auth,
                        follow_redirects=False,  # a redirect would carry the key elsewhere
                        verify=self._verify(),
                    )
                    bound_by_deadline(http)  # each attempt ends by its deadline (_deadline)
                    self._http = http
        return self._http

    def _verify(self) -> ssl.SSLContext | bool:
        """httpx's `verify=`: on hangup's own transport, the process's shared context (_tls)."""
        if self._transport is not None:
            return True  # httpx's default: the caller's transport keeps its own TLS settings
        from hangup._tls import shared_tls_context

        return shared_tls_context()

    def send(
        self, call: Call, ref: SessionRef | str | None, *, stream: bool = False
    ) -> httpx.Response:
        """Send `call` once; raise TransportError when no answer comes."""
        auth = self.auth_for(call)
        http = self.http
        request = build_request(http, call.kwargs, self.vendor, ref)
        try:
            return http.send(request, auth=auth, stream=stream)
        except httpx.RequestError as exc:
            raise transport_error(self.vendor, ref, exc) from exc
        except UNSENDABLE as exc:  # e.g. a header httpx cannot encode
            raise unsendable(self.vendor, ref, exc) from None

    @overload
    def call(
        self,
        call: Call,
        ref: SessionRef | str | None,
        read: Read[T],
        *,
        stream: Literal[False] = False,
        name: str = "hangup.call",
    ) -> T: ...

    @overload
    def call(
        self,
        call: Call,
        ref: SessionRef | str | None,
        read: ReadStream[T],
        *,
        stream: Literal[True],
        name: str = "hangup.call",
    ) -> T: ...

    def call(
        self,
        call: Call,
        ref: SessionRef | str | None,
        read: Read[T] | ReadStream[T],
        *,
        stream: bool = False,
        name: str = "hangup.call",
    ) -> T:
        """Send `call` and `read` its answer, retrying what hangup._retries says may pass.

        With `stream`, a 2xx answer reaches `read` unread (the caller reads and closes it); any
        other answer is read whole and closed first, so `read` can raise its error. `name` is
        the call's span when the application configured OpenTelemetry (hangup._telemetry).
        """
        telemetry = current_telemetry()
        record = (
            None
            if telemetry is None
            else telemetry.call(name, self.vendor, ref, call, self.settings.base_url)
        )

        secrets = self.secrets_for(call)

        def attempt() -> T:
            try:
                return self._attempt(call, ref, read, stream=stream, record=record)
            except HangupError as error:  # cleaned before stamina, a log or the caller sees it
                scrub_error(error, secrets)
                raise

        retries = self.options.max_retries
        if record is None:
            return call_with_retries(attempt, max_retries=retries, idempotent=call.idempotent)
        with record:
            return record.result(
                call_with_retries(attempt, max_retries=retries, idempotent=call.idempotent)
            )

    def _attempt(
        self,
        call: Call,
        ref: SessionRef | str | None,
        read: Read[T] | ReadStream[T],
        *,
        stream: bool,
        record: CallRecord | None,
    ) -> T:
        """One attempt, from connect to last byte within its deadline, the body read capped."""
        seconds = self._attempt_seconds
        ends_by = time.monotonic() + seconds
        token = deadline.set(ends_by)
        try:
            response = self._send_by(ends_by, call, ref, record)
            if stream and response.is_success:
                return read_answer(read, response, self.vendor, ref)  # per-read bound only
            try:
                read_capped(
                    response,
                    self.options.max_body,
                    vendor=self.vendor,
                    ref=ref,
                    ends_by=ends_by,
                    seconds=seconds,
                    bounded=self._transport is None,  # our transports: bound_by_deadline
                )
            except httpx.RequestError as exc:
                if time.monotonic() >= ends_by:
                    raise deadline_error(self.vendor, ref, seconds) from exc
                raise transport_error(self.vendor, ref, exc) from exc
            finally:
                response.close()
        finally:
            deadline.reset(token)
        return read_answer(read, response, self.vendor, ref)

    def _send_by(
        self,
        ends_by: float,
        call: Call,
        ref: SessionRef | str | None,
        record: CallRecord | None,
    ) -> httpx.Response:
        """Send `call` once, unread, in its HTTP span; a failure past the deadline says so."""
        try:
            if record is None:
                return self.send(call, ref, stream=True)
            with record.attempt() as span:
                return span.answered(self.send(call, ref, stream=True))
        except TransportError as error:
            if time.monotonic() < ends_by:
                raise
            raise deadline_error(self.vendor, ref, self._attempt_seconds) from error

    def end(self, ref: SessionRef, call: Call, *, missing_ok: bool) -> Ended:
        """Send an end call (with retries) and read its answer."""
        secrets = self.secrets_for(call)
        read = partial(read_end, self.adapter, ref, call, missing_ok, secrets)
        return self.call(call, ref, read, name="hangup.end")

    def close(self) -> None:
        """Close the pooled client (a later call opens a new one)."""
        with self._lock:
            http, self._http = self._http, None
        if http is not None:
            http.close()


class AsyncConnection(_Base):
    """A vendor's pooled httpx.AsyncClient (made on first use)."""

    def __init__(
        self,
        settings: VendorSettings,
        options: ClientOptions,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        """`transport` None: aiohttp's, through httpx-aiohttp (hangup._transport)."""
        import asyncio  # here, not at `import hangup`: sync users never load it

        super().__init__(settings, options)
        self._transport = transport
        self._attempt_timeout = asyncio.timeout
        self._direct: DirectSender | None = None
        self._http: httpx.AsyncClient | None = None

    @property
    def http(self) -> httpx.AsyncClient:
        """The pooled client; the generated client behind `.api` uses it too."""
        if self._http is None:
            transport = self._transport
            ours = None
            if transport is None:
                from hangup._transport import HangupAiohttpTransport  # imports aiohttp

                proxy = env_proxy(self.settings.base_url)
                transport = ours = HangupAiohttpTransport(self.options.limits, proxy)
            http = httpx.AsyncClient(
                base_url=self.settings.base_url,
                timeout=self.options.timeout,
                limits=self.options.limits,
                transport=transport,
                auth=self._key_auth,
                follow_redirects=False,  # a redirect would carry the key elsewhere
            )
            if ours is not None:  # on our own transport, plain calls skip httpx's building
                from hangup._direct import DirectSender

                self._direct = DirectSender(ours, http, self.options.timeout)
            self._http = http
        return self._http

    async def send(
        self, call: Call, ref: SessionRef | str | None, *, stream: bool = False
    ) -> httpx.Response:
        """Send `call` once; raise TransportError when no answer comes."""
        auth = self.auth_for(call)
        http = self.http
        request = build_request(http, call.kwargs, self.vendor, ref)
        try:
            return await http.send(request, auth=auth, stream=stream)
        except httpx.RequestError as exc:
            raise transport_error(self.vendor, ref, exc) from exc
        except UNSENDABLE as exc:  # e.g. a header httpx cannot encode
            raise unsendable(self.vendor, ref, exc) from None

    @overload
    async def call(
        self,
        call: Call,
        ref: SessionRef | str | None,
        read: Read[T],
        *,
        stream: Literal[False] = False,
        name: str = "hangup.call",
        direct: DirectRequest | None = None,
    ) -> T: ...

    @overload
    async def call(
        self,
        call: Call,
        ref: SessionRef | str | None,
        read: ReadStream[T],
        *,
        stream: Literal[True],
        name: str = "hangup.call",
    ) -> T: ...

    async def call(
        self,
        call: Call,
        ref: SessionRef | str | None,
        read: Read[T] | ReadStream[T],
        *,
        stream: bool = False,
        name: str = "hangup.call",
        direct: DirectRequest | None = None,
    ) -> T:
        """The async twin of Connection.call; `direct`: the call built already (direct_request)."""
        telemetry = current_telemetry()
        record = (
            None
            if telemetry is None
            else telemetry.call(name, self.vendor, ref, call, self.settings.base_url)
        )

        secrets = self.secrets_for(call)

        async def attempt() -> T:
            request = direct if direct is not None or stream else self.direct_request(call)
            sender = self._direct
            if request is not None and sender is not None:
                # `read` is a Read here: only a stream's reader takes an unread httpx.Response
                direct_read = cast("Read[T]", read)
                return await self._direct_attempt(
                    request, sender, ref, direct_read, record, secrets, retrying=None
                )
            try:
                async with self._attempt_timeout(self._attempt_seconds):
                    return await self._attempt(call, ref, read, stream=stream, record=record)
            except (TimeoutError, HangupError) as exc:  # TimeoutError: the asyncio.timeout above
                # _failure sets a new error's cause; `from` would reset a HangupError's own
                raise self._failure(exc, ref, secrets)  # noqa: B904

        retries = self.options.max_retries
        if record is None:  # the first attempt awaited here: one coroutine level less (_retries)
            try:
                return await attempt()
            except HangupError as error:
                first = error
            return await retry_async(
                first, attempt, max_retries=retries, idempotent=call.idempotent
            )
        with record:
            return record.result(
                await call_with_retries_async(
                    attempt, max_retries=retries, idempotent=call.idempotent
                )
            )

    async def _direct_attempt(
        self,
        request: DirectRequest,
        sender: DirectSender,
        ref: SessionRef | str | None,
        read: Read[T],
        record: CallRecord | None,
        secrets: tuple[str, ...],
        *,
        retrying: Call | None,
    ) -> T:
        """One attempt straight on aiohttp; given `retrying` (the call), its retries follow here.

        aiohttp's own total timeout is the attempt's deadline: no asyncio.timeout as well, as a
        second timer per call was a tenth of the event loop's work per end (README,
        Benchmarks). Given `retrying` (by end(), for end_many's thousands), this coroutine is
        the whole call, not call() awaiting an attempt: each level of coroutines is resumed
        again on every await beneath it.
        """
        failure: HangupError
        try:
            try:
                if record is None:
                    answer = await sender.send(request, self.options.max_body, self.vendor, ref)
                else:
                    with record.attempt() as span:
                        answer = span.answered(
                            await sender.send(request, self.options.max_body, self.vendor, ref)
                        )
            except httpx.RequestError as exc:  # aiohttp's, as httpx names it
                raise transport_error(self.vendor, ref, exc) from exc  # scrubbed below
            return read_answer(read, answer, self.vendor, ref)
        except (TimeoutError, HangupError) as exc:  # TimeoutError: aiohttp's total
            failure = self._failure(exc, ref, secrets)
            if retrying is None:
                raise failure  # noqa: B904 (its cause is set: see _failure)
        # A partial, not a lambda: a lambda's names are cells, made on every attempt
        again = partial(
            self._direct_attempt, request, sender, ref, read, record, secrets, retrying=None
        )
        return await retry_async(
            failure,
            again,
            max_retries=self.options.max_retries,
            idempotent=retrying.idempotent,
        )

    def _failure(
        self,
        exc: TimeoutError | HangupError,
        ref: SessionRef | str | None,
        secrets: tuple[str, ...],
    ) -> HangupError:
        """The HangupError a failed attempt raises, scrubbed of `secrets`.

        A TimeoutError (the attempt's time is up) becomes the deadline's TransportError, caused
        by it. A HangupError is scrubbed after its cause is set, so a cause showing a secret goes.
        """
        if isinstance(exc, TimeoutError):
            failure = deadline_error(self.vendor, ref, self._attempt_seconds)
            scrub_error(failure, secrets)
            failure.__cause__ = exc  # as `raise ... from exc` sets it (and hides the context)
            return failure
        scrub_error(exc, secrets)
        return exc

    async def _attempt(
        self,
        call: Call,
        ref: SessionRef | str | None,
        read: Read[T] | ReadStream[T],
        *,
        stream: bool,
        record: CallRecord | None,
    ) -> T:
        """One attempt through httpx (its deadline is the caller's asyncio.timeout), capped."""
        if record is None:
            response = await self.send(call, ref, stream=True)
        else:
            with record.attempt() as span:
                response = span.answered(await self.send(call, ref, stream=True))
        if stream and response.is_success:
            return read_answer(read, response, self.vendor, ref)  # per-read bound only
        try:
            await aread_capped(response, self.options.max_body, vendor=self.vendor, ref=ref)
        except httpx.RequestError as exc:
            raise transport_error(self.vendor, ref, exc) from exc
        finally:
            await response.aclose()
        return read_answer(read, response, self.vendor, ref)

    def direct_request(self, call: Call) -> DirectRequest | None:
        """`call` built to go straight to aiohttp (hangup._direct); None: it goes through httpx.

        Raises ConfigurationError when it needs the account key and none is set.
        """
        auth = self.auth_for(call)
        self.http  # noqa: B018 (made on first use, with the direct sender)
        sender = self._direct
        if sender is None or not isinstance(auth, HeaderAuth):
            return None
        return sender.request(call, auth)

    def end(
        self,
        ref: SessionRef,
        call: Call,
        *,
        missing_ok: bool,
        direct: DirectRequest | None = None,
    ) -> Coroutine[Any, Any, Ended]:
        """The coroutine that sends an end call (with retries) and reads its answer.

        A plain function handing on a coroutine, not a coroutine awaiting one: one level less
        for every resume of an end (end_many runs thousands). A call built ahead (`direct`),
        with no telemetry to record, is _direct_attempt's, which retries itself; else call()'s.
        """
        secrets = self.secrets_for(call)
        read = partial(read_end, self.adapter, ref, call, missing_ok, secrets)
        sender = self._direct
        if direct is not None and sender is not None and current_telemetry() is None:
            return self._direct_attempt(direct, sender, ref, read, None, secrets, retrying=call)
        return self.call(call, ref, read, name="hangup.end", direct=direct)

    async def close(self) -> None:
        """Close the pooled client (a later call opens a new one)."""
        http, self._http = self._http, None
        if http is not None:
            await http.aclose()
