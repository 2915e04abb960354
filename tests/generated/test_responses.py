"""Every documented response of every generated operation is parsed into its typed model.

Cases come from the specs: each status that documents a body schema. The answer is an
example built from that schema (and validated against the spec with openapi-core, so the
test cannot pass on a body the vendor would never send); the generated client must parse
it into the model class the table names, with every field carried over.
"""

from __future__ import annotations

import json
import re
from enum import Enum
from typing import Any

import attrs
import httpx
import pytest
from liveavatar_client.models import HTTPValidationError, StopSessionResponse
from pathors_client.models import AuthError, AuthErrorError
from vectorshift_client.models import ChatbotRunResponse, ChatbotRunResponseStatus

from tests.generated.calling import call, documented, first_content_type
from tests.generated.clients import GENERATED
from tests.generated.spec_walk import JSON, documented_operations, example_for, vendors
from tests.openapi_validation import validate_response

RESPONSE_CASES = [
    pytest.param(o.vendor, o.operation_id, status, id=f"{o.operation_id}-{status}")
    for vendor in vendors()
    for o in documented_operations(vendor)
    for status in o.responses
]
OTHER_BODY_CASES = [
    pytest.param(o.vendor, o.operation_id, status, content_type, id=f"{o.operation_id}-{status}")
    for vendor in vendors()
    for o in documented_operations(vendor)
    for status, contents in o.responses.items()
    for content_type in contents
    if content_type != JSON
]


def answered(vendor: str, operation_id: str, status: int, body: Any) -> Any:
    """The generated client's Response to ``status`` with JSON ``body``, spec-checked."""
    operation = documented(vendor, operation_id)
    sent = call(
        vendor,
        operation_id,
        first_content_type(operation),
        lambda _: httpx.Response(status, json=body),
    )
    validate_response(vendor, sent.request, httpx.Response(status, json=body))
    assert sent.response.status_code == status
    return sent.response.parsed


def test_every_documented_status_has_a_model_in_the_table_and_no_other_does() -> None:
    for vendor in vendors():
        for operation in documented_operations(vendor):
            generated = GENERATED[(vendor, operation.operation_id)]
            assert set(generated.responses) == set(operation.responses), operation.operation_id


@pytest.mark.parametrize(("vendor", "operation_id", "status"), RESPONSE_CASES)
def test_each_documented_response_parses_into_its_typed_model(
    vendor: str, operation_id: str, status: int
) -> None:
    schemas = documented(vendor, operation_id).responses[status]
    assert JSON in schemas, f"{operation_id} {status} has no JSON body: extend this test"
    example = example_for(schemas[JSON])
    parsed = answered(vendor, operation_id, status, example)
    assert type(parsed) is GENERATED[(vendor, operation_id)].responses[status]
    assert parsed.to_dict() == example
    assert_typed_all_the_way_down(parsed, schemas[JSON])


@pytest.mark.parametrize(("vendor", "operation_id", "status", "content_type"), OTHER_BODY_CASES)
def test_each_alternative_of_a_non_json_body_parses_into_its_own_model(
    vendor: str, operation_id: str, status: int, content_type: str
) -> None:
    """A stream the generated code leaves unparsed still has one model per event shape."""
    schema = documented(vendor, operation_id).responses[status][content_type]
    models = GENERATED[(vendor, operation_id)].other_responses[(status, content_type)]
    alternatives = schema["oneOf"]
    assert len(models) == len(alternatives)
    for model, alternative in zip(models, alternatives, strict=True):
        event = example_for(alternative)
        parsed = model.from_dict(json.loads(json.dumps(event)))
        assert parsed.to_dict() == event
        assert_typed_all_the_way_down(parsed, alternative)


def assert_typed_all_the_way_down(value: Any, schema: dict[str, Any]) -> None:
    """Every object of ``schema`` became a model, every enum an Enum, down the tree."""
    if "enum" in schema:
        assert isinstance(value, Enum), f"{value!r} is left a bare value, not an enum"
    elif schema.get("properties"):
        assert attrs.has(type(value)), f"{value!r} is left a plain {type(value).__name__}"
        for key, property_schema in schema["properties"].items():
            attribute = _attribute_for(value, key)
            assert_typed_all_the_way_down(getattr(value, attribute), property_schema)
    elif schema.get("type") == "array":
        for item in value:
            assert_typed_all_the_way_down(item, schema.get("items", {}))


def _attribute_for(model: Any, key: str) -> str:
    """The attribute the generator named after JSON key ``key`` (sessionId -> session_id)."""
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", key).lower()
    names = {attribute.name for attribute in attrs.fields(type(model))}
    found = [name for name in (snake, f"{snake}_") if name in names]
    assert found, f"{type(model).__name__} has no attribute for {key!r}"
    return found[0]


def test_a_vectorshift_run_answer_has_its_status_as_an_enum_and_its_texts_in_place() -> None:
    body = {
        "status": "success",
        "conversation_id": "conv-1",
        "output_message": "hello",
        "follow_up_questions": ["and then?"],
    }
    parsed = answered("vectorshift", "run_chatbot", 200, body)
    assert isinstance(parsed, ChatbotRunResponse)
    assert parsed.status is ChatbotRunResponseStatus.SUCCESS
    assert (parsed.conversation_id, parsed.output_message) == ("conv-1", "hello")
    assert parsed.follow_up_questions == ["and then?"]


def test_a_pathors_401_nests_its_message_in_a_typed_error_object() -> None:
    body = {"error": {"message": "Invalid authentication"}}
    parsed = answered("pathors", "end_session", 401, body)
    assert isinstance(parsed, AuthError)
    assert isinstance(parsed.error, AuthErrorError)
    assert parsed.error.message == "Invalid authentication"


def test_a_liveavatar_422_lists_each_validation_error_with_its_location() -> None:
    body = {"detail": [{"loc": ["body", "session_id"], "msg": "not a uuid", "type": "uuid"}]}
    parsed = answered("liveavatar", "stop_session_v1_sessions_stop_post", 422, body)
    assert isinstance(parsed, HTTPValidationError)
    assert isinstance(parsed.detail, list)
    [error] = parsed.detail
    assert (error.loc, error.msg, error.type_) == (["body", "session_id"], "not a uuid", "uuid")


def test_a_liveavatar_200_envelope_keeps_code_data_and_message() -> None:
    body = {"code": 100, "data": {"session_id": "s-1"}, "message": "stopped"}
    parsed = answered("liveavatar", "stop_session_v1_sessions_stop_post", 200, body)
    assert isinstance(parsed, StopSessionResponse)
    assert (parsed.code, parsed.data, parsed.message) == (100, {"session_id": "s-1"}, "stopped")
