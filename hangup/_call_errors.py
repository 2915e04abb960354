"""What a call becomes when httpx cannot send it, no answer comes, or the answer cannot be read.

Both are a HangupError for that one call (so `end_many` goes on with the other refs), never
httpx's InvalidURL, a codec's UnicodeError or a KeyError from a model that met a shape it
did not expect. The connection (hangup._connection) runs every request and read through here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from hangup.errors import (
    ConfigurationError,
    HangupError,
    InvalidArgument,
    TransportError,
    UnexpectedResponseError,
)

if TYPE_CHECKING:
    from hangup._answers import Answer

__all__ = ["UNSENDABLE", "build_request", "read_answer", "transport_error", "unsendable"]

T = TypeVar("T")
A = TypeVar("A", bound="Answer")

# What httpx raises for a request it cannot even put on the wire: a URL too long or malformed,
# a header it cannot encode, a number it cannot fit.
UNSENDABLE = (httpx.InvalidURL, UnicodeError, ValueError, OverflowError)
# What reading an odd answer can raise below the adapters' own checks (a generated model's
# from_dict on a shape it did not expect): an answer we cannot read, never a crash.
_UNREADABLE = (KeyError, IndexError, TypeError, ValueError, AttributeError, RecursionError)


def build_request(
    http: httpx.Client | httpx.AsyncClient, kwargs: dict[str, Any], vendor: str, ref: object
) -> httpx.Request:
    """The request `kwargs` describe; InvalidArgument (for this ref only) if httpx cannot."""
    try:
        return http.build_request(**kwargs)
    except UNSENDABLE as exc:
        raise unsendable(vendor, ref, exc) from None


def unsendable(vendor: str, ref: object, exc: Exception) -> InvalidArgument:
    """The error for a call httpx refused to send (`exc` is httpx's or the codec's reason)."""
    reason = " ".join(str(exc).split())[:200] or type(exc).__name__
    shown = "the call" if ref is None else f"the call for {str(ref)[:120]!r}"
    return InvalidArgument(
        f"{shown} cannot be sent: {reason}",
        vendor=vendor,
        ref=None if ref is None else str(ref),
    )


def read_answer(read: Callable[[A], T], response: A, vendor: str, ref: object) -> T:
    """`read(response)`; an answer it cannot make sense of is UnexpectedResponseError."""
    try:
        return read(response)
    except HangupError:
        raise
    except _UNREADABLE as exc:
        raise UnexpectedResponseError(
            f"the answer could not be read ({type(exc).__name__})",
            vendor=vendor,
            ref=None if ref is None else str(ref),
            status_code=response.status_code,
        ) from exc


# What to say for an httpx error that came without a message (httpcore's timeouts often do).
_SILENT_ERRORS: dict[type[Exception], str] = {
    httpx.ConnectTimeout: "could not connect within the timeout",
    httpx.ReadTimeout: "the vendor sent nothing within the timeout",
    httpx.WriteTimeout: "could not send the request within the timeout",
    httpx.PoolTimeout: "no free connection in the pool within the timeout",
    httpx.RemoteProtocolError: "the vendor broke off or garbled its answer",
}


def transport_error(vendor: str, ref: object, exc: httpx.RequestError) -> HangupError:
    """The HangupError for an httpx failure that left no HTTP answer (`ref` made text here)."""
    ref = None if ref is None else str(ref)
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
