"""Validate a multipart/form-data request against a vendor's spec.

openapi-core 0.23 validates multipart bodies only as far as strings go: it hands every
text/plain part to the schema as a string (so no boolean or integer field ever validates),
and under OpenAPI 3.1 a binary part arrives as bytes, which JSON Schema's `string` refuses.
So for multipart requests, openapi-core still checks method, path, parameters and auth, and
this module checks the body: each part is decoded the way OpenAPI's Encoding Object defaults
say (object -> application/json, binary -> the raw bytes, other types -> text/plain, read as
JSON's spelling when the property is not a string) and the result is validated against the
body schema with openapi-core's own OAS 3.1 schema validator.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

import httpx
from openapi_core.validation.request.validators import (
    V31RequestParametersValidator,
    V31RequestSecurityValidator,
)
from openapi_schema_validator import OAS31Validator, oas31_format_checker

from tests.openapi_validation import HttpxOpenAPIRequest, openapi_for

MULTIPART = "multipart/form-data"


@dataclass(frozen=True)
class Part:
    """One part of a multipart body, as it went over the wire."""

    name: str
    filename: str | None
    content_type: str
    payload: bytes


def parts_of(request: httpx.Request) -> list[Part]:
    """Split a multipart request body into its parts (stdlib MIME parser)."""
    content_type = request.headers["content-type"]
    assert content_type.startswith(f"{MULTIPART}; boundary="), content_type
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + request.read())
    assert message.is_multipart(), "the body is not a multipart document"
    parts = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        assert isinstance(name, str), f"a part has no name: {part}"
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        parts.append(Part(name, part.get_filename(), part.get_content_type(), payload))
    return parts


def decoded_fields(parts: list[Part], schema: dict[str, Any]) -> dict[str, Any]:
    """Each part's value, typed by its property's schema. Unknown parts stay as text."""
    properties = schema.get("properties", {})
    fields: dict[str, Any] = {}
    for part in parts:
        assert part.name not in fields, f"part {part.name!r} sent twice"
        fields[part.name] = _decode(part, properties.get(part.name, {"type": "string"}))
    return fields


def _decode(part: Part, schema: dict[str, Any]) -> Any:
    if schema.get("format") == "binary":
        assert part.filename, f"file part {part.name!r} has no filename"
        return part.payload
    if part.content_type == "application/json":
        return json.loads(part.payload)
    text = part.payload.decode()
    if schema.get("type") == "string":
        return text
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise AssertionError(
            f"part {part.name!r} = {text!r} is not a JSON {schema.get('type')}"
        ) from None


def validate_multipart_request(
    vendor: str, request: httpx.Request, schema: dict[str, Any]
) -> dict[str, Any]:
    """Raise if ``request`` breaks the spec; return its fields, decoded by ``schema``."""
    spec = openapi_for(vendor).spec
    openapi_request = HttpxOpenAPIRequest(request)
    V31RequestParametersValidator(spec).validate(openapi_request)  # method and path too
    V31RequestSecurityValidator(spec).validate(openapi_request)
    fields = decoded_fields(parts_of(request), schema)
    # JSON Schema has no bytes: a file part (its filename checked above) is shown to the
    # schema as text, which is what `type: string, format: binary` describes.
    as_json = {
        key: value.decode("latin-1") if isinstance(value, bytes) else value
        for key, value in fields.items()
    }
    OAS31Validator(schema, format_checker=oas31_format_checker).validate(as_json)
    return fields
