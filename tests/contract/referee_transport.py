"""The httpx transport the facade's contract tests send through: Prism's verdict, made readable.

``Referee`` (and ``AsyncReferee``) is handed to ``Hangup(transport=...)``: it sends for real,
adds headers (``Prefer: code=N``), can rewrite what the facade sent (``drop``, ``move_to``,
``scheme`` put the credentials where the vendor does not want them), records each exchange,
and, when strict, raises Prism's ``sl-violations`` as a PrismViolation through part 1's
referee hook, so a test fails with Prism's words. The SSE stub speaks the same header.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from hangup.defaults import DEFAULT_LIMITS
from tests.contract.referee import raise_on_violations

EVENT_STREAM = "text/event-stream"
CREDENTIAL_HEADERS = ("authorization", "x-api-key")
Rewrite = Callable[[httpx.Request], None]


@dataclass
class Exchange:
    """One request the facade sent and what came back (the body unless it was a stream)."""

    request: httpx.Request
    status_code: int
    headers: httpx.Headers
    body: bytes | None

    def json(self) -> Any:
        assert self.body is not None, "a streamed answer was not recorded"
        return json.loads(self.body)


@dataclass
class _RefereeBase:
    headers: dict[str, str] = field(default_factory=dict)
    rewrite: Rewrite | None = None
    strict: bool = True
    exchanges: list[Exchange] = field(default_factory=list)

    def _prepare(self, request: httpx.Request) -> None:
        request.headers.update(self.headers)
        if self.rewrite is not None:
            self.rewrite(request)

    def _record(self, request: httpx.Request, response: httpx.Response, body: bytes | None) -> None:
        self.exchanges.append(Exchange(request, response.status_code, response.headers, body))
        if self.strict:
            response.request = request  # the client sets it only after the transport returns
            try:
                raise_on_violations(response)
            except AssertionError:
                response.close()
                raise


@dataclass
class Referee(_RefereeBase, httpx.BaseTransport):
    """The sync transport: real HTTP, headers added, Prism's violations raised when strict."""

    inner: httpx.BaseTransport = field(default_factory=httpx.HTTPTransport)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._prepare(request)
        response = self.inner.handle_request(request)
        body = None
        if EVENT_STREAM not in response.headers.get("content-type", ""):
            body = response.read()  # kept for the facade too: httpx serves it from memory
        self._record(request, response, body)
        return response

    def close(self) -> None:
        self.inner.close()


def default_async_transport() -> httpx.AsyncBaseTransport:
    """What AsyncHangup sends through when given no transport: aiohttp, via httpx-aiohttp."""
    from hangup._transport import HangupAiohttpTransport

    return HangupAiohttpTransport(DEFAULT_LIMITS)


@dataclass
class AsyncReferee(_RefereeBase, httpx.AsyncBaseTransport):
    """The async twin of Referee, on AsyncHangup's default transport (aiohttp) unless told."""

    inner: httpx.AsyncBaseTransport = field(default_factory=default_async_transport)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._prepare(request)
        response = await self.inner.handle_async_request(request)
        body = None
        if EVENT_STREAM not in response.headers.get("content-type", ""):
            body = await response.aread()
        self._record(request, response, body)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


def drop(request: httpx.Request) -> None:
    """Send no credentials at all."""
    for name in CREDENTIAL_HEADERS:
        request.headers.pop(name, None)


def move_to(header: str) -> Rewrite:
    """Send the credential's value in ``header`` instead."""

    def rewrite(request: httpx.Request) -> None:
        value = next(request.headers.pop(n) for n in CREDENTIAL_HEADERS if n in request.headers)
        request.headers[header] = value

    return rewrite


def scheme(prefix: str) -> Rewrite:
    """Send ``Authorization: <prefix> <credential>`` instead of the vendor's scheme."""

    def rewrite(request: httpx.Request) -> None:
        credential = request.headers["authorization"].split(" ", 1)[1]
        request.headers["authorization"] = f"{prefix} {credential}"

    return rewrite
