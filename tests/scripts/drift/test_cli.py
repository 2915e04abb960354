import json
import os
import subprocess
from typing import Any

import pytest

from scripts.drift import cli as drift
from scripts.drift.spec_diff import operations_of, path_key
from scripts.spec.effective_spec import effective_spec
from scripts.spec.provenance import ROOT, load_sources
from tests.scripts.drift.upstream_server import (
    BLOCK,
    NOT_FOUND,
    Route,
    docs_page,
    pages_from_specs,
    replaced,
    serve,
    spec_bytes,
    url_path,
)

LIVEAVATAR_STOP = "POST /v1/sessions/stop"


def run_cli(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    routes: dict[str, Route],
    *args: str,
) -> tuple[int, str]:
    """Run `python -m scripts.drift ARGS` against a local upstream serving ``routes``."""
    with serve(routes) as upstream:
        monkeypatch.setenv(drift.BASE_URL_ENV, upstream.base_url)
        code = drift.main(list(args))
    return code, capsys.readouterr().out


def run_json(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    routes: dict[str, Route],
    *vendors: str,
) -> tuple[int, dict[str, Any]]:
    args = ["--json", *(arg for vendor in vendors for arg in ("--vendor", vendor))]
    code, out = run_cli(monkeypatch, capsys, routes, *args)
    report: dict[str, Any] = json.loads(out)
    assert report["exit_status"] == code
    return code, report


def changes_of(report: dict[str, Any], vendor: str) -> list[tuple[str, str, bool]]:
    """(rule id, level, touches the facade) for each change reported for ``vendor``."""
    (entry,) = [v for v in report["vendors"] if v["vendor"] == vendor]
    return [(c["rule_id"], c["level"], c["facade"]) for c in entry["changes"]]


def with_page(vendor: str, body: bytes, index: int = 0) -> dict[str, Route]:
    routes = pages_from_specs()
    routes[url_path(vendor, index)] = docs_page(body)
    return routes


