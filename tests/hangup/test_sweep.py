"""The sweep against stateful stand-ins: exactly the old, untracked, still-live sessions end."""

from __future__ import annotations

import asyncio
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hangup import AsyncHangup, InvalidArgument, Ledger, SessionState, SweepReport, sweep
from scripts.servers.session_lists import PROJECT, Router, StandIn, StoredSession, ref_of
from tests.hangup.fakes import KEYS

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
OLDER_THAN = timedelta(hours=2)
SWEEPABLE = ("liveavatar", "hamsa", "pathors")


def _session(age: timedelta) -> StoredSession:
    return StoredSession(str(uuid.uuid4()), NOW - age)


def _run(
    router: Router, ledger: Ledger | None, keys: dict[str, str] = KEYS, **options: object
) -> SweepReport:
    async def go() -> SweepReport:
        async with AsyncHangup(
            transport=router.transport, env={}, api_keys=keys, ledger=False
        ) as client:
            options.setdefault("older_than", OLDER_THAN)
            return await sweep(client, ledger=ledger, now=lambda: NOW, **options)  # type: ignore[arg-type]

    return asyncio.run(go())


class _World:
    """Each vendor's stand-in with sessions of every age, some tracked, some ending on their own."""

    def __init__(self, ledger: Ledger) -> None:
        self.stand_ins: dict[str, StandIn] = {}
        self.old_untracked: dict[str, set[str]] = {}
        self.spared: dict[str, set[str]] = {}  # young or tracked: must never be ended
        for vendor in SWEEPABLE:
            old = [_session(timedelta(hours=h)) for h in (3, 5, 26, 72, 4, 9)]
            young = [_session(timedelta(minutes=m)) for m in (1, 30, 119)]
            tracked = [_session(timedelta(hours=8)) for _ in range(2)]
            ends_on_its_own = old.pop()  # old, but ends on its own while page 2 is served
            for session in tracked:
                ledger.track(ref_of(vendor, session.session_id), vendor, {"app": "web"})
            sessions = [*old, ends_on_its_own, *young, *tracked]
            self.stand_ins[vendor] = StandIn(
                vendor,
                sessions,
                page_cap=3,
                rate_limit_before_page=2,
                end_on_own_at_page={2: [ends_on_its_own.session_id]},
            )
            self.old_untracked[vendor] = {s.session_id for s in old}
            self.spared[vendor] = {s.session_id for s in [*young, *tracked]}
        self.router = Router(*self.stand_ins.values())


def test_the_sweep_ends_exactly_the_old_untracked_sessions_of_every_vendor(
    tmp_path: Path,
) -> None:
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        world = _World(ledger)
        report = _run(world.router, ledger, project_id=PROJECT)
        for vendor, stand_in in world.stand_ins.items():
            assert set(stand_in.ended) == world.old_untracked[vendor], vendor
            assert not set(stand_in.ended) & world.spared[vendor]
            tally = report.tallies[vendor]
            assert (tally.ended, tally.tracked, tally.failed) == (5, 2, 0)
            assert tally.too_young == 3
        assert report.skipped == {
            "vectorshift": "documents no list of its sessions: cannot be swept"
        }
        assert report.failed == 0


def test_every_session_the_sweep_ended_is_in_the_ledger_as_ended_with_a_swept_label(
    tmp_path: Path,
) -> None:
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        world = _World(ledger)
        _run(world.router, ledger, project_id=PROJECT)
        swept = ledger.sessions(labels={"swept": "true"})
        tracked = ledger.sessions(labels={"app": "web"})
    expected = {
        ref_of(vendor, session_id)
        for vendor, ids in world.old_untracked.items()
        for session_id in ids
    }
    assert {entry.ref for entry in swept} == expected
    assert {entry.state for entry in swept} == {SessionState.ENDED}
    assert {entry.state for entry in tracked} == {SessionState.OPEN}  # reap's, left alone


def test_liveavatar_sessions_are_swept_with_the_zombie_session_reap_reason(tmp_path: Path) -> None:
    stand_in = StandIn("liveavatar", [_session(timedelta(hours=3)) for _ in range(2)])
    _run(Router(stand_in), None, vendors=["liveavatar"])
    assert [body["reason"] for body in stand_in.end_bodies] == ["ZOMBIE_SESSION_REAP"] * 2


def test_a_session_ending_on_its_own_mid_listing_shifts_no_session_past_the_sweep() -> None:
    old = [_session(timedelta(hours=3)) for _ in range(7)]
    # Served page 2 after the first session ended: offset paging skips one of page 2's.
    stand_in = StandIn("hamsa", old, page_cap=3, end_on_own_at_page={2: [old[0].session_id]})
    report = _run(Router(stand_in), None, vendors=["hamsa"])
    assert set(stand_in.ended) == {s.session_id for s in old[1:]}
    assert stand_in.live_ids() == set()
    assert report.tallies["hamsa"].ended == 6


