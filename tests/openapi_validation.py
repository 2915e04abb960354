"""Validate what an httpx client sends (and gets) against a vendor's effective spec.

openapi-core ships adapters for requests, Flask, Django… but not for httpx, so this module
is the small one we need: it turns an ``httpx.Request`` into openapi-core's Request protocol.
Requests are matched against the spec's own ``servers``, so send them to that base URL
(``spec_base_url``) through ``httpx.MockTransport``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

from scripts.effective_spec import effective_spec


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
