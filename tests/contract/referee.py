"""Call a Prism mock through a generated client, and fail with Prism's words when it objects.

Prism, run with ``--errors``, answers a request that breaks the spec with a 4xx (the
operation's documented 422 or 400 if it has one) and lists what it found in the
``sl-violations`` header: a JSON list of ``{location, severity, code, message}``. A response of
its own that breaks the spec comes back as a 500 with the same header. ``raise_on_violations``
is an httpx response hook that turns either into a ``PrismViolation`` (an AssertionError) whose
text is Prism's, so a contract test fails with the reason, not just a status code.
"""

from __future__ import annotations

import importlib
import json
from typing import Any

import attrs
import httpx

from scripts.spec.provenance import load_sources
from tests.generated.calling import body_model, documented, first_content_type
from tests.generated.clients import DOCUMENTED_AUTH, GENERATED, MULTIPART, DocumentedAuth

VIOLATIONS_HEADER = "sl-violations"


class PrismViolation(AssertionError):
    """Prism found the request (or its own response) breaks the vendor's spec."""

    def __init__(self, request: httpx.Request, status_code: int, violations: str) -> None:
        self.status_code = status_code
        self.violations = violations
        super().__init__(
            f"Prism rejected {request.method} {request.url.path} with {status_code}:\n"
            f"{describe(violations)}"
        )


def describe(header: str) -> str:
    """One line per violation in an ``sl-violations`` header: where, what, and Prism's code."""
    try:
        violations = json.loads(header)
        return "\n".join(
            f"  - {'.'.join(str(part) for part in v['location'])}: {v['message']} ({v['code']})"
            for v in violations
        )
    except (ValueError, TypeError, KeyError):
        return f"  {header}"  # not the shape Prism documents: show it as it came


def raise_on_violations(response: httpx.Response) -> None:
    """httpx response hook: raise PrismViolation when Prism sent ``sl-violations``."""
    header = response.headers.get(VIOLATIONS_HEADER)
    if header:
        raise PrismViolation(response.request, response.status_code, header)


def mock_client(
    vendor: str,
    base_url: str,
    auth: DocumentedAuth | None = None,
    *,
    authenticated: bool = True,
    headers: dict[str, str] | None = None,
    strict: bool = True,
) -> Any:
    """The vendor's generated client aimed at its mock: the README's auth unless told otherwise.

    ``authenticated=False`` gives the package's plain ``Client`` (no credentials at all).
    ``strict`` (the default) raises on Prism's violations and on undocumented statuses;
    ``strict=False`` hands back whatever came, for tests that look at a rejection.
    """
    hooks = {"response": [raise_on_violations]} if strict else {}
    options: dict[str, Any] = {
        "base_url": base_url,
        "headers": headers or {},
        "timeout": httpx.Timeout(10.0),
        "raise_on_unexpected_status": strict,
        "httpx_args": {"event_hooks": hooks},
    }
    if not authenticated:
        package = importlib.import_module(load_sources()[vendor]["package"])
        return package.Client(**options)
    auth = auth or DOCUMENTED_AUTH[vendor]
    return auth.client_class(
        token=auth.token, prefix=auth.prefix, auth_header_name=auth.header, **options
    )


def default_body(vendor: str, operation_id: str) -> str | None:
    """The content type to send when a test is about something else (None: no body)."""
    return first_content_type(documented(vendor, operation_id))


def call_operation(
    vendor: str,
    operation_id: str,
    content_type: str | None,
    client: Any,
    *,
    object_parts: bool = False,
) -> Any:
    """Send the operation through ``client`` with an example body of ``content_type``.

    Returns the generated package's ``Response`` (status, headers, parsed model). A multipart
    body goes without its object-valued parts unless ``object_parts``: Prism 5.14.2 reads every
    part as a string (prism-http validator/validators/body.js, parseMultipartFormDataParams),
    so the JSON part OpenAPI's default encoding prescribes for an object can never pass there.
    tests/generated checks those parts against the spec with openapi-core instead.
    """
    generated = GENERATED[(vendor, operation_id)]
    arguments = dict(generated.arguments)
    if content_type is not None:
        body, _ = body_model(vendor, operation_id, content_type)
        if content_type == MULTIPART and not object_parts:
            _leave_out_object_parts(body)
        arguments["body"] = body
    return generated.module.sync_detailed(client=client, **arguments)


def _leave_out_object_parts(model: Any) -> None:
    """Unset every attribute of ``model`` that holds another generated model (a JSON part)."""
    unset = importlib.import_module(f"{type(model).__module__.split('.')[0]}.types").UNSET
    for attribute in attrs.fields(type(model)):
        if callable(getattr(getattr(model, attribute.name), "to_dict", None)):
            setattr(model, attribute.name, unset)
