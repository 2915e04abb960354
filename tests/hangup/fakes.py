"""Fake vendors for the facade's tests: scripted answers, recorded requests, spec validation."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import httpx

from hangup import AsyncHangup, Hangup
from tests.openapi_validation import validate_request

UUID = "849e77c6-5cb3-479a-a985-7fab630e2c78"
VENDORS = ("vectorshift", "pathors", "liveavatar", "hamsa")

# Long and distinctive, so a leak is found by a plain substring search.
KEYS = {
    "vectorshift": "vs-key-4d7Qm2ZpX9LkT3",
    "pathors": "dk_pathors-key-8hW2nB5vR1",
    "liveavatar": "la-key-Jq6tY0cU7eN4",
    "hamsa": "hamsa-key-Ps3Fd9Gk2Lw8",
}
SESSION_TOKEN = "la-session-token-Vb7Nm1Xc5Zq2"

REFS = {
    "vectorshift": "vectorshift:bot_1/run_1",
    "pathors": "pathors:proj_1/sess_1",
    "liveavatar": f"liveavatar:{UUID}",
    "hamsa": f"hamsa:{UUID}",
}

# Each vendor's documented success answer to its end call.
SUCCESS: dict[str, dict[str, Any]] = {
    "vectorshift": {"status": "success"},
    "pathors": {"success": True, "sessionId": "sess_1", "message": "Session ended successfully"},
    "liveavatar": {"code": 100, "data": None, "message": "Session stopped"},
    "hamsa": {"success": True, "message": "Conversation terminated successfully."},
}

Step = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


class Vendor:
    """A scripted vendor: answers each request with the next step, records every request.

    A step is a response, an exception to raise (a transport failure), or a function of the
    request. When the script runs out, the last step repeats. With `validate`, every request
    is first checked against the vendor's effective spec (openapi-core).
    """

    def __init__(self, vendor: str | None, steps: Iterable[Step], *, validate: bool = True):
        self.vendor = vendor
        self.steps = list(steps)
        self.validate = validate and vendor is not None
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        if self.validate:
            assert self.vendor is not None
            validate_request(self.vendor, request)
        self.requests.append(request)
        step = self.steps[min(len(self.requests) - 1, len(self.steps) - 1)]
        if isinstance(step, Exception):
            raise step
        if isinstance(step, httpx.Response):
            return httpx.Response(
                step.status_code, headers=step.headers, content=step.content, request=request
            )
        return step(request)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


def ok(vendor: str) -> httpx.Response:
    """The vendor's documented success answer."""
    return httpx.Response(200, json=SUCCESS[vendor])


def sync_client(vendor: Vendor, **options: Any) -> Hangup:
    """A Hangup with every key set, talking to `vendor` only."""
    options.setdefault("api_keys", KEYS)
    return Hangup(transport=vendor.transport, env={}, **options)


def async_client(vendor: Vendor, **options: Any) -> AsyncHangup:
    """An AsyncHangup with every key set, talking to `vendor` only."""
    options.setdefault("api_keys", KEYS)
    return AsyncHangup(transport=vendor.transport, env={}, **options)
