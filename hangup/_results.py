"""What the facade hands back: plain frozen values that are safe to log and to compare."""

from __future__ import annotations

import attrs

from hangup.refs import SessionRef

__all__ = ["ChatChunk", "ChatReply", "Ended", "Terminated"]


@attrs.frozen
class Ended:
    """Say how one session ended.

    `confirmed` is True when the vendor's answer says the session is ended; False when the
    vendor answered 2xx without saying so (an empty body, or a status its spec does not list),
    and for `already_gone`, which means the vendor answered 404 and `missing_ok` was set.
    `raw` is the vendor's JSON body (None when it had none), with any key scrubbed out.
    """

    ref: SessionRef
    vendor: str
    confirmed: bool
    already_gone: bool = False
    message: str | None = None
    status_code: int | None = None
    raw: object = None


@attrs.frozen
class ChatChunk:
    """One piece of a streamed chatbot answer, in order."""

    text: str


@attrs.frozen
class ChatReply:
    """A chatbot's whole answer; pass `conversation_id` to the next call to keep talking."""

    output: str
    conversation_id: str | None
    follow_up_questions: tuple[str, ...] = ()


@attrs.frozen
class Terminated:
    """Say how a Pathors terminate call went (it can target a phone number, not only a session)."""

    vendor: str
    project_id: str
    confirmed: bool
    session_type: str | None = None
    session_id: str | None = None
    phone_number: str | None = None
    status_code: int | None = None
    raw: object = None
