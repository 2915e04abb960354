"""AsyncHangup's default transport: httpx's API, aiohttp's connection pool underneath.

httpx-aiohttp's `AiohttpTransport` (what openai-python and anthropic-sdk-python ship for the
same reason) sends an httpx.Request through an aiohttp.ClientSession, several times faster
than httpx's own async pool (`make bench`). hangup adds five things to it:

- the session: hangup's connection limit and keep-alive, and the proxy that HTTP(S)_PROXY /
  NO_PROXY name for the vendor's base URL, read once when the connection is made, as httpx's
  own `trust_env` does (hangup._proxies). Not aiohttp's `trust_env=True`: that reads the
  environment and ~/.netrc again in a worker thread on every request (two thread hops, which
  cut `end_many` to a quarter of its rate), and a ~/.netrc entry for the vendor's host would
  clash with the key's Authorization header;
- errors: every aiohttp or OS exception, while sending or while reading the body, becomes an
  httpx.TransportError that says whether the request may have reached the vendor
  (httpx-aiohttp maps a dropped connection to ConnectTimeout, which would retry a chatbot run
  the vendor may already be answering), so hangup._connection turns it into a TransportError;
- retries: aiohttp's own resend of a dropped GET/DELETE is off, so max_retries is the truth;
- TLS: the process's one shared context (hangup._tls), not a new one per transport;
- nothing else: redirects stay unfollowed (httpx-aiohttp sends allow_redirects=False).

Importing this module imports aiohttp; hangup._connection does it when the first async
vendor connection is made, never at `import hangup`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import httpx
from httpx_aiohttp import AiohttpTransport

from hangup._tls import shared_tls_context

__all__ = ["HangupAiohttpTransport", "mapped_error"]


# Most specific first: ClientConnectorError is a ClientOSError, ConnectionTimeoutError a
# ServerTimeoutError, and so on. A failure before the request was sent maps to ConnectError /
# ConnectTimeout / ProxyError (hangup: connected=False); anything later to a read error.
_MAPPING: tuple[tuple[type[BaseException], type[httpx.TransportError]], ...] = (
    (aiohttp.ConnectionTimeoutError, httpx.ConnectTimeout),
    (aiohttp.ClientProxyConnectionError, httpx.ProxyError),
    (aiohttp.ClientHttpProxyError, httpx.ProxyError),
    (aiohttp.ClientConnectorError, httpx.ConnectError),
    (aiohttp.NonHttpUrlClientError, httpx.UnsupportedProtocol),
    (aiohttp.InvalidUrlClientError, httpx.UnsupportedProtocol),
    (aiohttp.ServerTimeoutError, httpx.ReadTimeout),
    (aiohttp.ServerDisconnectedError, httpx.RemoteProtocolError),
    (aiohttp.ClientPayloadError, httpx.ReadError),
    (aiohttp.ClientResponseError, httpx.RemoteProtocolError),  # a head aiohttp cannot parse
    (asyncio.TimeoutError, httpx.ReadTimeout),
    (OSError, httpx.ReadError),
)


def mapped_error(exc: Exception, request: httpx.Request) -> httpx.TransportError:
    """The httpx error for an aiohttp failure (or for httpx-aiohttp's own mapping of one)."""
    cause = exc.__cause__ if isinstance(exc, httpx.TransportError) else exc
    if isinstance(exc, httpx.TransportError) and not isinstance(cause, Exception):
        return exc  # raised by httpx itself (a request stream), not mapped from aiohttp
    kind = next((to for source, to in _MAPPING if isinstance(cause, source)), httpx.TransportError)
    detail = str(cause) or type(cause).__name__
    return kind(f"{type(cause).__name__}: {detail}", request=request)


class _MappedStream(httpx.AsyncByteStream):
    """A response body whose aiohttp errors (a dropped connection mid-body) are httpx's."""

    def __init__(self, inner: httpx.AsyncByteStream, request: httpx.Request) -> None:
        self._inner = inner
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._inner:
                yield chunk
        except Exception as exc:
            raise mapped_error(exc, self._request) from exc

    async def aclose(self) -> None:
        try:
            await self._inner.aclose()
        except Exception as exc:
            raise mapped_error(exc, self._request) from exc


class HangupAiohttpTransport(AiohttpTransport):
    """httpx-aiohttp's transport on a session with hangup's limits and `proxy` (None: direct)."""

    def __init__(self, limits: httpx.Limits, proxy: str | None = None) -> None:
        # One context per process, made as httpx would with trust_env (SSL_CERT_FILE...): _tls
        super().__init__(
            verify=shared_tls_context(), limits=limits, trust_env=True, client=self._new_session
        )
        self._env_proxy = proxy

    def _new_session(self) -> aiohttp.ClientSession:
        # Called on the first request, inside the running loop, as aiohttp wants.
        keepalive = self.limits.keepalive_expiry
        connector = aiohttp.TCPConnector(
            limit=self.limits.max_connections or 0,  # 0: aiohttp's "no limit"
            ssl=self.ssl_context,
            keepalive_timeout=15.0 if keepalive is None else keepalive,  # 15: aiohttp's default
        )
        session = aiohttp.ClientSession(connector=connector, proxy=self._env_proxy)
        # aiohttp resends a GET/DELETE once by itself when the connection drops; hangup._retries
        # is the one place that retries (max_retries=0 means one request), as on httpx, which
        # resends nothing. aiohttp has no public switch for it (3.10 to 3.14).
        session._retry_connection = False
        return session

    def session(self) -> aiohttp.ClientSession:
        """The aiohttp session, made on first use (hangup._direct sends on it too)."""
        if not isinstance(self.client, aiohttp.ClientSession):
            self.client = self.get_client()
        return self.client

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = await super().handle_async_request(request)
        except Exception as exc:
            raise mapped_error(exc, request) from exc
        stream = response.stream
        assert isinstance(stream, httpx.AsyncByteStream)
        response.stream = _MappedStream(stream, request)
        return response
