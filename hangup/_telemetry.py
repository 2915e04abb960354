"""OpenTelemetry traces and metrics for hangup's calls, and nothing at all when nobody listens.

    current() ── None ───────────► the call runs exactly as before (the off path)
              └─ Telemetry ──► CallRecord: a span per facade call (hangup.end, hangup.run, ...)
                                  └─ AttemptSpan: one CLIENT span per HTTP attempt beneath it
                           ──► RunSpan: a parent span per end_many / reap / sweep run

Everything goes to the tracer and meter named `hangup` of the application's own global
providers, through `opentelemetry-api` (the `hangup[otel]` extra); hangup never installs a
provider, an exporter or the SDK. The off path is one dictionary lookup per call: no
OpenTelemetry module imported means no provider can have been configured. Once one is imported,
each call compares the global providers with the ones last seen (the application may set them
after importing hangup, or after making a client), and builds the instruments again only
when they changed. A provider that is still the API's default proxy (or a no-op) counts as none.

What is recorded never holds a key, a session token or a ledger password: attributes are the
vendor, the ref, the operation, the outcome, status codes, counts, and the URL without its
query or user info; error statuses carry the error's class name, never its message.

For later facade calls (`live_sessions` pages, keep-alive) and runs (`sweep`):
    a call through Connection.call(..., name="hangup.live_sessions") gets its spans already;
    a run wraps itself in `with run_span("hangup.sweep") as run:` and ends with
    `run.counts(total=..., ended=..., gone=..., failed=...)` (see hangup._reaper).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from hangup._results import Ended

if TYPE_CHECKING:
    from hangup.vendors._base import Call

__all__ = [
    "AttemptSpan",
    "CallRecord",
    "RunSpan",
    "Telemetry",
    "counts_of",
    "current",
    "outcome_of",
    "run_span",
]

A = TypeVar("A")
R = TypeVar("R")
INSTRUMENTATION_NAME = "hangup"
_API_MODULES = ("opentelemetry.trace", "opentelemetry.metrics")
_api: tuple[Any, Any, Any, Any] | None = None  # trace, metrics, context, metrics._internal
_ASK = object()  # "the API has no such global: ask its public getter"
_seen: tuple[object, object] | None = None  # the global providers `_cached` was built for
_cached: Telemetry | None = None


def current() -> Telemetry | None:
    """The instruments to record with, or None when the application configured no provider."""
    modules = sys.modules
    if _API_MODULES[0] not in modules and _API_MODULES[1] not in modules:
        return None  # nobody imported OpenTelemetry, so nobody set a provider
    return _resolve()


def _resolve() -> Telemetry | None:
    global _api, _seen, _cached
    if _api is None:
        try:
            from opentelemetry import context, metrics, trace
            from opentelemetry.metrics import _internal as metrics_internal
        except ImportError:  # a half-installed API: as good as none
            return None
        # The public getters also load a provider named by OTEL_PYTHON_*_PROVIDER, once.
        trace.get_tracer_provider()
        metrics.get_meter_provider()
        _api = (trace, metrics, context, metrics_internal)
    tracer_provider, meter_provider = _providers(_api)
    if tracer_provider is None and meter_provider is None:
        return None  # what nearly every call sees until the application sets a provider
    if _seen is not None and tracer_provider is _seen[0] and meter_provider is _seen[1]:
        return _cached
    _seen, _cached = (tracer_provider, meter_provider), _build(tracer_provider, meter_provider)
    return _cached


def _providers(api: tuple[Any, Any, Any, Any]) -> tuple[object, object]:
    """The global providers the application set, None for one it did not.

    Read from the API's own module globals: its public getters look up os.environ on every
    call, which cost end() several microseconds (`make bench ARGS="--only otel"`). Should a
    later API rename them, the public getters answer instead (their proxies count as none).
    """
    trace, metrics, _, metrics_internal = api
    tracer_provider = getattr(trace, "_TRACER_PROVIDER", _ASK)
    meter_provider = getattr(metrics_internal, "_METER_PROVIDER", _ASK)
    if tracer_provider is _ASK:
        tracer_provider = trace.get_tracer_provider()
    if meter_provider is _ASK:
        meter_provider = metrics.get_meter_provider()
    return tracer_provider, meter_provider


def _build(tracer_provider: Any, meter_provider: Any) -> Telemetry | None:
    assert _api is not None  # _resolve imported it
    trace, metrics, context, metrics_internal = _api
    traced = tracer_provider is not None and not isinstance(
        tracer_provider, trace.ProxyTracerProvider | trace.NoOpTracerProvider
    )
    proxy = getattr(metrics_internal, "_ProxyMeterProvider", metrics.NoOpMeterProvider)
    measured = meter_provider is not None and not isinstance(
        meter_provider, metrics.NoOpMeterProvider | proxy
    )
    if not traced and not measured:
        return None
    version = _version()
    tracer = (
        tracer_provider.get_tracer(INSTRUMENTATION_NAME, version) if traced else trace.NoOpTracer()
    )
    meter = (
        meter_provider.get_meter(INSTRUMENTATION_NAME, version)
        if measured
        else metrics.NoOpMeter(INSTRUMENTATION_NAME)
    )
    return Telemetry(tracer, meter, trace, context)


def _version() -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("hangup")
    except PackageNotFoundError:
        return None


class Telemetry:
    """The tracer and the instruments, made once per pair of global providers."""

    def __init__(self, tracer: Any, meter: Any, trace: Any, context: Any) -> None:
        self.tracer = tracer
        self.trace = trace
        self.context = context
        self.ends = meter.create_counter(
            "hangup.ends", unit="{session}", description="Sessions ended, by vendor and outcome"
        )
        self.end_duration = meter.create_histogram(
            "hangup.end.duration", unit="s", description="How long one end() took, retries included"
        )
        self.retries = meter.create_counter(
            "hangup.retries", unit="{retry}", description="Calls sent again, by vendor and reason"
        )
        self.reapable = meter.create_gauge(
            "hangup.reap.reapable",
            unit="{session}",
            description="Sessions the ledger still held reapable when a reap finished",
        )

    def call(self, name: str, vendor: str, ref: object, call: Call, base_url: str) -> CallRecord:
        """A record of one facade call; use it as a context manager around the call."""
        return CallRecord(self, name, vendor, ref, call, _target(base_url, call))

    def retried(self, vendor: str, reason: str, attempt: int, wait: float) -> None:
        """Count one retry, and note it on the facade call's span."""
        self.retries.add(1, {"hangup.vendor": vendor, "hangup.retry.reason": reason})
        self.trace.get_current_span().add_event(
            "hangup.retry",
            {
                "hangup.retry.attempt": attempt,
                "hangup.retry.reason": reason,
                "hangup.retry.wait_seconds": wait,
            },
        )


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


