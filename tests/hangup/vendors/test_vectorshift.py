"""VectorShift run and stream: spec-valid requests, replies and chunks, and faults handled right."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from hangup import (
    ChatChunk,
    ChatFailed,
    ChatReply,
    InvalidArgument,
    ServerError,
    TransportError,
    UnexpectedResponseError,
)
from tests.hangup.fakes import KEYS, Vendor, async_client, sync_client

REPLY = {
    "status": "success",
    "conversation_id": "conv_1",
    "output_message": "Hello there",
    "follow_up_questions": ["More?"],
}
SSE = {"content-type": "text/event-stream"}


def events(*payloads: object) -> bytes:
    return b"".join(f"data: {json.dumps(p)}\n\n".encode() for p in payloads)


def sse(*payloads: object) -> httpx.Response:
    return httpx.Response(200, headers=SSE, content=events(*payloads))


CHUNKS = [{"type": "stream", "output_value": "Hel"}, {"type": "stream", "output_value": "lo"}]
FINAL = {"status": "success", "conversation_id": "conv_1", "output_message": "Hello"}


def test_run_sends_a_spec_valid_request_and_returns_the_reply() -> None:
    fake = Vendor("vectorshift", [httpx.Response(200, json=REPLY)])
    with sync_client(fake) as client:
        reply = client.vectorshift.run("bot_1", "Hi", conversation_id="conv_0")
    assert reply == ChatReply("Hello there", "conv_1", ("More?",))
    (request,) = fake.requests
    assert request.url.path == "/v1/chatbot/bot_1/run"
    assert json.loads(request.content) == {
        "text": "Hi",
        "conversation_id": "conv_0",
        "stream": False,
    }
    assert request.headers["authorization"] == f"Bearer {KEYS['vectorshift']}"


@pytest.mark.asyncio
async def test_async_run_sends_the_same_request_and_returns_the_reply() -> None:
    fake = Vendor("vectorshift", [httpx.Response(200, json=REPLY)])
    async with async_client(fake) as client:
        reply = await client.vectorshift.run("bot_1", "Hi")
    assert reply.output == "Hello there"
    assert json.loads(fake.requests[0].content) == {"text": "Hi", "stream": False}


def test_run_status_failed_raises_chat_failed() -> None:
    body = {"status": "failed", "conversation_id": "c", "output_message": "", "error": "no tokens"}
    fake = Vendor("vectorshift", [httpx.Response(200, json=body)])
    with sync_client(fake) as client, pytest.raises(ChatFailed, match="no tokens"):
        client.vectorshift.run("bot_1", "Hi")


def test_run_tolerates_a_status_the_spec_does_not_list() -> None:
    fake = Vendor("vectorshift", [httpx.Response(200, json={**REPLY, "status": "partial"})])
    with sync_client(fake) as client:
        assert client.vectorshift.run("bot_1", "Hi").output == "Hello there"


@pytest.mark.parametrize(
    "body", [{"status": "success"}, {**REPLY, "follow_up_questions": [1]}, [REPLY]]
)
def test_run_with_a_wrong_shape_raises_unexpected_response_error(body: object) -> None:
    fake = Vendor("vectorshift", [httpx.Response(200, json=body)])
    with sync_client(fake) as client, pytest.raises(UnexpectedResponseError):
        client.vectorshift.run("bot_1", "Hi")


def test_run_is_retried_on_429_and_on_a_refused_connection() -> None:
    fake = Vendor(
        "vectorshift",
        [httpx.Response(429), httpx.ConnectError("refused"), httpx.Response(200, json=REPLY)],
    )
    with sync_client(fake) as client:
        assert client.vectorshift.run("bot_1", "Hi").output == "Hello there"
    assert len(fake.requests) == 3


@pytest.mark.parametrize(
    "fault", [httpx.Response(500, json={"status": "failed", "error": "x"}), httpx.ReadTimeout("t")]
)
def test_run_is_not_retried_when_the_vendor_may_have_acted(fault: object) -> None:
    fake = Vendor("vectorshift", [fault, httpx.Response(200, json=REPLY)])  # type: ignore[list-item]
    with sync_client(fake) as client, pytest.raises((ServerError, TransportError)):
        client.vectorshift.run("bot_1", "Hi")
    assert len(fake.requests) == 1


@pytest.mark.parametrize(
    ("chatbot_id", "text"), [("", "Hi"), ("..", "Hi"), ("bot\n", "Hi"), ("bot", ""), ("bot", "  ")]
)
def test_bad_run_arguments_are_refused_before_sending(chatbot_id: str, text: str) -> None:
    fake = Vendor("vectorshift", [httpx.Response(200, json=REPLY)])
    with sync_client(fake) as client, pytest.raises(InvalidArgument):
        client.vectorshift.run(chatbot_id, text)
    assert fake.requests == []


def test_stream_yields_chunks_then_the_final_reply() -> None:
    fake = Vendor("vectorshift", [sse(*CHUNKS, FINAL)])
    with sync_client(fake) as client:
        pieces = list(client.vectorshift.stream("bot_1", "Hi", conversation_id="conv_0"))
    assert pieces == [ChatChunk("Hel"), ChatChunk("lo"), ChatReply("Hello", "conv_1", ())]
    (request,) = fake.requests
    assert json.loads(request.content) == {
        "text": "Hi",
        "conversation_id": "conv_0",
        "stream": True,
    }
    assert request.headers["accept"] == "text/event-stream"


@pytest.mark.asyncio
async def test_async_stream_yields_chunks_then_the_final_reply() -> None:
    fake = Vendor("vectorshift", [sse(*CHUNKS, FINAL)])
    async with async_client(fake) as client:
        pieces = [piece async for piece in client.vectorshift.stream("bot_1", "Hi")]
    assert pieces == [ChatChunk("Hel"), ChatChunk("lo"), ChatReply("Hello", "conv_1", ())]


def test_a_final_event_without_output_gets_the_chunks_joined() -> None:
    fake = Vendor("vectorshift", [sse(*CHUNKS, {"status": "success", "conversation_id": "c"})])
    with sync_client(fake) as client:
        *_, reply = client.vectorshift.stream("bot_1", "Hi")
    assert reply == ChatReply("Hello", "c", ())


def test_stream_skips_event_types_the_spec_does_not_list() -> None:
    odd = [{"type": "thinking", "output_value": "hmm"}, {"something": "else"}]
    fake = Vendor("vectorshift", [sse(CHUNKS[0], *odd, FINAL)])
    with sync_client(fake) as client:
        pieces = list(client.vectorshift.stream("bot_1", "Hi"))
    assert pieces == [ChatChunk("Hel"), ChatReply("Hello", "conv_1", ())]


def test_a_failed_final_event_raises_chat_failed_after_the_chunks() -> None:
    fake = Vendor("vectorshift", [sse(CHUNKS[0], {"status": "failed", "error": "model down"})])
    pieces: list[object] = []
    with sync_client(fake) as client, pytest.raises(ChatFailed, match="model down"):
        pieces.extend(client.vectorshift.stream("bot_1", "Hi"))
    assert pieces == [ChatChunk("Hel")]


@pytest.mark.parametrize(
    "content",
    [events(*CHUNKS), b"data: {not json\n\n", b'data: ["a list"]\n\n'],
    ids=["no-final-event", "not-json", "not-an-object"],
)
def test_a_broken_stream_raises_unexpected_response_error(content: bytes) -> None:
    fake = Vendor("vectorshift", [httpx.Response(200, headers=SSE, content=content)])
    with sync_client(fake) as client, pytest.raises(UnexpectedResponseError):
        list(client.vectorshift.stream("bot_1", "Hi"))


def test_a_json_answer_to_a_stream_request_becomes_one_reply() -> None:
    fake = Vendor("vectorshift", [httpx.Response(200, json=REPLY)])
    with sync_client(fake) as client:
        assert list(client.vectorshift.stream("bot_1", "Hi")) == [
            ChatReply("Hello there", "conv_1", ("More?",))
        ]


def test_stream_is_retried_before_its_first_byte() -> None:
    fake = Vendor("vectorshift", [httpx.Response(503), sse(*CHUNKS, FINAL)])
    with sync_client(fake) as client:
        assert len(list(client.vectorshift.stream("bot_1", "Hi"))) == 3
    assert len(fake.requests) == 2


class BreaksAfterFirstChunk(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body that delivers one event, then loses the connection."""

    def __iter__(self) -> Iterator[bytes]:
        yield events(CHUNKS[0])
        raise httpx.ReadError("connection reset")

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield events(CHUNKS[0])
        raise httpx.ReadError("connection reset")


