"""What OpenTelemetry costs `end()`: off (no API, or no provider) and on (the SDK), each a ratio.

Three phases in one run, each interleaving `Hangup.end()` with a bare httpx.Client call by
call (scripts.bench.latency), so that each ratio has its own baseline measured beside it:

1. OpenTelemetry cannot be imported (as without the `otel` extra): hangup's one check says no;
2. the API imported, no provider configured (the API's default proxy): the same check, and a
   comparison of the two global providers with the ones last seen;
3. the SDK's providers, spans to an exporter that drops them, metrics to an in-memory reader:
   what recording costs (no target: it is the price of being observed).

Phases 1 and 2 must match `end()`'s own latency figure within noise. It runs last in a full
`make bench`, and puts the API's global providers back as it found them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from scripts.bench._figures import Figure, Settings, median
from scripts.bench.latency import LATENCY_TARGET, end_in_turns
from scripts.servers.local_vendor import running_local_vendor

__all__ = ["otel_latency"]

VENDOR = "hamsa"


def otel_latency(settings: Settings) -> list[Figure]:
    """Time end() against bare httpx with OpenTelemetry absent, idle, and recording."""
    phases = (
        ("end() latency, OpenTelemetry not installed", _no_api, LATENCY_TARGET),
        ("end() latency, OpenTelemetry API, no provider", _api_without_provider, LATENCY_TARGET),
        ("end() latency, OpenTelemetry SDK recording", _sdk_providers, None),
    )
    figures = []
    with running_local_vendor() as base_url:
        for name, phase, target in phases:
            with phase():
                ours, theirs = end_in_turns(VENDOR, base_url, settings)
            figures.append(
                Figure(
                    name,
                    median(ours),
                    median(theirs),
                    "s",
                    "bare httpx.Client",
                    target,
                    note=f"median of {len(ours)} calls each, interleaved",
                )
            )
    return figures


@contextmanager
def _no_api() -> Iterator[None]:
    """Make `import opentelemetry` fail, as it does without the extra."""
    loaded = [name for name in sys.modules if name.split(".")[0] == "opentelemetry"]
    if loaded:
        raise SystemExit("bench otel: OpenTelemetry was imported before its 'not installed' phase")
    sys.modules["opentelemetry"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        del sys.modules["opentelemetry"]


@contextmanager
def _api_without_provider() -> Iterator[None]:
    import opentelemetry.metrics
    import opentelemetry.trace

    assert type(opentelemetry.trace.get_tracer_provider()).__name__ == "ProxyTracerProvider"
    yield


@contextmanager
def _sdk_providers() -> Iterator[None]:
    from opentelemetry import metrics, trace
    from opentelemetry.sdk.metrics import MeterProvider
    from opentelemetry.sdk.metrics.export import InMemoryMetricReader
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import (
        BatchSpanProcessor,
        SpanExporter,
        SpanExportResult,
    )

    class Dropping(SpanExporter):
        def export(self, spans: Sequence[Any]) -> SpanExportResult:
            return SpanExportResult.SUCCESS

    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(BatchSpanProcessor(Dropping()))
    meter_provider = MeterProvider(metric_readers=[InMemoryMetricReader()])
    trace.set_tracer_provider(tracer_provider)
    metrics.set_meter_provider(meter_provider)
    try:
        yield
    finally:
        tracer_provider.shutdown()
        meter_provider.shutdown()
        _forget_providers()


def _forget_providers() -> None:
    """Put the API's globals back to 'no provider', as OpenTelemetry's test utilities do."""
    from opentelemetry import trace
    from opentelemetry.metrics import _internal as metrics_internal
    from opentelemetry.util._once import Once

    trace._TRACER_PROVIDER_SET_ONCE = Once()
    trace._TRACER_PROVIDER = None
    metrics_internal._METER_PROVIDER_SET_ONCE = Once()
    metrics_internal._METER_PROVIDER = None
