"""Every facade call as a case, and how to make it on Hangup or AsyncHangup through a Referee.

``FACADE_CASES`` is every way the facade calls a vendor; which spec operation each one is,
and which operations the facade calls at all, come from specs/facade-operations.toml and the
effective specs, so an operation added there without a case here fails a test.
"""

from __future__ import annotations

import asyncio
import inspect
import re
import tomllib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from hangup import AsyncHangup, Hangup
from scripts.spec.effective_spec import effective_spec
from scripts.spec.provenance import SPECS_DIR
from tests.contract.referee_transport import AsyncReferee, Referee
from tests.generated.spec_walk import DocumentedOperation, documented_operations

LIVEAVATAR_SESSION = "3f1c2a9e-8b7d-4e6f-a5c4-1b2d3e4f5a6b"
HAMSA_CONVERSATION = "849e77c6-5cb3-479a-a985-7fab630e2c78"
SESSION_TOKEN = "la-session-token"
KEYS = {
    "vectorshift": "vs-contract-key",
    "pathors": "dk_contract",
    "liveavatar": "la-contract-key",
    "hamsa": "hm-contract-key",
}


@dataclass(frozen=True)
class FacadeCase:
    """One facade call: which vendor operation it is, the method path on the client, its args."""

    name: str
    vendor: str
    operation_id: str
    method: str  # "end", "vectorshift.run", "pathors.terminate"
    args: tuple[Any, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)

    def call(self, client: Hangup) -> Any:
        """Make the call on a Hangup (a list call is paged through to its end)."""
        result = _bound(client, self.method)(*self.args, **self.kwargs)
        return list(result) if isinstance(result, Iterator) else result

    async def acall(self, client: AsyncHangup) -> Any:
        """Make the call on an AsyncHangup (a list call is paged through to its end)."""
        result = _bound(client, self.method)(*self.args, **self.kwargs)
        if isinstance(result, AsyncIterator):
            return [item async for item in result]
        return await result if inspect.isawaitable(result) else result


def _bound(client: object, method: str) -> Any:
    target = client
    for part in method.split("."):
        target = getattr(target, part)
    return target


def liveavatar_reasons() -> list[str]:
    """Every value of LiveAvatar's SessionEndReasonEnum, from the effective spec."""
    schemas = effective_spec("liveavatar")["components"]["schemas"]
    return list(schemas["SessionEndReasonEnum"]["enum"])


VS_STOP = "terminate_chatbot_session"
LA_STOP = "stop_session_v1_sessions_stop_post"
LA_REF = f"liveavatar:{LIVEAVATAR_SESSION}"
FACADE_CASES = [
    FacadeCase("vectorshift end", "vectorshift", VS_STOP, "end", ("vectorshift:bot-1/run-1",)),
    FacadeCase("vectorshift run", "vectorshift", "run_chatbot", "vectorshift.run", ("bot-1", "hi")),
    FacadeCase(
        "vectorshift run in a conversation",
        "vectorshift",
        "run_chatbot",
        "vectorshift.run",
        ("bot-1", "more"),
        {"conversation_id": "conv-1"},
    ),
    FacadeCase("pathors end", "pathors", "end_session", "end", ("pathors:proj-1/sess-1",)),
    *[
        FacadeCase(
            f"pathors terminate with {' and '.join(fields)}",
            "pathors",
            "terminate_session",
            "pathors.terminate",
            ("proj-1",),
            fields,
        )
        for fields in (
            {"session_id": "sess-1"},
            {"phone_number": "+15550100"},
            {"session_id": "sess-1", "message": "Goodbye"},
            {"session_id": "sess-1", "phone_number": "+15550100", "message": "Goodbye"},
        )
    ],
    FacadeCase("liveavatar end", "liveavatar", LA_STOP, "end", (LA_REF,)),
    *[
        FacadeCase(
            f"liveavatar end {reason}", "liveavatar", LA_STOP, "end", (LA_REF,), {"reason": reason}
        )
        for reason in liveavatar_reasons()
    ],
    FacadeCase(
        "liveavatar end with a session token",
        "liveavatar",
        LA_STOP,
        "end",
        (LA_REF,),
        {"session_token": SESSION_TOKEN, "reason": "AGENT_HANG_UP"},
    ),
    FacadeCase(
        "hamsa end", "hamsa", "terminate_conversation", "end", (f"hamsa:{HAMSA_CONVERSATION}",)
    ),
    FacadeCase(
        "liveavatar live sessions", "liveavatar", "list_sessions", "live_sessions", ("liveavatar",)
    ),
    FacadeCase(
        "liveavatar keep-alive",
        "liveavatar",
        "keep_session_alive",
        "liveavatar.keep_alive",
        (LA_REF,),
    ),
    FacadeCase("hamsa live sessions", "hamsa", "list_minimal_calls", "live_sessions", ("hamsa",)),
    FacadeCase(
        "pathors live sessions",
        "pathors",
        "list_sessions",
        "live_sessions",
        ("pathors",),
        {"project_id": "proj-1"},
    ),
]


