"""A call's whole-attempt deadline, and reading an answer no larger than a cap.

httpx's `timeout` bounds each socket read, so a vendor that trickles a byte at a time keeps a
call alive forever. hangup bounds each attempt as a whole (connect to last byte), by the
longest part of the client's timeout (`attempt_seconds`):

- async: `asyncio.timeout()` around the attempt (hangup._connection), on any transport;
- sync: httpx has no total timeout, and a read cannot be interrupted from outside, so every
  socket operation of hangup's own httpx client is given at most the time left until the
  deadline (`bound_by_deadline`: httpcore's network backend, wrapped). A trickle of header
  lines or body bytes then times out at the deadline, in whichever phase it is.

A body is read in chunks up to `DEFAULT_MAX_BODY`; past it, the rest is never read. A stream
(VectorShift's chat) has no deadline and no cap once its 2xx head has arrived: only the
per-read timeout between events bounds it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from contextvars import ContextVar
from typing import Any

import httpx

from hangup.errors import TransportError, UnexpectedResponseError

__all__ = [
    "aread_capped",
    "attempt_seconds",
    "bound_by_deadline",
    "deadline",
    "deadline_error",
    "read_capped",
    "too_large",
]

# The monotonic time the current sync attempt must end by (None: unbounded), per thread/task.
deadline: ContextVar[float | None] = ContextVar("hangup_deadline", default=None)


def attempt_seconds(timeout: httpx.Timeout) -> float:
    """How long one attempt may take in all: the longest part of the client's timeout."""
    parts = (timeout.connect, timeout.read, timeout.write, timeout.pool)
    return max(part for part in parts if part is not None)


def deadline_error(vendor: str, ref: object, seconds: float) -> TransportError:
    """The error for an attempt that had no whole answer within its time (`ref` as too_large)."""
    return TransportError(
        f"no whole answer within the {seconds:g} s timeout",
        connected=True,
        vendor=vendor,
        ref=None if ref is None else str(ref),
    )


def read_capped(
    response: httpx.Response,
    cap: int,
    *,
    vendor: str,
    ref: object,
    ends_by: float,
    seconds: float,
    bounded: bool = False,
) -> None:
    """Read `response`'s body, refusing one over `cap` bytes or one still coming at `ends_by`.

    `bounded`: every socket read of the response's transport already ends by the deadline
    (bound_by_deadline). Then a declared, unencoded body within the cap is read in one go:
    exactly the declared bytes. Any other is read chunk by chunk, counted as decoded (a small
    gzip of a huge body stops at the cap) and checked against `ends_by` between chunks.
    `ref` (a SessionRef, its text, or None) is made text only for an error.
    """
    if _check_declared(response, cap, vendor, ref) and bounded:
        response.read()
        return
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > cap:
            raise too_large(response.status_code, cap, vendor, ref)
        chunks.append(chunk)
        if time.monotonic() > ends_by:  # a transport of the caller's that has no deadline
            raise deadline_error(vendor, ref, seconds)
    response._content = b"".join(chunks)  # what httpx's own read() sets


async def aread_capped(response: httpx.Response, cap: int, *, vendor: str, ref: object) -> None:
    """The async twin of read_capped (asyncio.timeout bounds it, around the whole attempt)."""
    if _check_declared(response, cap, vendor, ref):
        await response.aread()  # exactly the declared bytes, within the cap
        return
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > cap:
            raise too_large(response.status_code, cap, vendor, ref)
        chunks.append(chunk)
    response._content = b"".join(chunks)


def _check_declared(response: httpx.Response, cap: int, vendor: str, ref: object) -> bool:
    """Refuse a declared length over `cap`; True when the body is declared and not encoded."""
    headers = response.headers
    declared = headers.get("content-length")
    if declared is None or not declared.isdigit():
        return False
    if int(declared) > cap:
        raise too_large(response.status_code, cap, vendor, ref)
    return "content-encoding" not in headers


def too_large(status: int, cap: int, vendor: str, ref: object) -> UnexpectedResponseError:
    """The error for an answer whose body is over `cap` bytes (the rest is never read).

    `ref` is the SessionRef or its text (or None): made text only here, for the rare error.
    """
    return UnexpectedResponseError(
        f"the answer's body is larger than {cap:,} bytes: not read (an end answer is tiny)",
        vendor=vendor,
        ref=None if ref is None else str(ref),
        status_code=status,
    )


def bound_by_deadline(client: httpx.Client) -> None:
    """Make every socket operation of `client`'s own transports end by the current deadline.

    httpx builds its transports (one per proxy from the environment, too) on an httpcore pool
    whose network backend opens every connection; wrapping that backend is the one place that
    sees each read and write. A transport the caller passed in is left as it is (its body is
    still read in chunks against the deadline, by read_capped).
    """
    from hangup._deadline_backend import DeadlineBackend  # httpcore: loaded with httpx.Client

    transports: Iterable[Any] = (client._transport, *client._mounts.values())
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if backend is not None and not isinstance(backend, DeadlineBackend):
            pool._network_backend = DeadlineBackend(backend, deadline)  # type: ignore[union-attr]
