"""Prism as the referee of authentication: missing or wrong credentials get 401 on every operation.

Prism checks a request against the operation's ``security`` before anything else. For an
``http`` bearer scheme it checks the header and its ``Bearer`` prefix; for an ``apiKey`` scheme
only that the named header is present (so Hamsa's ``Token`` prefix, stated only in the scheme's
prose, is beyond it: tests/generated/test_auth.py holds that one). It cannot know a real key, so
"wrong" here means the wrong header or scheme, never a wrong secret.
"""

from __future__ import annotations

from typing import Any

import liveavatar_client
import pytest

from tests.contract.referee import call_operation, default_body, mock_client
from tests.generated.clients import DOCUMENTED_AUTH, GENERATED, DocumentedAuth
from tests.generated.spec_walk import documented_operations, vendors

pytestmark = pytest.mark.contract

LIVEAVATAR_STOP = "stop_session_v1_sessions_stop_post"


OPERATIONS = [
    pytest.param(vendor, o.operation_id, id=o.operation_id)
    for vendor in vendors()
    for o in documented_operations(vendor)
]


def assert_401(vendor: str, operation_id: str, response: Any) -> None:
    """A 401 that Prism gave for the credentials (its reason, in header or body), parsed."""
    assert response.status_code == 401, response.content
    reason = response.headers.get("sl-violations", "") + response.content.decode()
    assert "Invalid security scheme used" in reason
    documented = GENERATED[(vendor, operation_id)].responses.get(401)
    if documented is not None:  # LiveAvatar documents no 401: Prism answers with its own
        assert isinstance(response.parsed, documented)


@pytest.mark.parametrize(("vendor", "operation_id"), OPERATIONS)
def test_a_request_without_credentials_gets_401(
    mock_base_urls: dict[str, str], vendor: str, operation_id: str
) -> None:
    client = mock_client(vendor, mock_base_urls[vendor], authenticated=False, strict=False)
    response = call_operation(vendor, operation_id, default_body(vendor, operation_id), client)
    assert_401(vendor, operation_id, response)


# Credentials sent the way another vendor wants them: the mix-up the facade exists to prevent.
WRONG_WAYS = {
    "vectorshift": [("Authorization", "Token"), ("X-API-KEY", "")],
    "pathors": [("Authorization", "Token"), ("X-API-KEY", "")],
    "liveavatar": [("Authorization", "Token"), ("Api-Key", "")],
    "hamsa": [("X-API-KEY", "")],
}
WRONG_CASES = [
    pytest.param(vendor, o.operation_id, header, prefix, id=f"{o.operation_id}-{header} {prefix}")
    for vendor, ways in WRONG_WAYS.items()
    for o in documented_operations(vendor)
    for header, prefix in ways
]


@pytest.mark.parametrize(("vendor", "operation_id", "header", "prefix"), WRONG_CASES)
def test_credentials_in_another_vendors_header_or_scheme_get_401(
    mock_base_urls: dict[str, str], vendor: str, operation_id: str, header: str, prefix: str
) -> None:
    wrong = DocumentedAuth(DOCUMENTED_AUTH[vendor].client_class, header, prefix, "a-key")
    client = mock_client(vendor, mock_base_urls[vendor], wrong, strict=False)
    response = call_operation(vendor, operation_id, default_body(vendor, operation_id), client)
    assert_401(vendor, operation_id, response)


@pytest.mark.parametrize(
    ("header", "prefix"),
    [("X-API-KEY", ""), ("Authorization", "Bearer")],
    ids=["account api key", "session bearer token"],
)
def test_liveavatar_stop_accepts_either_of_its_two_credentials(
    mock_base_urls: dict[str, str], header: str, prefix: str
) -> None:
    auth = DocumentedAuth(liveavatar_client.AuthenticatedClient, header, prefix, "la-secret")
    client = mock_client("liveavatar", mock_base_urls["liveavatar"], auth)
    response = call_operation("liveavatar", LIVEAVATAR_STOP, "application/json", client)
    assert response.status_code == 200
