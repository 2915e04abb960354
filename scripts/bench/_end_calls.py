"""The end call of each vendor, written twice: as a hangup ref, and as a bare httpx request.

(A bare aiohttp twin, `bare_end_aiohttp`, sends the same method, path and JSON body; its
headers are aiohttp's own, so check_same_request compares the httpx side only.)

The benchmarks compare hangup with a bare httpx client sending the same request. The bare
side is written out here by hand, as someone without hangup would write it (an f-string
path, `json=` body, the key in the client's default headers), and `check_same_request`
proves, before any timing, that both sides put the same bytes on the wire.
"""

from __future__ import annotations

import functools
import uuid
from typing import Any

import httpx

from hangup import AsyncHangup, Hangup, _registry
from scripts.servers.local_vendor import LocalVendor
from scripts.spec.provenance import load_sources

__all__ = [
    "KEY",
    "VENDORS",
    "BareCall",
    "async_hangup_client",
    "bare_call",
    "bare_end",
    "bare_end_aiohttp",
    "bare_end_async",
    "check_same_request",
    "hangup_client",
    "key_headers",
    "local_vendor_answer",
    "ref_text",
]

VENDORS = tuple(load_sources())  # every vendor in specs/sources.toml, in file order
KEY = "bench-key-0123456789abcdef"
BareCall = tuple[str, str, dict[str, str] | None]  # method, path, JSON body


def ref_text(vendor: str, i: int) -> str:
    """The i-th session's ref, as a caller hands it to hangup."""
    scope, session = _ids(vendor, i)
    return f"{vendor}:{scope}/{session}" if scope else f"{vendor}:{session}"


def bare_call(vendor: str, i: int) -> BareCall:
    """The i-th session's end call as a bare httpx request: method, path, JSON body."""
    scope, session = _ids(vendor, i)
    if vendor == "vectorshift":
        return "POST", f"/chatbot/{scope}/terminate", {"pipeline_run_id": session}
    if vendor == "pathors":
        return "DELETE", f"/v1/projects/{scope}/sessions", {"session_id": session}
    if vendor == "liveavatar":
        return "POST", "/v1/sessions/stop", {"session_id": session, "reason": "USER_CLOSED"}
    return "GET", f"/v1/voice-agents/conversation/{session}/terminate", None


def key_headers(vendor: str) -> dict[str, str]:
    """The bare client's default headers: the vendor's key, as its docs say to send it."""
    if vendor == "liveavatar":
        return {"X-API-KEY": KEY}
    return {"Authorization": f"{'Token' if vendor == 'hamsa' else 'Bearer'} {KEY}"}


def bare_end(http: httpx.Client, call: BareCall) -> Any:
    """Send one end call with a bare client and read its answer, as any caller would."""
    method, path, body = call
    response = http.request(method, path, json=body)
    response.raise_for_status()
    return response.json()


async def bare_end_async(http: httpx.AsyncClient, call: BareCall) -> Any:
    """The async twin of bare_end."""
    method, path, body = call
    response = await http.request(method, path, json=body)
    response.raise_for_status()
    return response.json()


async def bare_end_aiohttp(session: Any, base_url: str, call: BareCall) -> Any:
    """The same end call through a bare aiohttp.ClientSession: the ceiling of a Python client.

    `session` is an aiohttp.ClientSession with the key in its default headers (aiohttp is
    imported by the caller, so that `import scripts.bench_requests` does not import it).
    """
    method, path, body = call
    async with session.request(method, base_url + path, json=body) as response:
        response.raise_for_status()
        return await response.json()


def hangup_client(vendor: str, base_url: str, **options: Any) -> Hangup:
    """A Hangup that talks to `base_url` for `vendor`, with the bench key."""
    return Hangup(api_keys={vendor: KEY}, base_urls={vendor: base_url}, env={}, **options)


def async_hangup_client(vendor: str, base_url: str, **options: Any) -> AsyncHangup:
    """An AsyncHangup that talks to `base_url` for `vendor`, with the bench key."""
    return AsyncHangup(api_keys={vendor: KEY}, base_urls={vendor: base_url}, env={}, **options)


def check_same_request(vendor: str) -> None:
    """Raise AssertionError unless hangup and the bare client send byte-identical requests."""
    base_url = "http://127.0.0.1:9"
    seen: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda request: _answer(request, seen))
    with hangup_client(vendor, base_url, transport=transport) as client:
        client.end(ref_text(vendor, 0))
    bare = httpx.Client(base_url=base_url, headers=key_headers(vendor), transport=transport)
    with bare:
        bare_end(bare, bare_call(vendor, 0))
    ours, theirs = (_wire(request) for request in seen)
    if ours != theirs:
        raise AssertionError(f"{vendor}: hangup sends {ours!r}, the bare client {theirs!r}")


def _ids(vendor: str, i: int) -> tuple[str | None, str]:
    uuids, scoped = _shape(vendor)
    session = str(uuid.UUID(int=i + 1)) if uuids else f"session{i}"
    return (f"scope{i % 8}" if scoped else None), session


@functools.cache
def _shape(vendor: str) -> tuple[bool, bool]:
    """Whether `vendor`'s session ids are UUIDs, and whether its refs have a scope.

    Asked of hangup once per vendor, not per ref: making the refs is the caller's work, and
    the CPU-share sampler (scripts.bench._cpu_share) would count hangup's code in it.
    """
    found = _registry.vendor(vendor)
    assert found is not None, f"hangup/vendors/ has no module for {vendor!r}"
    return found.ref_shape.uuid, len(found.ref_shape.parts) == 2


def local_vendor_answer(request: httpx.Request) -> httpx.Response:
    """local_vendor's answer to `request`, in process: for an httpx.MockTransport (no socket)."""
    status, payload = LocalVendor().answer(request.method, request.url.path, request.content)
    return httpx.Response(status, json=payload)


def _answer(request: httpx.Request, seen: list[httpx.Request]) -> httpx.Response:
    seen.append(request)
    return local_vendor_answer(request)


def _wire(request: httpx.Request) -> tuple[object, ...]:
    headers = sorted((name.lower(), value) for name, value in request.headers.multi_items())
    return request.method, str(request.url), tuple(headers), request.content
