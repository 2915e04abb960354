"""LiveAvatar: stop a session with POST /v1/sessions/stop {session_id, reason}.

A ref is `liveavatar:<session_uuid>`. Auth is the account key in `X-API-KEY`, or, when
`session_token` is given, the per-session token as `Authorization: Bearer <token>` instead
(the account key is then not sent at all).
`reason` is one of the spec's SessionEndReasonEnum values (default USER_CLOSED); any other is
refused before sending, with the list. Every answer is the envelope {code, data, message}: like
LiveKit's own plugin, a code up to 200 (the default is 100) is success, a higher one EndFailed.
`data` is left untyped, so a value the spec does not list there never breaks a call.
Errors: 422 {"detail": [{loc, msg, type}]} (FastAPI), or {"detail": "..."} / {message}.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from uuid import UUID

from liveavatar_client import AuthenticatedClient
from liveavatar_client.api.sessions import keep_session_alive, list_sessions
from liveavatar_client.api.sessions import stop_session_v1_sessions_stop_post as stop_session
from liveavatar_client.models import (
    KeepSessionAliveSchema,
    ListSessionsType,
    SessionEndReasonEnum,
    SessionListResponse,
    StopSessionResponse,
    StopSessionSchema,
)
from liveavatar_client.types import Unset

from hangup._answers import Answer, read_json
from hangup._live import ListedPage, LiveSession
from hangup._registry import RefShape, Vendor
from hangup._results import Ended
from hangup.defaults import MIN_SECRET_LENGTH
from hangup.errors import InvalidArgument
from hangup.refs import SessionRef
from hangup.vendors import _lists
from hangup.vendors._base import (
    Call,
    Door,
    HeaderAuth,
    as_object,
    end_failed,
    ended,
    text_field,
    unexpected,
)

if TYPE_CHECKING:
    from hangup._connection import AsyncConnection, Connection

DEFAULT_REASON = SessionEndReasonEnum.USER_CLOSED
# The stop reason LiveAvatar names for ending sessions nobody is using: the sweep's.
SWEEP_REASON = SessionEndReasonEnum.ZOMBIE_SESSION_REAP.value
LIST_PAGE_SIZE = 100  # the most GET /v1/sessions takes
_SUCCESS_CODE_LIMIT = 200  # LiveKit's plugin treats code <= 200 as success


class LiveAvatarAdapter:
    """Stop LiveAvatar sessions, with the account key or a session token."""

    name = "liveavatar"

    def key_header(self, api_key: str) -> tuple[str, str]:
        return ("X-API-KEY", api_key)

    def end_call(self, ref: SessionRef, *, reason: str | None, session_token: str | None) -> Call:
        body = StopSessionSchema(session_id=UUID(ref.session_id), reason=_reason(reason))
        kwargs = stop_session._get_kwargs(body=body)
        if session_token is None:
            return Call("stop_session_v1_sessions_stop_post", kwargs)
        _check_token(session_token)
        auth = HeaderAuth("Authorization", f"Bearer {session_token}")
        return Call("stop_session_v1_sessions_stop_post", kwargs, auth, secrets=(session_token,))

    def read_end(self, ref: SessionRef, status_code: int, body: object) -> Ended:
        answer = StopSessionResponse.from_dict(as_object(ref, status_code, body))
        message = answer.message if isinstance(answer.message, str) else None
        code = 100 if isinstance(answer.code, Unset) else answer.code
        if not isinstance(code, int) or isinstance(code, bool):
            raise unexpected(ref, status_code, '"code" that is not an integer')
        if code > _SUCCESS_CODE_LIMIT:
            raise end_failed(ref, status_code, message or f"LiveAvatar answered code {code}")
        return ended(ref, status_code, body, confirmed=True, message=message)

    def error_text(self, body: object) -> tuple[str | None, object]:
        detail = body.get("detail") if isinstance(body, dict) else None
        if isinstance(detail, list):
            described = [_describe(item) for item in detail if isinstance(item, dict)]
            return "; ".join(described) or None, detail
        if isinstance(detail, str):
            return detail, None
        return text_field(body, "message"), None


def _reason(reason: str | None) -> SessionEndReasonEnum:
    if reason is None:
        return DEFAULT_REASON
    try:
        return SessionEndReasonEnum(reason)
    except (ValueError, TypeError):
        allowed = ", ".join(member.value for member in SessionEndReasonEnum)
        raise InvalidArgument(
            f"reason {reason!r} is not a LiveAvatar end reason: use one of {allowed}",
            vendor="liveavatar",
        ) from None


def _check_token(token: object) -> None:
    if not isinstance(token, str) or not token or not token.isprintable() or " " in token:
        raise InvalidArgument(
            "session_token must be one word of printable text (the token LiveAvatar issued)",
            vendor="liveavatar",
        )
    if len(token) < MIN_SECRET_LENGTH:  # too short to scrub out of what LiveAvatar echoes
        raise InvalidArgument(
            f"session_token is shorter than {MIN_SECRET_LENGTH} characters: give the whole "
            "token LiveAvatar issued",
            vendor="liveavatar",
        )


def _describe(item: dict[str, object]) -> str:
    """One FastAPI validation error as 'body.session_id: Input should be a valid UUID'."""
    loc = item.get("loc")
    where = ".".join(str(part) for part in loc) if isinstance(loc, list) else ""
    msg = text_field(item, "msg") or "invalid"
    return f"{where}: {msg}" if where else msg


class LiveAvatarLister:
    """List active sessions: GET /v1/sessions?type=active, read as hangup.vendors._lists says.

    The answer is the usual envelope {code, data, message}; what `data` holds is not
    documented, so the sessions and paging signals are looked for in it (or in `data` as an
    array) as hangup.vendors._lists describes.
    """

    needs_project = False

    def list_call(self, page: int, *, project_id: str | None) -> Call:
        kwargs = list_sessions._get_kwargs(
            type_=ListSessionsType.ACTIVE, page=page, page_size=LIST_PAGE_SIZE
        )
        return Call("list_sessions", kwargs)

    def read_page(self, body: object, *, page: int, project_id: str | None) -> ListedPage:
        if not isinstance(body, dict):
            raise ValueError("the answer is not the {code, data, message} envelope")
        data = body.get("data")
        if not isinstance(data, list):  # the generated model reads an object `data` only
            envelope = SessionListResponse.from_dict(body)
            if isinstance(envelope.code, int) and envelope.code > _SUCCESS_CODE_LIMIT:
                raise ValueError(f"LiveAvatar answered code {envelope.code}")
            data = {} if isinstance(envelope.data, Unset) else envelope.data.additional_properties
        records, holder = _lists.find_sessions(data)
        more, total = _lists.paging_signals(holder, page)
        return ListedPage([_live_session(record) for record in records], more=more, total=total)


def _live_session(record: dict[str, object]) -> LiveSession:
    session_id = str(UUID(_lists.session_id(record)))  # not a UUID: ValueError, a bad page
    return LiveSession(
        ref=SessionRef(vendor="liveavatar", scope=None, session_id=session_id),
        vendor="liveavatar",
        started_at=_lists.parse_started(record),
        status=_lists.first_text(record, _lists.STATUS_KEYS),
        raw=record,
    )


def keep_alive_call(ref: SessionRef, session_token: str | None = None) -> Call:
    """POST /v1/sessions/keep-alive {session_id}, with the key or the session's own token."""
    kwargs = keep_session_alive._get_kwargs(
        body=KeepSessionAliveSchema(session_id=UUID(ref.session_id))
    )
    if session_token is None:
        return Call("keep_session_alive", kwargs)
    _check_token(session_token)
    auth = HeaderAuth("Authorization", f"Bearer {session_token}")
    return Call("keep_session_alive", kwargs, auth, secrets=(session_token,))


