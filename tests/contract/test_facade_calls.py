"""Every facade call, sync and async, is a request Prism finds valid, and its 2xx reads right.

Each call goes through a strict Referee: a request Prism finds invalid fails the test with
Prism's ``sl-violations`` text. The facade's result is compared with the body Prism sent, and
the request with the spec operation the call stands for.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from hangup import AsyncHangup, ChatReply, Ended, LiveSession, Terminated
from hangup._registry import names as vendor_names
from tests.contract.facade import (
    CLIENT_KINDS,
    FACADE_CASES,
    HAMSA_CONVERSATION,
    KEYS,
    SESSION_TOKEN,
    FacadeCase,
    async_facade_client,
    facade_client,
    facade_operations,
    first_case,
    referee_for,
    run_case,
    wire_path,
)
from tests.contract.referee import PrismViolation
from tests.contract.referee_transport import AsyncReferee, Exchange, Referee
from tests.generated.calling import documented

pytestmark = pytest.mark.contract

KINDS = CLIENT_KINDS
DEFAULT_REASON = "USER_CLOSED"


def check_result(case: FacadeCase, result: Any, exchange: Exchange) -> None:
    """The facade's result says what the vendor's (Prism's) 2xx body says."""
    body = exchange.json()
    if case.method == "end":
        assert isinstance(result, Ended)
        assert (str(result.ref), result.vendor) == (case.args[0], case.vendor)
        assert result.confirmed is True
        assert result.already_gone is False
        assert result.status_code == exchange.status_code
        assert result.raw == body
    elif case.method == "vectorshift.run":
        assert result == ChatReply(
            output=body["output_message"],
            conversation_id=body["conversation_id"],
            follow_up_questions=tuple(body.get("follow_up_questions", ())),
        )
    elif case.method == "live_sessions":
        # Prism's page is its example (or an empty object): whatever it lists, each is read
        # into a LiveSession of the vendor; nothing else comes back.
        assert isinstance(result, list)
        assert all(isinstance(live, LiveSession) for live in result)
        assert {live.vendor for live in result} <= {case.vendor}
    elif case.method == "liveavatar.keep_alive":
        assert result is None
        assert 200 <= exchange.status_code < 300
    else:
        assert case.method == "pathors.terminate"
        assert isinstance(result, Terminated)
        assert result.confirmed is True
        assert result.session_type == body["sessionType"]
        assert (result.session_id, result.phone_number) == (
            case.kwargs.get("session_id"),
            case.kwargs.get("phone_number"),
        )
        assert result.raw == body


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", FACADE_CASES, ids=lambda case: case.name)
def test_each_facade_call_is_one_valid_request_for_its_operation_and_reads_the_2xx(
    mock_base_urls: dict[str, str], kind: str, case: FacadeCase
) -> None:
    referee = referee_for(kind)
    result = run_case(kind, case, mock_base_urls, referee)
    if case.method == "live_sessions":  # a list call sends one request per page, each checked
        exchanges = referee.exchanges
        assert 1 <= len(exchanges) <= 3  # Prism's example page is the same for every page
    else:
        exchanges = [exchange] = referee.exchanges
    operation = documented(case.vendor, case.operation_id)
    for exchange in exchanges:
        assert exchange.request.method == operation.method.upper()
        assert wire_path(operation).match(exchange.request.url.path), exchange.request.url
        assert 200 <= exchange.status_code < 300
    check_result(case, result, exchanges[-1])


def sent_json(exchange: Exchange) -> Any:
    content = exchange.request.content
    return json.loads(content) if content else None


@pytest.mark.parametrize(
    "case",
    [case for case in FACADE_CASES if case.method != "end" or case.vendor == "liveavatar"],
    ids=lambda case: case.name,
)
def test_each_option_reaches_the_wire_as_the_spec_names_it(
    mock_base_urls: dict[str, str], case: FacadeCase
) -> None:
    referee = referee_for("sync")
    run_case("sync", case, mock_base_urls, referee)
    sent = sent_json(referee.exchanges[0])
    options = {k: v for k, v in case.kwargs.items() if k != "session_token"}
    query = referee.exchanges[0].request.url.params
    if case.method == "live_sessions":
        assert sent is None
        assert query["page"] == "1"
        live_filter = {
            "liveavatar": [("type", "active"), ("page_size", "100")],
            "hamsa": [("status", "PENDING"), ("status", "IN_PROGRESS"), ("perPage", "200")],
            "pathors": [("pageSize", "100")],
        }[case.vendor]
        assert all(pair in query.multi_items() for pair in live_filter)
        if "project_id" in options:
            assert f"/projects/{options['project_id']}/" in referee.exchanges[0].request.url.path
    elif case.method == "liveavatar.keep_alive":
        assert sent == {"session_id": case.args[0].removeprefix("liveavatar:")}
    elif case.vendor == "liveavatar":
        assert sent["reason"] == options.get("reason", DEFAULT_REASON)
        assert sent["session_id"] == case.args[0].removeprefix("liveavatar:")
    elif case.method == "vectorshift.run":
        assert sent == {"text": case.args[1], "stream": False, **options}
    else:
        assert sent == options  # pathors terminate: exactly the fields given


def test_a_liveavatar_session_token_replaces_the_account_key_on_the_wire(
    mock_base_urls: dict[str, str],
) -> None:
    case = next(case for case in FACADE_CASES if "session_token" in case.kwargs)
    referee = referee_for("sync")
    run_case("sync", case, mock_base_urls, referee)
    headers = referee.exchanges[0].request.headers
    assert headers["authorization"] == f"Bearer {SESSION_TOKEN}"
    assert "x-api-key" not in headers
    assert KEYS["liveavatar"] not in str(headers.raw)


def test_a_facade_request_prism_finds_invalid_fails_with_prisms_words(
    mock_base_urls: dict[str, str],
) -> None:
    """The referee can fail: here the request is spoilt on its way, after the facade's checks."""
    case = next(case for case in FACADE_CASES if case.vendor == "hamsa")

    def spoil(request: httpx.Request) -> None:
        request.url = request.url.copy_with(path=request.url.path.replace(HAMSA_CONVERSATION, "x"))

    with pytest.raises(PrismViolation, match='conversationid must match format "uuid"'):
        run_case("sync", case, mock_base_urls, Referee(rewrite=spoil))


def test_every_operation_the_facade_calls_has_a_case_here() -> None:
    covered = {(case.vendor, case.operation_id) for case in FACADE_CASES}
    listed = {(o.vendor, o.operation_id) for o in facade_operations()}
    assert listed <= covered, f"no facade case for {sorted(listed - covered)}"
    assert covered <= listed, f"cases for operations not listed: {sorted(covered - listed)}"


END_REFS = [first_case(o).args[0] for o in facade_operations() if first_case(o).method == "end"]


def test_end_many_ends_one_session_per_vendor_in_order(mock_base_urls: dict[str, str]) -> None:
    referee = Referee()
    with facade_client(mock_base_urls, referee) as client:
        outcomes = client.end_many(END_REFS * 3, concurrency=4)
    assert [str(o.ref) for o in outcomes if isinstance(o, Ended)] == END_REFS * 3
    assert all(isinstance(o, Ended) and o.confirmed for o in outcomes)
    assert len(referee.exchanges) == len(END_REFS) * 3


def test_async_end_many_ends_one_session_per_vendor_in_order(
    mock_base_urls: dict[str, str],
) -> None:
    referee = AsyncReferee()

    async def end_all() -> list[Any]:
        async with async_facade_client(mock_base_urls, referee) as client:
            return await client.end_many(END_REFS * 3, concurrency=4)

    outcomes = asyncio.run(end_all())
    assert [str(o.ref) for o in outcomes if isinstance(o, Ended)] == END_REFS * 3
    assert all(isinstance(o, Ended) and o.confirmed for o in outcomes)
    assert len(referee.exchanges) == len(END_REFS) * 3


def test_async_hangup_with_no_transport_at_all_ends_every_vendor_validly(
    mock_base_urls: dict[str, str],
) -> None:
    """The default path itself (aiohttp, plain end calls straight to it: hangup._direct).

    No referee can sit on that path, so Prism's own validation judges it: an invalid request
    gets Prism's 422, which would be InvalidRequestError here, not Ended.
    """

    async def end_all() -> list[Any]:
        async with AsyncHangup(api_keys=KEYS, base_urls=mock_base_urls, env={}) as client:
            return await client.end_many(END_REFS, concurrency=4)

    outcomes = asyncio.run(end_all())
    assert [str(o.ref) for o in outcomes if isinstance(o, Ended)] == END_REFS
    assert {o.vendor for o in outcomes if isinstance(o, Ended)} == set(vendor_names())
