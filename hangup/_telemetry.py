"""OpenTelemetry traces and metrics for hangup's calls, and nothing at all when nobody listens.

    current() ── None ───────────► the call runs exactly as before (the off path)
              └─ Telemetry ──► CallRecord: a span per facade call (hangup.end, hangup.run, ...)
                                  └─ AttemptSpan: one CLIENT span per HTTP attempt beneath it
                                     (both in hangup._telemetry_spans)
                           ──► RunSpan: a parent span per end_many / reap / sweep run

Everything goes to the tracer and meter named `hangup` of the application's own global
providers, through `opentelemetry-api` (the `hangup[otel]` extra); hangup never installs a
provider, an exporter or the SDK. The off path is one dictionary lookup per call: no
OpenTelemetry module imported means no provider can have been configured. Once one is imported,
each call reads the API's two global providers (None until the application sets one; it may
do so after importing hangup, or after making a client) and builds the instruments again only
when they changed. A provider that is still the API's default proxy (or a no-op) counts as none.

What is recorded never holds a key, a session token or a ledger password: attributes are the
vendor, the ref, the operation, the outcome, status codes, counts, and the URL without its
query or user info; error statuses carry the error's class name, never its message.

A facade call names its span through Connection.call(..., name="hangup.live_sessions") (or
"hangup.keep_alive", ...); a run wraps itself in `with run_span("hangup.sweep") as run:` and
ends with `run.counts(...)` (see hangup._reaper and hangup._sweep_report).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from hangup._telemetry_spans import AttemptSpan, CallRecord, outcome_of, target

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
_building = threading.Lock()


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
    with _building:  # rare: once per new pair of providers, so threads make one set of instruments
        if _seen is None or tracer_provider is not _seen[0] or meter_provider is not _seen[1]:
            _cached = _build(tracer_provider, meter_provider)
            _seen = (tracer_provider, meter_provider)
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
        self.sweep_abandoned = meter.create_counter(
            "hangup.sweep.abandoned",
            unit="{session}",
            description="Live sessions a sweep found old enough and untracked, by vendor",
        )

    def call(self, name: str, vendor: str, ref: object, call: Call, base_url: str) -> CallRecord:
        """A record of one facade call; use it as a context manager around the call."""
        return CallRecord(self, name, vendor, ref, call, target(base_url, call))

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
