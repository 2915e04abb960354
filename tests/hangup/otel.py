"""The OpenTelemetry SDK as an application would set it up, recording in memory for a test.

The API lets a process set its global providers once; the fixture puts them back after each
test the way OpenTelemetry's own test utilities do (resetting the API's set-once guards), so
the next test starts with no provider configured.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from opentelemetry import metrics, trace
from opentelemetry.metrics import _internal as metrics_internal
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.util._once import Once


@dataclass
class Recorded:
    """What the in-memory exporter and reader hold: finished spans, and metric points."""

    exporter: InMemorySpanExporter
    reader: InMemoryMetricReader

    def spans(self, name: str | None = None) -> list[ReadableSpan]:
        spans = list(self.exporter.get_finished_spans())
        return spans if name is None else [span for span in spans if span.name == name]

    def points(self, metric: str) -> list[Any]:
        """Every data point of `metric` in the reader's current collection."""
        data = self.reader.get_metrics_data()
        found: list[Any] = []
        for resource in data.resource_metrics if data else []:
            for scope in resource.scope_metrics:
                for each in scope.metrics:
                    if each.name == metric:
                        found.extend(each.data.data_points)
        return found

    def everything(self) -> str:
        """Every exported span, attribute, event and metric label and value, as one text."""
        parts: list[str] = []
        for span in self.spans():
            parts += [span.name, repr(dict(span.attributes or {})), repr(span.status.description)]
            for event in span.events:
                parts += [event.name, repr(dict(event.attributes or {}))]
        data = self.reader.get_metrics_data()
        for resource in data.resource_metrics if data else []:
            for scope in resource.scope_metrics:
                for each in scope.metrics:
                    parts += [each.name, each.description or "", each.unit or ""]
                    parts += [repr(dict(p.attributes or {})) for p in each.data.data_points]
        return "\n".join(parts)


def reset_globals() -> None:
    """Forget the global providers, as if none had ever been set."""
    trace._TRACER_PROVIDER_SET_ONCE = Once()
    trace._TRACER_PROVIDER = None
    metrics_internal._METER_PROVIDER_SET_ONCE = Once()
    metrics_internal._METER_PROVIDER = None


@pytest.fixture
def otel() -> Iterator[Recorded]:
    """Global SDK providers recording in memory for this test only."""
    exporter = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
    reader = InMemoryMetricReader()
    meter_provider = MeterProvider(metric_readers=[reader])
    reset_globals()
    trace.set_tracer_provider(tracer_provider)
    metrics.set_meter_provider(meter_provider)
    yield Recorded(exporter, reader)
    reset_globals()
    tracer_provider.shutdown()
    meter_provider.shutdown()
