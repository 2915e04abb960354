"""specs/sources.toml records every vendored byte, and the check names any that changed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scripts.spec.provenance import SPECS_DIR, checksum_mismatches, load_sources, vendor_kind

SOURCES = load_sources()


def flip_one_byte(path: Path, at: int = 100) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


def test_every_recorded_file_matches_its_checksum() -> None:
    assert checksum_mismatches() == []


def test_one_flipped_byte_in_a_vendored_document_fails_the_check_naming_the_file(
    repo_copy: Path,
) -> None:
    flip_one_byte(repo_copy / "specs" / "liveavatar" / "openapi.yaml")
    result = subprocess.run(
        [sys.executable, "-m", "scripts.spec.provenance"],
        cwd=repo_copy,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    [problem] = [line for line in result.stderr.splitlines() if "sha256" in line]
    assert problem.startswith("provenance: liveavatar: specs/liveavatar/openapi.yaml has sha256 ")
    assert "never edited by hand" in result.stderr


def test_a_changed_docs_snapshot_is_named_too(repo_copy: Path) -> None:
    flip_one_byte(repo_copy / "specs" / "pathors" / "docs" / "end-session-legacy.md")
    [problem] = checksum_mismatches(repo_copy / "specs")
    assert "specs/pathors/docs/end-session-legacy.md has sha256" in problem


def test_a_missing_document_is_named(repo_copy: Path) -> None:
    (repo_copy / "specs" / "hamsa" / "openapi.yaml").unlink()
    assert checksum_mismatches(repo_copy / "specs") == [
        "hamsa: specs/hamsa/openapi.yaml is missing"
    ]


@pytest.mark.parametrize("vendor", list(SOURCES))
def test_every_file_in_a_vendor_folder_is_accounted_for(vendor: str) -> None:
    entry = SOURCES[vendor]
    accounted = {document["path"] for document in entry["documents"]}
    accounted |= {page["snapshot"] for page in entry.get("docs_pages", []) if "snapshot" in page}
    accounted |= {entry["generator_config"]} | ({entry["overlay"]} if "overlay" in entry else set())
    on_disk = {
        str(path.relative_to(SPECS_DIR))
        for path in (SPECS_DIR / vendor).rglob("*")
        if path.is_file()
    }
    assert on_disk == accounted


@pytest.mark.parametrize("vendor", list(SOURCES))
def test_every_document_records_where_when_and_what_it_is(vendor: str) -> None:
    entry = SOURCES[vendor]
    for document in entry["documents"]:
        assert document["kind"] in {"vendor-openapi", "transcribed"}
        assert len(document["sha256"]) == 64
        assert document["retrieved"]
        if document["kind"] == "vendor-openapi":
            assert document["url"].startswith("https://")
            assert document["extract"] == "openapi-fence"
        else:
            assert entry["docs_pages"], "a transcription names the pages it was written from"
    assert all(page["url"].startswith("https://") for page in entry.get("docs_pages", []))


def test_a_document_without_a_kind_fails_the_check(repo_copy: Path) -> None:
    sources = repo_copy / "specs" / "sources.toml"
    text = sources.read_text(encoding="utf-8")
    marked = 'kind = "transcribed"\npath = "hamsa/conversations.yaml"'
    assert marked in text
    sources.write_text(text.replace(marked, 'path = "hamsa/conversations.yaml"'), encoding="utf-8")
    assert checksum_mismatches(repo_copy / "specs") == [
        "hamsa: specs/hamsa/conversations.yaml has no kind (one of vendor-openapi, transcribed)"
    ]


def test_a_vendor_may_hold_its_own_bytes_and_a_transcription_beside_them() -> None:
    kinds = {v: [d["kind"] for d in e["documents"]] for v, e in SOURCES.items()}
    assert kinds["liveavatar"] == ["vendor-openapi", "transcribed"]
    assert kinds["hamsa"] == ["vendor-openapi", "transcribed"]
    assert kinds["pathors"] == ["transcribed", "transcribed"]
    assert vendor_kind(SOURCES["hamsa"]) == "vendor-openapi + transcribed"
    assert vendor_kind(SOURCES["pathors"]) == "transcribed"


def test_a_transcribed_document_says_so_at_its_top() -> None:
    for vendor, entry in SOURCES.items():
        for document in entry["documents"]:
            if document["kind"] == "transcribed":
                head = (SPECS_DIR / document["path"]).read_text(encoding="utf-8")[:200]
                assert "TRANSCRIBED, NOT VENDORED" in head, vendor


def test_the_vectorshift_provenance_says_the_legacy_run_api_is_left_out_on_purpose() -> None:
    notes = SOURCES["vectorshift"]["notes"]
    assert "/api/chatbots/run" in notes
    assert "Api-Key" in notes
    assert "legacy" in notes
