"""OpenTelemetry: the spans and metrics of ends, retries and failures, and no secret in any."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.trace import SpanKind, StatusCode

from hangup import AuthenticationError, TransportError, _telemetry
from tests.hangup.backoff import slept
from tests.hangup.fakes import (
    KEYS,
    REFS,
    SESSION_TOKEN,
    UUID,
    Step,
    Vendor,
    async_client,
    ok,
    sync_client,
)
from tests.hangup.otel import Recorded, otel, reset_globals

__all__ = ["otel", "slept"]  # the fixtures, imported for pytest

HAMSA_URL = f"https://api.tryhamsa.com/v1/voice-agents/conversation/{UUID}/terminate"


def only(spans: list[ReadableSpan]) -> ReadableSpan:
    assert len(spans) == 1, spans
    return spans[0]


def attrs(span: ReadableSpan) -> dict[str, object]:
    return dict(span.attributes or {})


def parent_id(span: ReadableSpan) -> int | None:
    return None if span.parent is None else span.parent.span_id


def test_an_end_that_succeeds_is_one_end_span_over_one_http_client_span(otel: Recorded) -> None:
    with sync_client(Vendor("hamsa", [ok("hamsa")])) as client:
        client.end(REFS["hamsa"])

    end = otel.spans("hangup.end")[0]
    attempt = only(otel.spans("GET"))
    assert dict(end.attributes or {}) == {
        "hangup.vendor": "hamsa",
        "hangup.operation": "terminate_conversation",
        "hangup.ref": REFS["hamsa"],
        "hangup.outcome": "ended",
        "hangup.retries": 0,
        "http.response.status_code": 200,
    }
    assert end.status.status_code is StatusCode.UNSET
    assert attempt.kind is SpanKind.CLIENT
    assert parent_id(attempt) == end.context.span_id
    assert dict(attempt.attributes or {}) == {
        "http.request.method": "GET",
        "server.address": "api.tryhamsa.com",
        "server.port": 443,
        "url.full": HAMSA_URL,
        "http.response.status_code": 200,
    }
    [count] = otel.points("hangup.ends")
    assert dict(count.attributes) == {"hangup.vendor": "hamsa", "hangup.outcome": "ended"}
    assert count.value == 1
    [duration] = otel.points("hangup.end.duration")
    assert dict(duration.attributes) == {"hangup.vendor": "hamsa"}
    assert duration.count == 1
    assert duration.sum > 0


def test_a_retried_end_has_a_span_per_attempt_counts_its_retry_and_notes_why(
    otel: Recorded, slept: list[float]
) -> None:
    busy = httpx.Response(503, json={"message": "busy"}, headers={"Retry-After": "1"})
    with sync_client(Vendor("hamsa", [busy, ok("hamsa")])) as client:
        client.end(REFS["hamsa"])

    end = only(otel.spans("hangup.end"))
    first, second = sorted(otel.spans("GET"), key=lambda span: span.start_time or 0)
    assert attrs(end)["hangup.retries"] == 1
    assert attrs(end)["hangup.outcome"] == "ended"
    assert attrs(first)["http.response.status_code"] == 503
    assert attrs(first)["error.type"] == "503"
    assert first.status.status_code is StatusCode.ERROR
    assert "http.request.resend_count" not in (first.attributes or {})
    assert attrs(second)["http.request.resend_count"] == 1
    assert attrs(second)["http.response.status_code"] == 200
    [event] = end.events
    assert event.name == "hangup.retry"
    assert dict(event.attributes or {}) == {
        "hangup.retry.attempt": 1,
        "hangup.retry.reason": "503",
        "hangup.retry.wait_seconds": 1.0,
    }
    assert slept == [1.0]  # Retry-After's second, as the event says
    [retries] = otel.points("hangup.retries")
    assert dict(retries.attributes) == {"hangup.vendor": "hamsa", "hangup.retry.reason": "503"}
    assert retries.value == 1
    [count] = otel.points("hangup.ends")
    assert count.value == 1


def test_an_end_that_fails_has_an_error_status_and_counts_under_its_error_class(
    otel: Recorded,
) -> None:
    refused = httpx.Response(401, json={"message": "Invalid API key"})
    with sync_client(Vendor("hamsa", [refused])) as client, pytest.raises(AuthenticationError):
        client.end(REFS["hamsa"])

    end = only(otel.spans("hangup.end"))
    assert end.status.status_code is StatusCode.ERROR
    assert end.status.description == "AuthenticationError"
    assert attrs(end)["hangup.outcome"] == "AuthenticationError"
    assert attrs(end)["error.type"] == "AuthenticationError"
    assert attrs(end)["http.response.status_code"] == 401
    [count] = otel.points("hangup.ends")
    assert dict(count.attributes) == {
        "hangup.vendor": "hamsa",
        "hangup.outcome": "AuthenticationError",
    }


def test_a_transport_failure_names_the_httpx_error_on_each_attempt(otel: Recorded) -> None:
    down = httpx.ConnectError("connection refused")
    with (
        sync_client(Vendor("hamsa", [down]), max_retries=1) as client,
        pytest.raises(TransportError),
    ):
        client.end(REFS["hamsa"])

    attempts = otel.spans("GET")
    assert len(attempts) == 2
    assert {attrs(span)["error.type"] for span in attempts} == {"ConnectError"}
    [retries] = otel.points("hangup.retries")
    assert dict(retries.attributes)["hangup.retry.reason"] == "ConnectError"
    end = only(otel.spans("hangup.end"))
    assert "http.response.status_code" not in (end.attributes or {})


def test_a_404_with_missing_ok_counts_as_gone(otel: Recorded) -> None:
    gone = httpx.Response(404, json={"message": "Conversation not found"})
    with sync_client(Vendor("hamsa", [gone])) as client:
        client.end(REFS["hamsa"], missing_ok=True)
    assert attrs(only(otel.spans("hangup.end")))["hangup.outcome"] == "gone"


def test_sync_end_many_is_one_parent_span_with_its_counts_over_the_threads_ends(
    otel: Recorded,
) -> None:
    refs = [f"hamsa:{UUID[:-1]}{n}" for n in range(6)]

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("5/terminate"):
            return httpx.Response(401, json={"message": "no"})
        return httpx.Response(200, json={"success": True, "message": "done"})

    with sync_client(Vendor("hamsa", [answer])) as client:
        client.end_many(refs, concurrency=3)

    batch = only(otel.spans("hangup.end_many"))
    ends = otel.spans("hangup.end")
    assert len(ends) == 6
    assert {parent_id(end) for end in ends} == {batch.context.span_id}
    assert {
        key: value
        for key, value in (batch.attributes or {}).items()
        if key.startswith("hangup.sessions.")
    } == {
        "hangup.sessions.total": 6,
        "hangup.sessions.ended": 5,
        "hangup.sessions.gone": 0,
        "hangup.sessions.failed": 1,
    }


@pytest.mark.asyncio
async def test_async_end_many_nests_its_ends_under_its_span(otel: Recorded) -> None:
    refs = [f"hamsa:{UUID[:-1]}{n}" for n in range(4)]
    async with async_client(Vendor("hamsa", [ok("hamsa")])) as client:
        await client.end_many(refs, concurrency=2)
    batch = only(otel.spans("hangup.end_many"))
    ends = otel.spans("hangup.end")
    assert {parent_id(end) for end in ends} == {batch.context.span_id}
    assert attrs(batch)["hangup.sessions.ended"] == 4


def test_no_key_session_token_or_url_password_reaches_any_span_or_metric(
    otel: Recorded,
) -> None:
    busy = httpx.Response(503, json={"message": f"busy {KEYS['liveavatar']}"})
    steps: list[Step] = [busy, httpx.ConnectError(KEYS["liveavatar"]), ok("liveavatar")]
    fake = Vendor("liveavatar", steps, validate=False)  # the spec knows no URL with a user
    base_urls = {"liveavatar": "https://user:ledger-pass-Qz81@api.liveavatar.com"}
    with sync_client(fake, base_urls=base_urls) as client:
        client.end(REFS["liveavatar"], session_token=SESSION_TOKEN)
        client.end(REFS["liveavatar"])
    fake_hamsa = Vendor("hamsa", [httpx.Response(401, json={"message": KEYS["hamsa"]})])
    with sync_client(fake_hamsa) as client, pytest.raises(AuthenticationError):
        client.end(REFS["hamsa"])

    recorded = otel.everything()
    assert "hangup.end" in recorded  # the search below sees real data
    assert "url.full" in recorded
    for secret in (*KEYS.values(), SESSION_TOKEN, "ledger-pass-Qz81", "user:"):
        assert secret not in recorded
    assert all(
        attrs(span)["url.full"] == "https://api.liveavatar.com/v1/sessions/stop"
        for span in otel.spans("POST")
    )


def test_nothing_is_recorded_without_a_configured_provider() -> None:
    reset_globals()
    with sync_client(Vendor("hamsa", [ok("hamsa")])) as client:
        assert _telemetry.current() is None
        client.end(REFS["hamsa"])  # the API is imported, but only its default proxy is set
        assert _telemetry.current() is None


def test_a_provider_set_after_the_client_was_made_is_used_from_the_next_call(
    otel: Recorded,
) -> None:
    otel.exporter.clear()
    reset_globals()  # as if the application had not configured OpenTelemetry yet
    with sync_client(Vendor("hamsa", [ok("hamsa")])) as client:
        client.end(REFS["hamsa"])
        assert otel.spans() == []
        late = TracerProvider()
        late.add_span_processor(SimpleSpanProcessor(otel.exporter))
        trace.set_tracer_provider(late)
        client.end(REFS["hamsa"])
    assert len(otel.spans("hangup.end")) == 1


def test_end_works_and_records_nothing_when_opentelemetry_cannot_be_imported() -> None:
    program = """
