"""Report how each vendor's published API has moved away from our vendored copy.

    python -m scripts.drift [--json] [--update] [--vendor V ...]     (make drift [UPDATE=1])

Fetches every upstream URL in specs/sources.toml and compares it with what specs/ holds:
the same bytes, or what changed in operations and schemas, each change classed breaking or
non-breaking for a client under oasdiff's rule ids, marked when it touches an operation the
facade calls. Markdown on stdout; --json for machines (the Markdown rides along in it).
Set HANGUP_DRIFT_BASE_URL to fetch every URL's path from another host instead (tests do).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shlex
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

from scripts.drift.compare import FetchFailed, VendorReport, compare_vendor
from scripts.drift.report import EXIT_MEANINGS, exit_status, render_json, render_markdown
from scripts.drift.spec_diff import path_key
from scripts.drift.update import update
from scripts.spec.provenance import ROOT, SPECS_DIR, load_sources

BASE_URL_ENV = "HANGUP_DRIFT_BASE_URL"
DEFAULT_TIMEOUT = 30.0  # seconds; a vendor docs site that takes longer is down for our purposes
FACADE_OPERATIONS_FILE = "facade-operations.toml"
UPDATE_FAILED = 4


def facade_operations(specs_dir: Path = SPECS_DIR) -> dict[str, frozenset[str]]:
    """The operations the facade calls, per vendor, as ``"METHOD /path/{}"`` keys."""
    with (specs_dir / FACADE_OPERATIONS_FILE).open("rb") as handle:
        tables = tomllib.load(handle)
    # [planned]: operations the facade will call; drift watches them as closely already.
    listed: dict[str, list[str]] = {}
    for table in (tables["operations"], tables.get("planned", {})):
        for vendor, ops in table.items():
            listed.setdefault(vendor, []).extend(ops)
    return {
        vendor: frozenset(
            f"{op.split(' ', 1)[0].upper()} {path_key(op.split(' ', 1)[1])}" for op in ops
        )
        for vendor, ops in listed.items()
    }


def redirected(url: str, base_url: str | None) -> str:
    """``url`` with its scheme and host (and any base path) taken from ``base_url``."""
    if not base_url:
        return url
    parts, base = urlsplit(url), urlsplit(base_url)
    return urlunsplit(
        (base.scheme, base.netloc, base.path.rstrip("/") + parts.path, parts.query, "")
    )


class Fetcher:
    """GET upstream URLs with a finite timeout; every failure becomes a FetchFailed."""

    def __init__(self, client: httpx.Client, base_url: str | None, timeout: float) -> None:
        self.client, self.base_url, self.timeout = client, base_url, timeout

    def __call__(self, url: str) -> tuple[str, bytes]:
        target = redirected(url, self.base_url)
        try:
            response = self.client.get(target)
        except httpx.TimeoutException as error:
            raise FetchFailed(target, f"timed out after {self.timeout:g} s") from error
        except httpx.HTTPError as error:
            raise FetchFailed(target, f"{type(error).__name__}: {error}") from error
        if response.status_code >= 400:
            reason = f"HTTP {response.status_code} {response.reason_phrase}".rstrip()
            raise FetchFailed(target, reason)
        return target, response.content


def run_drift(
    vendors: Sequence[str],
    *,
    specs_dir: Path = SPECS_DIR,
    base_url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    today: dt.date | None = None,
) -> list[VendorReport]:
    """Compare each of ``vendors`` with its upstream; one report per vendor, in order."""
    sources = load_sources(specs_dir)
    today = today or dt.date.today()
    headers = {"User-Agent": "hangup-drift"}
    with httpx.Client(timeout=timeout, follow_redirects=True, headers=headers) as client:
        fetch = Fetcher(client, base_url, timeout)
        return [compare_vendor(v, sources[v], fetch, specs_dir, today) for v in vendors]


def _parser(known: list[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.drift",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="exit status: "
        + "; ".join(f"{code} {meaning}" for code, meaning in EXIT_MEANINGS.items())
        + f"; {UPDATE_FAILED} --update could not regenerate or the tests failed.",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    parser.add_argument(
        "--update",
        action="store_true",
        help="write the upstream bytes into specs/, record their sha256 and date in "
        "specs/sources.toml, regenerate and run the tests, leaving a diff to review",
    )
    parser.add_argument(
        "--vendor", action="append", choices=known, help="only this vendor (repeatable)"
    )
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per fetch")
    parser.add_argument(
        "--test-command",
        default="make test",
        help="what --update runs after regenerating (default: %(default)s)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    known = list(load_sources())
    args = _parser(known).parse_args(argv)
    base_url = os.environ.get(BASE_URL_ENV) or None
    reports = run_drift(args.vendor or known, base_url=base_url, timeout=args.timeout)
    facade = facade_operations()
    note = (
        f"Fetched from {base_url} ({BASE_URL_ENV}), not the vendors' hosts." if base_url else None
    )
    render = render_json if args.json else render_markdown
    sys.stdout.write(render(reports, facade, note))
    status = exit_status(reports)
    if args.update and status != 0:
        command = shlex.split(args.test_command)
        if not update(reports, ROOT, command, dt.date.today()):
            return UPDATE_FAILED
    return status


if __name__ == "__main__":
    raise SystemExit(main())