def test_stream_is_not_retried_after_its_first_byte() -> None:
    broken = httpx.Response(200, headers=SSE, stream=BreaksAfterFirstChunk())
    fake = Vendor("vectorshift", [lambda request: broken])
    pieces: list[object] = []
    with sync_client(fake) as client, pytest.raises(TransportError, match="ReadError"):
        pieces.extend(client.vectorshift.stream("bot_1", "Hi"))
    assert pieces == [ChatChunk("Hel")]
    assert len(fake.requests) == 1


@pytest.mark.asyncio
async def test_async_stream_is_not_retried_after_its_first_byte() -> None:
    fake = Vendor(
        "vectorshift",
        [lambda request: httpx.Response(200, headers=SSE, stream=BreaksAfterFirstChunk())],
    )
    pieces: list[object] = []

    async def read_all(stream: AsyncIterator[object]) -> None:
        async for piece in stream:
            pieces.append(piece)

    async with async_client(fake) as client:
        with pytest.raises(TransportError):
            await read_all(client.vectorshift.stream("bot_1", "Hi"))
    assert pieces == [ChatChunk("Hel")]
    assert len(fake.requests) == 1


def test_a_stream_that_echoes_the_key_has_it_scrubbed() -> None:
    leaky = sse({"type": "stream", "output_value": f"key is {KEYS['vectorshift']}"}, FINAL)
    with sync_client(Vendor("vectorshift", [leaky])) as client:
        first = next(iter(client.vectorshift.stream("bot_1", "Hi")))
    assert first == ChatChunk("key is [redacted]")