def _keep_alive(
    connection: Connection | AsyncConnection, ref: SessionRef | str, session_token: str | None
) -> tuple[Call, SessionRef, Callable[[Answer], None]]:
    """The keep-alive call for `ref`, checked before anything is sent, and how to read it."""
    session = SessionRef.of(ref)
    if session.vendor != "liveavatar":
        raise InvalidArgument(f"{session} is not a LiveAvatar session", vendor=session.vendor)
    call = keep_alive_call(session, session_token)
    secrets = connection.secrets_for(call)

    def read(response: Answer) -> None:
        read_json(connection.adapter, str(session), call, response, secrets)

    return call, session, read


class LiveAvatar(Door):
    """LiveAvatar on Hangup: `keep_alive()`, and `.api` (the generated client)."""

    _connection: Connection

    @property
    def api(self) -> AuthenticatedClient:
        """The generated liveavatar_client, for all the facade does not wrap (needs the key)."""
        return self._api(AuthenticatedClient)

    def keep_alive(self, ref: SessionRef | str, *, session_token: str | None = None) -> None:
        """Tell LiveAvatar the session is in use, so its idle timeout does not end it."""
        call, session, read = _keep_alive(self._connection, ref, session_token)
        self._connection.call(call, session, read, name="hangup.keep_alive")


class AsyncLiveAvatar(Door):
    """LiveAvatar on AsyncHangup: the async twin of LiveAvatar."""

    _connection: AsyncConnection

    @property
    def api(self) -> AuthenticatedClient:
        """The generated liveavatar_client, for all the facade does not wrap (needs the key)."""
        return self._api(AuthenticatedClient)

    async def keep_alive(self, ref: SessionRef | str, *, session_token: str | None = None) -> None:
        """Tell LiveAvatar the session is in use, so its idle timeout does not end it."""
        call, session, read = _keep_alive(self._connection, ref, session_token)
        await self._connection.call(call, session, read, name="hangup.keep_alive")


VENDOR = Vendor(
    name="liveavatar",
    ref_shape=RefShape(("session_uuid",), uuid=True),
    default_base_url="https://api.liveavatar.com",
    adapter=LiveAvatarAdapter(),
    end_options=frozenset({"reason", "session_token"}),
    lister=LiveAvatarLister(),
    sweep_reason=SWEEP_REASON,
    keep_alive=keep_alive_call,
)
