"""`hangup end REF... | --from FILE [--json] [--missing-ok] [--concurrency N] [--progress]`.

One line (or one JSON object) per ref, in input order; exits 0 only if every session ended.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import IO, Any

from hangup._client import AsyncHangup, Outcome
from hangup._results import Ended
from hangup.cli._options import client_options
from hangup.cli._output import EXIT_FAILED, EXIT_OK, one_line, print_json, progress
from hangup.defaults import DEFAULT_CONCURRENCY
from hangup.errors import HangupError

__all__ = ["add_end_command", "error_line"]

# With this many refs or more, `end` shows a progress bar (on a terminal, or with --progress).
PROGRESS_FROM = 20


def add_end_command(commands: Any) -> None:
    """Add `end` to the `hangup` parser's subcommands."""
    end = commands.add_parser("end", help="end sessions, given as refs like hamsa:<uuid>")
    end.add_argument(
        "refs", nargs="*", metavar="REF", help="e.g. pathors:<project_id>/<session_id>"
    )
    end.add_argument("--from", dest="source", metavar="FILE", help="one ref per line; - for stdin")
    end.add_argument("--json", action="store_true", help="one JSON object per result")
    end.add_argument("--missing-ok", action="store_true", help="a 404 counts as already ended")
    end.add_argument("--concurrency", type=int, default=DEFAULT_CONCURRENCY, metavar="N")
    end.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=f"progress bar on stderr (default: on a terminal, {PROGRESS_FROM}+ refs)",
    )
    end.set_defaults(command="end", run=_end)


def _end(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    refs = list(args.refs)
    if args.source is not None:
        refs += list(_read_refs(args.source))
    if not refs:
        parser.error("end: give refs, or --from FILE (- for stdin)")
    show = (
        args.progress
        if args.progress is not None
        else (len(refs) >= PROGRESS_FROM and sys.stderr.isatty())
    )
    outcomes = _end_all(refs, args, show)
    for ref, outcome in zip(refs, outcomes, strict=True):
        _print_outcome(ref, outcome, as_json=args.json)
    failed = sum(isinstance(outcome, HangupError) for outcome in outcomes)
    if len(refs) > 1:
        print(f"hangup: ended {len(refs) - failed} of {len(refs)}", file=sys.stderr)
    return EXIT_FAILED if failed else EXIT_OK


def _end_all(refs: list[str], args: argparse.Namespace, show_progress: bool) -> list[Outcome]:
    import asyncio

    async def run(advance: Any) -> list[Outcome]:
        async with AsyncHangup(**client_options(args)) as client:
            return await client.end_many(
                refs,
                concurrency=args.concurrency,
                missing_ok=args.missing_ok,
                on_result=advance,
            )

    if not show_progress:
        return asyncio.run(run(None))
    with progress("ending sessions", total=len(refs), force=args.progress) as bar:
        return asyncio.run(run(lambda index, outcome: bar.advance()))


def _read_refs(source: str) -> Iterator[str]:
    stream: IO[str] = sys.stdin if source == "-" else open(source, encoding="utf-8")  # noqa: SIM115
    with stream:
        for line in stream:
            ref = line.strip()
            if ref and not ref.startswith("#"):
                yield ref


def _print_outcome(ref: str, outcome: Outcome, *, as_json: bool) -> None:
    if as_json:
        print_json(_as_json(ref, outcome))
    elif isinstance(outcome, Ended):
        how = "gone" if outcome.already_gone else "ended" if outcome.confirmed else "unconfirmed"
        note = f"\t{one_line(outcome.message)}" if outcome.message else ""
        print(f"{how}\t{ref}{note}")
    else:
        print(f"error\t{ref}\t{one_line(error_line(ref, outcome))}", file=sys.stderr)


def error_line(ref: str, error: HangupError) -> str:
    """What went wrong, for one error line: vendor, the vendor's words, the HTTP status."""
    status = f" (HTTP {error.status_code})" if error.status_code is not None else ""
    return f"{error.vendor or ref.partition(':')[0]}: {error.message}{status}"


def _as_json(ref: str, outcome: Outcome) -> dict[str, Any]:
    if isinstance(outcome, Ended):
        return {
            "ref": ref,
            "vendor": outcome.vendor,
            "ended": True,
            "confirmed": outcome.confirmed,
            "already_gone": outcome.already_gone,
            "status_code": outcome.status_code,
            "message": outcome.message,
        }
    return {
        "ref": ref,
        "vendor": outcome.vendor,
        "ended": False,
        "error": type(outcome).__name__,
        "status_code": outcome.status_code,
        "message": outcome.message,
        "request_id": outcome.request_id,
    }
