"""The multipart check used by the request tests refuses what the spec does not allow."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped]
from openapi_core.validation.request.exceptions import SecurityValidationError

from tests.generated.calling import documented
from tests.generated.clients import MULTIPART
from tests.generated.multipart import validate_multipart_request

URL = "https://api.vectorshift.ai/v1/chatbot/bot-1/run"
AUTH = {"Authorization": "Bearer vs-key"}
SCHEMA = documented("vectorshift", "run_chatbot").request_bodies[MULTIPART]


def multipart(parts: list[tuple[str, Any]], headers: dict[str, str] = AUTH) -> httpx.Request:
    return httpx.Request("POST", URL, files=parts, headers=headers)


def text(value: str) -> tuple[None, bytes, str]:
    return (None, value.encode(), "text/plain")


def test_a_well_formed_body_is_returned_with_each_field_typed() -> None:
    request = multipart(
        [
            ("text", text("hi")),
            ("stream", text("true")),
            ("number_of_follow_up_questions", text("3")),
            ("audio", ("a.wav", b"RIFF", "audio/wav")),
            ("filter", (None, b'{"filter_items": []}', "application/json")),
        ]
    )
    fields = validate_multipart_request("vectorshift", request, SCHEMA)
    assert fields == {
        "text": "hi",
        "stream": True,
        "number_of_follow_up_questions": 3,
        "audio": b"RIFF",
        "filter": {"filter_items": []},
    }


def test_a_boolean_in_python_spelling_is_refused() -> None:
    with pytest.raises(AssertionError, match=r"'stream' = 'True' is not a JSON boolean"):
        validate_multipart_request("vectorshift", multipart([("stream", text("True"))]), SCHEMA)


def test_a_value_of_the_wrong_type_is_refused_by_the_schema() -> None:
    request = multipart([("number_of_follow_up_questions", text('"three"'))])
    with pytest.raises(ValidationError, match="is not of type 'integer'"):
        validate_multipart_request("vectorshift", request, SCHEMA)


def test_a_file_part_without_a_filename_is_refused() -> None:
    request = multipart([("audio", (None, b"RIFF", "application/octet-stream"))])
    with pytest.raises(AssertionError, match="has no filename"):
        validate_multipart_request("vectorshift", request, SCHEMA)


def test_a_request_without_the_bearer_header_is_refused() -> None:
    with pytest.raises(SecurityValidationError):
        validate_multipart_request("vectorshift", multipart([("text", text("hi"))], {}), SCHEMA)
