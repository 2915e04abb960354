"""Read what a vendor's effective spec documents, and build example values from its schemas.

The generated-client tests are driven from here, so an operation, a request content type or
a documented response added to a spec shows up as a case that has no test yet.
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from functools import cache
from typing import Any

from scripts.spec.effective_spec import effective_spec
from scripts.spec.provenance import load_sources

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
JSON = "application/json"
Schema = dict[str, Any]


@dataclass(frozen=True)
class DocumentedOperation:
    """One operation of a vendor's effective spec, with its schemas resolved."""

    vendor: str
    operation_id: str
    method: str
    path: str
    base_url: str
    request_bodies: dict[str, Schema]  # content type -> schema
    responses: dict[int, dict[str, Schema]]  # status -> content type -> schema


def vendors() -> list[str]:
    return list(load_sources())


@cache
def documented_operations(vendor: str) -> tuple[DocumentedOperation, ...]:
    """Every operation of ``vendor``'s effective spec, in document order (read once a run)."""
    spec = effective_spec(vendor)
    operations = []
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            if method not in item:
                continue
            operation = item[method]
            servers = operation.get("servers") or item.get("servers") or spec["servers"]
            body = resolve(spec, operation.get("requestBody", {}))
            operations.append(
                DocumentedOperation(
                    vendor=vendor,
                    operation_id=operation["operationId"],
                    method=method,
                    path=path,
                    base_url=servers[0]["url"],
                    request_bodies=_schemas_by_content_type(spec, body),
                    responses=_documented_responses(spec, operation),
                )
            )
    return tuple(operations)


def _schemas_by_content_type(spec: dict[str, Any], holder: dict[str, Any]) -> dict[str, Schema]:
    return {
        content_type: resolve(spec, media["schema"])
        for content_type, media in holder.get("content", {}).items()
        if "schema" in media
    }


def _documented_responses(
    spec: dict[str, Any], operation: dict[str, Any]
) -> dict[int, dict[str, Schema]]:
    """Statuses whose response has a body schema (a status without one has nothing to parse)."""
    documented = {}
    for status, response in operation.get("responses", {}).items():
        schemas = _schemas_by_content_type(spec, resolve(spec, response))
        if schemas:
            documented[int(status)] = schemas
    return documented


def resolve(spec: dict[str, Any], node: Any) -> Any:
    """``node`` with every local ``$ref`` replaced by its target (siblings of $ref kept)."""
    if isinstance(node, list):
        return [resolve(spec, item) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        siblings = {key: value for key, value in node.items() if key != "$ref"}
        return resolve(spec, {**target, **siblings})
    return {key: resolve(spec, value) for key, value in node.items()}


def example_for(schema: Schema, name: str = "value") -> Any:
    """A value valid for ``schema`` that sets every property, so each field is exercised.

    Strings are derived from the property's name, so a string parsed into the wrong
    attribute shows up as a wrong value. Binary strings become bytes (multipart file parts).
    """
    if "enum" in schema:
        return schema["enum"][0]
    for keyword in ("oneOf", "anyOf"):
        if keyword in schema:
            return example_for(schema[keyword][0], name)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        if not properties:  # a free-form object: one made-up key
            return {f"{name}_key": f"{name}-value"}
        return {key: example_for(value, key) for key, value in properties.items()}
    if kind == "array":
        return [example_for(schema.get("items", {}), f"{name}_item")]
    if kind == "string":
        return _string_example(schema, name)
    if kind == "integer":
        return 42
    if kind == "number":
        return 4.5
    if kind == "boolean":
        return True
    return {"any": name}  # no type at all: anything goes; a small object is the hardest case


def _string_example(schema: Schema, name: str) -> Any:
    if schema.get("format") == "binary":
        return f"<{name} bytes>".encode()
    if schema.get("contentEncoding") == "base64":
        return base64.b64encode(f"<{name} bytes>".encode()).decode()
    if schema.get("format") == "uuid":
        return str(uuid.uuid5(uuid.NAMESPACE_URL, name))
    return f"{name}-example"
