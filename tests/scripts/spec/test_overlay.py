from typing import Any

import pytest

from scripts.spec.overlay import OverlayError, apply_overlay

DOCUMENT: dict[str, Any] = {
    "components": {
        "schemas": {
            "Thing": {
                "type": "object",
                "properties": {"audio": {"type": "file", "format": "base64"}},
                "oneOf": [{"required": ["audio"]}],
            }
        }
    },
    "tags": ["a"],
}


def overlay(*actions: dict[str, Any]) -> dict[str, Any]:
    return {"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": list(actions)}


def test_update_merges_objects_and_replaces_scalars() -> None:
    result = apply_overlay(
        DOCUMENT,
        overlay(
            {
                "target": "$.components.schemas.Thing.properties.audio",
                "update": {"type": "string", "contentEncoding": "base64"},
            }
        ),
    )
    audio = result["components"]["schemas"]["Thing"]["properties"]["audio"]
    assert audio == {"type": "string", "format": "base64", "contentEncoding": "base64"}


def test_remove_deletes_the_target_key() -> None:
    result = apply_overlay(
        DOCUMENT, overlay({"target": "$.components.schemas.Thing.oneOf", "remove": True})
    )
    assert "oneOf" not in result["components"]["schemas"]["Thing"]


def test_update_of_an_array_appends() -> None:
    result = apply_overlay(DOCUMENT, overlay({"target": "$.tags", "update": ["b"]}))
    assert result["tags"] == ["a", "b"]


def test_the_input_document_is_never_mutated() -> None:
    apply_overlay(DOCUMENT, overlay({"target": "$.components.schemas.Thing.oneOf", "remove": True}))
    assert "oneOf" in DOCUMENT["components"]["schemas"]["Thing"]


def test_a_target_that_matches_nothing_is_an_error() -> None:
    with pytest.raises(OverlayError, match=r"\$\.nowhere"):
        apply_overlay(DOCUMENT, overlay({"target": "$.nowhere", "remove": True}))


def test_a_document_without_the_overlay_version_is_refused() -> None:
    with pytest.raises(OverlayError, match=r"overlay: 1\.0\.0"):
        apply_overlay(DOCUMENT, {"actions": []})
