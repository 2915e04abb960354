"""Every operation of every generated client, sent to its vendor's Prism mock (validation on).

Cases come from the effective specs (tests/generated/spec_walk.py), so an operation, a body
content type or a documented status added to a spec becomes a case here at once. The client is
strict: a request Prism finds invalid fails with Prism's ``sl-violations`` text, and a status the
spec does not document fails with the generated client's UnexpectedStatus.
"""

from __future__ import annotations

from typing import Any

import pytest

from scripts.spec.effective_spec import effective_spec
from tests.contract.referee import call_operation, default_body, mock_client
from tests.generated.clients import GENERATED
from tests.generated.spec_walk import DocumentedOperation, documented_operations, resolve, vendors

pytestmark = pytest.mark.contract


def body_is_optional(operation: DocumentedOperation) -> bool:
    spec = effective_spec(operation.vendor)
    raw = spec["paths"][operation.path][operation.method].get("requestBody")
    return raw is None or not resolve(spec, raw).get("required", False)


def request_cases() -> list[Any]:
    """One case per operation and request content type, and one without a body where allowed."""
    cases = []
    for vendor in vendors():
        for operation in documented_operations(vendor):
            kinds: list[str | None] = list(operation.request_bodies)
            if kinds and body_is_optional(operation):
                kinds.append(None)
            for kind in kinds or [None]:
                case_id = f"{operation.operation_id}-{kind or 'no body'}"
                cases.append(pytest.param(vendor, operation.operation_id, kind, id=case_id))
    return cases


def status_cases() -> list[Any]:
    return [
        pytest.param(vendor, o.operation_id, status, id=f"{o.operation_id}-{status}")
        for vendor in vendors()
        for o in documented_operations(vendor)
        for status in o.responses
    ]


@pytest.mark.parametrize(("vendor", "operation_id", "content_type"), request_cases())
def test_a_valid_request_gets_2xx_and_parses_into_the_documented_model(
    mock_base_urls: dict[str, str], vendor: str, operation_id: str, content_type: str | None
) -> None:
    client = mock_client(vendor, mock_base_urls[vendor])
    response = call_operation(vendor, operation_id, content_type, client)
    assert 200 <= response.status_code < 300, response.content
    expected = GENERATED[(vendor, operation_id)].responses[response.status_code]
    assert isinstance(response.parsed, expected)


@pytest.mark.parametrize(("vendor", "operation_id", "status"), status_cases())
def test_each_documented_status_forced_with_prefer_parses_into_its_model(
    mock_base_urls: dict[str, str], vendor: str, operation_id: str, status: int
) -> None:
    client = mock_client(vendor, mock_base_urls[vendor], headers={"Prefer": f"code={status}"})
    response = call_operation(vendor, operation_id, default_body(vendor, operation_id), client)
    assert response.status_code == status, response.content
    assert isinstance(response.parsed, GENERATED[(vendor, operation_id)].responses[status])
