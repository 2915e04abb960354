"""The effective spec: a vendor's slices merged, its overlay applied, valid OpenAPI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from scripts.spec import validate as validate_specs
from scripts.spec.effective_spec import (
    SpecMergeConflict,
    effective_spec,
    effective_spec_json,
    main,
    merged_slices,
)
from scripts.spec.overlay import apply_overlay
from scripts.spec.provenance import SPECS_DIR, load_sources

RUN = "/chatbot/{id}/run"
TERMINATE = "/chatbot/{id}/terminate"


@pytest.mark.parametrize("vendor", list(load_sources()))
def test_every_effective_document_is_valid_openapi(vendor: str) -> None:
    validate(effective_spec(vendor))


def test_the_validation_step_of_make_check_passes_on_every_vendor(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert validate_specs.main([]) == 0
    assert capsys.readouterr().out.count(": valid") == len(load_sources())


def test_the_raw_vectorshift_document_is_refused_by_the_validator(
    raw_vectorshift_spec: dict[str, Any],
) -> None:
    """Why the overlay exists: `type: file` is not an OpenAPI 3.1 type."""
    audio = raw_vectorshift_spec["components"]["schemas"]["ChatbotRunMultipartRequest"]
    assert audio["properties"]["audio"]["type"] == "file"
    with pytest.raises(OpenAPIValidationError, match="'file' is not valid"):
        validate(raw_vectorshift_spec)


def test_the_two_vectorshift_slices_merge_into_one_document() -> None:
    spec = effective_spec("vectorshift")
    assert set(spec["paths"]) == {RUN, TERMINATE}
    assert spec["paths"][RUN]["post"]["operationId"] == "run_chatbot"
    assert spec["paths"][TERMINATE]["post"]["operationId"] == "terminate_chatbot_session"


def test_the_vectorshift_overlay_corrections_are_in_the_effective_document() -> None:
    schemas = effective_spec("vectorshift")["components"]["schemas"]
    assert schemas["ChatbotRunMultipartRequest"]["properties"]["audio"] == {
        "type": "string",
        "format": "binary",
        "description": "Audio file upload",
    }
    assert "oneOf" not in schemas["ChatbotRunRequest"]
    assert schemas["ChatbotRunRequest"]["properties"]["audio"]["contentEncoding"] == "base64"
    form = effective_spec("vectorshift")["paths"][RUN]["post"]["requestBody"]["content"]
    assert form["application/x-www-form-urlencoded"]["schema"] == {
        "$ref": "#/components/schemas/ChatbotRunFormRequest"
    }


def test_the_pathors_legacy_operation_is_deprecated_with_its_sunset_and_old_host() -> None:
    legacy = effective_spec("pathors")["paths"]["/api/project/{projectId}/integration/api/session"]
    operation = legacy["delete"]
    assert operation["deprecated"] is True
    assert operation["x-sunset"] == "2026-07-11"
    assert operation["servers"] == [{"url": "https://app.pathors.com"}]


def test_slices_that_disagree_about_a_key_are_refused_naming_it(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    shutil.copytree(SPECS_DIR, specs)
    terminate = specs / "vectorshift" / "chatbot-terminate.yaml"
    terminate.write_text(
        terminate.read_text(encoding="utf-8").replace("version: 1.0.0", "version: 2.0.0", 1)
    )
    with pytest.raises(SpecMergeConflict, match=r"\$\.info\.version"):
        effective_spec("vectorshift", specs)


def test_merged_slices_plus_the_overlay_is_the_effective_spec() -> None:
    """drift merges upstream's slices with merged_slices: the same merge as effective_spec."""
    entry = load_sources()["vectorshift"]
    slices = [(SPECS_DIR / document["path"]).read_bytes() for document in entry["documents"]]
    assert len(slices) == 2
    overlay = yaml.safe_load((SPECS_DIR / entry["overlay"]).read_bytes())
    assert apply_overlay(merged_slices(slices), overlay) == effective_spec("vectorshift")


def test_merged_slices_refuses_slices_that_disagree_naming_the_key() -> None:
    with pytest.raises(SpecMergeConflict, match=r"\$\.info\.version"):
        merged_slices([b"info: {version: '1'}\n", b"info: {version: '2'}\n"])


def test_the_json_form_is_byte_identical_on_every_run() -> None:
    first = effective_spec_json("vectorshift")
    assert first == effective_spec_json("vectorshift")
    assert first.endswith("\n")
    assert json.loads(first) == effective_spec("vectorshift")


def test_the_cli_writes_the_document_where_asked(tmp_path: Path) -> None:
    out = tmp_path / "nested" / "hamsa.json"
    assert main(["hamsa", "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == effective_spec("hamsa")


def test_the_cli_refuses_an_unknown_vendor(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["nope"]) == 2
    assert "unknown vendor 'nope'" in capsys.readouterr().err
