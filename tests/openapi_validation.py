"""Validate what an httpx client sends (and gets) against a vendor's effective spec.

The openapi-core adapter for httpx lives in scripts/spec/openapi_validation.py (the SSE stub uses
it too) and is re-exported here; this module adds the MockTransport the tests answer with.
Send requests to ``spec_base_url(vendor)`` so openapi-core matches the spec's servers.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from scripts.spec.openapi_validation import (
    HttpxOpenAPIRequest,
    HttpxOpenAPIResponse,
    openapi_for,
    spec_base_url,
    validate_request,
    validate_response,
)

__all__ = [
    "HttpxOpenAPIRequest",
    "HttpxOpenAPIResponse",
    "openapi_for",
    "spec_base_url",
    "validate_request",
    "validate_response",
    "validating_transport",
]


def validating_transport(
    vendor: str,
    respond: Callable[[httpx.Request], httpx.Response],
    seen: list[httpx.Request] | None = None,
) -> httpx.MockTransport:
    """A MockTransport that validates each request against the spec before answering."""

    def handler(request: httpx.Request) -> httpx.Response:
        validate_request(vendor, request)
        if seen is not None:
            seen.append(request)
        return respond(request)

    return httpx.MockTransport(handler)