import sys
sys.modules["opentelemetry"] = None  # as if the otel extra were not installed
import httpx
from hangup import Hangup, _telemetry
answer = httpx.Response(200, json={"success": True, "message": "done"})
transport = httpx.MockTransport(lambda request: answer)
with Hangup(api_keys={"hamsa": "hamsa-key-0000"}, transport=transport, env={}) as client:
    ended = client.end("hamsa:849e77c6-5cb3-479a-a985-7fab630e2c78")
assert ended.confirmed and _telemetry.current() is None
assert not any(name.startswith("opentelemetry.") for name in sys.modules), "imported it"
print("ok")
"""
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_the_vendor_doors_calls_have_spans_named_for_what_they_do(otel: Recorded) -> None:
    from tests.hangup.vendors.test_pathors import TERMINATED
    from tests.hangup.vendors.test_vectorshift import REPLY

    with sync_client(Vendor("pathors", [httpx.Response(200, json=TERMINATED)])) as client:
        client.pathors.terminate("proj_1", session_id="sess_1")
    with sync_client(Vendor("vectorshift", [httpx.Response(200, json=REPLY)])) as client:
        client.vectorshift.run("bot_1", "Hi")

    terminate, run = only(otel.spans("hangup.terminate")), only(otel.spans("hangup.run"))
    assert attrs(terminate)["hangup.outcome"] == "ok"
    assert attrs(terminate)["hangup.vendor"] == "pathors"
    assert attrs(run)["hangup.operation"] == "run_chatbot"
    assert len(otel.spans("POST")) == 2
    assert otel.points("hangup.ends") == []  # only ends count as ends
