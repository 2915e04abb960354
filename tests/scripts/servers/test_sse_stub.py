"""The SSE stub answers VectorShift's run as the spec says, and refuses what breaks the spec."""

from __future__ import annotations

import json

import httpx
import pytest

from scripts.servers.sse_stub import (
    Answer,
    answer,
    reply_text,
    running_sse_stub,
    stream_answer,
    violations,
)
from scripts.spec.openapi_validation import spec_base_url, validate_stream_event

AUTH = {"Authorization": "Bearer vs-key", "Content-Type": "application/json"}


def events_of(reply: Answer) -> list[dict[str, object]]:
    """The JSON of each `data:` line of an SSE answer, in order."""
    text = b"".join(reply.pieces).decode()
    return [json.loads(line.removeprefix("data: ")) for line in text.split("\n\n") if line]


def run(
    body: object, headers: dict[str, str] | None = None, path: str = "/chatbot/bot-1/run"
) -> Answer:
    return answer("POST", path, AUTH if headers is None else headers, json.dumps(body).encode())


def test_a_streamed_run_sends_word_chunks_then_a_final_event_whose_output_is_their_text() -> None:
    reply = run({"text": "hi there", "stream": True})
    events = events_of(reply)
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "text/event-stream"
    chunks, final = events[:-1], events[-1]
    assert all(chunk["type"] == "stream" for chunk in chunks)
    assert "".join(str(chunk["output_value"]) for chunk in chunks) == reply_text("hi there")
    assert final["status"] == "success"
    assert final["output_message"] == reply_text("hi there")
    assert str(final["conversation_id"]).startswith("conversation-")


def test_every_streamed_event_conforms_to_the_specs_chatbot_stream_event() -> None:
    request = httpx.Request("POST", spec_base_url("vectorshift") + "/chatbot/b/run")
    for event in events_of(run({"text": "check me", "stream": True})):
        validate_stream_event("vectorshift", request, 200, json.dumps(event))


def test_the_event_check_refuses_an_event_the_spec_does_not_allow() -> None:
    request = httpx.Request("POST", spec_base_url("vectorshift") + "/chatbot/b/run")
    with pytest.raises(Exception, match="InvalidData"):
        validate_stream_event("vectorshift", request, 200, json.dumps({"type": "stream"}))


def test_a_given_conversation_id_comes_back_in_the_final_event() -> None:
    events = events_of(run({"text": "again", "stream": True, "conversation_id": "conv-7"}))
    assert events[-1]["conversation_id"] == "conv-7"


def test_a_run_without_stream_gets_one_json_chatbot_run_response() -> None:
    reply = run({"text": "plain", "conversation_id": "conv-1"})
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "application/json"
    assert json.loads(reply.pieces[0]) == {
        "status": "success",
        "conversation_id": "conv-1",
        "output_message": reply_text("plain"),
        "follow_up_questions": ["What else can the stand-in do?"],
    }


def test_a_body_that_breaks_the_spec_gets_400_with_prisms_violations_header() -> None:
    reply = run({"text": "hi", "stream": "yes"})
    found = json.loads(reply.headers["sl-violations"])
    assert reply.status == 400
    assert found == [
        {
            "location": ["request", "body", "stream"],
            "severity": "Error",
            "code": "type",
            "message": "'yes' is not of type 'boolean'",
        }
    ]
    assert json.loads(reply.pieces[0]) == {"status": "failed", "error": found[0]["message"]}


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({"Content-Type": "application/json"}, "Missing authorization header"),
        (
            {"Authorization": "Token vs-key", "Content-Type": "application/json"},
            "Invalid authorization header format",
        ),
    ],
    ids=["no credentials", "another scheme"],
)
def test_missing_or_wrong_credentials_get_the_specs_401(
    headers: dict[str, str], reason: str
) -> None:
    reply = run({"text": "hi", "stream": True}, headers)
    assert reply.status == 401
    assert json.loads(reply.pieces[0]) == {"error": reason}


def test_other_paths_are_left_to_prism_with_a_404_and_other_methods_get_405() -> None:
    assert run({"pipeline_run_id": "r"}, path="/chatbot/bot-1/terminate").status == 404
    assert answer("GET", "/chatbot/bot-1/run", AUTH, b"").status == 405


def test_a_complaint_without_schema_errors_still_reads_as_one_violation() -> None:
    assert violations(ValueError("odd")) == [
        {"location": ["request"], "severity": "Error", "code": "ValueError", "message": "odd"}
    ]


def test_stream_answer_refuses_to_send_an_event_that_breaks_the_spec(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        "scripts.servers.sse_stub._final", lambda text, conversation: {"status": "done"}
    )
    request = httpx.Request("POST", spec_base_url("vectorshift") + "/chatbot/b/run")
    with pytest.raises(Exception, match="InvalidData"):
        stream_answer(request, "x", "conv")


def test_the_stub_streams_over_http_from_its_own_process() -> None:
    with running_sse_stub() as base_url, httpx.Client(base_url=base_url) as client:
        assert base_url.startswith("http://127.0.0.1:")
        body = {"text": "over the wire", "stream": True}
        with client.stream("POST", "/chatbot/b/run", json=body, headers=AUTH) as response:
            lines = [line for line in response.iter_lines() if line.startswith("data: ")]
    assert response.headers["content-type"] == "text/event-stream"
    assert json.loads(lines[-1].removeprefix("data: "))["output_message"] == reply_text(
        "over the wire"
    )
