"""Read any vendor's HTTP answer the same way, before and after its adapter has its say.

    2xx, JSON object       -> the adapter's read_end: Ended, EndFailed or UnexpectedResponseError
    2xx, empty             -> Ended(confirmed=False): the vendor said nothing either way
    2xx, not JSON          -> UnexpectedResponseError (HTML, truncated JSON...)
    404, missing_ok        -> Ended(already_gone=True), when the body is the vendor's own error
                              shape. Any other 404 (HTML, a mock's or a proxy's problem+json
                              for an unknown route: a wrong base URL) stays NotFoundError, so a
                              misconfiguration never passes for "already ended"
    other non-2xx          -> the HangupError for its status, with the vendor's own message

Every body is scrubbed of the configured secrets before it is read (hangup._redact). A
response carrying a `Deprecation` or `Sunset` header logs one warning per (vendor, operation),
naming the dates. An answer is anything with the four fields of `Answer`: an httpx.Response, or
hangup._direct's answer read straight from aiohttp.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Literal, Protocol

import httpx

from hangup._json import loads
from hangup._redact import REDACTED, might_hold_secret, scrub, scrub_json
from hangup._results import Ended
from hangup._retries import retry_after_seconds
from hangup.errors import (
    APIStatusError,
    InvalidRequestError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
    error_class_for_status,
)
from hangup.refs import SessionRef
from hangup.vendors._base import Call, VendorAdapter

__all__ = [
    "Answer",
    "answer_error",
    "decode_body",
    "error_for_status",
    "read_end",
    "read_json",
    "warn_if_deprecated",
]

logger = logging.getLogger("hangup")

BodyKind = Literal["json", "empty", "text"]
REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "x-correlation-id")
_SNIPPET = 60
_warned: set[tuple[str, str]] = set()
_DEPRECATION_HEADERS = frozenset((b"deprecation", b"sunset"))


class Answer(Protocol):
    """What hangup reads of a vendor's answer, once its body is read (httpx.Response has it)."""

    @property
    def status_code(self) -> int: ...

    @property
    def reason_phrase(self) -> str: ...

    @property
    def headers(self) -> Mapping[str, str]:  # looked up case-insensitively
        ...

    @property
    def content(self) -> bytes: ...


def read_end(
    adapter: VendorAdapter,
    ref: SessionRef,
    call: Call,
    missing_ok: bool,
    secrets: Sequence[str],
    response: Answer,
) -> Ended:
    """Turn the answer to an end call into Ended, or raise the HangupError it amounts to.

    The answer comes last, so that `partial(read_end, adapter, ref, call, missing_ok,
    secrets)` is an end call's reader: made once per end in end_many, where a closure cost a
    cell per name it held, each one more object for the cycle collector to walk.
    """
    warn_if_deprecated(ref.vendor, call.operation, response.headers)
    status = response.status_code
    body, kind = decode_body(response, secrets)
    is_json = kind != "text"
    if 200 <= status < 300:
        if kind == "text":
            raise _not_json(ref.vendor, str(ref), response, body)
        if kind == "empty":
            message = f"HTTP {status} with an empty body"
            return Ended(
                ref=ref, vendor=ref.vendor, confirmed=False, message=message, status_code=status
            )
        return adapter.read_end(ref, status, body)
    vendors_words = adapter.error_text(body)[0] if kind == "json" else None
    if missing_ok and status == 404 and vendors_words:
        return Ended(
            ref=ref,
            vendor=ref.vendor,
            confirmed=False,
            already_gone=True,
            message=vendors_words,
            status_code=status,
            raw=body,
        )
    raise error_for_status(adapter, str(ref), response, body, is_json)


def read_json(
    adapter: VendorAdapter,
    ref: str | None,
    call: Call,
    response: Answer,
    secrets: Sequence[str],
) -> object:
    """The JSON of a 2xx answer to any call (None if empty); else raise its HangupError."""
    warn_if_deprecated(adapter.name, call.operation, response.headers)
    body, kind = decode_body(response, secrets)
    if not 200 <= response.status_code < 300:
        raise error_for_status(adapter, ref, response, body, kind != "text")
    if kind == "text":
        raise _not_json(adapter.name, ref, response, body)
    return body


def answer_error(
    adapter: VendorAdapter,
    ref: str | None,
    call: Call,
    response: Answer,
    secrets: Sequence[str],
) -> APIStatusError:
    """The HangupError for a non-2xx answer that has been read (a stream that was refused)."""
    warn_if_deprecated(adapter.name, call.operation, response.headers)
    body, kind = decode_body(response, secrets)
    return error_for_status(adapter, ref, response, body, kind != "text")


