"""Compare one vendor's vendored documents with what the vendor publishes now.

Each document has its kind (a vendor may hold both):
vendor-openapi: fetch each document's page, cut out its OpenAPI slice, compare bytes; when they
differ, diff the EFFECTIVE documents (upstream bytes + our overlay vs ours + overlay), so our
own corrections never show as drift, and say so when the overlay no longer applies upstream.
transcribed: the upstream is the docs pages; a page whose sha256 moved means re-transcribing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from scripts.drift.spec_diff import METHODS, Change, change, diff_specs
from scripts.drift.spec_diff_rules import BREAKING
from scripts.drift.spec_diff_schemas import UnresolvableRef
from scripts.spec.doc_slices import NoOpenAPISlice, extract_openapi_slice
from scripts.spec.effective_spec import SpecMergeConflict, effective_spec, merged_slices
from scripts.spec.overlay import OverlayError, apply_overlay
from scripts.spec.provenance import vendor_kind

Fetch = Callable[[str], tuple[str, bytes]]  # upstream URL -> (URL fetched, body)
_OVERLAY_OPERATION = re.compile(r"\$\.paths\['([^']+)'\]\.(" + "|".join(METHODS) + r")\b")
_DIFF_LINES = 60  # of a docs page's diff, in the report: enough to see what to re-transcribe


class FetchFailed(Exception):
    """An upstream document could not be fetched, or is not what we expected there."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url, self.reason = url, reason


@dataclass
class Source:
    """One upstream document or docs page, and how it compares with what we hold."""

    kind: str  # "documents" or "docs_pages": the table it comes from in specs/sources.toml
    index: int  # its position in that table
    url: str
    path: str | None  # the file in specs/ that holds its bytes, if we hold them
    recorded: str | None  # the sha256 we hold (None: no baseline recorded yet)
    upstream: str
    body: bytes = field(repr=False)

    @property
    def same(self) -> bool:
        return self.recorded == self.upstream


@dataclass
class VendorReport:
    """What `make drift` found for one vendor."""

    vendor: str
    kind: str
    sources: list[Source] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    errors: list[FetchFailed] = field(default_factory=list)
    page_diffs: list[tuple[str, str]] = field(default_factory=list)

    @property
    def status(self) -> str:
        """``unreachable``, ``drift`` or ``same``."""
        if self.errors:
            return "unreachable"
        if self.changes or not all(source.same for source in self.sources):
            return "drift"
        return "same"

    @property
    def breaking(self) -> list[Change]:
        return [c for c in self.changes if c.level == BREAKING]


def compare_vendor(
    vendor: str, entry: dict[str, Any], fetch: Fetch, specs_dir: Path, today: dt.date
) -> VendorReport:
    """Fetch ``vendor``'s upstream and return what differs from ``specs_dir``."""
    report = VendorReport(vendor, vendor_kind(entry))
    for index, document in enumerate(entry["documents"]):
        if document["kind"] != "vendor-openapi" or "url" not in document:
            continue
        try:
            fetched, page = fetch(document["url"])
            body = _slice(fetched, page) if document.get("extract") == "openapi-fence" else page
        except FetchFailed as failure:
            report.errors.append(failure)
            continue
        ours = (specs_dir / document["path"]).read_bytes()
        report.sources.append(
            Source("documents", index, fetched, document["path"], _sha(ours), _sha(body), body)
        )
    if report.status == "drift":
        try:
            report.changes = _api_changes(vendor, entry, specs_dir, report.sources, today)
        except (yaml.YAMLError, SpecMergeConflict, UnresolvableRef) as error:
            url = next(s.url for s in report.sources if not s.same)
            report.errors.append(FetchFailed(url, f"the upstream document cannot be read: {error}"))
    _compare_pages(report, entry, fetch, specs_dir)
    return report


def _slice(url: str, page: bytes) -> bytes:
    try:
        return extract_openapi_slice(page)
    except NoOpenAPISlice as error:
        raise FetchFailed(url, f"no OpenAPI slice on the page: {error}") from error


def _api_changes(
    vendor: str, entry: dict[str, Any], specs_dir: Path, sources: list[Source], today: dt.date
) -> list[Change]:
    upstream = {source.path: source.body for source in sources}
    theirs = _merged(entry, specs_dir, upstream)
    if "overlay" not in entry:
        return diff_specs(effective_spec(vendor, specs_dir), theirs, today=today)
    overlay = yaml.safe_load((specs_dir / entry["overlay"]).read_bytes())
    try:
        effective = apply_overlay(theirs, overlay)
    except OverlayError as error:
        # Without the overlay on either side, the report still says what changed upstream.
        vanished = change(
            "hangup-overlay-target-missing",
            None,
            f"specs/{entry['overlay']}: {error}: a correction's target vanished upstream; "
            "fix the overlay",
            _overlay_operations(overlay, str(error)),
        )
        return [vanished, *diff_specs(_merged(entry, specs_dir, {}), theirs, today=today)]
    return diff_specs(effective_spec(vendor, specs_dir), effective, today=today)


def _merged(entry: dict[str, Any], specs_dir: Path, upstream: dict[str | None, bytes]) -> Any:
    """The vendor's slices merged the way effective_spec merges them, upstream bytes first."""
    paths = [document["path"] for document in entry["documents"]]
    return merged_slices(
        upstream[path] if path in upstream else (specs_dir / path).read_bytes() for path in paths
    )


def _overlay_operations(overlay: Any, message: str) -> list[str]:
    """The operations named by the overlay action that failed (``action N: ...``)."""
    number = re.match(r"action (\d+)", message)
    actions = overlay.get("actions") or []
    if number is None or int(number.group(1)) > len(actions):
        return []
    target = str(actions[int(number.group(1)) - 1].get("target", ""))
    return [f"{m.upper()} {p}" for p, m in _OVERLAY_OPERATION.findall(target)]


def _compare_pages(
    report: VendorReport, entry: dict[str, Any], fetch: Fetch, specs_dir: Path
) -> None:
    for index, page in enumerate(entry.get("docs_pages") or []):
        try:
            fetched, body = fetch(page["url"])
        except FetchFailed as failure:
            report.errors.append(failure)
            continue
        source = Source(
            "docs_pages", index, fetched, page.get("snapshot"), page.get("sha256"), _sha(body), body
        )
        report.sources.append(source)
        if source.recorded is None:
            detail = f"no baseline recorded for {page['url']}: `make drift UPDATE=1` records one"
            report.changes.append(change("hangup-docs-baseline-missing", None, detail))
        elif not source.same:
            detail = f"docs changed: re-transcribe {page['url']}"
            report.changes.append(change("hangup-docs-changed", None, detail))
            if source.path:
                before = (specs_dir / source.path).read_bytes()
                report.page_diffs.append((page["url"], _text_diff(source.path, before, body)))


def _text_diff(name: str, before: bytes, after: bytes) -> str:
    lines = list(
        difflib.unified_diff(
            before.decode("utf-8", "replace").splitlines(),
            after.decode("utf-8", "replace").splitlines(),
            f"specs/{name}",
            "upstream",
            lineterm="",
        )
    )
    cut = len(lines) - _DIFF_LINES
    return "\n".join(lines[:_DIFF_LINES] + ([f"... {cut} more lines"] if cut > 0 else []))


def _sha(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()
