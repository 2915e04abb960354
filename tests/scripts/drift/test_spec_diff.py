import copy
import datetime as dt
from typing import Any

import pytest

from scripts.drift.spec_diff import Change, diff_specs
from scripts.drift.spec_diff_rules import CLIENT_OVERRIDES, HANGUP_RULES, OASDIFF_LEVELS, level_of
from scripts.drift.spec_diff_schemas import UnresolvableRef
from scripts.spec.effective_spec import effective_spec

OP = "POST /things/{id}/stop"


def base_doc() -> dict[str, Any]:
    """A small document with one operation that uses refs, enums and security."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "security": [{"Key": []}],
        "paths": {
            "/things/{id}/stop": {
                "post": {
                    "operationId": "stop_thing",
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "mode",
                            "in": "query",
                            "schema": {"$ref": "#/components/schemas/Mode"},
                        },
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Stop"}}
                        },
                    },
                    "responses": {
                        "200": {"$ref": "#/components/responses/Stopped"},
                        "404": {"description": "not found"},
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Mode": {"type": "string", "enum": ["soft", "hard"]},
                "Stop": {
                    "type": "object",
                    "properties": {
                        "reason": {"$ref": "#/components/schemas/Reason", "default": "USER"},
                        "note": {"type": "string"},
                        "child": {"$ref": "#/components/schemas/Node"},
                    },
                },
                "Reason": {"type": "string", "enum": ["USER", "IDLE"]},
                "Node": {
                    "type": "object",
                    "properties": {"next": {"$ref": "#/components/schemas/Node"}},
                },
                "Result": {
                    "allOf": [
                        {
                            "type": "object",
                            "properties": {"status": {"type": "string", "enum": ["ok", "failed"]}},
                            "required": ["status"],
                        },
                        {"properties": {"message": {"type": "string"}}},
                    ]
                },
            },
            "responses": {
                "Stopped": {
                    "description": "ok",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Result"}}
                    },
                }
            },
            "securitySchemes": {"Key": {"type": "apiKey", "in": "header", "name": "X-Key"}},
        },
    }


def changed(mutate: Any, today: dt.date = dt.date(2026, 11, 23)) -> list[Change]:
    old = base_doc()
    new = copy.deepcopy(old)
    mutate(new)
    return diff_specs(old, new, today=today)


def rules(changes: list[Change]) -> list[tuple[str, str]]:
    return [(c.rule_id, c.level) for c in changes]


def schemas(doc: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = doc["components"]["schemas"]
    return found


def operation(doc: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = doc["paths"]["/things/{id}/stop"]["post"]
    return found


def test_identical_documents_have_no_changes() -> None:
    assert changed(lambda doc: None) == []


@pytest.mark.parametrize("vendor", ["vectorshift", "pathors", "liveavatar", "hamsa"])
def test_each_vendor_spec_is_unchanged_against_itself(vendor: str) -> None:
    spec = effective_spec(vendor)
    assert diff_specs(spec, copy.deepcopy(spec)) == []


def test_a_removed_path_is_breaking_and_names_the_operation() -> None:
    found = changed(lambda doc: doc["paths"].clear())
    assert rules(found) == [("api-path-removed-without-deprecation", "breaking")]
    assert found[0].operation == OP


def test_a_removed_deprecated_operation_after_its_sunset_is_not_breaking() -> None:
    def mutate(doc: dict[str, Any]) -> None:
        doc["paths"].clear()

    old = base_doc()
    operation(old).update({"deprecated": True, "x-sunset": "2026-07-11"})
    new = copy.deepcopy(old)
    mutate(new)
    after = diff_specs(old, new, today=dt.date(2026, 11, 23))
    before = diff_specs(old, new, today=dt.date(2026, 7, 1))
    assert rules(after) == [("api-path-removed-with-deprecation", "non-breaking")]
    assert rules(before) == [("api-path-removed-before-sunset", "breaking")]


def test_an_operation_removed_from_a_path_that_stays_is_api_removed() -> None:
    def mutate(doc: dict[str, Any]) -> None:
        path = doc["paths"]["/things/{id}/stop"]
        path["get"] = path.pop("post")

    assert rules(changed(mutate)) == [
        ("api-removed-without-deprecation", "breaking"),
        ("endpoint-added", "non-breaking"),
    ]


def test_renaming_a_path_parameter_is_no_change() -> None:
    def mutate(doc: dict[str, Any]) -> None:
        item = doc["paths"].pop("/things/{id}/stop")
        item["post"]["parameters"][0]["name"] = "thingId"
        doc["paths"]["/things/{thingId}/stop"] = item

    assert changed(mutate) == []


def test_a_new_required_request_property_through_a_ref_is_breaking() -> None:
    def mutate(doc: dict[str, Any]) -> None:
        schemas(doc)["Stop"]["properties"]["force"] = {"type": "boolean"}
        schemas(doc)["Stop"]["required"] = ["force"]

    found = changed(mutate)
    assert rules(found) == [("new-required-request-property", "breaking")]
    assert "`force`" in found[0].detail
    assert "application/json" in found[0].detail


def test_a_new_optional_request_property_is_not_breaking() -> None:
    def mutate(doc: dict[str, Any]) -> None:
        schemas(doc)["Stop"]["properties"]["force"] = {"type": "boolean"}

    assert rules(changed(mutate)) == [("new-optional-request-property", "non-breaking")]


def test_an_existing_request_property_made_required_is_breaking() -> None:
    assert rules(changed(lambda doc: schemas(doc)["Stop"].update(required=["note"]))) == [
        ("request-property-became-required", "breaking")
    ]


def test_request_enum_value_removed_is_breaking_and_added_is_not() -> None:
    def mutate(doc: dict[str, Any]) -> None:
        schemas(doc)["Reason"]["enum"] = ["USER", "CRASH"]

    assert rules(changed(mutate)) == [
        ("request-property-enum-value-added", "non-breaking"),
        ("request-property-enum-value-removed", "breaking"),
    ]


def test_a_response_enum_value_added_is_breaking_for_a_client() -> None:
    def mutate(doc: dict[str, Any]) -> None:
        schemas(doc)["Result"]["allOf"][0]["properties"]["status"]["enum"].append("cancelled")

    found = changed(mutate)
    assert rules(found) == [("response-property-enum-value-added", "breaking")]
    assert "'cancelled'" in found[0].detail
    assert "200 response" in found[0].detail


def test_response_properties_removed_are_breaking_whether_required_or_not() -> None:
    def mutate(doc: dict[str, Any]) -> None:
        schemas(doc)["Result"]["allOf"][0]["properties"].pop("status")
        schemas(doc)["Result"]["allOf"][1]["properties"].pop("message")

    assert rules(changed(mutate)) == [
        ("response-required-property-removed", "breaking"),
        ("response-optional-property-removed", "breaking"),
    ]


def test_a_type_change_in_a_recursive_schema_is_found_without_looping() -> None:
    def mutate(doc: dict[str, Any]) -> None:
        schemas(doc)["Node"]["properties"]["next"] = {"type": "integer"}

    found = changed(mutate)
    assert rules(found) == [("request-property-type-changed", "breaking")]
    assert "`child.next`" in found[0].detail


def test_a_response_property_that_became_nullable_is_breaking() -> None:
    def mutate(doc: dict[str, Any]) -> None:
        schemas(doc)["Result"]["allOf"][1]["properties"]["message"]["type"] = ["string", "null"]

    assert rules(changed(mutate)) == [("response-property-became-nullable", "breaking")]


def test_parameters_added_removed_and_their_enums_use_parameter_rules() -> None:
    def mutate(doc: dict[str, Any]) -> None:
        params = operation(doc)["parameters"]
        params.append({"name": "dry", "in": "query", "schema": {"type": "boolean"}})
        params.append({"name": "X-Req", "in": "header", "required": True, "schema": {}})
        schemas(doc)["Mode"]["enum"] = ["soft"]

    assert rules(changed(mutate)) == [
        ("new-optional-request-parameter", "non-breaking"),
        ("new-required-request-parameter", "breaking"),
        ("request-parameter-enum-value-removed", "breaking"),
    ]


def test_a_removed_parameter_and_a_deprecated_operation_are_reported() -> None:
    def mutate(doc: dict[str, Any]) -> None:
        operation(doc)["parameters"].pop()
        operation(doc)["deprecated"] = True

    assert rules(changed(mutate)) == [
        ("endpoint-deprecated", "non-breaking"),
        ("request-parameter-removed", "breaking"),
    ]


def test_a_renamed_operation_id_is_breaking_for_generated_clients() -> None:
    found = changed(lambda doc: operation(doc).update(operationId="halt"))
    assert rules(found) == [
        ("api-operation-id-removed", "breaking"),
        ("api-operation-id-added", "non-breaking"),
    ]


def test_success_status_and_media_type_removals_are_breaking() -> None:
    def mutate(doc: dict[str, Any]) -> None:
        operation(doc)["responses"].pop("200")
        operation(doc)["responses"].pop("404")
        operation(doc)["requestBody"]["content"]["text/plain"] = {"schema": {"type": "string"}}
        operation(doc)["requestBody"]["content"].pop("application/json")

    assert rules(changed(mutate)) == [
        ("request-body-media-type-removed", "breaking"),
        ("request-body-media-type-added", "non-breaking"),
        ("response-success-status-removed", "breaking"),
        ("response-non-success-status-removed", "non-breaking"),
    ]


def test_a_request_body_that_became_optional_is_not_breaking_but_a_new_required_one_is() -> None:
    assert rules(changed(lambda doc: operation(doc)["requestBody"].pop("required"))) == [
        ("request-body-became-optional", "non-breaking")
    ]
    old = base_doc()
    body = operation(old).pop("requestBody")
    new = copy.deepcopy(old)
    operation(new)["requestBody"] = body
    assert rules(diff_specs(old, new)) == [("request-body-added-required", "breaking")]


def test_a_security_scheme_type_change_is_breaking_and_touches_its_operations() -> None:
    def mutate(doc: dict[str, Any]) -> None:
        doc["components"]["securitySchemes"]["Key"] = {"type": "http", "scheme": "bearer"}

    found = changed(mutate)
    assert rules(found) == [("api-security-component-type-changed", "breaking")]
    assert found[0].operation is None
    assert found[0].touches == (OP,)


def test_a_renamed_api_key_header_is_breaking_under_a_hangup_rule() -> None:
    found = changed(lambda doc: doc["components"]["securitySchemes"]["Key"].update(name="X-Token"))
    assert rules(found) == [("hangup-security-component-changed", "breaking")]
    assert "'X-Key' -> 'X-Token'" in found[0].detail


def test_adding_an_alternative_credential_is_not_breaking_but_removing_one_is() -> None:
    def add(doc: dict[str, Any]) -> None:
        doc["security"].append({"Bearer": []})

    def replace(doc: dict[str, Any]) -> None:
        doc["security"] = [{"Bearer": []}]

    assert rules(changed(add)) == [("api-global-security-added", "non-breaking")]
    assert rules(changed(replace)) == [
        ("api-global-security-removed", "breaking"),
        ("api-global-security-added", "non-breaking"),
    ]


def test_requiring_a_credential_where_none_was_needed_is_breaking() -> None:
    old = base_doc()
    operation(old)["security"] = []
    new = copy.deepcopy(old)
    operation(new)["security"] = [{"Key": []}]
    assert rules(diff_specs(old, new)) == [("api-security-added", "breaking")]


def test_a_moved_server_is_breaking() -> None:
    found = changed(lambda doc: doc.update(servers=[{"url": "https://api2.example.com"}]))
    assert rules(found) == [
        ("hangup-server-removed", "breaking"),
        ("hangup-server-added", "non-breaking"),
    ]
    assert found[0].touches == (OP,)


def test_a_dangling_ref_raises_a_clear_error() -> None:
    def mutate(doc: dict[str, Any]) -> None:
        schemas(doc)["Stop"]["properties"]["note"] = {"$ref": "#/components/schemas/Gone"}

    with pytest.raises(UnresolvableRef, match="#/components/schemas/Gone"):
        changed(mutate)


def test_every_oasdiff_rule_maps_err_and_warn_to_breaking_unless_overridden() -> None:
    for rule_id, oasdiff_level in OASDIFF_LEVELS.items():
        expected = "breaking" if oasdiff_level in ("ERR", "WARN") else "non-breaking"
        if rule_id in CLIENT_OVERRIDES:
            expected = CLIENT_OVERRIDES[rule_id][0]
        assert level_of(rule_id) == expected, rule_id
    assert all(rule_id.startswith("hangup-") for rule_id in HANGUP_RULES)
    assert not set(HANGUP_RULES) & set(OASDIFF_LEVELS)