def decode_body(response: Answer, secrets: Sequence[str]) -> tuple[object, BodyKind]:
    """Return (parsed JSON, "json"), (None, "empty"), or (the body's text, "text"), scrubbed.

    JSON is scrubbed after it is parsed, so a secret the vendor wrote with `\\u` or `\\/`
    escapes is caught in whatever mix of them it chose.
    """
    content = response.content
    if not content.strip():
        return None, "empty"
    try:
        body = loads(content)
    except (ValueError, RecursionError):  # not JSON, truncated, not UTF-8, absurdly nested
        text = content.decode("utf-8", "replace")
        return (scrub(text, secrets) if secrets else text), "text"
    if not secrets or not might_hold_secret(content, secrets):  # the common case, ~1 µs
        return body, "json"
    try:
        return scrub_json(body, tuple(secrets)), "json"
    except RecursionError:  # parsed, but too deep to walk: nobody could read it anyway
        return REDACTED, "text"


def error_for_status(
    adapter: VendorAdapter, ref: str | None, response: Answer, body: object, is_json: bool
) -> APIStatusError:
    """The error for a non-2xx answer, carrying the vendor's own message where it sent one."""
    status = response.status_code
    message, detail = adapter.error_text(body) if is_json else (None, None)
    if not message and isinstance(body, dict):  # an RFC 9457 problem+json, e.g. from a proxy
        message = next((body[k] for k in ("detail", "title") if isinstance(body.get(k), str)), None)
    if not message:
        message = f"HTTP {status} {response.reason_phrase}".rstrip()
        if not is_json:
            message += f" ({_kind(response)} body: {_snippet(body)})"
    headers = response.headers
    request_id = next((headers[h] for h in REQUEST_ID_HEADERS if h in headers), None)
    context = {"vendor": adapter.name, "ref": ref, "request_id": request_id}
    raw = body if is_json else None
    if status in (400, 422):
        return InvalidRequestError(message, detail=detail, status_code=status, body=raw, **context)
    if status == 429 or status >= 500:
        kind = RateLimitError if status == 429 else ServerError
        retry_after = retry_after_seconds(headers.get("retry-after"))
        return kind(message, retry_after=retry_after, status_code=status, body=raw, **context)
    return error_class_for_status(status)(message, status_code=status, body=raw, **context)


def warn_if_deprecated(vendor: str, operation: str, headers: Mapping[str, str]) -> None:
    """Log one warning per (vendor, operation) whose answer says it is deprecated or sunset."""
    # Runs on every answer, and almost none has these headers. On httpx.Headers one pass over
    # the raw names costs a third of two lookups, each of which raises and catches a KeyError;
    # aiohttp's headers (hangup._direct) look up in C. `type() is`, as isinstance() against
    # httpx.Headers, an ABC's subclass, runs ABCMeta's check in Python on every answer. Here,
    # not in a helper: with the caches cold, calling one cost more than the check itself.
    if type(headers) is httpx.Headers:
        if not any(name.lower() in _DEPRECATION_HEADERS for name, _ in headers.raw):
            return
    elif "deprecation" not in headers and "sunset" not in headers:
        return
    deprecation, sunset = headers.get("deprecation"), headers.get("sunset")
    if (vendor, operation) in _warned:
        return
    _warned.add((vendor, operation))
    since_date = _date(deprecation) if deprecation is not None else None
    sunset_date = _date(sunset) if sunset is not None else None
    since = f" since {since_date}" if since_date is not None else ""
    until = f"; it stops working on {sunset_date}" if sunset_date is not None else ""
    logger.warning(
        "%s %s: the vendor marks this call deprecated%s%s. Move off it before then "
        "(upgrade hangup, or see the vendor's migration notes).",
        vendor,
        operation,
        since,
        until,
        extra={  # the same facts as fields, for structured log handlers
            "hangup_vendor": vendor,
            "hangup_operation": operation,
            "hangup_deprecated_since": since_date,
            "hangup_sunset": sunset_date,
        },
    )


def _date(value: str) -> str:
    """An RFC 9745 `@<epoch>` or an HTTP-date as YYYY-MM-DD; anything else as it came."""
    value = value.strip()
    try:
        if value.startswith("@"):
            return datetime.fromtimestamp(int(value[1:]), UTC).date().isoformat()
        from email.utils import parsedate_to_datetime  # only on this rare path

        return parsedate_to_datetime(value).date().isoformat()
    except (ValueError, TypeError, OverflowError, OSError):
        return value


def _not_json(vendor: str, ref: str | None, response: Answer, text: object) -> Exception:
    return UnexpectedResponseError(
        f"the answer is a {_kind(response)} body that is not JSON: {_snippet(text)}",
        vendor=vendor,
        ref=ref,
        status_code=response.status_code,
    )


def _kind(response: Answer) -> str:
    return response.headers.get("content-type", "").partition(";")[0].strip() or "untyped"


def _snippet(text: object) -> str:
    flat = " ".join(str(text).split())
    return repr(flat[:_SNIPPET] + ("…" if len(flat) > _SNIPPET else ""))
