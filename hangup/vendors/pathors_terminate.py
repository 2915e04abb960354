"""Pathors call sessions: `terminate()` a running session by its id or by a phone number.

POST /v1/projects/{projectId}/sessions/terminate {session_id?, phone_number?, message?},
built by the generated terminate_session._get_kwargs. The answer {success, sessionType} is
read into Terminated; success false raises EndFailed. Terminating is idempotent, so it is
retried like an end call.
"""

from __future__ import annotations

from pathors_client import AuthenticatedClient
from pathors_client.api.default import terminate_session
from pathors_client.models import TerminateSessionRequest
from pathors_client.types import UNSET

from hangup.answers import read_json
from hangup.connection import AsyncConnection, Connection
from hangup.errors import EndFailed, InvalidArgument, UnexpectedResponseError
from hangup.redact import REDACTED
from hangup.refs import SessionRef, check_path_part
from hangup.results import Terminated
from hangup.retries import call_with_retries, call_with_retries_async
from hangup.vendors.base import Call, configured

__all__ = ["AsyncPathors", "Pathors"]

VENDOR = "pathors"


def terminate_call(
    project_id: str, session_id: str | None, phone_number: str | None, message: str | None
) -> Call:
    """The terminate_session call; bad arguments are refused here, before anything is sent."""
    check_path_part(VENDOR, "project_id", project_id)
    if session_id is None and phone_number is None:
        raise InvalidArgument("terminate needs a session_id or a phone_number", vendor=VENDOR)
    for name, value in (
        ("session_id", session_id),
        ("phone_number", phone_number),
        ("message", message),
    ):
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise InvalidArgument(f"{name} must be non-empty text or None", vendor=VENDOR)
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
            vendor=VENDOR,
            ref=ref,
            status_code=status_code,
        )
    if not success:
        raise EndFailed(
            "Pathors answered success: false", vendor=VENDOR, ref=ref, status_code=status_code
        )
    return Terminated(
        vendor=VENDOR,
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
        return str(SessionRef(vendor=VENDOR, scope=project_id, session_id=session_id))
    return f"pathors:{project_id} phone {phone_number}"


class Pathors:
    """Pathors on Hangup: `terminate()`, and `.api` (the generated client)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    @property
    def api(self) -> AuthenticatedClient:
        """The generated pathors_client, configured and pooled (needs the key)."""
        client = AuthenticatedClient(base_url=self._connection.settings.base_url, token=REDACTED)
        return configured(client, self._connection)

    def terminate(
        self,
        project_id: str,
        *,
        session_id: str | None = None,
        phone_number: str | None = None,
        message: str | None = None,
    ) -> Terminated:
        """Terminate a running session (a phone call, say) by its id or its phone number."""
        call = terminate_call(project_id, session_id, phone_number, message)
        connection = self._connection
        ref = _ref_text(project_id, session_id, phone_number)

        def attempt() -> Terminated:
            response = connection.send(call, ref)
            body = read_json(connection.adapter, ref, call, response, connection.secrets_for(call))
            return terminated_from(body, response.status_code, project_id, session_id, phone_number)

        retries = connection.options.max_retries
        return call_with_retries(attempt, max_retries=retries, idempotent=True)


class AsyncPathors:
    """Pathors on AsyncHangup: the async twin of Pathors."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    @property
    def api(self) -> AuthenticatedClient:
        """The generated pathors_client, configured and pooled (needs the key)."""
        client = AuthenticatedClient(base_url=self._connection.settings.base_url, token=REDACTED)
        return configured(client, self._connection)

    async def terminate(
        self,
        project_id: str,
        *,
        session_id: str | None = None,
        phone_number: str | None = None,
        message: str | None = None,
    ) -> Terminated:
        """Terminate a running session (a phone call, say) by its id or its phone number."""
        call = terminate_call(project_id, session_id, phone_number, message)
        connection = self._connection
        ref = _ref_text(project_id, session_id, phone_number)

        async def attempt() -> Terminated:
            response = await connection.send(call, ref)
            body = read_json(connection.adapter, ref, call, response, connection.secrets_for(call))
            return terminated_from(body, response.status_code, project_id, session_id, phone_number)

        retries = connection.options.max_retries
        return await call_with_retries_async(attempt, max_retries=retries, idempotent=True)
