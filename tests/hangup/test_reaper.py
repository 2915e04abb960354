"""hangup.reap(): what it selects, what it sends, and what it records for each answer."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import httpx
import pytest

from hangup import (
    AsyncHangup,
    Failure,
    InvalidArgument,
    Ledger,
    ReapReport,
    SessionState,
    VendorTally,
    reap,
)
from tests.hangup.clock import FakeClock
from tests.hangup.fakes import KEYS, SUCCESS, Vendor

HOSTS = {
    "api.vectorshift.ai": "vectorshift",
    "api.pathors.com": "pathors",
    "api.liveavatar.com": "liveavatar",
    "api.tryhamsa.com": "hamsa",
}


def hamsa(n: int) -> str:
    return f"hamsa:{uuid.UUID(int=n)}"


GONE = hamsa(404)


def answer(request: httpx.Request) -> httpx.Response:
    """Each vendor's success; a 404 in Hamsa's shape for GONE; a 500 for any 'broken' session."""
    vendor = HOSTS[request.url.host]
    if str(uuid.UUID(int=404)) in request.url.path:
        return httpx.Response(404, json={"message": "Conversation not found"})
    if b"broken" in request.content or "broken" in request.url.path:
        return httpx.Response(500, json={"error": "database unavailable"})
    return httpx.Response(200, json=SUCCESS[vendor])


async def reap_with(fake: Vendor, ledger: Ledger, **options: object) -> ReapReport:
    client = AsyncHangup(api_keys=KEYS, env={}, transport=fake.transport, ledger=False)
    async with client:
        return await reap(ledger, client, **options)  # type: ignore[arg-type]


@pytest.mark.asyncio
async def test_reap_ends_every_reapable_session_and_records_each_as_ended(
    ledger: Ledger,
) -> None:
    refs = [hamsa(1), hamsa(2), "pathors:proj/sess_1", "vectorshift:bot/run_1"]
    for ref in refs:
        ledger.track(ref, ref.partition(":")[0])
    ledger.track(hamsa(3), "hamsa")
    ledger.mark_ending(hamsa(3))
    ledger.mark_ended(hamsa(3))  # ended before: never sent again
    fake = Vendor(None, [answer])

    report = await reap_with(fake, ledger, concurrency=2)

    assert len(fake.requests) == 4
    assert str(uuid.UUID(int=3)) not in " ".join(str(r.url) for r in fake.requests)
    assert {e.ref: (e.state, e.attempts) for e in ledger.sessions()} == {
        **{ref: (SessionState.ENDED, 1) for ref in refs},
        hamsa(3): (SessionState.ENDED, 1),
    }
    assert report.tallies == {
        "hamsa": VendorTally(ended=2),
        "pathors": VendorTally(ended=1),
        "vectorshift": VendorTally(ended=1),
    }
    assert (report.total, report.ended, report.gone, report.failed) == (4, 4, 0, 0)
    assert report.seconds >= 0


@pytest.mark.asyncio
async def test_a_404_counts_as_gone_and_a_failure_stays_reapable_with_its_error(
    ledger: Ledger,
) -> None:
    ledger.track(GONE, "hamsa")
    ledger.track("pathors:proj/broken", "pathors")
    ledger.track(hamsa(1), "hamsa")
    fake = Vendor(None, [answer])

    report = await reap_with(fake, ledger)

    gone, broken, ended = (ledger.get(ref) for ref in (GONE, "pathors:proj/broken", hamsa(1)))
    assert gone is not None
    assert gone.state is SessionState.GONE
    assert ended is not None
    assert ended.state is SessionState.ENDED
    assert broken is not None
    assert broken.state is SessionState.FAILED
    assert broken.last_error == "ServerError: database unavailable (HTTP 500)"
    assert report.tallies == {
        "hamsa": VendorTally(ended=1, gone=1),
        "pathors": VendorTally(failed=1),
    }
    assert report.failures == (
        Failure("pathors:proj/broken", "pathors", "ServerError: database unavailable (HTTP 500)"),
    )
    assert [e.ref for e in ledger.reapable()] == ["pathors:proj/broken"]


@pytest.mark.asyncio
async def test_the_next_reap_retries_only_what_failed(ledger: Ledger) -> None:
    ledger.track("pathors:proj/broken", "pathors")
    ledger.track(hamsa(1), "hamsa")
    await reap_with(Vendor(None, [answer]), ledger)
    fixed = Vendor(None, [httpx.Response(200, json=SUCCESS["pathors"])])

    report = await reap_with(fixed, ledger)

    assert len(fixed.requests) == 1
    assert report.tallies == {"pathors": VendorTally(ended=1)}
    entry = ledger.get("pathors:proj/broken")
    assert entry is not None
    assert (entry.state, entry.attempts, entry.last_error) == (SessionState.ENDED, 2, None)


@pytest.mark.asyncio
async def test_reap_selects_by_age_vendor_and_labels(ledger: Ledger, clock: FakeClock) -> None:
    ledger.track(hamsa(1), "hamsa", {"team": "voice", "env": "prod"})  # old, hamsa, both labels
    ledger.track(hamsa(2), "hamsa", {"team": "voice"})  # old, one label only
    ledger.track("pathors:proj/old", "pathors", {"team": "voice", "env": "prod"})
    clock.advance(timedelta(minutes=20))
    ledger.track(hamsa(3), "hamsa", {"team": "voice", "env": "prod"})  # too young
    clock.advance(timedelta(minutes=15))
    fake = Vendor(None, [answer])

    report = await reap_with(
        fake,
        ledger,
        vendor="hamsa",
        labels={"team": "voice", "env": "prod"},
        older_than=timedelta(minutes=30),
    )

    assert report.total == 1
    assert [str(request.url.path) for request in fake.requests] == [
        f"/v1/voice-agents/conversation/{uuid.UUID(int=1)}/terminate"
    ]
    open_now = {e.ref for e in ledger.sessions(states=[SessionState.OPEN])}
    assert open_now == {hamsa(2), hamsa(3), "pathors:proj/old"}


@pytest.mark.asyncio
async def test_reap_with_nothing_to_do_sends_nothing(ledger: Ledger) -> None:
    fake = Vendor(None, [answer])
    report = await reap_with(fake, ledger)
    assert (report.total, report.tallies, fake.requests) == (0, {}, [])


@pytest.mark.asyncio
async def test_reap_reports_each_claim_and_answer_to_its_hooks(ledger: Ledger) -> None:
    for n in range(3):
        ledger.track(hamsa(n + 1), "hamsa")
    claimed: list[int] = []
    reaped: list[str] = []

    client = AsyncHangup(
        api_keys=KEYS, env={}, transport=Vendor(None, [answer]).transport, ledger=False
    )
    async with client:
        await reap(
            ledger,
            client,
            on_claimed=claimed.append,
            on_reaped=lambda entry, outcome: reaped.append(entry.ref),
        )

    assert claimed == [3]
    assert sorted(reaped) == [hamsa(1), hamsa(2), hamsa(3)]


@pytest.mark.asyncio
async def test_reap_refuses_a_client_that_keeps_its_own_ledger(ledger: Ledger) -> None:
    client = AsyncHangup(api_keys=KEYS, env={}, ledger=ledger)
    with pytest.raises(InvalidArgument, match="ledger=False"):
        await reap(ledger, client)


@pytest.mark.asyncio
async def test_a_bad_concurrency_is_refused_before_anything_is_claimed(ledger: Ledger) -> None:
    ledger.track(hamsa(1), "hamsa")
    with pytest.raises(InvalidArgument, match="concurrency"):
        await reap_with(Vendor(None, [answer]), ledger, concurrency=0)
    entry = ledger.get(hamsa(1))
    assert entry is not None
    assert (entry.state, entry.attempts) == (SessionState.OPEN, 0)


class HeldAfterFirst(httpx.AsyncBaseTransport):
    """Answer the first end call, then hold every other one until the test cancels the reap."""

    def __init__(self) -> None:
        self.requests = 0
        self.holding = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        if self.requests > 1:
            self.holding.set()
            await asyncio.Event().wait()  # until cancelled
        return httpx.Response(200, json=SUCCESS["hamsa"])


@pytest.mark.asyncio
async def test_a_cancelled_reap_leaves_what_it_did_not_record_reapable_at_once(
    ledger: Ledger,
) -> None:
    for n in range(4):
        ledger.track(hamsa(n + 1), "hamsa")
    held = HeldAfterFirst()
    client = AsyncHangup(api_keys=KEYS, env={}, transport=held, ledger=False)

    async with client:
        task = asyncio.create_task(reap(ledger, client, concurrency=1))
        await held.holding.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    entries = {e.ref: e for e in ledger.sessions()}
    assert entries[hamsa(1)].state is SessionState.ENDED
    assert {entries[hamsa(n)].state for n in (2, 3, 4)} == {SessionState.FAILED}
    assert entries[hamsa(2)].last_error == (
        "reap stopped by CancelledError before the answer was recorded"
    )
    assert [e.ref for e in ledger.reapable()] == [hamsa(2), hamsa(3), hamsa(4)]
