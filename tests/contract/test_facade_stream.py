"""VectorShift's streamed chat through the facade, against the SSE stub (Prism cannot stream it).

scripts/servers/sse_stub.py validates each request with openapi-core against the same effective spec
and answers with events it has checked against ChatbotStreamEvent; it reports violations in
Prism's ``sl-violations`` header, so the strict Referee fails a test with the stub's words.
The last test pins why the stub exists: when Prism learns to stream, it fails.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from hangup import AsyncHangup, AuthenticationError, ChatChunk, ChatReply, Hangup, ServerError
from scripts.servers.sse_stub import FOLLOW_UP, reply_text, running_sse_stub
from tests.contract.facade import KEYS
from tests.contract.referee import PrismViolation
from tests.contract.referee_transport import AsyncReferee, Referee, scheme

pytestmark = pytest.mark.contract

TEXT = "tell me more"


@pytest.fixture(scope="module")
def stub_url() -> Iterator[str]:
    with running_sse_stub() as base_url:
        yield base_url


def stream_sync(base_url: str, referee: Referee, **kwargs: Any) -> list[Any]:
    base_urls = {"vectorshift": base_url}
    with Hangup(api_keys=KEYS, base_urls=base_urls, transport=referee, env={}) as client:
        return list(client.vectorshift.stream("bot-1", TEXT, **kwargs))


def stream_async(base_url: str, referee: AsyncReferee, **kwargs: Any) -> list[Any]:
    async def collect() -> list[Any]:
        base_urls = {"vectorshift": base_url}
        async with AsyncHangup(
            api_keys=KEYS, base_urls=base_urls, transport=referee, env={}
        ) as client:
            return [piece async for piece in client.vectorshift.stream("bot-1", TEXT, **kwargs)]

    return asyncio.run(collect())


def check_pieces(pieces: list[Any], conversation_id: str | None) -> None:
    *chunks, reply = pieces
    assert chunks
    assert all(isinstance(chunk, ChatChunk) for chunk in chunks)
    assert isinstance(reply, ChatReply)
    assert "".join(chunk.text for chunk in chunks) == reply.output == reply_text(TEXT)
    assert reply.follow_up_questions == (FOLLOW_UP,)
    if conversation_id is not None:
        assert reply.conversation_id == conversation_id
    else:
        assert reply.conversation_id


@pytest.mark.parametrize("conversation_id", [None, "conv-7"], ids=["new", "continued"])
def test_stream_yields_chunks_then_the_reply_from_one_valid_streamed_request(
    stub_url: str, conversation_id: str | None
) -> None:
    referee = Referee()
    options = {} if conversation_id is None else {"conversation_id": conversation_id}
    check_pieces(stream_sync(stub_url, referee, **options), conversation_id)
    [exchange] = referee.exchanges
    assert (exchange.request.method, exchange.request.url.path) == ("POST", "/chatbot/bot-1/run")
    assert exchange.headers["content-type"] == "text/event-stream"
    assert exchange.request.headers["accept"] == "text/event-stream"


@pytest.mark.parametrize("conversation_id", [None, "conv-7"], ids=["new", "continued"])
def test_async_stream_yields_chunks_then_the_reply(
    stub_url: str, conversation_id: str | None
) -> None:
    referee = AsyncReferee()
    options = {} if conversation_id is None else {"conversation_id": conversation_id}
    check_pieces(stream_async(stub_url, referee, **options), conversation_id)
    assert len(referee.exchanges) == 1


def test_stream_with_credentials_under_another_scheme_is_authentication_error(
    stub_url: str,
) -> None:
    referee = Referee(rewrite=scheme("Token"), strict=False)
    with pytest.raises(AuthenticationError, match="Invalid authorization header format"):
        stream_sync(stub_url, referee)


def test_a_request_the_stub_finds_invalid_fails_with_its_violations(stub_url: str) -> None:
    with (
        httpx.Client(base_url=stub_url, transport=Referee()) as raw,
        pytest.raises(PrismViolation, match=r"request\.body\.stream: 'yes' is not of type"),
    ):
        raw.post(
            "/chatbot/bot-1/run",
            json={"text": "hi", "stream": "yes"},
            headers={"Authorization": "Bearer vs-key"},
        )


def test_prism_cannot_stream_vectorshifts_answer_which_is_why_the_stub_exists(
    mock_base_urls: dict[str, str],
) -> None:
    """When this fails, Prism serves text/event-stream with validation on: drop the stub."""
    referee = Referee()
    with pytest.raises(ServerError):
        stream_sync(mock_base_urls["vectorshift"], referee)
    [exchange] = referee.exchanges
    assert exchange.status_code == 500
    assert exchange.json()["type"].endswith("#NO_COMPLEX_OBJECT_TEXT")
