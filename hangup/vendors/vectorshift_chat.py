"""VectorShift chat: `run()` a chatbot for one answer, or `stream()` it as it is written.

Both send POST /chatbot/{id}/run built by the generated run_chatbot._get_kwargs. A run is not
idempotent (retrying could run the chatbot twice), so it is retried only when VectorShift
surely did not act on it (see hangup.retries). `stream()` asks for `stream: true` and reads
the text/event-stream answer with httpx-sse: each `data:` is JSON, a chunk
{"type": "stream", "output_value": ...} (-> ChatChunk) or the final
{status, conversation_id, output_message, follow_up_questions, error} (-> ChatReply). Once the
first byte of the stream has arrived nothing is retried. Status "failed" raises ChatFailed;
a status the spec does not list is read as a reply; an event of an unknown `type` is skipped.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any

import httpx
from httpx_sse import EventSource, ServerSentEvent
from vectorshift_client import AuthenticatedClient
from vectorshift_client.api.default import run_chatbot
from vectorshift_client.models import ChatbotRunRequest, ChatbotRunResponseStatus
from vectorshift_client.types import UNSET

from hangup.answers import read_json
from hangup.connection import AsyncConnection, Connection, transport_error
from hangup.errors import ChatFailed, InvalidArgument, UnexpectedResponseError
from hangup.redact import REDACTED, scrub
from hangup.refs import check_path_part
from hangup.results import ChatChunk, ChatReply
from hangup.retries import call_with_retries, call_with_retries_async
from hangup.vendors.base import Call, configured

__all__ = ["AsyncVectorShift", "VectorShift"]

VENDOR = "vectorshift"
_FAILED = ChatbotRunResponseStatus.FAILED.value
Piece = ChatChunk | ChatReply


def run_call(chatbot_id: str, text: str, conversation_id: str | None, *, stream: bool) -> Call:
    """The run_chatbot call; bad arguments are refused here, before anything is sent."""
    check_path_part(VENDOR, "chatbot_id", chatbot_id)
    if not isinstance(text, str) or not text.strip():
        raise InvalidArgument("text must be non-empty text to send to the chatbot", vendor=VENDOR)
    if conversation_id is not None and (
        not isinstance(conversation_id, str) or not conversation_id
    ):
        raise InvalidArgument("conversation_id must be non-empty text or None", vendor=VENDOR)
    body = ChatbotRunRequest(
        text=text,
        conversation_id=UNSET if conversation_id is None else conversation_id,
        stream=stream,
    )
    kwargs = run_chatbot._get_kwargs(chatbot_id, body=body)
    if stream:
        kwargs["headers"].update({"Accept": "text/event-stream", "Cache-Control": "no-store"})
    return Call("run_chatbot", kwargs, idempotent=False)


def reply_from(data: object, chunks: Sequence[str] | None = None) -> ChatReply:
    """A ChatReply from a run answer or a final stream event; ChatFailed if it says "failed".

    A run answer must carry `output_message`; a final stream event may leave it out (its
    text came in the chunks, passed as `chunks`).
    """
    if not isinstance(data, dict):
        raise _unexpected("a run answer that is not a JSON object")
    status = data.get("status")
    output = data.get("output_message", None if chunks is None else "".join(chunks))
    conversation_id = data.get("conversation_id")
    questions = data.get("follow_up_questions") or []
    if status == _FAILED:
        error = data.get("error") if isinstance(data.get("error"), str) else None
        message = error or (output if isinstance(output, str) and output else None)
        raise ChatFailed(message or 'VectorShift answered status "failed"', vendor=VENDOR)
    if not isinstance(status, str) or not isinstance(output, str):
        raise _unexpected('a run answer without text "status" and "output_message"')
    if conversation_id is not None and not isinstance(conversation_id, str):
        raise _unexpected('a "conversation_id" that is not text')
    if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
        raise _unexpected('"follow_up_questions" that are not a list of text')
    return ChatReply(
        output=output, conversation_id=conversation_id, follow_up_questions=tuple(questions)
    )


def piece_from(event: ServerSentEvent, secrets: Sequence[str]) -> ChatChunk | dict[str, Any] | None:
    """One SSE event: a ChatChunk, the final event's JSON object, or None for one to skip."""
    if not event.data:
        return None
    try:
        data: Any = json.loads(scrub(event.data, secrets))
    except ValueError:
        raise _unexpected(f"a stream event that is not JSON: {event.data[:60]!r}") from None
    if not isinstance(data, dict):
        raise _unexpected("a stream event that is not a JSON object")
    if data.get("type") == "stream":
        if not isinstance(data.get("output_value"), str):
            raise _unexpected('a stream chunk without text "output_value"')
        return ChatChunk(data["output_value"])
    if "status" in data:
        return data
    return None  # an event type the spec does not list: skip it, keep reading


class _Stream:
    """Turn SSE events into pieces, remembering the chunks for a final event without output."""

    def __init__(self, secrets: Sequence[str]) -> None:
        self.secrets = secrets
        self.chunks: list[str] = []

    def feed(self, event: ServerSentEvent) -> Piece | None:
        piece = piece_from(event, self.secrets)
        if isinstance(piece, ChatChunk):
            self.chunks.append(piece.text)
            return piece
        return None if piece is None else reply_from(piece, self.chunks)


