"""client.live_sessions: paging lazily through each vendor's list, tolerantly, never crashing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from hangup import (
    AsyncHangup,
    Hangup,
    InvalidArgument,
    LiveSession,
    UnexpectedResponseError,
)
from scripts.servers.session_lists import PROJECT, StandIn, StoredSession, ref_of
from tests.hangup.fakes import KEYS
from tests.hangup.fakes import Vendor as ScriptedVendor

SWEEPABLE = ("liveavatar", "hamsa", "pathors")
NOW = datetime.now(UTC)


def _sessions(count: int, age: timedelta) -> list[StoredSession]:
    return [StoredSession(str(uuid.uuid4()), NOW - age) for _ in range(count)]


def _client(stand_in: StandIn | ScriptedVendor) -> Hangup:
    return Hangup(transport=stand_in.transport, env={}, api_keys=KEYS, ledger=False)


def _project(vendor: str) -> str | None:
    return PROJECT if vendor == "pathors" else None


@pytest.mark.parametrize("vendor", SWEEPABLE)
def test_live_sessions_follows_the_vendors_paging_past_pages_capped_below_the_size_asked(
    vendor: str,
) -> None:
    stand_in = StandIn(vendor, _sessions(8, timedelta(hours=1)), page_cap=3)
    with _client(stand_in) as client:
        found = list(client.live_sessions(vendor, project_id=_project(vendor)))
    assert sorted(str(live.ref) for live in found) == sorted(
        ref_of(vendor, s.session_id) for s in stand_in.sessions
    )
    assert all(isinstance(live, LiveSession) and live.vendor == vendor for live in found)
    assert stand_in.list_calls >= 3  # 8 sessions, 3 a page: never stopped at a short page


@pytest.mark.parametrize("vendor", SWEEPABLE)
def test_live_sessions_reads_each_sessions_start_time_in_utc(vendor: str) -> None:
    stand_in = StandIn(vendor, _sessions(1, timedelta(hours=5)))
    with _client(stand_in) as client:
        (live,) = client.live_sessions(vendor, project_id=_project(vendor))
    assert live.started_at == stand_in.sessions[0].started_at
    assert live.started_at is not None
    assert live.started_at.tzinfo is not None


@pytest.mark.parametrize("vendor", SWEEPABLE)
def test_live_sessions_waits_out_a_429_between_pages_and_misses_nothing(vendor: str) -> None:
    stand_in = StandIn(vendor, _sessions(7, timedelta(hours=1)), rate_limit_before_page=2)
    with _client(stand_in) as client:
        found = list(client.live_sessions(vendor, project_id=_project(vendor)))
    assert len(found) == 7
    assert any(request.url.params.get("page") == "2" for request in stand_in.requests)
    assert stand_in.rate_limit_before_page is None  # the 429 was served, and retried past


@pytest.mark.parametrize("vendor", SWEEPABLE)
def test_live_sessions_older_than_keeps_only_sessions_started_that_long_ago(vendor: str) -> None:
    old, young = _sessions(2, timedelta(hours=3)), _sessions(3, timedelta(minutes=1))
    stand_in = StandIn(vendor, old + young)
    with _client(stand_in) as client:
        found = client.live_sessions(
            vendor, project_id=_project(vendor), older_than=timedelta(hours=1)
        )
        refs = {str(live.ref) for live in found}
    assert refs == {ref_of(vendor, s.session_id) for s in old}


def test_live_sessions_pages_lazily_one_page_at_a_time() -> None:
    stand_in = StandIn("hamsa", _sessions(9, timedelta(hours=1)), page_cap=3)
    with _client(stand_in) as client:
        sessions = client.live_sessions("hamsa")
        assert stand_in.requests == []  # nothing is sent before the first session is asked for
        next(sessions)
        assert len(stand_in.requests) == 1


def test_pathors_sessions_with_an_end_time_are_over_and_a_page_of_them_is_not_the_last() -> None:
    ended = [StoredSession(str(uuid.uuid4()), NOW, live=False) for _ in range(3)]
    open_ones = _sessions(2, timedelta(hours=1))
    stand_in = StandIn("pathors", ended + open_ones, page_cap=3)
    with _client(stand_in) as client:
        found = list(client.live_sessions("pathors", project_id=PROJECT))
    assert {live.ref.session_id for live in found} == {s.session_id for s in open_ones}


@pytest.mark.asyncio
async def test_async_live_sessions_pages_through_the_same_list() -> None:
    stand_in = StandIn("liveavatar", _sessions(5, timedelta(hours=1)), page_cap=2)
    async with AsyncHangup(
        transport=stand_in.transport, env={}, api_keys=KEYS, ledger=False
    ) as client:
        found = [live async for live in client.live_sessions("liveavatar")]
    assert {live.ref.session_id for live in found} == {s.session_id for s in stand_in.sessions}


@pytest.mark.parametrize(
    ("vendor", "body"),
    [
        ("liveavatar", {"code": 100, "data": {"nothing": "here"}, "message": "ok"}),
        ("liveavatar", {"code": 100, "data": {"sessions": ["not an object"]}}),
        ("liveavatar", {"code": 100, "data": {"sessions": [{"status": "active"}]}}),
        ("liveavatar", {"code": 100, "data": {"sessions": [{"session_id": "not-a-uuid"}]}}),
        ("liveavatar", {"code": 500, "data": {}, "message": "internal"}),
        ("liveavatar", ["a", "list"]),
        ("hamsa", {"success": True, "data": {"calls": [{"id": "not-a-uuid"}]}}),
        ("hamsa", {"success": True, "data": {"calls": "nope"}}),
        ("hamsa", {"success": False, "message": "no"}),
        ("pathors", {"sessions": {"not": "a list"}}),
        ("pathors", "text"),
        ("pathors", {"sessions": [{"startTime": "2026-01-01T00:00:00Z"}]}),
    ],
)
def test_a_page_that_does_not_parse_is_an_unexpected_response_error(
    vendor: str, body: object
) -> None:
    scripted = ScriptedVendor(vendor, [httpx.Response(200, json=body)])
    with _client(scripted) as client, pytest.raises(UnexpectedResponseError) as raised:
        list(client.live_sessions(vendor, project_id=_project(vendor)))
    assert raised.value.vendor == vendor


def test_a_page_that_is_not_json_is_an_unexpected_response_error() -> None:
    scripted = ScriptedVendor("hamsa", [httpx.Response(200, text="<html>gateway</html>")])
    with _client(scripted) as client, pytest.raises(UnexpectedResponseError):
        list(client.live_sessions("hamsa"))


@pytest.mark.parametrize(
    ("vendor", "project_id", "words"),
    [
        ("pathors", None, "pass project_id"),
        ("hamsa", PROJECT, "applies to pathors only"),
        ("liveavatar", PROJECT, "applies to pathors only"),
        ("vectorshift", None, "cannot be listed or swept"),
        ("nobody", None, "unknown vendor"),
    ],
)
def test_live_sessions_refuses_bad_arguments_before_any_request(
    vendor: str, project_id: str | None, words: str
) -> None:
    scripted = ScriptedVendor(None, [httpx.Response(500)])
    with _client(scripted) as client, pytest.raises(InvalidArgument, match=words):
        client.live_sessions(vendor, project_id=project_id)
    assert scripted.requests == []


def test_live_sessions_refuses_a_negative_age_before_any_request() -> None:
    scripted = ScriptedVendor(None, [httpx.Response(500)])
    with _client(scripted) as client, pytest.raises(InvalidArgument, match="older_than"):
        client.live_sessions("hamsa", older_than=timedelta(seconds=-1))
    assert scripted.requests == []


@pytest.mark.parametrize(
    ("vendor", "body"),
    [
        ("liveavatar", {"code": 100, "data": {}, "message": "ok"}),
        ("liveavatar", {"code": 100, "message": "ok"}),
        ("hamsa", {"success": True, "data": {"total": 0, "filtered": 0, "calls": []}}),
        ("pathors", {}),
        ("pathors", []),
    ],
)
def test_an_empty_page_is_no_sessions_and_the_last_page(vendor: str, body: object) -> None:
    scripted = ScriptedVendor(vendor, [httpx.Response(200, json=body)])
    with _client(scripted) as client:
        assert list(client.live_sessions(vendor, project_id=_project(vendor))) == []
    assert len(scripted.requests) == 1
