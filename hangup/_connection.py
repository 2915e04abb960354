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
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

import httpx

from hangup._answers import read_end
from hangup._call_errors import UNSENDABLE, build_request, read_answer, unsendable
from hangup._config import VendorSettings
from hangup._redact import remember_call_secrets, scrub_error
from hangup._results import Ended
from hangup._retries import call_with_retries, call_with_retries_async
from hangup._telemetry import current as current_telemetry
from hangup.errors import ConfigurationError, HangupError, TransportError
from hangup.refs import SessionRef
from hangup.vendors._base import Call, HeaderAuth, VendorAdapter

__all__ = [
    "AsyncConnection",
    "ClientOptions",
    "Connection",
    "Read",
    "transport_error",
]

_JSON_ONLY_HEADERS = {"Content-Type": "application/json"}
T = TypeVar("T")
# Reads one answer into the call's result, or raises the HangupError it amounts to.
Read = Callable[[httpx.Response], T]


class ClientOptions(NamedTuple):
    """How every vendor's httpx client is built and how often calls are retried."""

    timeout: httpx.Timeout
    max_retries: int
    limits: httpx.Limits


class _Base:
    """What the sync and async connections share: settings, adapter, key, secrets."""

    def __init__(self, settings: VendorSettings, options: ClientOptions) -> None:
        self.vendor = settings.name
        self.settings = settings
        self.options = options
        self.adapter: VendorAdapter = settings.vendor.adapter
        key = settings.api_key
        self._key_auth = HeaderAuth(*self.adapter.key_header(key)) if key is not None else None
        self._secrets: tuple[str, ...] = (key,) if key is not None else ()

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
                    self._http = httpx.Client(
                        base_url=self.settings.base_url,
                        timeout=self.options.timeout,
                        limits=self.options.limits,
                        transport=self._transport,
                        auth=self._key_auth,
                        follow_redirects=False,  # a redirect would carry the key elsewhere
                    )
        return self._http

    def send(
        self, call: Call, ref: SessionRef | str | None, *, stream: bool = False
    ) -> httpx.Response:
        """Send `call` once; raise TransportError when no answer comes."""
        auth = self.auth_for(call)
        http = self.http
        request = build_request(http, _request_kwargs(call.kwargs), self.vendor, ref)
        try:
            return http.send(request, auth=auth, stream=stream)
        except httpx.RequestError as exc:
            raise transport_error(self.vendor, None if ref is None else str(ref), exc) from exc
        except UNSENDABLE as exc:  # e.g. a header httpx cannot encode
            raise unsendable(self.vendor, ref, exc) from None

    def call(
        self,
        call: Call,
        ref: SessionRef | str | None,
        read: Read[T],
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
                if record is None:
                    response = self.send(call, ref, stream=stream)
                else:
                    with record.attempt() as span:
                        response = span.answered(self.send(call, ref, stream=stream))
                if stream and not response.is_success:
                    try:
                        response.read()
                    finally:
                        response.close()
                return read_answer(read, response, self.vendor, ref)
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

    def end(self, ref: SessionRef, call: Call, *, missing_ok: bool) -> Ended:
        """Send an end call (with retries) and read its answer."""
        secrets = self.secrets_for(call)
        return self.call(
            call,
            ref,
            lambda response: read_end(
                self.adapter, ref, call, response, missing_ok=missing_ok, secrets=secrets
            ),
            name="hangup.end",
        )

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
        super().__init__(settings, options)
        self._transport = transport
        self._http: httpx.AsyncClient | None = None

    @property
    def http(self) -> httpx.AsyncClient:
        """The pooled client; the generated client behind `.api` uses it too."""
        if self._http is None:
            self._http = httpx.AsyncClient(
                base_url=self.settings.base_url,
                timeout=self.options.timeout,
                limits=self.options.limits,
                transport=self._transport,
                auth=self._key_auth,
                follow_redirects=False,  # a redirect would carry the key elsewhere
            )
        return self._http

    async def send(
        self, call: Call, ref: SessionRef | str | None, *, stream: bool = False
    ) -> httpx.Response:
        """Send `call` once; raise TransportError when no answer comes."""
        auth = self.auth_for(call)
        http = self.http
        request = build_request(http, _request_kwargs(call.kwargs), self.vendor, ref)
        try:
            return await http.send(request, auth=auth, stream=stream)
        except httpx.RequestError as exc:
            raise transport_error(self.vendor, None if ref is None else str(ref), exc) from exc
        except UNSENDABLE as exc:  # e.g. a header httpx cannot encode
            raise unsendable(self.vendor, ref, exc) from None

    async def call(
        self,
        call: Call,
        ref: SessionRef | str | None,
        read: Read[T],
        *,
        stream: bool = False,
        name: str = "hangup.call",
    ) -> T:
        """The async twin of Connection.call."""
        telemetry = current_telemetry()
        record = (
            None
            if telemetry is None
            else telemetry.call(name, self.vendor, ref, call, self.settings.base_url)
        )

        secrets = self.secrets_for(call)

        async def attempt() -> T:
            try:
                if record is None:
                    response = await self.send(call, ref, stream=stream)
                else:
                    with record.attempt() as span:
                        response = span.answered(await self.send(call, ref, stream=stream))
                if stream and not response.is_success:
                    try:
                        await response.aread()
                    finally:
                        await response.aclose()
                return read_answer(read, response, self.vendor, ref)
            except HangupError as error:
                scrub_error(error, secrets)
                raise

        retries = self.options.max_retries
        if record is None:
            return await call_with_retries_async(
                attempt, max_retries=retries, idempotent=call.idempotent
            )
        with record:
            return record.result(
                await call_with_retries_async(
                    attempt, max_retries=retries, idempotent=call.idempotent
                )
            )

    async def end(self, ref: SessionRef, call: Call, *, missing_ok: bool) -> Ended:
        """Send an end call (with retries) and read its answer."""
        secrets = self.secrets_for(call)
        return await self.call(
            call,
            ref,
            lambda response: read_end(
                self.adapter, ref, call, response, missing_ok=missing_ok, secrets=secrets
            ),
            name="hangup.end",
        )

    async def close(self) -> None:
        """Close the pooled client (a later call opens a new one)."""
        http, self._http = self._http, None
        if http is not None:
            await http.aclose()


def _request_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    """`kwargs` without a headers entry that only repeats what httpx sets for a JSON body.

    The generated `_get_kwargs` passes headers={"Content-Type": "application/json"} beside
    every JSON body, and httpx sets that very header for `json=` itself; merging the copy cost
    end() a header merge per call (the profile behind `make bench`). Same request on the wire.
    """
    if kwargs.get("json") is not None and kwargs.get("headers") == _JSON_ONLY_HEADERS:
        return {name: value for name, value in kwargs.items() if name != "headers"}
    return kwargs


# What to say for an httpx error that came without a message (httpcore's timeouts often do).
_SILENT_ERRORS: dict[type[Exception], str] = {
    httpx.ConnectTimeout: "could not connect within the timeout",
    httpx.ReadTimeout: "the vendor sent nothing within the timeout",
    httpx.WriteTimeout: "could not send the request within the timeout",
    httpx.PoolTimeout: "no free connection in the pool within the timeout",
    httpx.RemoteProtocolError: "the vendor broke off or garbled its answer",
}


def transport_error(vendor: str, ref: str | None, exc: httpx.RequestError) -> HangupError:
    """The HangupError for an httpx failure that left no HTTP answer."""
    try:
        url = exc.request.url.copy_with(query=None)
    except RuntimeError:  # an httpx error raised without its request
        url = None
    where = f" {exc.request.method} {url}" if url is not None else ""
    if isinstance(exc, httpx.UnsupportedProtocol):
        return ConfigurationError(
            f"the {vendor} base URL is not http(s):{where}", vendor=vendor, ref=ref
        )
    connected = not isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
    detail = str(exc) or _SILENT_ERRORS.get(type(exc), type(exc).__name__)
    kind = type(exc).__name__
    return TransportError(
        f"{kind} on{where}: {detail}", connected=connected, kind=kind, vendor=vendor, ref=ref
    )
