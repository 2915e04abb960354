"""Pathors: end a session with DELETE /v1/projects/{projectId}/sessions {session_id}.

The current v1 path; the legacy /api/project/{id}/integration/api/session was sunset on
2026-07-11 and is never called. Auth is `Authorization: Bearer <dk_... key>`. A 200 is
{success, sessionId, message}, returned "regardless of whether the session was active";
success false is EndFailed, and a 200 without `success` is Ended(confirmed=False). Errors are
{"error": "..."} or {"error": {"message": "..."}}; one page version documents 404
{"error": "Session not found"}.
"""

from __future__ import annotations

from pathors_client.api.default import end_session
from pathors_client.models import EndSessionRequest, EndSessionResponse
from pathors_client.types import Unset

from hangup.refs import SessionRef
from hangup.results import Ended
from hangup.vendors.base import (
    Call,
    as_object,
    end_failed,
    ended,
    refuse_liveavatar_options,
    text_field,
    unexpected,
)


class PathorsAdapter:
    """End Pathors agent sessions."""

    name = "pathors"

    def key_header(self, api_key: str) -> tuple[str, str]:
        return ("Authorization", f"Bearer {api_key}")

    def end_call(self, ref: SessionRef, *, reason: str | None, session_token: str | None) -> Call:
        refuse_liveavatar_options(self.name, reason=reason, session_token=session_token)
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
