"""Pathors: end a session with DELETE /v1/projects/{projectId}/sessions {session_id}.

A ref is `pathors:<project_id>/<session_id>`. The current v1 path; the legacy
/api/project/{id}/integration/api/session was sunset on 2026-07-11 and is never called. Auth is
`Authorization: Bearer <dk_... key>`. A 200 is {success, sessionId, message}, returned
"regardless of whether the session was active"; success false is EndFailed, and a 200 without
`success` is Ended(confirmed=False). Errors are {"error": "..."} or {"error": {"message": ...}};
one page version documents 404 {"error": "Session not found"}.

Its door, `client.pathors`, adds `terminate()` for call sessions: POST
/v1/projects/{projectId}/sessions/terminate {session_id?, phone_number?, message?}, read into
Terminated (success false raises EndFailed). Terminating is idempotent, so it is retried like
an end call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pathors_client import AuthenticatedClient
from pathors_client.api.default import end_session, list_sessions, terminate_session
from pathors_client.models import EndSessionRequest, EndSessionResponse, TerminateSessionRequest
from pathors_client.types import UNSET, Unset

from hangup._answers import Answer, read_json
from hangup._live import ListedPage, LiveSession
from hangup._registry import RefShape, Vendor
from hangup._results import Ended, Terminated
from hangup.errors import EndFailed, InvalidArgument, UnexpectedResponseError
from hangup.refs import SessionRef, check_path_part
from hangup.vendors import _lists
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

if TYPE_CHECKING:
    from hangup._connection import AsyncConnection, Connection

NAME = "pathors"
LIST_PAGE_SIZE = 100


class PathorsAdapter:
    """End Pathors agent sessions."""

    name = NAME

    def key_header(self, api_key: str) -> tuple[str, str]:
        return ("Authorization", f"Bearer {api_key}")

    def end_call(self, ref: SessionRef, *, reason: str | None, session_token: str | None) -> Call:
        refuse_end_options(self.name, reason=reason, session_token=session_token)
        body = EndSessionRequest(session_id=ref.session_id)
        return Call("end_session", end_session._get_kwargs(str(ref.scope), body=body))

    def read_end(self, ref: SessionRef, status_code: int, body: object) -> Ended:
        answer = EndSessionResponse.from_dict(as_object(ref, status_code, body))
        message = answer.message if isinstance(answer.message, str) else None
        if isinstance(answer.success, Unset):
            return ended(ref, status_code, body, confirmed=False, message=message)
        if not isinstance(answer.success, bool):
            raise unexpected(ref, status_code, '"success" that is not true or false')
        if not answer.success:
            raise end_failed(ref, status_code, message or "Pathors answered success: false")
        return ended(ref, status_code, body, confirmed=True, message=message)

    def error_text(self, body: object) -> tuple[str | None, object]:
        error = body.get("error") if isinstance(body, dict) else None
        if isinstance(error, dict):
            return text_field(error, "message"), None
        return (error if isinstance(error, str) else None), None


class PathorsLister:
    """List a project's open sessions: GET /v1/projects/{projectId}/sessions?page=&pageSize=.

    The page's body is not documented (SessionListPage is open): read as hangup.vendors._lists
    says. A session whose `endTime` is set is over and dropped; null or absent means open.
    """

    needs_project = True

    def list_call(self, page: int, *, project_id: str | None) -> Call:
        project = check_path_part(NAME, "project_id", project_id or "")
        kwargs = list_sessions._get_kwargs(project, page=page, page_size=LIST_PAGE_SIZE)
        return Call("list_sessions", kwargs)

    def read_page(self, body: object, *, page: int, project_id: str | None) -> ListedPage:
        records, holder = _lists.find_sessions(body)
        more, total = _lists.paging_signals(holder, page)
        project = project_id or ""
        live = [_live_session(project, record) for record in records if not _lists.is_ended(record)]
        return ListedPage(live, more=more, total=total, records=len(records))


def _live_session(project_id: str, record: dict[str, object]) -> LiveSession:
    return LiveSession(
        ref=SessionRef(vendor=NAME, scope=project_id, session_id=_lists.session_id(record)),
        vendor=NAME,
        started_at=_lists.parse_started(record),
        status=_lists.first_text(record, _lists.STATUS_KEYS),
        raw=record,
    )


def terminate_call(
    project_id: str, session_id: str | None, phone_number: str | None, message: str | None
) -> Call:
    """The terminate_session call; bad arguments are refused here, before anything is sent."""
    check_path_part(NAME, "project_id", project_id)
    if session_id is None and phone_number is None:
        raise InvalidArgument("terminate needs a session_id or a phone_number", vendor=NAME)
    for name, value in (
        ("session_id", session_id),
        ("phone_number", phone_number),
        ("message", message),
    ):
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise InvalidArgument(f"{name} must be non-empty text or None", vendor=NAME)
    body = TerminateSessionRequest(
        session_id=UNSET if session_id is None else session_id,
        phone_number=UNSET if phone_number is None else phone_number,
        message=UNSET if message is None else message,
    )
    return Call("terminate_session", terminate_session._get_kwargs(project_id, body=body))


def terminated_from(
    body: object,
    status_code: int,
    project_id: str,
    session_id: str | None,
    phone_number: str | None,
) -> Terminated:
    """Read the answer into Terminated; raise EndFailed or UnexpectedResponseError."""
    ref = _ref_text(project_id, session_id, phone_number)
    success = body.get("success") if isinstance(body, dict) else None
    session_type = body.get("sessionType") if isinstance(body, dict) else None
    if not isinstance(success, bool) or not isinstance(session_type, str | None):
        raise UnexpectedResponseError(
            'the answer is not {"success": true|false, "sessionType": "..."}',
            vendor=NAME,
            ref=ref,
            status_code=status_code,
        )
    if not success:
        raise EndFailed(
            "Pathors answered success: false", vendor=NAME, ref=ref, status_code=status_code
        )
    return Terminated(
        vendor=NAME,
        project_id=project_id,
        confirmed=True,
        session_type=session_type,
        session_id=session_id,
        phone_number=phone_number,
        status_code=status_code,
        raw=body,
    )


def _ref_text(project_id: str, session_id: str | None, phone_number: str | None) -> str:
    if session_id is not None:
        return str(SessionRef(vendor=NAME, scope=project_id, session_id=session_id))
    return f"pathors:{project_id} phone {phone_number}"


class Pathors(Door):
    """Pathors on Hangup: `terminate()`, and `.api` (the generated client)."""

    _connection: Connection

    @property
    def api(self) -> AuthenticatedClient:
        """The generated pathors_client, configured and pooled (needs the key)."""
        return self._api(AuthenticatedClient)

    def terminate(
        self,
        project_id: str,
        *,
        session_id: str | None = None,
        phone_number: str | None = None,
        message: str | None = None,
    ) -> Terminated:
        """Terminate a running session (a phone call, say) by its id or its phone number."""
        call, ref, read = _terminate(
            self._connection, project_id, session_id, phone_number, message
        )
        return self._connection.call(call, ref, read, name="hangup.terminate")


class AsyncPathors(Door):
    """Pathors on AsyncHangup: the async twin of Pathors."""

    _connection: AsyncConnection

    @property
    def api(self) -> AuthenticatedClient:
        """The generated pathors_client, configured and pooled (needs the key)."""
        return self._api(AuthenticatedClient)

    async def terminate(
        self,
        project_id: str,
        *,
        session_id: str | None = None,
        phone_number: str | None = None,
        message: str | None = None,
    ) -> Terminated:
        """Terminate a running session (a phone call, say) by its id or its phone number."""
        call, ref, read = _terminate(
            self._connection, project_id, session_id, phone_number, message
        )
        return await self._connection.call(call, ref, read, name="hangup.terminate")


def _terminate(
    connection: Connection | AsyncConnection,
    project_id: str,
    session_id: str | None,
    phone_number: str | None,
    message: str | None,
) -> tuple[Call, str, Callable[[Answer], Terminated]]:
    """The terminate call, the ref text errors name, and how to read its answer."""
    call = terminate_call(project_id, session_id, phone_number, message)
    ref = _ref_text(project_id, session_id, phone_number)
    secrets = connection.secrets_for(call)

    def read(response: Answer) -> Terminated:
        body = read_json(connection.adapter, ref, call, response, secrets)
        return terminated_from(body, response.status_code, project_id, session_id, phone_number)

    return call, ref, read


VENDOR = Vendor(
    name=NAME,
    ref_shape=RefShape(("project_id", "session_id")),
    default_base_url="https://api.pathors.com",
    adapter=PathorsAdapter(),
    lister=PathorsLister(),
)
