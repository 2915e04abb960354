"""Pathors terminate with each field, spec-valid; and each vendor's generated client via `.api`."""

from __future__ import annotations

import json
from uuid import UUID as as_uuid

import httpx
import pytest
from hamsa_client.api.conversations import terminate_conversation
from liveavatar_client.api.sessions import stop_session_v1_sessions_stop_post
from liveavatar_client.models import StopSessionSchema
from pathors_client.api.default import end_session
from pathors_client.models import EndSessionRequest
from vectorshift_client.api.default import terminate_chatbot_session
from vectorshift_client.models import TerminateChatbotSessionJsonBody

from hangup import EndFailed, InvalidArgument, ServerError, Terminated, UnexpectedResponseError
from tests.hangup.fakes import KEYS, UUID, Vendor, async_client, ok, sync_client

TERMINATED = {"success": True, "sessionType": "call"}


@pytest.mark.parametrize(
    "fields",
    [
        {"session_id": "sess_1"},
        {"phone_number": "+15550100"},
        {"session_id": "sess_1", "message": "Goodbye"},
        {"phone_number": "+15550100", "message": "Goodbye"},
        {"session_id": "sess_1", "phone_number": "+15550100", "message": "Goodbye"},
    ],
)
def test_terminate_sends_each_field_as_the_spec_says(fields: dict[str, str]) -> None:
    fake = Vendor("pathors", [httpx.Response(200, json=TERMINATED)])
    with sync_client(fake) as client:
        result = client.pathors.terminate("proj_1", **fields)
    (request,) = fake.requests
    assert (request.method, request.url.path) == ("POST", "/v1/projects/proj_1/sessions/terminate")
    assert json.loads(request.content) == fields
    assert request.headers["authorization"] == f"Bearer {KEYS['pathors']}"
    assert result == Terminated(
        vendor="pathors",
        project_id="proj_1",
        confirmed=True,
        session_type="call",
        session_id=fields.get("session_id"),
        phone_number=fields.get("phone_number"),
        status_code=200,
        raw=TERMINATED,
    )


@pytest.mark.asyncio
async def test_async_terminate_sends_the_same_request() -> None:
    fake = Vendor("pathors", [httpx.Response(200, json=TERMINATED)])
    async with async_client(fake) as client:
        result = await client.pathors.terminate("proj_1", phone_number="+15550100")
    assert result.session_type == "call"
    assert json.loads(fake.requests[0].content) == {"phone_number": "+15550100"}


def test_terminate_needs_a_session_or_a_phone_number_before_sending() -> None:
    fake = Vendor("pathors", [httpx.Response(200, json=TERMINATED)])
    with sync_client(fake) as client, pytest.raises(InvalidArgument, match="phone_number"):
        client.pathors.terminate("proj_1", message="bye")
    assert fake.requests == []


def test_terminate_success_false_raises_end_failed() -> None:
    fake = Vendor("pathors", [httpx.Response(200, json={"success": False, "sessionType": "call"})])
    with sync_client(fake) as client, pytest.raises(EndFailed) as caught:
        client.pathors.terminate("proj_1", session_id="sess_1")
    assert caught.value.ref == "pathors:proj_1/sess_1"


@pytest.mark.parametrize("body", [{"sessionType": "call"}, {"success": "yes"}, [TERMINATED]])
def test_terminate_answer_of_the_wrong_shape_is_unexpected(body: object) -> None:
    fake = Vendor("pathors", [httpx.Response(200, json=body)])
    with sync_client(fake) as client, pytest.raises(UnexpectedResponseError):
        client.pathors.terminate("proj_1", session_id="sess_1")


def test_terminate_is_retried_like_an_end_call() -> None:
    fake = Vendor("pathors", [httpx.Response(502), httpx.Response(200, json=TERMINATED)])
    with sync_client(fake) as client:
        assert client.pathors.terminate("proj_1", session_id="s").confirmed
    assert len(fake.requests) == 2


def test_terminate_errors_carry_the_vendors_message() -> None:
    fake = Vendor("pathors", [httpx.Response(500, json={"error": "telephony down"})])
    with sync_client(fake, max_retries=0) as client, pytest.raises(ServerError) as caught:
        client.pathors.terminate("proj_1", phone_number="+15550100")
    assert caught.value.message == "telephony down"
    assert caught.value.ref == "pathors:proj_1 phone +15550100"


def test_each_generated_client_behind_api_sends_spec_valid_authenticated_requests() -> None:
    steps = [ok("hamsa"), ok("liveavatar"), ok("pathors"), ok("vectorshift")]
    fakes = {
        vendor: Vendor(vendor, [step])
        for vendor, step in zip(
            ("hamsa", "liveavatar", "pathors", "vectorshift"), steps, strict=True
        )
    }

    def route(request: httpx.Request) -> httpx.Response:
        host = request.url.host
        vendor = next(v for v in fakes if v in host.replace("tryhamsa", "hamsa"))
        return fakes[vendor](request)

    with sync_client(Vendor(None, [route])) as client:
        hamsa = terminate_conversation.sync_detailed(as_uuid(UUID), client=client.hamsa.api)
        stop = stop_session_v1_sessions_stop_post.sync_detailed(
            client=client.liveavatar.api, body=StopSessionSchema(session_id=as_uuid(UUID))
        )
        end = end_session.sync_detailed(
            "proj_1", client=client.pathors.api, body=EndSessionRequest(session_id="s")
        )
        terminate = terminate_chatbot_session.sync_detailed(
            "bot_1",
            client=client.vectorshift.api,
            body=TerminateChatbotSessionJsonBody(pipeline_run_id="run_1"),
        )
    assert [r.status_code for r in (hamsa, stop, end, terminate)] == [200] * 4
    assert fakes["hamsa"].requests[0].headers["authorization"] == f"Token {KEYS['hamsa']}"
    assert fakes["liveavatar"].requests[0].headers["x-api-key"] == KEYS["liveavatar"]
    assert fakes["pathors"].requests[0].headers["authorization"] == f"Bearer {KEYS['pathors']}"
    assert fakes["vectorshift"].requests[0].headers["authorization"] == (
        f"Bearer {KEYS['vectorshift']}"
    )


@pytest.mark.asyncio
async def test_the_async_clients_api_is_the_generated_client_on_the_async_pool() -> None:
    fake = Vendor("hamsa", [ok("hamsa")])
    async with async_client(fake) as client:
        answer = await terminate_conversation.asyncio_detailed(
            as_uuid(UUID), client=client.hamsa.api
        )
    assert answer.status_code == 200
    assert fake.requests[0].headers["authorization"] == f"Token {KEYS['hamsa']}"
