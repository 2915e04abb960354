"""Every end request the facade sends is valid per the vendor's spec and carries the right auth."""

from __future__ import annotations

import json
from urllib.parse import unquote

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hangup import Ended, InvalidArgument, SessionRef
from tests.hangup.fakes import (
    KEYS,
    REFS,
    SESSION_TOKEN,
    UUID,
    VENDORS,
    Vendor,
    async_client,
    ok,
    sync_client,
)


@pytest.mark.parametrize("vendor", VENDORS)
def test_end_sends_a_spec_valid_request_and_reads_the_documented_success(vendor: str) -> None:
    fake = Vendor(vendor, [ok(vendor)])
    with sync_client(fake) as client:
        result = client.end(REFS[vendor])
    assert result == Ended(
        ref=SessionRef.parse(REFS[vendor]),
        vendor=vendor,
        confirmed=True,
        message=result.message,
        status_code=200,
        raw=json.loads(ok(vendor).content),
    )
    assert len(fake.requests) == 1


@pytest.mark.asyncio
@pytest.mark.parametrize("vendor", VENDORS)
async def test_async_end_sends_the_same_spec_valid_request(vendor: str) -> None:
    fake = Vendor(vendor, [ok(vendor)])
    async with async_client(fake) as client:
        result = await client.end(SessionRef.parse(REFS[vendor]))
    assert result.confirmed
    assert result.vendor == vendor


def test_vectorshift_terminate_posts_the_pipeline_run_id_as_json_with_bearer_auth() -> None:
    fake = Vendor("vectorshift", [ok("vectorshift")])
    with sync_client(fake) as client:
        client.end("vectorshift:bot_1/run_1")
    (request,) = fake.requests
    assert (request.method, request.url.path) == ("POST", "/v1/chatbot/bot_1/terminate")
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == {"pipeline_run_id": "run_1"}
    assert request.headers["authorization"] == f"Bearer {KEYS['vectorshift']}"


def test_pathors_end_deletes_on_the_current_v1_path_never_the_legacy_one() -> None:
    fake = Vendor("pathors", [ok("pathors")])
    with sync_client(fake) as client:
        client.end("pathors:proj_1/sess_1")
    (request,) = fake.requests
    assert (request.method, str(request.url)) == (
        "DELETE",
        "https://api.pathors.com/v1/projects/proj_1/sessions",
    )
    assert json.loads(request.content) == {"session_id": "sess_1"}
    assert request.headers["authorization"] == f"Bearer {KEYS['pathors']}"


def test_hamsa_terminate_is_a_get_with_token_auth() -> None:
    fake = Vendor("hamsa", [ok("hamsa")])
    with sync_client(fake) as client:
        client.end(REFS["hamsa"])
    (request,) = fake.requests
    assert request.method == "GET"
    assert request.url.path == f"/v1/voice-agents/conversation/{UUID}/terminate"
    assert request.headers["authorization"] == f"Token {KEYS['hamsa']}"


def test_liveavatar_stop_sends_the_account_key_and_user_closed_by_default() -> None:
    fake = Vendor("liveavatar", [ok("liveavatar")])
    with sync_client(fake) as client:
        client.end(REFS["liveavatar"])
    (request,) = fake.requests
    assert json.loads(request.content) == {"session_id": UUID, "reason": "USER_CLOSED"}
    assert request.headers["x-api-key"] == KEYS["liveavatar"]
    assert "authorization" not in request.headers


@pytest.mark.parametrize(
    "reason", ["USER_DISCONNECTED", "IDLE_TIMEOUT", "AGENT_HANG_UP", "UNKNOWN"]
)
def test_liveavatar_stop_sends_the_reason_given(reason: str) -> None:
    fake = Vendor("liveavatar", [ok("liveavatar")])
    with sync_client(fake) as client:
        client.end(REFS["liveavatar"], reason=reason)
    assert json.loads(fake.requests[0].content)["reason"] == reason


def test_liveavatar_session_token_replaces_the_account_key() -> None:
    fake = Vendor("liveavatar", [ok("liveavatar")])
    with sync_client(fake) as client:
        client.end(REFS["liveavatar"], session_token=SESSION_TOKEN, reason="USER_DISCONNECTED")
    (request,) = fake.requests
    assert request.headers["authorization"] == f"Bearer {SESSION_TOKEN}"
    assert "x-api-key" not in request.headers


