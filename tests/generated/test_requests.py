"""Every operation of every generated client sends what its vendor's effective spec says.

Cases come from the specs: each operation, and each request content type it documents.
Each request goes through httpx.MockTransport and is validated with openapi-core (method,
path, parameters, auth, body); each body is also parsed back as the content type it claims
and compared with the example it was built from.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from tests.generated.calling import call, documented
from tests.generated.clients import FORM, GENERATED, MULTIPART
from tests.generated.multipart import validate_multipart_request
from tests.generated.spec_walk import JSON, documented_operations, example_for, vendors
from tests.openapi_validation import validate_request

REQUEST_CASES = [
    pytest.param(o.vendor, o.operation_id, content_type, id=f"{o.operation_id}-{content_type}")
    for vendor in vendors()
    for o in documented_operations(vendor)
    for content_type in ([*o.request_bodies] if o.request_bodies else [None])
]


def answer_200(vendor: str, operation_id: str) -> httpx.Response:
    schema = documented(vendor, operation_id).responses[200][JSON]
    return httpx.Response(200, json=example_for(schema))


def form_text(value: Any) -> str:
    """How a form field spells ``value``: strings as they are, the rest in JSON's spelling."""
    return value if isinstance(value, str) else json.dumps(value)


def test_every_spec_operation_has_a_generated_counterpart_and_nothing_else_does() -> None:
    in_specs = {(v, o.operation_id) for v in vendors() for o in documented_operations(v)}
    assert set(GENERATED) == in_specs


@pytest.mark.parametrize(("vendor", "operation_id", "content_type"), REQUEST_CASES)
def test_each_request_is_sent_to_the_documented_path_and_satisfies_the_spec(
    vendor: str, operation_id: str, content_type: str | None
) -> None:
    operation = documented(vendor, operation_id)
    sent = call(vendor, operation_id, content_type, lambda _: answer_200(vendor, operation_id))
    request = sent.request
    assert request.method == operation.method.upper()
    assert str(request.url) == operation.base_url + GENERATED[(vendor, operation_id)].sent_path
    if content_type == MULTIPART:
        validate_multipart_request(vendor, request, operation.request_bodies[MULTIPART])
    else:
        validate_request(vendor, request)
    assert sent.response.status_code == 200


@pytest.mark.parametrize(("vendor", "operation_id", "content_type"), REQUEST_CASES)
def test_each_body_is_sent_as_the_content_type_it_says_and_parses_back_as_that_type(
    vendor: str, operation_id: str, content_type: str | None
) -> None:
    operation = documented(vendor, operation_id)
    sent = call(vendor, operation_id, content_type, lambda _: answer_200(vendor, operation_id))
    request, example = sent.request, sent.sent_body
    sent_type = request.headers.get("content-type", "")
    if content_type is None:
        assert request.content == b""
    elif content_type == JSON:
        assert sent_type == JSON
        assert json.loads(request.content) == example
    elif content_type == FORM:
        assert sent_type == FORM
        pairs = parse_qsl(request.content.decode(), strict_parsing=True)
        assert dict(pairs) == {key: form_text(value) for key, value in example.items()}
    elif content_type == MULTIPART:
        schema = operation.request_bodies[MULTIPART]
        fields = validate_multipart_request(vendor, request, schema)
        assert fields == example
    else:
        pytest.fail(f"{vendor} {operation_id}: no check for {content_type} bodies yet")


def test_a_multipart_boolean_goes_over_the_wire_as_json_spells_it() -> None:
    sent = call(
        "vectorshift", "run_chatbot", MULTIPART, lambda _: answer_200("vectorshift", "run_chatbot")
    )
    content = sent.request.content
    assert b'name="stream"' in content
    assert b"\r\n\r\ntrue\r\n" in content
    assert b"True" not in content