def _target(base_url: str, call: Call) -> _Target:
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

    def answered(self, response: httpx.Response) -> httpx.Response:
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


class RunSpan:
    """A run's parent span (end_many, reap, sweep): current while it runs, counts at the end."""

    def __init__(self, telemetry: Telemetry | None, span: Any) -> None:
        self.telemetry = telemetry
        self._span = span

    def counts(self, **counts: int) -> None:
        """Put the run's counts on its span as `hangup.sessions.<name>`."""
        if self._span is not None:
            for name, count in counts.items():
                self._span.set_attribute(f"hangup.sessions.{name}", count)

    def count_outcomes(self, outcomes: Iterable[object]) -> None:
        """Put the total, ended, gone and failed of a run's outcomes on its span (when on)."""
        if self._span is not None:
            self.counts(**counts_of(outcomes))

    def in_threads(self, work: Callable[[A], R]) -> Callable[[A], R]:
        """`work`, made to run under this span in worker threads (which start with no context)."""
        telemetry = self.telemetry
        if telemetry is None:
            return work
        parent = telemetry.context.get_current()

        def under_this_span(item: A) -> R:
            token = telemetry.context.attach(parent)
            try:
                return work(item)
            finally:
                telemetry.context.detach(token)

        return under_this_span


@contextmanager
def run_span(name: str, attributes: Mapping[str, str] | None = None) -> Iterator[RunSpan]:
    """Run the block under a parent span named `name` (or under nothing, when off)."""
    telemetry = current()
    if telemetry is None:
        yield RunSpan(None, None)
        return
    # The exception's message stays out of the span: only its class name is recorded.
    with telemetry.tracer.start_as_current_span(
        name,
        attributes=dict(attributes or {}),
        record_exception=False,
        set_status_on_exception=False,
    ) as span:
        try:
            yield RunSpan(telemetry, span)
        except BaseException as stopped:
            span.set_attribute("error.type", type(stopped).__name__)
            span.set_status(telemetry.trace.StatusCode.ERROR, type(stopped).__name__)
            raise


def counts_of(outcomes: Iterable[object]) -> dict[str, int]:
    """total / ended / gone / failed of a run's outcomes (unconfirmed ends count as ended)."""
    tally = {"total": 0, "ended": 0, "gone": 0, "failed": 0}
    for outcome in outcomes:
        tally["total"] += 1
        kind = outcome_of(outcome)
        key = kind if kind in ("ended", "gone") else "ended" if kind == "unconfirmed" else "failed"
        tally[key] += 1
    return tally