def test_liveavatar_session_token_works_without_any_account_key() -> None:
    fake = Vendor("liveavatar", [ok("liveavatar")])
    with sync_client(fake, api_keys={}) as client:
        assert client.end(REFS["liveavatar"], session_token=SESSION_TOKEN).confirmed


@pytest.mark.asyncio
async def test_async_liveavatar_session_token_replaces_the_account_key() -> None:
    fake = Vendor("liveavatar", [ok("liveavatar")])
    async with async_client(fake) as client:
        await client.end(REFS["liveavatar"], session_token=SESSION_TOKEN)
    assert fake.requests[0].headers["authorization"] == f"Bearer {SESSION_TOKEN}"
    assert "x-api-key" not in fake.requests[0].headers


def test_an_unknown_liveavatar_reason_is_refused_before_sending_with_the_allowed_list() -> None:
    fake = Vendor("liveavatar", [ok("liveavatar")])
    with sync_client(fake) as client, pytest.raises(InvalidArgument) as caught:
        client.end(REFS["liveavatar"], reason="DISPATCH_FAILED")
    assert "DISPATCH_FAILED" in str(caught.value)
    assert "USER_CLOSED" in str(caught.value)
    assert fake.requests == []


@pytest.mark.parametrize("token", ["", "two words", "line\nbreak"])
def test_a_malformed_session_token_is_refused_before_sending(token: str) -> None:
    fake = Vendor("liveavatar", [ok("liveavatar")])
    with sync_client(fake) as client, pytest.raises(InvalidArgument, match="session_token"):
        client.end(REFS["liveavatar"], session_token=token)
    assert fake.requests == []


@pytest.mark.parametrize("vendor", ["vectorshift", "pathors", "hamsa"])
@pytest.mark.parametrize(
    "options", [{"reason": "USER_CLOSED"}, {"session_token": "token-123"}], ids=["reason", "token"]
)
def test_liveavatar_only_options_are_refused_for_other_vendors(
    vendor: str, options: dict[str, str]
) -> None:
    fake = Vendor(vendor, [ok(vendor)])
    with sync_client(fake) as client, pytest.raises(InvalidArgument, match="liveavatar"):
        client.end(REFS[vendor], **options)  # type: ignore[arg-type]
    assert fake.requests == []


pieces = st.sampled_from(["../", "/", "?", "#", "%", ":", "%2F", "..", " ", "&", "=", "a", "é"])
ids = (
    st.lists(st.one_of(pieces, st.characters(min_codepoint=0x21, max_codepoint=0x7E)), min_size=1)
    .map("".join)
    .filter(lambda s: s == s.strip() and s not in (".", ".."))
)


@settings(max_examples=60, deadline=None)
@given(scope=ids, session=ids)
def test_no_session_id_can_change_the_request_path(scope: str, session: str) -> None:
    for vendor in ("vectorshift", "pathors"):
        fake = Vendor(vendor, [ok(vendor)], validate=False)
        with sync_client(fake) as client:
            client.end(SessionRef(vendor=vendor, scope=scope, session_id=session))
        url = fake.requests[0].url
        assert url.query == b""
        assert url.fragment == ""
        segments = url.raw_path.decode().split("/")
        prefix = ["", "v1", "chatbot"] if vendor == "vectorshift" else ["", "v1", "projects"]
        assert segments[:3] == prefix
        assert unquote(segments[3]) == scope  # the whole id, in one path segment
        assert segments[4:] == (["terminate"] if vendor == "vectorshift" else ["sessions"])


def test_a_ref_with_crlf_never_reaches_the_wire() -> None:
    fake = Vendor("pathors", [ok("pathors")])
    with sync_client(fake) as client:
        outcome = client.end_many(["pathors:proj/a%0D%0AX-Evil: 1"])
    assert type(outcome[0]).__name__ == "InvalidSessionRef"
    assert fake.requests == []


def test_the_key_rides_in_auth_not_in_the_pooled_clients_default_headers() -> None:
    fake = Vendor("hamsa", [ok("hamsa")])
    with sync_client(fake) as client:
        client.end(REFS["hamsa"])
        http = client._connection("hamsa").http
        assert "authorization" not in http.headers
        assert isinstance(http.auth, httpx.Auth)
        assert KEYS["hamsa"] not in repr(http.auth)
