"""Render the drift reports: Markdown for people (and issue bodies), JSON for machines."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from scripts.drift.compare import VendorReport
from scripts.drift.spec_diff import Change, path_key

EXIT_MEANINGS = {
    0: "no drift",
    1: "drift, none of it breaking",
    2: "breaking drift",
    3: "could not fetch an upstream document",
}

FacadeOperations = Mapping[str, frozenset[str]]  # vendor -> {"METHOD /path/{}"}


def exit_status(reports: Sequence[VendorReport]) -> int:
    """0 no drift, 1 only non-breaking, 2 breaking, 3 something could not be fetched."""
    if any(report.errors for report in reports):
        return 3
    if any(report.breaking for report in reports):
        return 2
    return 1 if any(report.status == "drift" for report in reports) else 0


def touches_facade(change: Change, operations: frozenset[str]) -> bool:
    """True when ``change`` bears on one of the facade's operations (of its vendor)."""
    return any(_key(name) in operations for name in change.operations)


def _key(operation: str) -> str:
    method, _, path = operation.partition(" ")
    return f"{method} {path_key(path)}"


def render_json(
    reports: Sequence[VendorReport], facade: FacadeOperations, note: str | None = None
) -> str:
    """The whole report as one JSON document, its Markdown rendering included."""
    status = exit_status(reports)
    document: dict[str, Any] = {
        "exit_status": status,
        "meaning": EXIT_MEANINGS[status],
        "vendors": [
            _vendor_json(report, facade.get(report.vendor, frozenset())) for report in reports
        ],
        "markdown": render_markdown(reports, facade, note),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _vendor_json(report: VendorReport, operations: frozenset[str]) -> dict[str, Any]:
    return {
        "vendor": report.vendor,
        "kind": report.kind,
        "status": report.status,
        "sources": [
            {
                "url": s.url,
                "path": f"specs/{s.path}" if s.path else None,
                "same": s.same,
                "recorded_sha256": s.recorded,
                "upstream_sha256": s.upstream,
            }
            for s in report.sources
        ],
        "changes": [
            {
                "rule_id": c.rule_id,
                "level": c.level,
                "operation": c.operation,
                "touches": list(c.touches),
                "facade": touches_facade(c, operations),
                "detail": c.detail,
            }
            for c in report.changes
        ],
        "errors": [{"url": e.url, "reason": e.reason} for e in report.errors],
        "page_diffs": [{"url": url, "diff": text} for url, text in report.page_diffs],
    }


def render_markdown(
    reports: Sequence[VendorReport], facade: FacadeOperations, note: str | None = None
) -> str:
    """The report for people: a summary table, then one section per vendor."""
    status = exit_status(reports)
    lines = [f"# Upstream API drift: {EXIT_MEANINGS[status]} (exit {status})", ""]
    if note:
        lines += [note, ""]
    lines += ["| vendor | result |", "|---|---|"]
    lines += [f"| {r.vendor} | {_summary(r)} |" for r in reports]
    for report in reports:
        lines += ["", f"## {report.vendor}: {_summary(report)}", ""]
        lines += _vendor_markdown(report, facade.get(report.vendor, frozenset()))
    lines += [
        "",
        "Rule ids are oasdiff's (https://github.com/oasdiff/oasdiff, docs/BREAKING-CHANGES.md);"
        " `hangup-` ids are ours (scripts/drift/spec_diff_rules.py). **facade**: the change"
        " touches an operation hangup's facade calls (specs/facade-operations.toml).",
    ]
    return "\n".join(lines) + "\n"


def _summary(report: VendorReport) -> str:
    if report.status == "unreachable":
        return "could not fetch"
    if report.status == "same":
        return "same bytes" if report.kind != "transcribed" else "docs pages unchanged"
    if any(c.rule_id == "hangup-docs-changed" for c in report.changes):
        return "docs changed: re-transcribe"
    if not report.changes:
        return "bytes differ, no change in operations or schemas"
    breaking = len(report.breaking)
    return f"{breaking} breaking, {len(report.changes) - breaking} non-breaking"


def _vendor_markdown(report: VendorReport, operations: frozenset[str]) -> list[str]:
    lines = [f"- could not fetch {e.url}: {e.reason}" for e in report.errors]
    for s in report.sources:
        where = f"specs/{s.path}" if s.path else "the recorded sha256"
        if s.same:
            lines.append(f"- {s.url}: same bytes as {where} (sha256 {s.upstream[:12]})")
        elif s.recorded is None:
            lines.append(f"- {s.url}: no baseline recorded (sha256 now {s.upstream[:12]})")
        else:
            lines.append(
                f"- {s.url}: differs from {where} (sha256 {s.recorded[:12]} -> {s.upstream[:12]})"
            )
    if report.changes:
        lines += ["", "| facade | level | rule | operation | detail |", "|---|---|---|---|---|"]
        for c in report.changes:
            mark = "**facade**" if touches_facade(c, operations) else ""
            where = c.operation or (
                f"(document; touches {', '.join(c.touches)})" if c.touches else "(document)"
            )
            lines.append(f"| {mark} | {c.level} | `{c.rule_id}` | {where} | {_cell(c.detail)} |")
    for url, text in report.page_diffs:
        lines += ["", f"What changed on {url}:", "", "```diff", text, "```"]
    return lines


def _cell(text: str) -> str:
    """Keep a table cell on one line and its pipes literal."""
    return text.replace("|", "\\|").replace("\n", " ")
