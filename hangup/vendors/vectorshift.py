"""VectorShift: end a chatbot session with POST /chatbot/{id}/terminate {pipeline_run_id}.

A ref is `vectorshift:<chatbot_id>/<pipeline_run_id>`; auth is `Authorization: Bearer <key>`.
A 200 says {"status": "success" | "failed"}. A status the spec does not list (say "cancelled")
is not read as success, and not as failure either: the call went through and the vendor did
not say "failed", so it comes back as Ended(confirmed=False) with the status in `message`, for
the caller (or a ledger) to treat as unverified. Raising would turn every new benign status
into an outage for every caller. Errors are {"error": "..."} (401) or
{"status": "failed", "error": "..."}.

Its door, `client.vectorshift`, adds chat: `run()` a chatbot for one answer, or `stream()` it
as it is written. Both send POST /chatbot/{id}/run. A run is not idempotent (retrying could
run the chatbot twice), so it is retried only when VectorShift surely did not act on it (see
hangup._retries). `stream()` asks for `stream: true` and reads the text/event-stream answer
with httpx-sse: each `data:` is JSON, a chunk {"type": "stream", "output_value": ...}
(-> ChatChunk) or the final {status, conversation_id, output_message, follow_up_questions,
error} (-> ChatReply). Once the first byte of the stream has arrived nothing is retried.
Status "failed" raises ChatFailed; a status the spec does not list is read as a reply; an
event of an unknown `type` is skipped.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from typing import Any

import httpx
from httpx_sse import EventSource, ServerSentEvent
from vectorshift_client import AuthenticatedClient
from vectorshift_client.api.default import run_chatbot, terminate_chatbot_session
from vectorshift_client.models import (
    ChatbotRunRequest,
    ChatbotRunResponseStatus,
    TerminateChatbotSessionJsonBody,
    TerminateChatbotSessionResponse200Status,
)
from vectorshift_client.types import UNSET

from hangup._answers import Answer, answer_error, read_json
from hangup._connection import AsyncConnection, Connection, transport_error
from hangup._redact import scrub, scrub_error
from hangup._registry import RefShape, Vendor
from hangup._results import ChatChunk, ChatReply, Ended
from hangup.errors import ChatFailed, InvalidArgument, UnexpectedResponseError
from hangup.refs import SessionRef, check_path_part
from hangup.vendors._base import (
    Call,
    Door,
    as_object,
    end_failed,
    ended,
    refuse_end_options,
    text_field,
    unexpected,
)

NAME = "vectorshift"
_FAILED = ChatbotRunResponseStatus.FAILED.value
# The end answer's one field, read through the generated enum's own values. Building the
# generated model (TerminateChatbotSessionResponse200) to read it cost a tenth of hangup's
# CPU per end in end_many, most of it in the stdlib's EnumType.__call__ (README, Benchmarks).
_END_STATUSES = {status.value: status for status in TerminateChatbotSessionResponse200Status}
Piece = ChatChunk | ChatReply


class VectorShiftAdapter:
    """Terminate VectorShift chatbot sessions."""

    name = NAME

    def key_header(self, api_key: str) -> tuple[str, str]:
        return ("Authorization", f"Bearer {api_key}")

    def end_call(self, ref: SessionRef, *, reason: str | None, session_token: str | None) -> Call:
        refuse_end_options(self.name, reason=reason, session_token=session_token)
        body = TerminateChatbotSessionJsonBody(pipeline_run_id=ref.session_id)
        kwargs = terminate_chatbot_session._get_kwargs(str(ref.scope), body=body)
        return Call("terminate_chatbot_session", kwargs)

    def read_end(self, ref: SessionRef, status_code: int, body: object) -> Ended:
        data = as_object(ref, status_code, body)
        status = data.get("status")
        if not isinstance(status, str):
            what = '"status" that is not text' if "status" in data else 'an object without "status"'
            raise unexpected(ref, status_code, what)
        known = _END_STATUSES.get(status)
        if known is TerminateChatbotSessionResponse200Status.SUCCESS:
            return ended(
                ref, status_code, body, confirmed=True, message=text_field(data, "message")
            )
        if known is TerminateChatbotSessionResponse200Status.FAILED:
            reason = text_field(data, "error") or 'VectorShift answered status "failed"'
            raise end_failed(ref, status_code, reason)
        # Unknown, or one a newer spec adds: neither success nor failure until hangup says so
        listed = "which its spec does not list" if known is None else "which hangup does not read"
        message = f"VectorShift answered status {status!r}, {listed}"
        return ended(ref, status_code, body, confirmed=False, message=message)

    def error_text(self, body: object) -> tuple[str | None, object]:
        # Read raw: the generated 401 model types "error" as an enum of three messages, and a
        # fourth one must not crash the call.
        return text_field(body, "error"), None


def run_call(chatbot_id: str, text: str, conversation_id: str | None, *, stream: bool) -> Call:
    """The run_chatbot call; bad arguments are refused here, before anything is sent."""
    check_path_part(NAME, "chatbot_id", chatbot_id)
    if not isinstance(text, str) or not text.strip():
        raise InvalidArgument("text must be non-empty text to send to the chatbot", vendor=NAME)
    if conversation_id is not None and (
        not isinstance(conversation_id, str) or not conversation_id
    ):
        raise InvalidArgument("conversation_id must be non-empty text or None", vendor=NAME)
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
        raise ChatFailed(message or 'VectorShift answered status "failed"', vendor=NAME)
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
    text = scrub(event.data, secrets)
    try:
        data: Any = json.loads(text)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than Python can read
        raise _unexpected(f"a stream event that is not JSON: {text[:60]!r}") from None
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
    return UnexpectedResponseError(f"the answer is {what}", vendor=NAME, status_code=200)


def _broken_off(exc: httpx.RequestError, secrets: Sequence[str]) -> Exception:
    """The TransportError for a stream that broke after it opened, scrubbed of every secret."""
    return scrub_error(transport_error(NAME, None, exc), tuple(secrets))


def _ended_early() -> UnexpectedResponseError:
    return _unexpected("a stream that ended before its final event")


def _is_event_stream(response: httpx.Response) -> bool:
    return "text/event-stream" in response.headers.get("content-type", "")


class VectorShift(Door):
    """VectorShift on Hangup: `run()`, `stream()`, and `.api` (the generated client)."""

    _connection: Connection

    @property
    def api(self) -> AuthenticatedClient:
        """The generated vectorshift_client, configured and pooled (needs the key)."""
        return self._api(AuthenticatedClient)

    def run(self, chatbot_id: str, text: str, *, conversation_id: str | None = None) -> ChatReply:
        """Send `text` to the chatbot and return its whole answer."""
        call = run_call(chatbot_id, text, conversation_id, stream=False)
        return self._connection.call(
            call, None, _read_reply(self._connection, call), name="hangup.run"
        )

    def stream(
        self, chatbot_id: str, text: str, *, conversation_id: str | None = None
    ) -> Iterator[Piece]:
        """Yield the answer as ChatChunk pieces, then the final ChatReply (sent on first next())."""
        call = run_call(chatbot_id, text, conversation_id, stream=True)
        connection = self._connection
        response = connection.call(
            call, None, _opened(connection, call), stream=True, name="hangup.stream"
        )
        try:
            if not _is_event_stream(response):  # a vendor that ignored `stream: true`
                response.read()
                secrets = connection.secrets_for(call)
                yield reply_from(read_json(connection.adapter, None, call, response, secrets))
                return
            stream = _Stream(connection.secrets_for(call))
            for event in EventSource(response).iter_sse():
                piece = stream.feed(event)
                if piece is not None:
                    yield piece
                if isinstance(piece, ChatReply):
                    return
            raise _ended_early()
        except httpx.RequestError as exc:  # after the first byte: reported, never retried
            raise _broken_off(exc, connection.secrets_for(call)) from None
        finally:
            response.close()


class AsyncVectorShift(Door):
    """VectorShift on AsyncHangup: the async twins of VectorShift's methods."""

    _connection: AsyncConnection

    @property
    def api(self) -> AuthenticatedClient:
        """The generated vectorshift_client, configured and pooled (needs the key)."""
        return self._api(AuthenticatedClient)

    async def run(
        self, chatbot_id: str, text: str, *, conversation_id: str | None = None
    ) -> ChatReply:
        """Send `text` to the chatbot and return its whole answer."""
        call = run_call(chatbot_id, text, conversation_id, stream=False)
        return await self._connection.call(
            call, None, _read_reply(self._connection, call), name="hangup.run"
        )

    async def stream(
        self, chatbot_id: str, text: str, *, conversation_id: str | None = None
    ) -> AsyncIterator[Piece]:
        """Yield the answer as ChatChunk pieces, then the final ChatReply."""
        call = run_call(chatbot_id, text, conversation_id, stream=True)
        connection = self._connection
        response = await connection.call(
            call, None, _opened(connection, call), stream=True, name="hangup.stream"
        )
        try:
            if not _is_event_stream(response):
                await response.aread()
                secrets = connection.secrets_for(call)
                yield reply_from(read_json(connection.adapter, None, call, response, secrets))
                return
            stream = _Stream(connection.secrets_for(call))
            async for event in EventSource(response).aiter_sse():
                piece = stream.feed(event)
                if piece is not None:
                    yield piece
                if isinstance(piece, ChatReply):
                    return
            raise _ended_early()
        except httpx.RequestError as exc:
            raise _broken_off(exc, connection.secrets_for(call)) from None
        finally:
            await response.aclose()


def _read_reply(
    connection: Connection | AsyncConnection, call: Call
) -> Callable[[Answer], ChatReply]:
    secrets = connection.secrets_for(call)
    return lambda response: reply_from(read_json(connection.adapter, None, call, response, secrets))


def _opened(
    connection: Connection | AsyncConnection, call: Call
) -> Callable[[httpx.Response], httpx.Response]:
    """Hand on a 2xx stream unread; raise the error of any other answer (so it is retried)."""
    secrets = connection.secrets_for(call)

    def opened(response: httpx.Response) -> httpx.Response:
        if response.is_success:
            return response
        raise answer_error(connection.adapter, None, call, response, secrets)

    return opened


VENDOR = Vendor(
    name=NAME,
    ref_shape=RefShape(("chatbot_id", "pipeline_run_id")),
    default_base_url="https://api.vectorshift.ai/v1",
    adapter=VectorShiftAdapter(),
    chat=True,
)
