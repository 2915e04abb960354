"""Hamsa: end a voice-agent conversation with GET /v1/voice-agents/conversation/{uuid}/terminate.

A ref is `hamsa:<conversation_uuid>`; auth is `Authorization: Token <key>`. A 200 is
{success, message, messageKey}: success false is EndFailed, a 200 without `success` is
Ended(confirmed=False). Errors are {code, message}.
"""

from __future__ import annotations

from uuid import UUID

from hamsa_client import AuthenticatedClient
from hamsa_client.api.conversations import list_minimal_calls, terminate_conversation
from hamsa_client.models import JobStatus, MinimalCall, MinimalCallListResponse, SuccessResponse
from hamsa_client.types import Unset

from hangup._live import ListedPage, LiveSession
from hangup._registry import RefShape, Vendor
from hangup._results import Ended
from hangup.refs import SessionRef
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


# A conversation in one of these states may still be billing; the others are over.
LIVE_STATUSES = (JobStatus.PENDING, JobStatus.IN_PROGRESS)
LIST_PAGE_SIZE = 200  # the most minimal-list takes


class HamsaLister:
    """List live conversations: GET .../conversations/minimal-list?status=PENDING&status=...

    Read with the generated MinimalCallListResponse: `data.calls`, each {id, status,
    createdAt (ISO 8601)}; `data.filtered` (else `data.total`) is how many match. A call in
    another status is dropped, in case the filter is not applied.
    """

    needs_project = False

    def list_call(self, page: int, *, project_id: str | None) -> Call:
        kwargs = list_minimal_calls._get_kwargs(
            status=list(LIVE_STATUSES), page=page, per_page=LIST_PAGE_SIZE
        )
        return Call("list_minimal_calls", kwargs)

    def read_page(self, body: object, *, page: int, project_id: str | None) -> ListedPage:
        if not isinstance(body, dict):
            raise ValueError("the answer is not an object")
        answer = MinimalCallListResponse.from_dict(body)
        if answer.success is False:
            raise ValueError(f"Hamsa answered success: false ({answer.message})")
        listing = answer.data
        if isinstance(listing, Unset) or isinstance(listing.calls, Unset):
            return ListedPage([])
        calls = listing.calls
        total = listing.filtered if isinstance(listing.filtered, int) else listing.total
        live = [_live_session(call) for call in calls if _is_live(call)]
        known_total = None if isinstance(total, Unset) else total
        return ListedPage(live, total=known_total, records=len(calls))


def _is_live(call: MinimalCall) -> bool:
    return isinstance(call.status, Unset) or call.status in {s.value for s in LIVE_STATUSES}


def _live_session(call: MinimalCall) -> LiveSession:
    if isinstance(call.id, Unset):
        raise ValueError("a call without an id")
    record = call.to_dict()
    return LiveSession(
        ref=SessionRef(vendor="hamsa", scope=None, session_id=str(call.id)),
        vendor="hamsa",
        started_at=_lists.parse_started(record),
        status=None if isinstance(call.status, Unset) else call.status,
        raw=record,
    )


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
    lister=HamsaLister(),
)
