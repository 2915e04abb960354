"""Hamsa: end a voice-agent conversation with GET /v1/voice-agents/conversation/{uuid}/terminate.

A ref is `hamsa:<conversation_uuid>`; auth is `Authorization: Token <key>`. A 200 is
{success, message, messageKey}: success false is EndFailed, a 200 without `success` is
Ended(confirmed=False). Errors are {code, message}.
"""

from __future__ import annotations

from uuid import UUID

from hamsa_client import AuthenticatedClient
from hamsa_client.api.conversations import terminate_conversation
from hamsa_client.models import SuccessResponse
from hamsa_client.types import Unset

from hangup._registry import RefShape, Vendor
from hangup._results import Ended
from hangup.refs import SessionRef
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


class HamsaAdapter:
    """Terminate Hamsa conversations."""

    name = "hamsa"

    def key_header(self, api_key: str) -> tuple[str, str]:
        return ("Authorization", f"Token {api_key}")

    def end_call(self, ref: SessionRef, *, reason: str | None, session_token: str | None) -> Call:
        refuse_end_options(self.name, reason=reason, session_token=session_token)
        kwargs = terminate_conversation._get_kwargs(UUID(ref.session_id))
        return Call("terminate_conversation", kwargs)

    def read_end(self, ref: SessionRef, status_code: int, body: object) -> Ended:
        answer = SuccessResponse.from_dict(as_object(ref, status_code, body))
        message = answer.message if isinstance(answer.message, str) else None
        if isinstance(answer.success, Unset):
            return ended(ref, status_code, body, confirmed=False, message=message)
        if not isinstance(answer.success, bool):
            raise unexpected(ref, status_code, '"success" that is not true or false')
        if not answer.success:
            raise end_failed(ref, status_code, message or "Hamsa answered success: false")
        return ended(ref, status_code, body, confirmed=True, message=message)

    def error_text(self, body: object) -> tuple[str | None, object]:
        return text_field(body, "message"), None


class Hamsa(Door):
    """Hamsa on a client: `.api` is its generated client, configured and pooled."""

    @property
    def api(self) -> AuthenticatedClient:
        """The generated hamsa_client, for all the facade does not wrap (needs the key)."""
        return self._api(AuthenticatedClient)


VENDOR = Vendor(
    name="hamsa",
    ref_shape=RefShape(("conversation_uuid",), uuid=True),
    default_base_url="https://api.tryhamsa.com",
    adapter=HamsaAdapter(),
)
