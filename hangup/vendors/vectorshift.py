"""VectorShift: end a chatbot session with POST /chatbot/{id}/terminate {pipeline_run_id}.

Auth is `Authorization: Bearer <key>`. A 200 says {"status": "success" | "failed"}. A status
the spec does not list (say "cancelled") is not read as success, and not as failure either:
the call went through and the vendor did not say "failed", so it comes back as
Ended(confirmed=False) with the status in `message`, for the caller (or a ledger) to treat as
unverified. Raising would turn every new benign status into an outage for every caller.
Errors are {"error": "..."} (401) or {"status": "failed", "error": "..."}.
"""

from __future__ import annotations

from vectorshift_client.api.default import terminate_chatbot_session
from vectorshift_client.models import (
    TerminateChatbotSessionJsonBody,
    TerminateChatbotSessionResponse200,
    TerminateChatbotSessionResponse200Status,
)

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


class VectorShiftAdapter:
    """Terminate VectorShift chatbot sessions."""

    name = "vectorshift"

    def key_header(self, api_key: str) -> tuple[str, str]:
        return ("Authorization", f"Bearer {api_key}")

    def end_call(self, ref: SessionRef, *, reason: str | None, session_token: str | None) -> Call:
        refuse_liveavatar_options(self.name, reason=reason, session_token=session_token)
        body = TerminateChatbotSessionJsonBody(pipeline_run_id=ref.session_id)
        kwargs = terminate_chatbot_session._get_kwargs(str(ref.scope), body=body)
        return Call("terminate_chatbot_session", kwargs)

    def read_end(self, ref: SessionRef, status_code: int, body: object) -> Ended:
        data = as_object(ref, status_code, body)
        try:
            answer = TerminateChatbotSessionResponse200.from_dict(data)
        except KeyError:
            raise unexpected(ref, status_code, 'an object without "status"') from None
        except (ValueError, TypeError):  # a status the generated enum does not know
            status = data.get("status")
            if not isinstance(status, str):
                raise unexpected(ref, status_code, '"status" that is not text') from None
            message = f"VectorShift answered status {status!r}, which its spec does not list"
            return ended(ref, status_code, body, confirmed=False, message=message)
        if answer.status is TerminateChatbotSessionResponse200Status.SUCCESS:
            return ended(
                ref, status_code, body, confirmed=True, message=text_field(data, "message")
            )
        reason = text_field(data, "error") or 'VectorShift answered status "failed"'
        raise end_failed(ref, status_code, reason)

    def error_text(self, body: object) -> tuple[str | None, object]:
        # Read raw: the generated 401 model types "error" as an enum of three messages, and a
        # fourth one must not crash the call.
        return text_field(body, "error"), None
