"""The spans of one facade call: its own, and one per HTTP attempt beneath it.

    CallRecord    `hangup.end` (or run, stream, terminate...), current while the call runs:
                  vendor, ref, operation, outcome, retries, the last status; the end metrics
    AttemptSpan   `{method}`, kind CLIENT, by OpenTelemetry's HTTP client conventions:
                  http.request.method, server.address, server.port, url.full (no query, no
                  user info), http.response.status_code, error.type, http.request.resend_count

Made only when hangup._telemetry.current() found a configured provider.
"""

from __future__ import annotations

import time
from types import TracebackType
from typing import TYPE_CHECKING, TypeVar

import httpx

from hangup._results import Ended

if TYPE_CHECKING:
    from hangup._answers import Answer
    from hangup._telemetry import Telemetry
    from hangup.vendors._base import Call

__all__ = ["AttemptSpan", "CallRecord", "outcome_of", "target"]

R = TypeVar("R")
A = TypeVar("A", bound="Answer")


def outcome_of(result: object) -> str:
    """`ended`, `gone` or `unconfirmed` for an Ended, the class name for an error, else `ok`."""
    if isinstance(result, Ended):
        if result.already_gone:
            return "gone"
        return "ended" if result.confirmed else "unconfirmed"
    if isinstance(result, BaseException):
        return type(result).__name__
    return "ok"


class _Target:
    """What the HTTP client conventions say about where an attempt goes (no query, no user)."""

    __slots__ = ("address", "method", "port", "url")

    def __init__(self, method: str, url: str, address: str, port: int) -> None:
        self.method, self.url, self.address, self.port = method, url, address, port


_bases: dict[str, tuple[str, str, int]] = {}


def target(base_url: str, call: Call) -> _Target:
    """Where `call` goes, as the attempt spans say it (base URLs parsed once each)."""
    base = _bases.get(base_url)
    if base is None:
        parsed = httpx.URL(base_url)
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        clean = parsed.copy_with(username=None, password=None, query=None, fragment=None)
        base = _bases[base_url] = (str(clean).rstrip("/"), parsed.host, port)
    path = str(call.kwargs.get("url", "")).partition("?")[0]
    url = base[0] + "/" + path.lstrip("/")
    return _Target(str(call.kwargs.get("method", "GET")).upper(), url, base[1], base[2])


class CallRecord:
    """One facade call's span (current while it runs) and its end metrics."""

    def __init__(
        self, telemetry: Telemetry, name: str, vendor: str, ref: object, call: Call, to: _Target
    ) -> None:
        self._telemetry = telemetry
        self._name = name
        self._vendor = vendor
        self._to = to
        self.attempts = 0
        self.status_code: int | None = None
        self._outcome = "ok"
        attributes: dict[str, str] = {"hangup.vendor": vendor, "hangup.operation": call.operation}
        if ref is not None:
            attributes["hangup.ref"] = str(ref)
        self._span = telemetry.tracer.start_span(name, attributes=attributes)
        self._token: object = None
        self._started = 0.0

    def __enter__(self) -> CallRecord:
        telemetry = self._telemetry
        self._token = telemetry.context.attach(telemetry.trace.set_span_in_context(self._span))
        self._started = time.perf_counter()
        return self

    def attempt(self) -> AttemptSpan:
        """The span of the next HTTP attempt (the first is not a resend)."""
        resend, self.attempts = self.attempts, self.attempts + 1
        return AttemptSpan(self, resend)

    def result(self, value: R) -> R:
        """Note what the call returned, and hand it back."""
        self._outcome = outcome_of(value)
        return value

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        telemetry, span = self._telemetry, self._span
        took = time.perf_counter() - self._started
        telemetry.context.detach(self._token)
        outcome = self._outcome if exc is None else type(exc).__name__
        span.set_attribute("hangup.outcome", outcome)
        span.set_attribute("hangup.retries", max(self.attempts - 1, 0))
        status = getattr(exc, "status_code", None) or self.status_code
        if isinstance(status, int):
            span.set_attribute("http.response.status_code", status)
        if exc is not None:
            span.set_attribute("error.type", outcome)
            span.set_status(telemetry.trace.StatusCode.ERROR, outcome)
        span.end()
        if self._name == "hangup.end":
            telemetry.ends.add(1, {"hangup.vendor": self._vendor, "hangup.outcome": outcome})
            telemetry.end_duration.record(took, {"hangup.vendor": self._vendor})


class AttemptSpan:
    """One HTTP attempt, as OpenTelemetry's HTTP client conventions name it."""

    def __init__(self, record: CallRecord, resend: int) -> None:
        self._record = record
        to = record._to
        attributes: dict[str, str | int] = {
            "http.request.method": to.method,
            "server.address": to.address,
            "server.port": to.port,
            "url.full": to.url,
        }
        if resend:
            attributes["http.request.resend_count"] = resend
        kind = record._telemetry.trace.SpanKind.CLIENT
        self._span = record._telemetry.tracer.start_span(
            to.method, kind=kind, attributes=attributes
        )

    def __enter__(self) -> AttemptSpan:
        return self

    def answered(self, response: A) -> A:
        """Note the answer's status (4xx and 5xx make the attempt an error, by the conventions)."""
        status = self._record.status_code = response.status_code
        self._span.set_attribute("http.response.status_code", status)
        if status >= 400:
            self._span.set_attribute("error.type", str(status))
            self._span.set_status(self._record._telemetry.trace.StatusCode.ERROR)
        return response

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc is not None:
            cause = exc.__cause__ if isinstance(exc.__cause__, httpx.HTTPError) else exc
            self._span.set_attribute("error.type", type(cause).__name__)
            self._span.set_status(self._record._telemetry.trace.StatusCode.ERROR)
        self._span.end()