def facade_operations() -> list[DocumentedOperation]:
    """The spec operations specs/facade-operations.toml says the facade calls, in its order."""
    with (SPECS_DIR / "facade-operations.toml").open("rb") as handle:
        listed: dict[str, list[str]] = tomllib.load(handle)["operations"]
    found = []
    for vendor, operations in listed.items():
        by_key = {(o.method.upper(), o.path): o for o in documented_operations(vendor)}
        for entry in operations:
            method, path = entry.split(" ", 1)
            found.append(by_key[(method.upper(), path)])
    return found


def first_case(operation: DocumentedOperation) -> FacadeCase:
    """The first facade case that calls ``operation``."""
    return next(
        case
        for case in FACADE_CASES
        if (case.vendor, case.operation_id) == (operation.vendor, operation.operation_id)
    )


def wire_path(operation: DocumentedOperation) -> re.Pattern[str]:
    """The paths a mock sees for ``operation``: its spec path, each parameter one segment."""
    return re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(operation.path)) + "$")


def error_statuses(vendor: str, operation_id: str) -> list[int]:
    """Every non-2xx status the effective spec documents for the operation (body or not)."""
    spec = effective_spec(vendor)
    for item in spec["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                return sorted(int(s) for s in operation["responses"] if not s.startswith("2"))
    raise LookupError(f"{vendor} documents no {operation_id}")


def facade_client(base_urls: dict[str, str], transport: Referee, **options: Any) -> Hangup:
    """A Hangup aimed at the mocks with every vendor's key, sending through ``transport``."""
    return Hangup(api_keys=KEYS, base_urls=base_urls, transport=transport, env={}, **options)


def async_facade_client(
    base_urls: dict[str, str], transport: AsyncReferee, **options: Any
) -> AsyncHangup:
    """The AsyncHangup twin of facade_client."""
    return AsyncHangup(api_keys=KEYS, base_urls=base_urls, transport=transport, env={}, **options)


# AsyncHangup on its default transport (aiohttp), and once more on httpx's own, still offered.
CLIENT_KINDS = ["sync", "async", "async-httpx"]


def referee_for(kind: str, **options: Any) -> Referee | AsyncReferee:
    """A Referee for "sync"; an AsyncReferee on aiohttp for "async", on httpx for "async-httpx"."""
    if kind == "sync":
        return Referee(**options)
    if kind == "async-httpx":
        return AsyncReferee(inner=httpx.AsyncHTTPTransport(), **options)
    return AsyncReferee(**options)


def run_case(
    kind: str,
    case: FacadeCase,
    base_urls: dict[str, str],
    referee: Referee | AsyncReferee,
    **options: Any,
) -> Any:
    """Make ``case``'s call on a Hangup ("sync") or an AsyncHangup ("async") through ``referee``."""
    if isinstance(referee, Referee):
        with facade_client(base_urls, referee, **options) as client:
            return case.call(client)

    async def call() -> Any:
        async with async_facade_client(base_urls, referee, **options) as client:
            return await case.acall(client)

    return asyncio.run(call())