def _unexpected(what: str) -> UnexpectedResponseError:
    return UnexpectedResponseError(f"the answer is {what}", vendor=VENDOR, status_code=200)


def _ended_early() -> UnexpectedResponseError:
    return _unexpected("a stream that ended before its final event")


def _is_event_stream(response: httpx.Response) -> bool:
    return "text/event-stream" in response.headers.get("content-type", "")


class VectorShift:
    """VectorShift on Hangup: `run()`, `stream()`, and `.api` (the generated client)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    @property
    def api(self) -> AuthenticatedClient:
        """The generated vectorshift_client, configured and pooled (needs the key)."""
        client = AuthenticatedClient(base_url=self._connection.settings.base_url, token=REDACTED)
        return configured(client, self._connection)

    def run(self, chatbot_id: str, text: str, *, conversation_id: str | None = None) -> ChatReply:
        """Send `text` to the chatbot and return its whole answer."""
        call = run_call(chatbot_id, text, conversation_id, stream=False)
        connection = self._connection

        def attempt() -> ChatReply:
            response = connection.send(call, None)
            body = read_json(connection.adapter, None, call, response, connection.secrets_for(call))
            return reply_from(body)

        retries = connection.options.max_retries
        return call_with_retries(attempt, max_retries=retries, idempotent=False)

    def stream(
        self, chatbot_id: str, text: str, *, conversation_id: str | None = None
    ) -> Iterator[Piece]:
        """Yield the answer as ChatChunk pieces, then the final ChatReply (sent on first next())."""
        call = run_call(chatbot_id, text, conversation_id, stream=True)
        connection = self._connection
        retries = connection.options.max_retries
        response = call_with_retries(
            lambda: self._open(call), max_retries=retries, idempotent=False
        )
        try:
            if not _is_event_stream(response):  # a vendor that ignored `stream: true`
                response.read()
                yield reply_from(read_json(connection.adapter, None, call, response, ()))
                return
            stream = _Stream([s.decode() for s in connection.secrets_for(call)])
            for event in EventSource(response).iter_sse():
                piece = stream.feed(event)
                if piece is not None:
                    yield piece
                if isinstance(piece, ChatReply):
                    return
            raise _ended_early()
        except httpx.RequestError as exc:  # after the first byte: reported, never retried
            raise transport_error(VENDOR, None, exc) from exc
        finally:
            response.close()

    def _open(self, call: Call) -> httpx.Response:
        """Send the stream request; a non-2xx answer is read and raised (so it can be retried)."""
        connection = self._connection
        response = connection.send(call, None, stream=True)
        if 200 <= response.status_code < 300:
            return response
        try:
            response.read()
            read_json(connection.adapter, None, call, response, connection.secrets_for(call))
        finally:
            response.close()
        raise _unexpected("unreachable")  # read_json raised for the non-2xx answer


class AsyncVectorShift:
    """VectorShift on AsyncHangup: the async twins of VectorShift's methods."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    @property
    def api(self) -> AuthenticatedClient:
        """The generated vectorshift_client, configured and pooled (needs the key)."""
        client = AuthenticatedClient(base_url=self._connection.settings.base_url, token=REDACTED)
        return configured(client, self._connection)

    async def run(
        self, chatbot_id: str, text: str, *, conversation_id: str | None = None
    ) -> ChatReply:
        """Send `text` to the chatbot and return its whole answer."""
        call = run_call(chatbot_id, text, conversation_id, stream=False)
        connection = self._connection

        async def attempt() -> ChatReply:
            response = await connection.send(call, None)
            body = read_json(connection.adapter, None, call, response, connection.secrets_for(call))
            return reply_from(body)

        retries = connection.options.max_retries
        return await call_with_retries_async(attempt, max_retries=retries, idempotent=False)

    async def stream(
        self, chatbot_id: str, text: str, *, conversation_id: str | None = None
    ) -> AsyncIterator[Piece]:
        """Yield the answer as ChatChunk pieces, then the final ChatReply."""
        call = run_call(chatbot_id, text, conversation_id, stream=True)
        connection = self._connection
        retries = connection.options.max_retries
        response = await call_with_retries_async(
            lambda: self._open(call), max_retries=retries, idempotent=False
        )
        try:
            if not _is_event_stream(response):
                await response.aread()
                yield reply_from(read_json(connection.adapter, None, call, response, ()))
                return
            stream = _Stream([s.decode() for s in connection.secrets_for(call)])
            async for event in EventSource(response).aiter_sse():
                piece = stream.feed(event)
                if piece is not None:
                    yield piece
                if isinstance(piece, ChatReply):
                    return
            raise _ended_early()
        except httpx.RequestError as exc:
            raise transport_error(VENDOR, None, exc) from exc
        finally:
            await response.aclose()

    async def _open(self, call: Call) -> httpx.Response:
        connection = self._connection
        response = await connection.send(call, None, stream=True)
        if 200 <= response.status_code < 300:
            return response
        try:
            await response.aread()
            read_json(connection.adapter, None, call, response, connection.secrets_for(call))
        finally:
            await response.aclose()
        raise _unexpected("unreachable")
