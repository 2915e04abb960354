"""The referee can fail: Prism rejects requests that break a vendor's spec, in words we show.

If Prism let everything through, every other contract test would pass for nothing. Here each
mock gets one request that breaks its spec, sent raw through the generated client's own httpx
client (the typed models would refuse to build most of them), and must be rejected with the
violation named.
"""

from __future__ import annotations

import json

import httpx
import pytest

from tests.contract.referee import (
    PrismViolation,
    call_operation,
    describe,
    mock_client,
    raise_on_violations,
)
from tests.generated.clients import MULTIPART

STOP_URL = "http://127.0.0.1:1/v1/sessions/stop"
SESSION_ID_VIOLATION = {
    "location": ["request", "body", "session_id"],
    "severity": "Error",
    "code": "format",
    "message": 'Request body property session_id must match format "uuid"',
}

# vendor, method, path, JSON body, what Prism must say
BROKEN_REQUESTS = [
    pytest.param(
        "liveavatar",
        "POST",
        "/v1/sessions/stop",
        {"session_id": "not-a-uuid"},
        'session_id must match format "uuid"',
        id="liveavatar session_id not a uuid",
    ),
    pytest.param(
        "liveavatar",
        "POST",
        "/v1/sessions/stop",
        {"session_id": "6a74f11e-1508-4fa6-8a88-d52e683b5dc6", "reason": "BORED"},
        "reason must be equal to one of the allowed values",
        id="liveavatar reason not in its enum",
    ),
    pytest.param(
        "vectorshift",
        "POST",
        "/chatbot/bot-1/terminate",
        {},
        "must have required property 'pipeline_run_id'",
        id="vectorshift terminate without pipeline_run_id",
    ),
    pytest.param(
        "vectorshift",
        "POST",
        "/chatbot/bot-1/run",
        {"text": "hi", "stream": "yes"},
        "stream must be boolean",
        id="vectorshift run with a string for stream",
    ),
    pytest.param(
        "pathors",
        "DELETE",
        "/v1/projects/proj-1/sessions",
        {},
        "must have required property 'session_id'",
        id="pathors end without session_id",
    ),
    pytest.param(
        "hamsa",
        "GET",
        "/v1/voice-agents/conversation/not-a-uuid/terminate",
        None,
        'conversationid must match format "uuid"',
        id="hamsa conversation id not a uuid",
    ),
]


@pytest.mark.contract
@pytest.mark.parametrize(("vendor", "method", "path", "body", "says"), BROKEN_REQUESTS)
def test_prism_rejects_a_request_that_breaks_the_spec_and_says_why(
    mock_base_urls: dict[str, str],
    vendor: str,
    method: str,
    path: str,
    body: object,
    says: str,
) -> None:
    raw = mock_client(vendor, mock_base_urls[vendor]).get_httpx_client()
    with pytest.raises(PrismViolation, match=says) as rejected:
        raw.request(method, path, json=body)
    assert 400 <= rejected.value.status_code < 500
    assert f"{method} {path}" in str(rejected.value)


@pytest.mark.contract
def test_prism_reads_multipart_object_parts_as_strings_so_the_suite_leaves_them_out(
    mock_base_urls: dict[str, str],
) -> None:
    """Pins the Prism limitation behind call_operation's object_parts: when this fails, Prism
    has learnt JSON parts and the carve-out can go."""
    client = mock_client("vectorshift", mock_base_urls["vectorshift"])
    with pytest.raises(PrismViolation, match="filter must be object"):
        call_operation("vectorshift", "run_chatbot", MULTIPART, client, object_parts=True)


def test_a_violation_reads_as_prisms_own_words() -> None:
    response = httpx.Response(
        422,
        headers={"sl-violations": json.dumps([SESSION_ID_VIOLATION])},
        request=httpx.Request("POST", STOP_URL),
    )
    with pytest.raises(PrismViolation) as rejected:
        raise_on_violations(response)
    assert str(rejected.value) == (
        "Prism rejected POST /v1/sessions/stop with 422:\n"
        '  - request.body.session_id: Request body property session_id must match format "uuid"'
        " (format)"
    )


def test_a_violations_header_not_in_prisms_shape_is_shown_as_it_came() -> None:
    assert describe("not json") == "  not json"
