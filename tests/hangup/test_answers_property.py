"""Answers generated from each spec's own response schemas, then mutated, never crash the facade.

For every documented response of every end operation, tests/hangup/schema_strategy makes
bodies that fit the schema; a mutation then breaks them the ways vendors do (a dropped or
retyped field, an enum value the spec does not list, a wrong top-level shape, truncation, HTML,
an undocumented status). Whatever comes, `end()` returns Ended or raises a HangupError.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hangup import Ended, EndFailed, HangupError
from scripts.spec.effective_spec import effective_spec
from tests.hangup.fakes import REFS, VENDORS, Vendor, sync_client
from tests.hangup.schema_strategy import ANY_JSON, from_schema

END_OPERATIONS = {
    "vectorshift": ("/chatbot/{id}/terminate", "post"),
    "pathors": ("/v1/projects/{projectId}/sessions", "delete"),
    "liveavatar": ("/v1/sessions/stop", "post"),
    "hamsa": ("/v1/voice-agents/conversation/{conversationId}/terminate", "get"),
}
JSON_VALUES = ANY_JSON


def inline_refs(node: Any, spec: dict[str, Any]) -> Any:
    """`node` with every local $ref replaced by its target (these specs have no cycles)."""
    if isinstance(node, dict):
        if "$ref" in node:
            target: Any = spec
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            return inline_refs(target, spec)
        return {key: inline_refs(value, spec) for key, value in node.items()}
    if isinstance(node, list):
        return [inline_refs(item, spec) for item in node]
    return node


@cache
def documented_responses(vendor: str) -> list[tuple[int, dict[str, Any]]]:
    """(status, JSON schema) for each documented JSON response of the vendor's end operation."""
    spec = effective_spec(vendor)
    path, method = END_OPERATIONS[vendor]
    responses = inline_refs(spec["paths"][path][method]["responses"], spec)
    found = []
    for status, response in responses.items():
        schema = response.get("content", {}).get("application/json", {}).get("schema")
        if schema is not None:
            found.append((int(status), schema))
    return found


def valid_answers(vendor: str) -> st.SearchStrategy[tuple[int, Any]]:
    return st.one_of(
        [
            st.tuples(st.just(status), from_schema(schema))
            for status, schema in documented_responses(vendor)
        ]
    )


def drop_a_key(body: Any, draw: st.DrawFn) -> Any:
    if isinstance(body, dict) and body:
        key = draw(st.sampled_from(sorted(body)))
        return {k: v for k, v in body.items() if k != key}
    return body


def retype_a_value(body: Any, draw: st.DrawFn) -> Any:
    if isinstance(body, dict) and body:
        key = draw(st.sampled_from(sorted(body)))
        return {**body, key: draw(JSON_VALUES)}
    return draw(JSON_VALUES)


def unlisted_enum_value(body: Any, draw: st.DrawFn) -> Any:
    if isinstance(body, dict) and body:
        key = draw(st.sampled_from(sorted(body)))
        return {**body, key: draw(st.sampled_from(["cancelled", "DISPATCH_FAILED", "", "SUCCESS"]))}
    return body


@st.composite
def answers(draw: st.DrawFn, vendor: str) -> httpx.Response:
    status, body = draw(valid_answers(vendor))
    mutation = draw(
        st.sampled_from(
            ["none", "drop", "retype", "enum", "wrap", "truncate", "html", "empty", "status"]
        )
    )
    if mutation == "drop":
        body = drop_a_key(body, draw)
    elif mutation == "retype":
        body = retype_a_value(body, draw)
    elif mutation == "enum":
        body = unlisted_enum_value(body, draw)
    elif mutation == "wrap":
        body = [body]
    elif mutation == "status":
        status = draw(st.integers(200, 599))
    content = json.dumps(body).encode()
    content_type = "application/json"
    if mutation == "truncate":
        content = content[: draw(st.integers(0, max(len(content) - 1, 0)))]
    elif mutation == "html":
        content, content_type = b"<html><body>Service Unavailable</body></html>", "text/html"
    elif mutation == "empty":
        content = b""
    return httpx.Response(status, headers={"content-type": content_type}, content=content)


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_documented_response_schema_is_found(vendor: str) -> None:
    statuses = [status for status, _ in documented_responses(vendor)]
    assert 200 in statuses
    assert len(statuses) >= 2


@pytest.mark.parametrize("vendor", VENDORS)
def test_generated_then_mutated_answers_give_ended_or_a_hangup_error(vendor: str) -> None:
    @settings(
        max_examples=120,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(answer=answers(vendor), missing_ok=st.booleans())
    def check(answer: httpx.Response, missing_ok: bool) -> None:
        with sync_client(Vendor(vendor, [answer], validate=False), max_retries=0) as client:
            # end_many hands back a HangupError as the ref's result; anything else escapes
            (outcome,) = client.end_many([REFS[vendor]], missing_ok=missing_ok)
        assert isinstance(outcome, Ended | HangupError)
        assert outcome.vendor == vendor
        if isinstance(outcome, HangupError):
            assert outcome.message

    check()


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_spec_valid_2xx_answer_is_always_understood(vendor: str) -> None:
    """An answer that fits the spec never gets UnexpectedResponseError: Ended or EndFailed."""

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(answer=valid_answers(vendor))
    def check(answer: tuple[int, Any]) -> None:
        status, body = answer
        if not 200 <= status < 300:
            return
        with sync_client(Vendor(vendor, [httpx.Response(status, json=body)])) as client:
            (outcome,) = client.end_many([REFS[vendor]])
        assert isinstance(outcome, Ended | EndFailed)

    check()
