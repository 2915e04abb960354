"""A sweep under OpenTelemetry: its run span over list pages and ends, its counts, its logs.

Also the other facade calls the sweep brought: a `live_sessions` page (retried on a 429 like
any call) and LiveAvatar's keep-alive. No key, session token or ledger password is recorded.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from hangup import AsyncHangup, Hangup, Ledger, SweepReport, reap, sweep
from scripts.servers.session_lists import Router, StandIn, StoredSession, ref_of
from tests.hangup.backoff import slept
from tests.hangup.fakes import KEYS, REFS, SESSION_TOKEN, Vendor
from tests.hangup.otel import Recorded, otel
from tests.pg_server import PASSWORD

__all__ = ["otel", "slept"]  # the fixtures, imported for pytest

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SECRETS = (*KEYS.values(), SESSION_TOKEN, PASSWORD)


def stored(age: timedelta) -> StoredSession:
    return StoredSession(str(uuid.uuid4()), NOW - age)


def hangup_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "hangup"]


def assert_nothing_secret(otel: Recorded, caplog: pytest.LogCaptureFixture) -> None:
    """No key, session token or ledger password in any span, event, metric or log line."""
    lines = hangup_lines(caplog)
    logged = "\n".join(r.getMessage() + repr(sorted(r.__dict__.items(), key=str)) for r in lines)
    exported = otel.everything()
    assert exported
    assert lines
    for secret in SECRETS:
        assert secret not in exported
        assert secret not in logged


class World:
    """Hamsa: 3 old, 1 young, 1 tracked, a 429 before page 2; LiveAvatar: 3 old, 1 failing."""

    def __init__(self, ledger: Ledger) -> None:
        old = [stored(timedelta(hours=h)) for h in (3, 5, 9)]
        tracked = stored(timedelta(hours=4))
        ledger.track(ref_of("hamsa", tracked.session_id), "hamsa")
        hamsa = [*old, stored(timedelta(minutes=5)), tracked]
        self.hamsa = StandIn("hamsa", hamsa, page_cap=2, rate_limit_before_page=2)
        broken = stored(timedelta(hours=6))
        liveavatar = [stored(timedelta(hours=7)), stored(timedelta(hours=8)), broken]
        self.liveavatar = StandIn("liveavatar", liveavatar, failing_ids={broken.session_id})
        self.router = Router(self.hamsa, self.liveavatar)


def run_sweep(router: Router, ledger: Ledger) -> SweepReport:
    async def go() -> SweepReport:
        async with AsyncHangup(
            transport=router.transport, env={}, api_keys=KEYS, ledger=False, max_retries=1
        ) as client:
            return await sweep(
                client,
                older_than=timedelta(hours=2),
                vendors=["hamsa", "liveavatar"],
                ledger=ledger,
                now=lambda: NOW,
            )

    return asyncio.run(go())


def test_a_sweep_is_one_parent_span_over_its_list_pages_and_ends_with_its_counts(
    otel: Recorded, ledger: Ledger, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="hangup")
    report = run_sweep(World(ledger).router, ledger)

    assert (report.ended, report.failed) == (5, 1)
    [run] = otel.spans("hangup.sweep")
    counts = {k: v for k, v in (run.attributes or {}).items() if k.startswith("hangup.sessions.")}
    assert counts == {
        "hangup.sessions.listed": 8,
        "hangup.sessions.too_young": 1,
        "hangup.sessions.tracked": 1,
        "hangup.sessions.ended": 5,
        "hangup.sessions.gone": 0,
        "hangup.sessions.failed": 1,
    }
    pages = otel.spans("hangup.live_sessions")
    assert {str((page.attributes or {})["hangup.vendor"]) for page in pages} == {
        "hamsa",
        "liveavatar",
    }
    batches = otel.spans("hangup.end_many")
    assert len(batches) == 2
    for child in [*pages, *batches]:
        assert child.parent is not None
        assert child.parent.span_id == run.context.span_id
    assert [(page.attributes or {})["hangup.retries"] for page in pages].count(1) == 1  # the 429
    ends = otel.spans("hangup.end")
    assert len(ends) == 6
    assert {end.context.trace_id for end in ends} == {run.context.trace_id}
    abandoned = {
        dict(point.attributes)["hangup.vendor"]: point.value
        for point in otel.points("hangup.sweep.abandoned")
    }
    assert abandoned == {"hamsa": 3, "liveavatar": 3}
    retries = [dict(point.attributes) for point in otel.points("hangup.retries")]
    assert {"hangup.vendor": "hamsa", "hangup.retry.reason": "429"} in retries
    assert_nothing_secret(otel, caplog)


def test_a_sweep_logs_its_summary_as_one_info_line_with_its_counts_as_fields(
    otel: Recorded, ledger: Ledger, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="hangup")
    run_sweep(World(ledger).router, ledger)

    [summary] = [r for r in hangup_lines(caplog) if r.getMessage().startswith("sweep")]
    assert summary.levelno == logging.INFO
    assert summary.getMessage().startswith(
        "sweep: 8 listed: 1 too young, 1 tracked, 5 ended, 0 gone, 1 failed, in "
    )
    fields = {k: v for k, v in summary.__dict__.items() if k.startswith("hangup_")}
    assert {k: v for k, v in fields.items() if k != "hangup_seconds"} == {
        "hangup_listed": 8,
        "hangup_too_young": 1,
        "hangup_tracked": 1,
        "hangup_ended": 5,
        "hangup_gone": 0,
        "hangup_failed": 1,
        "hangup_dry_run": False,
    }
    assert isinstance(fields["hangup_seconds"], float)


def test_a_dry_run_sweep_counts_what_it_would_end_and_sends_no_end(
    otel: Recorded, ledger: Ledger, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="hangup")
    world = World(ledger)

    async def go() -> SweepReport:
        async with AsyncHangup(
            transport=world.router.transport, env={}, api_keys=KEYS, ledger=False
        ) as client:
            return await sweep(
                client,
                older_than=timedelta(hours=2),
                vendors=["hamsa"],
                dry_run=True,
                ledger=ledger,
                now=lambda: NOW,
            )

    asyncio.run(go())

    [run] = otel.spans("hangup.sweep")
    assert (run.attributes or {})["hangup.sweep.dry_run"] == "true"
    assert (run.attributes or {})["hangup.sessions.would_end"] == 3
    assert otel.spans("hangup.end") == []
    [summary] = [r for r in hangup_lines(caplog) if r.getMessage().startswith("sweep")]
    assert "(dry run)" in summary.getMessage()
    assert "3 would end" in summary.getMessage()


def test_a_live_sessions_page_is_a_span_and_its_429_retries_log_and_count_as_any_call(
    otel: Recorded, caplog: pytest.LogCaptureFixture, slept: list[float]
) -> None:
    caplog.set_level(logging.INFO, logger="hangup")
    stand_in = StandIn("hamsa", [stored(timedelta(hours=h)) for h in range(1, 6)], page_cap=2)
    stand_in.rate_limit_before_page = 2
    with Hangup(transport=stand_in.transport, env={}, api_keys=KEYS) as client:
        listed = list(client.live_sessions("hamsa"))

    assert len(listed) == 5
    pages = otel.spans("hangup.live_sessions")
    assert len(pages) == stand_in.list_calls
    retried = [page for page in pages if (page.attributes or {})["hangup.retries"] == 1]
    [page_two] = retried
    attributes = page_two.attributes or {}
    assert attributes["hangup.vendor"] == "hamsa"
    assert attributes["hangup.operation"] == "list_minimal_calls"
    assert attributes["http.response.status_code"] == 200
    [event] = page_two.events
    assert event.name == "hangup.retry"
    assert (event.attributes or {})["hangup.retry.reason"] == "429"
    attempts = [
        s for s in otel.spans("GET") if s.parent and s.parent.span_id == page_two.context.span_id
    ]
    statuses = [(a.attributes or {})["http.response.status_code"] for a in attempts]
    assert statuses == [429, 200]  # ended in this order
    retries = {
        tuple(sorted(dict(p.attributes).items())): p.value for p in otel.points("hangup.retries")
    }
    assert retries == {(("hangup.retry.reason", "429"), ("hangup.vendor", "hamsa")): 1}
    [line] = [r for r in hangup_lines(caplog) if "attempt" in r.getMessage()]
    assert line.getMessage().startswith(
        "hamsa -: attempt 1 of 3 failed (HTTP 429, Retry-After 0 s)"
    )
    assert (line.__dict__["hangup_vendor"], line.__dict__["hangup_retry_reason"]) == (
        "hamsa",
        "429",
    )
    assert line.__dict__["hangup_attempt"] == 1
    assert slept == [line.__dict__["hangup_wait_seconds"]]
    assert_nothing_secret(otel, caplog)


def test_the_liveavatar_door_s_keep_alive_is_a_span_with_no_session_token_in_it(
    otel: Recorded, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="hangup")
    busy = httpx.Response(503, json={"code": 503, "message": f"busy {SESSION_TOKEN}"})
    fake = Vendor("liveavatar", [busy, httpx.Response(200, json={"code": 100, "message": "ok"})])
    with Hangup(transport=fake.transport, env={}, api_keys=KEYS) as client:
        client.liveavatar.keep_alive(REFS["liveavatar"], session_token=SESSION_TOKEN)

    [span] = otel.spans("hangup.keep_alive")
    attributes = span.attributes or {}
    assert attributes["hangup.vendor"] == "liveavatar"
    assert attributes["hangup.ref"] == REFS["liveavatar"]
    assert attributes["hangup.operation"] == "keep_session_alive"
    assert (attributes["hangup.outcome"], attributes["hangup.retries"]) == ("ok", 1)
    attempts = [
        s for s in otel.spans("POST") if s.parent and s.parent.span_id == span.context.span_id
    ]
    assert len(attempts) == 2
    assert fake.requests[-1].headers["authorization"] == f"Bearer {SESSION_TOKEN}"
    assert_nothing_secret(otel, caplog)


def test_a_reap_and_a_sweep_on_either_ledger_record_no_key_token_or_ledger_password(
    otel: Recorded, ledger: Ledger, ledger_target: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="hangup")
    world = World(ledger)
    for n in (1, 2):
        ledger.track(f"pathors:proj_1/sess_{n}", "pathors")
    pathors = Vendor("pathors", [httpx.Response(200, json={"success": True, "sessionId": "s"})])

    async def go() -> None:
        async with AsyncHangup(
            transport=pathors.transport, env={}, api_keys=KEYS, ledger=False
        ) as client:
            await reap(ledger, client, vendor="pathors")

    asyncio.run(go())
    run_sweep(world.router, ledger)

    assert otel.spans("hangup.reap")
    assert otel.spans("hangup.sweep")
    if ledger_target.startswith("postgres"):
        assert PASSWORD in ledger_target  # the secret searched for is really the one in use
    assert_nothing_secret(otel, caplog)