def test_an_unchanged_upstream_is_reported_as_same_bytes_and_exits_0(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    vendors = ["--vendor", "vectorshift", "--vendor", "liveavatar", "--vendor", "hamsa"]
    code, out = run_cli(monkeypatch, capsys, pages_from_specs(), *vendors)
    assert code == 0
    assert "| vectorshift | same bytes |" in out
    assert "| liveavatar | same bytes |" in out
    assert "| hamsa | same bytes |" in out
    assert "(exit 0)" in out


def test_a_removed_path_is_breaking_and_marked_as_the_facades(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    moved = replaced(spec_bytes("liveavatar"), b"  /v1/sessions/stop:", b"  /v2/sessions/end:")
    code, report = run_json(monkeypatch, capsys, with_page("liveavatar", moved), "liveavatar")
    assert code == 2
    assert changes_of(report, "liveavatar") == [
        ("api-path-removed-without-deprecation", "breaking", True),
        ("endpoint-added", "non-breaking", False),
    ]


def test_a_new_required_request_property_is_breaking(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    body = replaced(
        spec_bytes("vectorshift", 1),
        b"                pipeline_run_id:\n                  type: string\n"
        b"              required:\n                - pipeline_run_id\n",
        b"                pipeline_run_id:\n                  type: string\n"
        b"                reason:\n                  type: string\n"
        b"              required:\n                - pipeline_run_id\n                - reason\n",
        count=3,
    )
    code, report = run_json(monkeypatch, capsys, with_page("vectorshift", body, 1), "vectorshift")
    assert code == 2
    assert changes_of(report, "vectorshift") == [
        ("new-required-request-property", "breaking", True)
    ]
    detail = report["vendors"][0]["changes"][0]["detail"]
    assert "`reason`" in detail
    assert "application/json, multipart/form-data, application/x-www-form-urlencoded" in detail
    assert report["vendors"][0]["changes"][0]["operation"] == "POST /chatbot/{id}/terminate"


def test_a_removed_enum_value_is_breaking(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    body = replaced(spec_bytes("liveavatar"), b"        - USER_CLOSED\n", b"")
    code, report = run_json(monkeypatch, capsys, with_page("liveavatar", body), "liveavatar")
    assert code == 2
    assert changes_of(report, "liveavatar") == [
        ("request-property-enum-value-removed", "breaking", True)
    ]
    assert "'USER_CLOSED'" in report["markdown"]


def test_an_added_request_enum_value_is_non_breaking_and_exits_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    body = replaced(
        spec_bytes("liveavatar"),
        b"        - AGENT_HANG_UP\n",
        b"        - AGENT_HANG_UP\n        - DISPATCH_FAILED\n",
    )
    code, report = run_json(monkeypatch, capsys, with_page("liveavatar", body), "liveavatar")
    assert code == 1
    assert changes_of(report, "liveavatar") == [
        ("request-property-enum-value-added", "non-breaking", True)
    ]


def test_a_changed_security_scheme_is_breaking_for_the_operations_using_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    body = replaced(
        spec_bytes("hamsa"),
        b"      type: apiKey\n      in: header\n      name: Authorization\n",
        b"      type: http\n      scheme: bearer\n",
    )
    code, report = run_json(monkeypatch, capsys, with_page("hamsa", body), "hamsa")
    assert code == 2
    assert changes_of(report, "hamsa") == [
        ("api-security-component-type-changed", "breaking", True)
    ]
    (found,) = report["vendors"][0]["changes"]
    # Every operation that uses the scheme, the transcribed ones beside the vendor's bytes too.
    assert sorted(found["touches"]) == [
        "GET /v1/voice-agents/conversation/{conversationId}",
        "GET /v1/voice-agents/conversation/{conversationId}/terminate",
        "GET /v1/voice-agents/conversations/minimal-list",
    ]


def test_a_new_optional_property_is_non_breaking(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    body = replaced(
        spec_bytes("liveavatar"),
        b"          default: UNKNOWN\n",
        b"          default: UNKNOWN\n        note:\n          type: string\n",
    )
    code, report = run_json(monkeypatch, capsys, with_page("liveavatar", body), "liveavatar")
    assert code == 1
    assert changes_of(report, "liveavatar") == [
        ("new-optional-request-property", "non-breaking", True)
    ]


def test_a_deprecated_facade_operation_is_reported_and_marked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    body = replaced(
        spec_bytes("liveavatar"),
        b"      summary: Stop Session\n",
        b"      summary: Stop Session\n      deprecated: true\n",
    )
    code, report = run_json(monkeypatch, capsys, with_page("liveavatar", body), "liveavatar")
    assert code == 1
    assert changes_of(report, "liveavatar") == [("endpoint-deprecated", "non-breaking", True)]


def test_a_changed_docs_page_says_re_transcribe_with_its_url_and_what_moved(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    routes = pages_from_specs()
    page = url_path("pathors", 0, "docs_pages")
    snapshot = routes[page]
    assert isinstance(snapshot, bytes)
    routes[page] = replaced(snapshot, b"400Missing", b"409Session already ended\n400Missing")
    code, out = run_cli(monkeypatch, capsys, routes, "--vendor", "pathors")
    assert code == 2
    assert "## pathors: docs changed: re-transcribe" in out
    url = load_sources()["pathors"]["docs_pages"][0]["url"]
    assert (
        f"| breaking | `hangup-docs-changed` | (document) | docs changed: re-transcribe {url} |"
        in out
    )
    assert "+409Session already ended" in out


def test_docs_pages_without_a_baseline_are_non_breaking_and_say_how_to_record_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report = run_json(monkeypatch, capsys, pages_from_specs(), "pathors")
    unrecorded = [p for p in load_sources()["pathors"]["docs_pages"] if "sha256" not in p]
    assert code == 1
    assert changes_of(report, "pathors") == [
        ("hangup-docs-baseline-missing", "non-breaking", False)
    ] * len(unrecorded)
    assert "make drift UPDATE=1" in report["markdown"]


def test_an_upstream_404_exits_3_naming_the_url_and_the_reason(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    routes = pages_from_specs()
    routes[url_path("hamsa")] = NOT_FOUND
    code, out = run_cli(monkeypatch, capsys, routes, "--vendor", "hamsa", "--vendor", "liveavatar")
    assert code == 3
    assert "could not fetch http://127.0.0.1:" in out
    assert f"{url_path('hamsa')}: HTTP 404 Not Found" in out
    assert "| liveavatar | same bytes |" in out


def test_an_upstream_that_never_answers_times_out_and_exits_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    routes = pages_from_specs()
    routes[url_path("liveavatar")] = BLOCK
    code, out = run_cli(monkeypatch, capsys, routes, "--vendor", "liveavatar", "--timeout", "0.05")
    assert code == 3
    assert f"{url_path('liveavatar')}: timed out after 0.05 s" in out


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        (b"<html>Maintenance</html>", "no OpenAPI slice on the page"),
        (docs_page(b"openapi: 3.1.0\npaths: [unclosed\n"), "the upstream document cannot be read"),
    ],
)
def test_a_page_that_holds_no_readable_openapi_exits_3_with_the_reason(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], page: bytes, reason: str
) -> None:
    routes = pages_from_specs()
    routes[url_path("hamsa")] = page
    code, out = run_cli(monkeypatch, capsys, routes, "--vendor", "hamsa")
    assert code == 3
    assert f"{url_path('hamsa')}: {reason}" in out


def test_a_vanished_overlay_target_is_reported_with_the_change_behind_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The vendor fixes `format: base64` itself: our overlay's action that removes it is stale.
    body = replaced(spec_bytes("vectorshift"), b"          format: base64\n", b"")
    code, report = run_json(monkeypatch, capsys, with_page("vectorshift", body), "vectorshift")
    assert code == 2
    assert changes_of(report, "vectorshift") == [
        ("hangup-overlay-target-missing", "breaking", False),
        ("request-property-type-changed", "breaking", True),
    ]
    vanished = report["vendors"][0]["changes"][0]["detail"]
    assert "specs/vectorshift/overlay.yaml" in vanished
    assert "ChatbotRunRequest.properties.audio.format" in vanished


def test_a_correction_upstream_that_our_overlay_already_made_is_no_api_change(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Upstream now says what our overlay says; the effective documents agree.
    body = replaced(
        spec_bytes("vectorshift"),
        b"          type: file\n",
        b"          type: string\n          format: binary\n",
    )
    code, out = run_cli(
        monkeypatch, capsys, with_page("vectorshift", body), "--vendor", "vectorshift"
    )
    assert code == 1
    assert "## vectorshift: bytes differ, no change in operations or schemas" in out


def test_every_facade_operation_names_an_operation_in_its_vendor_spec() -> None:
    for vendor, operations in drift.facade_operations().items():
        assert operations
        assert operations <= set(operations_of(effective_spec(vendor))), vendor


def test_a_fetch_keeps_the_upstream_path_and_query_under_the_base_url() -> None:
    url = "https://docs.example.com/api/run.md?x=1"
    assert (
        drift.redirected(url, "http://127.0.0.1:9/base/")
        == "http://127.0.0.1:9/base/api/run.md?x=1"
    )
    assert drift.redirected(url, None) == url


def test_help_names_every_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        drift.main(["--help"])
    assert exited.value.code == 0
    help_text = " ".join(capsys.readouterr().out.split())
    for meaning in (
        "0 no drift",
        "1 drift, none of it breaking",
        "2 breaking drift",
        "3 could not",
    ):
        assert meaning in help_text
    assert drift.BASE_URL_ENV in help_text


def test_facade_keys_ignore_path_parameter_names() -> None:
    assert path_key("/chatbot/{id}/run") == path_key("/chatbot/{chatbotId}/run")


def test_make_drift_passes_update_json_and_vendor_through_to_the_script() -> None:
    environment = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL")}
    dry_run = subprocess.run(
        ["make", "-n", "--no-print-directory", "drift", "UPDATE=1", "JSON=1", "VENDOR=hamsa"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "-m scripts.drift --update --json --vendor hamsa" in dry_run.stdout


def test_a_vendor_with_both_kinds_compares_its_bytes_and_watches_its_transcriptions_pages(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    routes = pages_from_specs()
    page = url_path("liveavatar", 0, "docs_pages")
    snapshot = routes[page]
    assert isinstance(snapshot, bytes)
    routes[page] = snapshot + b"\n- New query parameter: status.\n"
    code, report = run_json(monkeypatch, capsys, routes, "liveavatar")
    assert code == 2
    (entry,) = report["vendors"]
    assert entry["kind"] == "vendor-openapi + transcribed"
    assert [(s["path"], s["same"]) for s in entry["sources"]] == [
        ("specs/liveavatar/openapi.yaml", True),
        ("specs/liveavatar/docs/list-sessions.md", False),
        ("specs/liveavatar/docs/keep-session-alive.md", True),
    ]
    url = load_sources()["liveavatar"]["docs_pages"][0]["url"]
    assert changes_of(report, "liveavatar") == [("hangup-docs-changed", "breaking", False)]
    assert f"docs changed: re-transcribe {url}" in report["markdown"]
    assert "## liveavatar: docs changed: re-transcribe" in report["markdown"]