def test_a_session_that_ends_between_listing_and_ending_is_gone_not_failed() -> None:
    old = [_session(timedelta(hours=3)) for _ in range(3)]
    stand_in = StandIn("pathors", old)

    def ends_first_on_its_own(count: int) -> None:
        old[0].live = False

    async def go() -> SweepReport:
        async with AsyncHangup(
            transport=stand_in.transport, env={}, api_keys=KEYS, ledger=False
        ) as client:
            return await sweep(
                client,
                older_than=OLDER_THAN,
                vendors=["pathors"],
                project_id=PROJECT,
                on_found=ends_first_on_its_own,
                now=lambda: NOW,
            )

    report = asyncio.run(go())
    tally = report.tallies["pathors"]
    assert (tally.ended, tally.gone, tally.failed) == (2, 1, 0)


def test_a_session_whose_end_fails_is_counted_failed_with_its_error() -> None:
    old = [_session(timedelta(hours=3)) for _ in range(3)]
    stand_in = StandIn("hamsa", old, failing_ids={old[1].session_id})
    report = _run(Router(stand_in), None, vendors=["hamsa"])
    assert report.tallies["hamsa"].failed == 1
    assert [failure.ref for failure in report.failures] == [ref_of("hamsa", old[1].session_id)]


def test_a_vendor_whose_list_fails_is_reported_and_the_others_are_swept_all_the_same() -> None:
    stand_in = StandIn("hamsa", [_session(timedelta(hours=3))])  # no stand-in for liveavatar
    report = _run(Router(stand_in), None, vendors=["liveavatar", "hamsa"])
    assert list(report.list_errors) == ["liveavatar"]
    assert report.tallies["hamsa"].ended == 1
    assert report.failed == 1


def test_a_dry_run_lists_the_candidates_and_sends_no_end(tmp_path: Path) -> None:
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        world = _World(ledger)
        report = _run(world.router, ledger, project_id=PROJECT, dry_run=True)
        assert ledger.sessions(labels={"swept": "true"}) == []
    for vendor, stand_in in world.stand_ins.items():
        assert {request.method for request in stand_in.requests} == {"GET"}
        assert not any(r.url.path.endswith("/terminate") for r in stand_in.requests)
        assert stand_in.ended == []
        assert report.tallies[vendor].would_end >= 4
    would = {live.ref.session_id for live in report.candidates}
    assert would <= set().union(*world.old_untracked.values())


def test_pathors_is_skipped_without_a_project_and_refused_when_named_without_one() -> None:
    stand_in = StandIn("pathors", [_session(timedelta(hours=3))])
    report = _run(Router(stand_in), None, keys={"pathors": KEYS["pathors"]})
    assert report.skipped["pathors"] == "lists sessions per project: pass --project ID"
    assert report.skipped["hamsa"] == "no key set (HAMSA_API_KEY)"
    assert stand_in.requests == []
    with pytest.raises(InvalidArgument, match="per project"):
        _run(Router(stand_in), None, vendors=["pathors"])


def test_the_sweep_refuses_a_client_with_a_ledger_and_a_negative_age(tmp_path: Path) -> None:
    async def go() -> None:
        async with AsyncHangup(env={}, api_keys=KEYS, ledger=tmp_path / "l.sqlite3") as client:
            await sweep(client, older_than=OLDER_THAN)

    with pytest.raises(InvalidArgument, match="ledger=False"):
        asyncio.run(go())
    with pytest.raises(InvalidArgument, match="older_than"):
        _run(Router(), None, older_than=timedelta(minutes=-1))


ages = st.integers(min_value=0, max_value=60 * 24 * 3)  # minutes
population = st.lists(st.tuples(ages, st.booleans()), max_size=25)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions=population, page_cap=st.integers(min_value=1, max_value=5))
def test_no_young_or_tracked_session_is_ever_ended(
    sessions: list[tuple[int, bool]], page_cap: int
) -> None:
    stored = [_session(timedelta(minutes=age)) for age, _ in sessions]
    tracked = {
        s.session_id for s, (_, is_tracked) in zip(stored, sessions, strict=True) if is_tracked
    }
    old = {s.session_id for s in stored if NOW - s.started_at >= OLDER_THAN}
    stand_in = StandIn("hamsa", stored, page_cap=page_cap, validate=False)
    with tempfile.TemporaryDirectory() as folder, Ledger(Path(folder) / "l.sqlite3") as ledger:
        for session_id in tracked:
            ledger.track(ref_of("hamsa", session_id), "hamsa")
        _run(Router(stand_in), ledger, vendors=["hamsa"])
    assert set(stand_in.ended) == old - tracked
