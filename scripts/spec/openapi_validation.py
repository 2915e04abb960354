"""Validate httpx traffic against a vendor's effective spec with openapi-core.

openapi-core ships adapters for requests, Flask, Django… but not for httpx, so this module
is the small one we need: it turns an ``httpx.Request`` into openapi-core's Request protocol
(and a response into its Response protocol). Requests are matched against the spec's own
``servers``, so build them on that base URL (``spec_base_url``). The tests validate what the
clients send; scripts/servers/sse_stub.py validates what it is sent, and each event it streams back.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

from scripts.spec.effective_spec import effective_spec

__all__ = [
    "EVENT_STREAM",
    "HttpxOpenAPIRequest",
    "HttpxOpenAPIResponse",
    "openapi_for",
    "spec_base_url",
    "validate_request",
    "validate_response",
    "validate_stream_event",
]

EVENT_STREAM = "text/event-stream"


class HttpxOpenAPIRequest:
    """openapi-core's view of an ``httpx.Request``: method, URL, headers, body."""

    def __init__(self, request: httpx.Request) -> None:
        self._request = request
        url = urlsplit(str(request.url))
        self.host_url = f"{url.scheme}://{url.netloc}"
        self.path = url.path
        self.method = request.method.lower()
        self.body: bytes | None = request.read() or None
        self.content_type = request.headers.get("content-type", "")
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(parse_qs(url.query)),
            header=Headers(dict(request.headers)),
            cookie=ImmutableMultiDict(),
        )


class HttpxOpenAPIResponse:
    """openapi-core's view of an ``httpx.Response``."""

    def __init__(self, response: httpx.Response) -> None:
        self.status_code = response.status_code
        self.content_type = response.headers.get("content-type", "")
        self.headers = Headers(dict(response.headers))
        self.data = response.read()


@cache
def openapi_for(vendor: str) -> OpenAPI:
    """The openapi-core validator of ``vendor``'s effective spec (built once per run)."""
    return OpenAPI.from_dict(effective_spec(vendor))


@cache
def _openapi_for_events(vendor: str) -> OpenAPI:
    # A text/event-stream schema describes one event's data (VectorShift's ChatbotStreamEvent):
    # openapi-core has no deserializer for the media type, so it is told that data is JSON.
    config = Config(extra_media_type_deserializers={EVENT_STREAM: json.loads})
    return OpenAPI.from_dict(effective_spec(vendor), config=config)


def spec_base_url(vendor: str) -> str:
    """The first server URL the vendor's spec declares."""
    servers: list[dict[str, Any]] = effective_spec(vendor)["servers"]
    return str(servers[0]["url"])


def validate_request(vendor: str, request: httpx.Request) -> None:
    """Raise openapi-core's error if ``request`` breaks the vendor's spec."""
    openapi_for(vendor).validate_request(HttpxOpenAPIRequest(request))


def validate_response(vendor: str, request: httpx.Request, response: httpx.Response) -> None:
    """Raise openapi-core's error if ``response`` breaks the vendor's spec."""
    openapi_for(vendor).validate_response(
        HttpxOpenAPIRequest(request), HttpxOpenAPIResponse(response)
    )


def validate_stream_event(vendor: str, request: httpx.Request, status: int, data: str) -> None:
    """Raise openapi-core's error if one SSE event's ``data`` breaks the spec's stream schema."""
    response = httpx.Response(status, headers={"content-type": EVENT_STREAM}, text=data)
    _openapi_for_events(vendor).validate_response(
        HttpxOpenAPIRequest(request), HttpxOpenAPIResponse(response)
    )
