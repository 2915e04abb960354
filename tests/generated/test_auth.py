"""Trap: the generator ignores securitySchemes, so each vendor's header and prefix are ours to set.

The generated AuthenticatedClient sends ``Authorization: Bearer <token>`` unless told
otherwise. These tests hold the README's table (tests/generated/clients.py DOCUMENTED_AUTH)
against each spec's securitySchemes, as openapi-core reads them, and, where a scheme only
states its prefix in prose (Hamsa's apiKey), against that prose.
"""

from __future__ import annotations

import re

import httpx
import liveavatar_client
import pytest
from hamsa_client import AuthenticatedClient as HamsaClient
from openapi_core.validation.request.exceptions import SecurityValidationError
from openapi_core.validation.request.validators import V31RequestSecurityValidator

from scripts.spec.effective_spec import effective_spec
from tests.generated.calling import call, first_content_type
from tests.generated.clients import DOCUMENTED_AUTH, DocumentedAuth
from tests.generated.spec_walk import documented_operations, vendors
from tests.openapi_validation import HttpxOpenAPIRequest, openapi_for, validate_request

OPERATIONS = [
    pytest.param(o.vendor, o.operation_id, id=o.operation_id)
    for vendor in vendors()
    for o in documented_operations(vendor)
]
LIVEAVATAR_STOP = "stop_session_v1_sessions_stop_post"


def ok(_: httpx.Request) -> httpx.Response:
    return httpx.Response(204)


def sent_with(vendor: str, operation_id: str, auth: DocumentedAuth | None = None) -> httpx.Request:
    operation = next(o for o in documented_operations(vendor) if o.operation_id == operation_id)
    return call(vendor, operation_id, first_content_type(operation), ok, auth).request


def check_security(vendor: str, request: httpx.Request) -> None:
    V31RequestSecurityValidator(openapi_for(vendor).spec).validate(HttpxOpenAPIRequest(request))


def without(request: httpx.Request, header: str) -> httpx.Request:
    headers = {k: v for k, v in request.headers.items() if k.lower() != header.lower()}
    return httpx.Request(request.method, request.url, headers=headers, content=request.content)


@pytest.mark.parametrize(("vendor", "operation_id"), OPERATIONS)
def test_the_documented_header_and_prefix_satisfy_the_operations_security(
    vendor: str, operation_id: str
) -> None:
    auth = DOCUMENTED_AUTH[vendor]
    request = sent_with(vendor, operation_id)
    assert request.headers[auth.header] == auth.sent_value()
    check_security(vendor, request)


@pytest.mark.parametrize(("vendor", "operation_id"), OPERATIONS)
def test_the_same_request_without_that_header_is_refused_by_the_spec(
    vendor: str, operation_id: str
) -> None:
    request = sent_with(vendor, operation_id)
    with pytest.raises(SecurityValidationError):
        check_security(vendor, without(request, DOCUMENTED_AUTH[vendor].header))


@pytest.mark.parametrize("vendor", ["vectorshift", "pathors"])
def test_a_bearer_vendor_refuses_its_key_under_any_other_prefix(vendor: str) -> None:
    operation = documented_operations(vendor)[0]
    right = DOCUMENTED_AUTH[vendor]
    wrong = DocumentedAuth(right.client_class, right.header, "Token", right.token)
    check_security(vendor, sent_with(vendor, operation.operation_id, right))
    with pytest.raises(SecurityValidationError):
        check_security(vendor, sent_with(vendor, operation.operation_id, wrong))


def test_liveavatar_takes_the_api_key_bare_in_x_api_key_and_no_authorization() -> None:
    request = sent_with("liveavatar", LIVEAVATAR_STOP)
    assert request.headers["X-API-KEY"] == "la-key"  # no prefix, not even a space
    assert "Authorization" not in request.headers
    validate_request("liveavatar", request)


def test_liveavatar_also_takes_a_session_token_as_http_bearer() -> None:
    session_token = DocumentedAuth(
        liveavatar_client.AuthenticatedClient, "Authorization", "Bearer", "session-token"
    )
    request = sent_with("liveavatar", LIVEAVATAR_STOP, session_token)
    assert request.headers["Authorization"] == "Bearer session-token"
    assert "X-API-KEY" not in request.headers
    validate_request("liveavatar", request)


def test_the_generators_default_puts_a_liveavatar_key_where_session_tokens_go() -> None:
    """Why LiveAvatar needs auth_header_name and prefix: left alone, the account key lands in
    the Bearer header, which the spec's HTTPBearer scheme accepts syntactically (openapi-core
    cannot tell a key from a session token) but the vendor keeps for session tokens."""
    default = DocumentedAuth(
        liveavatar_client.AuthenticatedClient, "Authorization", "Bearer", "la-key"
    )
    assert liveavatar_client.AuthenticatedClient(base_url="x", token="k").prefix == "Bearer"
    request = sent_with("liveavatar", LIVEAVATAR_STOP, default)
    assert "X-API-KEY" not in request.headers
    assert request.headers["Authorization"] == "Bearer la-key"


def hamsa_scheme_form() -> tuple[str, str]:
    """Header and prefix as Hamsa's apiKey scheme states them, in prose only."""
    scheme = effective_spec("hamsa")["components"]["securitySchemes"]["ApiKeyAuth"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
    found = re.search(r"'(?P<header>[\w-]+): (?P<prefix>\w+) <api-key>'", scheme["description"])
    assert found, "Hamsa's scheme no longer says how to send the key: re-read it"
    return found["header"], found["prefix"]


def test_hamsa_sends_the_token_prefix_its_scheme_description_demands() -> None:
    header, prefix = hamsa_scheme_form()
    assert (DOCUMENTED_AUTH["hamsa"].header, DOCUMENTED_AUTH["hamsa"].prefix) == (header, prefix)
    request = sent_with("hamsa", "terminate_conversation")
    assert request.headers[header] == f"{prefix} hm-key"
    check_security("hamsa", request)


def test_the_generators_default_bearer_prefix_breaks_hamsas_scheme() -> None:
    """An apiKey scheme has no prefix field, so openapi-core accepts any Authorization value;
    the prefix is held against the scheme's own description instead."""
    header, prefix = hamsa_scheme_form()
    assert HamsaClient(base_url="x", token="k").prefix == "Bearer"
    default = DocumentedAuth(HamsaClient, "Authorization", "Bearer", "hm-key")
    value = sent_with("hamsa", "terminate_conversation", default).headers[header]
    assert value == "Bearer hm-key"
    assert not value.startswith(f"{prefix} ")
