"""A reap under OpenTelemetry: its parent span and counts, the reapable gauge, its summary line."""

from __future__ import annotations

import logging
import uuid

import httpx
import pytest

from hangup import AsyncHangup, Ledger, reap
from tests.hangup.fakes import KEYS, Vendor
from tests.hangup.otel import Recorded, otel

__all__ = ["otel"]  # the fixture, imported for pytest


def hamsa(n: int) -> str:
    return f"hamsa:{uuid.UUID(int=n)}"


def answer(request: httpx.Request) -> httpx.Response:
    """Success; a 404 in Hamsa's shape for session 404; a 500 for session 500."""
    if str(uuid.UUID(int=404)) in request.url.path:
        return httpx.Response(404, json={"message": "Conversation not found"})
    if str(uuid.UUID(int=500)) in request.url.path:
        return httpx.Response(500, json={"message": f"database down {KEYS['hamsa']}"})
    return httpx.Response(200, json={"success": True, "message": "Conversation terminated."})


@pytest.mark.asyncio
async def test_a_reap_is_one_parent_span_with_its_counts_and_sets_the_reapable_gauge(
    otel: Recorded, ledger: Ledger, caplog: pytest.LogCaptureFixture
) -> None:
    for ref in (hamsa(1), hamsa(2), hamsa(404), hamsa(500)):
        ledger.track(ref, "hamsa")
    fake = Vendor("hamsa", [answer])
    caplog.set_level(logging.INFO, logger="hangup")
    async with AsyncHangup(api_keys=KEYS, env={}, transport=fake.transport, ledger=False) as c:
        report = await reap(ledger, c)

    assert (report.ended, report.gone, report.failed) == (2, 1, 1)
    [run] = otel.spans("hangup.reap")
    counts = {k: v for k, v in (run.attributes or {}).items() if k.startswith("hangup.sessions.")}
    assert counts == {
        "hangup.sessions.total": 4,
        "hangup.sessions.ended": 2,
        "hangup.sessions.gone": 1,
        "hangup.sessions.failed": 1,
        "hangup.sessions.reapable": 1,  # the one that failed is left for the next run
    }
    [batch] = otel.spans("hangup.end_many")
    assert batch.parent is not None
    assert batch.parent.span_id == run.context.span_id
    ends = otel.spans("hangup.end")
    assert len(ends) == 4
    assert {end.context.trace_id for end in ends} == {run.context.trace_id}
    outcomes = sorted(str((end.attributes or {})["hangup.outcome"]) for end in ends)
    assert outcomes == ["ServerError", "ended", "ended", "gone"]
    gauge = {
        dict(point.attributes)["hangup.vendor"]: point.value
        for point in otel.points("hangup.reap.reapable")
    }
    assert gauge == {"hamsa": 1, "liveavatar": 0, "pathors": 0, "vectorshift": 0}
    [summary] = [r for r in caplog.records if r.getMessage().startswith("reap:")]
    assert summary.getMessage().startswith("reap: 4 claimed: 2 ended, 1 gone, 1 failed, in ")
    assert (summary.__dict__["hangup_ended"], summary.__dict__["hangup_failed"]) == (2, 1)
    assert KEYS["hamsa"] not in otel.everything()
