"""What each spec operation is called in the generated packages, and how each vendor authenticates.

The tests take the operations, content types and statuses from the specs (spec_walk) and
look them up here; a spec case missing from this table fails as "not covered".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any
from uuid import UUID

import hamsa_client
import httpx
import liveavatar_client
import pathors_client
import vectorshift_client
from hamsa_client.api.conversations import (
    get_conversation,
    list_minimal_calls,
    terminate_conversation,
)
from hamsa_client.models import (
    ConversationResponse,
    ErrorSchema,
    JobStatus,
    MinimalCallListResponse,
    SuccessResponse,
)
from liveavatar_client.api.sessions import (
    get_session as liveavatar_get_session,
)
from liveavatar_client.api.sessions import (
    keep_session_alive,
    list_sessions,
    stop_session_v1_sessions_stop_post,
)
from liveavatar_client.models import (
    HTTPValidationError,
    KeepSessionAliveSchema,
    ListSessionsType,
    SessionDetailResponse,
    SessionListResponse,
    StopSessionResponse,
    StopSessionSchema,
)
from pathors_client.api.default import (
    end_session,
    end_session_legacy,
    terminate_session,
)
from pathors_client.api.default import (
    get_session as pathors_get_session,
)
from pathors_client.api.default import (
    list_sessions as pathors_list_sessions,
)
from pathors_client.models import (
    AuthError,
    EndSessionRequest,
    EndSessionResponse,
    ErrorMessage,
    Session,
    SessionListPage,
    TerminateSessionRequest,
    TerminateSessionResponse,
)
from vectorshift_client.api.default import run_chatbot, terminate_chatbot_session
from vectorshift_client.models import (
    ChatbotRunFormRequest,
    ChatbotRunMultipartRequest,
    ChatbotRunRequest,
    ChatbotRunResponse,
    ChatbotStreamEventType0,
    ChatbotStreamEventType1,
    Error,
    RunChatbotResponse401,
    TerminateChatbotSessionDataBody,
    TerminateChatbotSessionFilesBody,
    TerminateChatbotSessionJsonBody,
    TerminateChatbotSessionResponse200,
    TerminateChatbotSessionResponse400,
    TerminateChatbotSessionResponse401,
    TerminateChatbotSessionResponse500,
)

from tests.generated.spec_walk import JSON

MULTIPART = "multipart/form-data"
FORM = "application/x-www-form-urlencoded"
EVENT_STREAM = "text/event-stream"
CONVERSATION = UUID("849e77c6-5cb3-479a-a985-7fab630e2c78")
LIVEAVATAR_SESSION = UUID("3c90c3cc-0d44-4b50-8888-8dd25736052a")
# Epoch milliseconds, as Hamsa's list takes them (2025-05-20 and 2025-05-21, 00:00 UTC).
HAMSA_WINDOW = (1747699200000, 1747785600000)


@dataclass(frozen=True)
class GeneratedOperation:
    """One spec operation as the generated package exposes it."""

    module: ModuleType  # the api module with sync_detailed
    arguments: dict[str, Any]  # path parameters, by their Python names
    sent_path: str  # the path those arguments must produce, below the base URL
    bodies: dict[str, Any]  # request content type -> generated body class
    responses: dict[int, Any]  # documented status -> generated model of its JSON body
    # Bodies the generated code does not parse (streams): content type -> one model per
    # alternative of the schema's oneOf, in order.
    other_responses: dict[tuple[int, str], list[Any]] = field(default_factory=dict)


GENERATED: dict[tuple[str, str], GeneratedOperation] = {
    ("vectorshift", "run_chatbot"): GeneratedOperation(
        module=run_chatbot,
        arguments={"id": "bot-1"},
        sent_path="/chatbot/bot-1/run",
        bodies={
            JSON: ChatbotRunRequest,
            MULTIPART: ChatbotRunMultipartRequest,
            FORM: ChatbotRunFormRequest,
        },
        responses={200: ChatbotRunResponse, 400: Error, 401: RunChatbotResponse401, 500: Error},
        other_responses={(200, EVENT_STREAM): [ChatbotStreamEventType0, ChatbotStreamEventType1]},
    ),
    ("vectorshift", "terminate_chatbot_session"): GeneratedOperation(
        module=terminate_chatbot_session,
        arguments={"id": "bot-1"},
        sent_path="/chatbot/bot-1/terminate",
        bodies={
            JSON: TerminateChatbotSessionJsonBody,
            MULTIPART: TerminateChatbotSessionFilesBody,
            FORM: TerminateChatbotSessionDataBody,
        },
        responses={
            200: TerminateChatbotSessionResponse200,
            400: TerminateChatbotSessionResponse400,
            401: TerminateChatbotSessionResponse401,
            500: TerminateChatbotSessionResponse500,
        },
    ),
    ("pathors", "end_session"): GeneratedOperation(
        module=end_session,
        arguments={"project_id": "proj-1"},
        sent_path="/v1/projects/proj-1/sessions",
        bodies={JSON: EndSessionRequest},
        responses={
            200: EndSessionResponse,
            400: ErrorMessage,
            401: AuthError,
            404: ErrorMessage,
            500: ErrorMessage,
        },
    ),
    ("pathors", "terminate_session"): GeneratedOperation(
        module=terminate_session,
        arguments={"project_id": "proj-1"},
        sent_path="/v1/projects/proj-1/sessions/terminate",
        bodies={JSON: TerminateSessionRequest},
        responses={
            200: TerminateSessionResponse,
            400: ErrorMessage,
            401: AuthError,
            500: ErrorMessage,
        },
    ),
    ("pathors", "end_session_legacy"): GeneratedOperation(
        module=end_session_legacy,
        arguments={"project_id": "proj-1"},
        sent_path="/api/project/proj-1/integration/api/session",
        bodies={JSON: EndSessionRequest},
        responses={200: EndSessionResponse, 400: ErrorMessage, 401: AuthError, 500: ErrorMessage},
    ),
    ("pathors", "list_sessions"): GeneratedOperation(
        module=pathors_list_sessions,
        arguments={"project_id": "proj-1", "page": 2, "page_size": 50},
        sent_path="/v1/projects/proj-1/sessions?page=2&pageSize=50",
        bodies={},
        responses={200: SessionListPage, 401: AuthError},
    ),
    ("pathors", "get_session"): GeneratedOperation(
        module=pathors_get_session,
        arguments={"project_id": "proj-1", "session_id": "sess-1"},
        sent_path="/v1/projects/proj-1/sessions/sess-1",
        bodies={},
        responses={
            200: Session,
            400: ErrorMessage,
            401: AuthError,
            404: ErrorMessage,
            500: ErrorMessage,
        },
    ),
    ("liveavatar", "list_sessions"): GeneratedOperation(
        module=list_sessions,
        arguments={"type_": ListSessionsType.ACTIVE, "page": 1, "page_size": 100},
        sent_path="/v1/sessions?type=active&page=1&page_size=100",
        bodies={},
        responses={200: SessionListResponse, 422: HTTPValidationError},
    ),
    ("liveavatar", "get_session"): GeneratedOperation(
        module=liveavatar_get_session,
        arguments={"session_id": LIVEAVATAR_SESSION},
        sent_path=f"/v1/sessions/{LIVEAVATAR_SESSION}",
        bodies={},
        responses={200: SessionDetailResponse, 422: HTTPValidationError},
    ),
    ("liveavatar", "keep_session_alive"): GeneratedOperation(
        module=keep_session_alive,
        arguments={},
        sent_path="/v1/sessions/keep-alive",
        bodies={JSON: KeepSessionAliveSchema},
        responses={200: StopSessionResponse, 422: HTTPValidationError},
    ),
    ("liveavatar", "stop_session_v1_sessions_stop_post"): GeneratedOperation(
        module=stop_session_v1_sessions_stop_post,
        arguments={},
        sent_path="/v1/sessions/stop",
        bodies={JSON: StopSessionSchema},
        responses={200: StopSessionResponse, 422: HTTPValidationError},
    ),
    ("hamsa", "terminate_conversation"): GeneratedOperation(
        module=terminate_conversation,
        arguments={"conversation_id": CONVERSATION},
        sent_path=f"/v1/voice-agents/conversation/{CONVERSATION}/terminate",
        bodies={},
        responses={
            200: SuccessResponse,
            400: ErrorSchema,
            401: ErrorSchema,
            403: ErrorSchema,
            404: ErrorSchema,
            500: ErrorSchema,
        },
    ),
    ("hamsa", "list_minimal_calls"): GeneratedOperation(
        module=list_minimal_calls,
        arguments={
            "status": [JobStatus.PENDING, JobStatus.IN_PROGRESS],
            "start_time": HAMSA_WINDOW[0],
            "end_time": HAMSA_WINDOW[1],
            "per_page": 200,
        },
        sent_path="/v1/voice-agents/conversations/minimal-list?status=PENDING"
        f"&status=IN_PROGRESS&startTime={HAMSA_WINDOW[0]}&endTime={HAMSA_WINDOW[1]}"
        "&page=1&perPage=200",
        bodies={},
        responses={200: MinimalCallListResponse},
    ),
    ("hamsa", "get_conversation"): GeneratedOperation(
        module=get_conversation,
        arguments={"conversation_id": CONVERSATION},
        sent_path=f"/v1/voice-agents/conversation/{CONVERSATION}",
        bodies={},
        responses={200: ConversationResponse},
    ),
}


@dataclass(frozen=True)
class DocumentedAuth:
    """How the README says to authenticate with a vendor's generated client."""

    client_class: Any
    header: str
    prefix: str
    token: str

    def client(self, base_url: str, transport: httpx.MockTransport) -> Any:
        return self.client_class(
            base_url=base_url,
            token=self.token,
            prefix=self.prefix,
            auth_header_name=self.header,
            httpx_args={"transport": transport},
        )

    def sent_value(self) -> str:
        return f"{self.prefix} {self.token}" if self.prefix else self.token


# The README's table. LiveAvatar's other way in, a per-session Bearer token, is in test_auth.
DOCUMENTED_AUTH = {
    "vectorshift": DocumentedAuth(
        vectorshift_client.AuthenticatedClient, "Authorization", "Bearer", "vs-key"
    ),
    "pathors": DocumentedAuth(
        pathors_client.AuthenticatedClient, "Authorization", "Bearer", "dk_1"
    ),
    "liveavatar": DocumentedAuth(liveavatar_client.AuthenticatedClient, "X-API-KEY", "", "la-key"),
    "hamsa": DocumentedAuth(hamsa_client.AuthenticatedClient, "Authorization", "Token", "hm-key"),
}


def recording_transport(
    seen: list[httpx.Request], respond: Callable[[httpx.Request], httpx.Response]
) -> httpx.MockTransport:
    """A MockTransport that keeps every request (body read) and answers with ``respond``."""

    def handler(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        return respond(request)

    return httpx.MockTransport(handler)
