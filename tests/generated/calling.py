"""Call one generated operation through httpx.MockTransport with an example body from its spec."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import attrs
import httpx

from tests.generated.clients import DOCUMENTED_AUTH, GENERATED, DocumentedAuth, recording_transport
from tests.generated.spec_walk import DocumentedOperation, documented_operations, example_for


@dataclass(frozen=True)
class Call:
    """What one call sent and got back."""

    request: httpx.Request
    response: Any  # the generated package's types.Response
    sent_body: Any  # the example the body model was built from (None: no body)


def documented(vendor: str, operation_id: str) -> DocumentedOperation:
    """The spec's operation ``operation_id`` of ``vendor``."""
    matches = [o for o in documented_operations(vendor) if o.operation_id == operation_id]
    assert len(matches) == 1, f"{vendor} documents {operation_id!r} {len(matches)} times"
    return matches[0]


def body_model(vendor: str, operation_id: str, content_type: str) -> tuple[Any, Any]:
    """A body model for ``content_type`` built from an example of its schema, and the example."""
    schema = documented(vendor, operation_id).request_bodies[content_type]
    generated = GENERATED[(vendor, operation_id)]
    assert content_type in generated.bodies, (
        f"{vendor} {operation_id}: no body class for {content_type}"
    )
    example = example_for(schema)
    model = generated.bodies[content_type].from_dict(example)
    _name_files(model)
    return model, example


def _name_files(model: Any) -> None:
    """from_dict gives a file part no name; real callers name their files, so do we."""
    for attribute in attrs.fields(type(model)):
        value = getattr(model, attribute.name)
        kind = type(value)
        if kind.__name__ == "File" and kind.__module__.endswith(".types"):
            value.file_name = f"{attribute.name}.bin"
            value.mime_type = "application/octet-stream"


def call(
    vendor: str,
    operation_id: str,
    content_type: str | None,
    respond: Callable[[httpx.Request], httpx.Response],
    auth: DocumentedAuth | None = None,
) -> Call:
    """Call the operation's sync_detailed with the documented auth and one example body."""
    operation = documented(vendor, operation_id)
    generated = GENERATED[(vendor, operation_id)]
    seen: list[httpx.Request] = []
    transport = recording_transport(seen, respond)
    client = (auth or DOCUMENTED_AUTH[vendor]).client(operation.base_url, transport)
    arguments = dict(generated.arguments)
    sent_body = None
    if content_type is not None:
        arguments["body"], sent_body = body_model(vendor, operation_id, content_type)
    response = generated.module.sync_detailed(client=client, **arguments)
    assert len(seen) == 1, f"{operation_id} sent {len(seen)} requests"
    return Call(seen[0], response, sent_body)


def first_content_type(operation: DocumentedOperation) -> str | None:
    """The body to send when the test is about something else (None: the call has no body)."""
    return next(iter(operation.request_bodies), None)
