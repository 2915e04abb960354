"""AsyncHangup's end path on aiohttp, without building an httpx Request and Response per call.

The profile of `end_many` on httpx-aiohttp's transport (README, Benchmarks) showed most of
each end's CPU in httpx itself: `build_request` (URL join and parse, header merge, cookies),
the auth flow, and the transport turning httpx's Request into aiohttp's and back. So an end
call whose generated kwargs are the plain ones (method, url, json, headers) and whose auth is
one header goes to aiohttp directly: the same method, URL, headers and JSON bytes on the
wire (httpx's compact JSON, httpx's default headers), on the same aiohttp session as the
transport. Its answer is read with the same 1 MiB cap and becomes a read httpx.Response, so
hangup._answers reads it as any other. Every other call (streams, `.api`, a call with a
body of another kind) goes through httpx as before.

Imported by hangup._connection with the first async connection (it imports aiohttp).
"""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import httpx

from hangup._deadline import too_large
from hangup._transport import HangupAiohttpTransport, mapped_error
from hangup.errors import UnexpectedResponseError
from hangup.vendors._base import Call, HeaderAuth

__all__ = ["DirectSender"]

_PLAIN_KWARGS = frozenset(("method", "url", "json", "headers"))
_CONTENT_ENCODING = "Content-Encoding"


class DirectSender:
    """Sends plain end calls of one vendor straight to aiohttp (see the module docstring)."""

    def __init__(
        self, transport: HangupAiohttpTransport, http: httpx.AsyncClient, timeout: httpx.Timeout
    ) -> None:
        self._transport = transport
        self._base_url = str(http.base_url).rstrip("/")
        self._headers = dict(http.headers)  # httpx's defaults: Accept, User-Agent...
        self._timeout = aiohttp.ClientTimeout(
            sock_connect=timeout.connect, sock_read=timeout.read, connect=timeout.pool
        )

    def accepts(self, call: Call, auth: httpx.Auth) -> bool:
        """True when `call` can go straight to aiohttp with no change on the wire."""
        return isinstance(auth, HeaderAuth) and call.kwargs.keys() <= _PLAIN_KWARGS

    async def send(
        self, call: Call, auth: HeaderAuth, cap: int, vendor: str, ref: str | None
    ) -> httpx.Response:
        """Send `call` once and read its answer (at most `cap` bytes) into an httpx.Response.

        Raises httpx errors (as hangup._transport maps them) and UnexpectedResponseError.
        """
        kwargs = call.kwargs
        method = kwargs["method"].upper()
        url = self._base_url + kwargs["url"]
        headers = self._headers.copy()
        extra = kwargs.get("headers")
        if extra:
            headers.update(extra)
        name, value = auth.header
        headers[name] = value
        data = _json_bytes(kwargs.get("json"), headers)
        try:
            return await self._exchange(method, url, headers, data, (cap, vendor, ref))
        except (httpx.HTTPError, UnexpectedResponseError):
            raise
        except Exception as exc:
            raise mapped_error(exc, httpx.Request(method, url)) from exc

    async def _exchange(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        data: bytes | None,
        limit: tuple[int, str, str | None],
    ) -> httpx.Response:
        cap, vendor, ref = limit
        session = self._transport.session()
        async with session.request(
            method,
            url,
            headers=headers,
            data=data,
            allow_redirects=False,  # a redirect would carry the key elsewhere
            timeout=self._timeout,
        ) as answer:
            declared = answer.content_length
            if declared is not None and declared > cap:
                raise too_large(answer.status, cap, vendor, ref)
            chunks: list[bytes] = []
            size = 0
            async for chunk in answer.content.iter_any():
                size += len(chunk)
                if size > cap:
                    raise too_large(answer.status, cap, vendor, ref)
                chunks.append(chunk)
            raw: Any = answer.raw_headers
            if _CONTENT_ENCODING in answer.headers:  # aiohttp decoded it: httpx must not again
                raw = [(k, v) for k, v in raw if k.lower() != b"content-encoding"]
            return httpx.Response(answer.status, headers=raw, content=b"".join(chunks))


def _json_bytes(body: object, headers: dict[str, str]) -> bytes | None:
    """httpx's own JSON encoding of `body` (compact, UTF-8), with its Content-Type."""
    if body is None:
        return None
    headers["Content-Type"] = "application/json"
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
