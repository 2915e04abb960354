"""AsyncHangup's end path on aiohttp, without building an httpx Request and Response per call.

The profile of `end_many` on httpx-aiohttp's transport (README, Benchmarks) showed most of
each end's CPU in httpx itself: `build_request` (URL join and parse, header merge, cookies),
the auth flow, and the transport turning httpx's Request into aiohttp's and back. So an end
call whose generated kwargs are the plain ones (method, url, json, headers) and whose auth is
one header goes to aiohttp directly: the same method, URL, headers and JSON bytes on the
wire (httpx's compact JSON, httpx's default headers), on the same aiohttp session as the
transport. Its answer is read with the same 1 MiB cap into a `DirectAnswer`: the status,
aiohttp's own (case-insensitive) headers and the body, which is all hangup._answers reads of
any answer (`Answer`), and all the generated models need; building an httpx.Response around
it cost a tenth of each end's CPU (README, Benchmarks). Every other call (streams, `.api`, a
call with a body of another kind) goes through httpx as before.

Imported by hangup._connection with the first async connection (it imports aiohttp).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import aiohttp
import httpx

from hangup._deadline import attempt_seconds, too_large
from hangup._json import dumps
from hangup._transport import HangupAiohttpTransport, mapped_error
from hangup.errors import UnexpectedResponseError
from hangup.refs import SessionRef
from hangup.vendors._base import Call, HeaderAuth

__all__ = ["DirectAnswer", "DirectRequest", "DirectSender"]

_PLAIN_KWARGS = frozenset(("method", "url", "json", "headers"))
_CONTENT_ENCODING = "Content-Encoding"
_JSON = "application/json"  # the Content-Type httpx sends with `json=`


class DirectAnswer:
    """An answer read whole from aiohttp: an `Answer` (hangup._answers), and nothing more."""

    __slots__ = ("content", "headers", "status_code")

    def __init__(self, status_code: int, headers: Mapping[str, str], content: bytes) -> None:
        self.status_code = status_code
        self.headers = headers  # aiohttp's CIMultiDictProxy; the body is decoded already
        self.content = content

    @property
    def reason_phrase(self) -> str:
        """The standard phrase for the status, as httpx gives it (never the vendor's text)."""
        return httpx.codes.get_reason_phrase(self.status_code)

    def __repr__(self) -> str:
        return f"<DirectAnswer [{self.status_code}]>"


class DirectRequest:
    """An end call as aiohttp is handed it: built once, sent on every attempt of the call.

    AsyncHangup.end_many builds it with the ref, ahead of its turn (hangup._batch).
    """

    __slots__ = ("data", "headers", "method", "url")

    def __init__(self, method: str, url: str, headers: dict[str, str], data: bytes | None) -> None:
        self.method = method
        self.url = url
        self.headers = headers  # with the key in it: never shown (see __repr__), never changed
        self.data = data

    def __repr__(self) -> str:
        return f"<DirectRequest {self.method} {self.url}>"


class DirectSender:
    """Sends plain end calls of one vendor straight to aiohttp (see the module docstring)."""

    def __init__(
        self, transport: HangupAiohttpTransport, http: httpx.AsyncClient, timeout: httpx.Timeout
    ) -> None:
        self._transport = transport
        self._base_url = str(http.base_url).rstrip("/")
        self._headers = dict(http.headers)  # httpx's defaults: Accept, User-Agent...
        self._timeout = _whole_call_timeout(timeout)
        # The headers of the last auth seen, without and with a JSON body: an end call has no
        # headers of its own, so every end of a connection sends one of these two (aiohttp
        # copies what it is given). One slot: a call's own auth is a new object each time.
        self._auth: HeaderAuth | None = None
        self._auth_headers: tuple[dict[str, str], dict[str, str]] = ({}, {})

    def request(self, call: Call, auth: HeaderAuth) -> DirectRequest | None:
        """`call` as aiohttp is handed it; None when it has kwargs beyond the plain ones.

        Only httpx would put those on the wire unchanged. Its auth must be a HeaderAuth (one
        header, no flow): the caller checks that.
        """
        kwargs = call.kwargs
        if not kwargs.keys() <= _PLAIN_KWARGS:
            return None
        payload = kwargs.get("json")
        extra = kwargs.get("headers")
        if extra:
            headers = self._headers | extra
            name, value = auth.header
            headers[name] = value
            if payload is not None:
                headers["Content-Type"] = _JSON
        else:
            headers = self._headers_for(auth)[payload is not None]
        return DirectRequest(
            kwargs["method"].upper(),
            self._base_url + kwargs["url"],
            headers,
            None if payload is None else dumps(payload),  # httpx's encoding of `json=`
        )

    async def send(
        self, request: DirectRequest, cap: int, vendor: str, ref: SessionRef | str | None
    ) -> DirectAnswer:
        """Send `request` once and read its answer (at most `cap` bytes).

        Raises httpx errors (as hangup._transport maps them) and UnexpectedResponseError.
        """
        try:
            # One coroutine, not a helper awaited: each level is resumed on every await inside
            async with self._transport.session().request(
                request.method,
                request.url,
                headers=request.headers,
                data=request.data,
                allow_redirects=False,  # a redirect would carry the key elsewhere
                timeout=self._timeout,
            ) as answer:
                declared = answer.content_length
                if declared is not None and declared > cap:
                    raise too_large(answer.status, cap, vendor, ref)
                if declared is not None and _CONTENT_ENCODING not in answer.headers:
                    body = await answer.read()  # exactly the declared bytes: within the cap
                else:  # counted as decoded, so a small gzip of a huge body stops at the cap
                    chunks: list[bytes] = []
                    size = 0
                    while chunk := await answer.content.readany():
                        size += len(chunk)
                        if size > cap:
                            raise too_large(answer.status, cap, vendor, ref)
                        chunks.append(chunk)
                    body = b"".join(chunks)
                return DirectAnswer(answer.status, answer.headers, body)
        except (httpx.HTTPError, UnexpectedResponseError):
            raise
        except aiohttp.ServerTimeoutError as exc:  # a connect or read part shorter than all
            raise mapped_error(exc, httpx.Request(request.method, request.url)) from exc
        except TimeoutError:
            raise  # the whole attempt's time is up (ClientTimeout.total): the caller says so
        except Exception as exc:
            raise mapped_error(exc, httpx.Request(request.method, request.url)) from exc

    def _headers_for(self, auth: HeaderAuth) -> tuple[dict[str, str], dict[str, str]]:
        """The headers of a call with no headers of its own: (with no body, with a JSON body)."""
        if auth is not self._auth:
            name, value = auth.header
            plain = self._headers | {name: value}
            self._auth_headers = (plain, plain | {"Content-Type": _JSON})
            self._auth = auth
        return self._auth_headers


def _whole_call_timeout(timeout: httpx.Timeout) -> aiohttp.ClientTimeout:
    """The attempt's deadline as aiohttp's `total`, and each part of `timeout` that is shorter.

    A part as long as the whole could never fire first, so it gets no timer of its own (aiohttp
    re-arms the read timer on every chunk). Never rounded up to a whole second, as aiohttp
    does by default for timeouts of 5 s or more: the deadline is the caller's, to the ms.
    """
    whole = attempt_seconds(timeout)

    def shorter(part: float | None) -> float | None:
        return part if part is not None and part < whole else None

    return aiohttp.ClientTimeout(
        total=whole,
        connect=shorter(timeout.pool),  # aiohttp's `connect` includes waiting for the pool
        sock_connect=shorter(timeout.connect),
        sock_read=shorter(timeout.read),
        ceil_threshold=math.inf,
    )
