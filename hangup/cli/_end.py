"""`hangup end REF... | --from FILE [--json] [--missing-ok] [--concurrency N] [--progress]`.

One line (or one JSON object) per ref, in input order; exits 0 only if every session ended, 2
if a ref was bad, else 1 if any failed; on Ctrl-C, prints what already came back and exits 130.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from hangup._client import AsyncHangup, Outcome
from hangup._results import Ended
from hangup.cli._options import client_options, parse_concurrency
from hangup.cli._output import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    one_line,
    print_json,
    progress,
    shown,
    usage_or_failure,
)
from hangup.defaults import DEFAULT_CONCURRENCY
from hangup.errors import HangupError, InvalidArgument

__all__ = ["RefFileError", "add_end_command", "error_line", "read_refs"]

# With this many refs or more, `end` shows a progress bar (on a terminal, or with --progress).
PROGRESS_FROM = 20


def add_end_command(commands: Any) -> None:
    """Add `end` to the `hangup` parser's subcommands."""
    end = commands.add_parser("end", help="end sessions, given as refs like hamsa:<uuid>")
    end.add_argument(
        "refs", nargs="*", metavar="REF", help="e.g. pathors:<project_id>/<session_id>"
    )
    end.add_argument(
        "--from", dest="source", metavar="FILE", help="one ref per line, UTF-8; - for stdin"
    )
    end.add_argument("--json", action="store_true", help="one JSON object per result")
    end.add_argument("--missing-ok", action="store_true", help="a 404 counts as already ended")
    end.add_argument(
        "--concurrency",
        type=parse_concurrency,
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"how many sessions to end at once (default {DEFAULT_CONCURRENCY})",
    )
    end.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=f"progress bar on stderr (default: on a terminal, {PROGRESS_FROM}+ refs)",
    )
    # Its own parser, so that a usage error shows `hangup end`'s usage, not the top level's.
    end.set_defaults(command="end", run=lambda args, parser: _end(args, end))


def _end(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    refs = list(args.refs)
    if args.source is not None:
        try:
            refs += read_refs(args.source)
        except RefFileError as error:
            parser.error(str(error))
    if not refs:
        parser.error("give refs, or --from FILE (- for stdin)")
    show = (
        args.progress
        if args.progress is not None
        else (len(refs) >= PROGRESS_FROM and sys.stderr.isatty())
    )
    received: dict[int, Outcome] = {}
    try:
        _end_all(refs, args, show, received)
    except KeyboardInterrupt:
        _print_outcomes(refs, received, as_json=args.json)
        print(f"hangup: interrupted; {len(received)} of {len(refs)} answered", file=sys.stderr)
        return EXIT_INTERRUPTED
    return _print_outcomes(refs, received, as_json=args.json)


def _print_outcomes(refs: list[str], received: dict[int, Outcome], *, as_json: bool) -> int:
    """Print every outcome received, in input order; return the exit status they amount to."""
    statuses = [EXIT_OK]
    for index in sorted(received):
        outcome = received[index]
        _print_outcome(refs[index], outcome, as_json=as_json)
        if isinstance(outcome, HangupError):
            statuses.append(usage_or_failure(outcome))
    failed = len(statuses) - 1
    if len(refs) > 1 and len(received) == len(refs):
        print(f"hangup: ended {len(refs) - failed} of {len(refs)}", file=sys.stderr)
    return EXIT_USAGE if EXIT_USAGE in statuses else max(statuses)


def _end_all(
    refs: list[str], args: argparse.Namespace, show_progress: bool, received: dict[int, Outcome]
) -> None:
    import asyncio

    async def run(advance: Any) -> None:
        def on_result(index: int, outcome: Outcome) -> None:
            received[index] = outcome  # kept as each comes, so Ctrl-C can print them
            if advance is not None:
                advance()

        async with AsyncHangup(**client_options(args)) as client:
            await client.end_many(
                refs,
                concurrency=args.concurrency,
                missing_ok=args.missing_ok,
                on_result=on_result,
            )

    if not show_progress:
        asyncio.run(run(None))
        return
    with progress("ending sessions", total=len(refs), force=args.progress) as bar:
        asyncio.run(run(bar.advance))


class RefFileError(Exception):
    """A --from file that cannot be read as refs: missing, a directory, not UTF-8, no stdin."""


def read_refs(source: str) -> list[str]:
    """The refs in `source` (a path, or - for stdin): UTF-8, a BOM allowed, # for comments."""
    try:
        if source == "-":
            if sys.stdin is None or sys.stdin.closed:
                raise RefFileError("--from -: stdin is closed; give a file or pipe refs in")
            binary = getattr(sys.stdin, "buffer", None)  # None when stdin was replaced by text
            raw = sys.stdin.read() if binary is None else binary.read().decode("utf-8-sig")
            text = raw.removeprefix("\ufeff")
        else:
            with open(source, encoding="utf-8-sig") as stream:
                text = stream.read()
    except UnicodeDecodeError as error:
        where = "stdin" if source == "-" else shown(source)
        raise RefFileError(
            f"--from {where}: not UTF-8 text (byte {error.start}): save it as UTF-8"
        ) from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise RefFileError(f"--from {shown(source)}: cannot read it: {reason}") from None
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _print_outcome(ref: str, outcome: Outcome, *, as_json: bool) -> None:
    if as_json:
        print_json(_as_json(ref, outcome))
    elif isinstance(outcome, Ended):
        how = "gone" if outcome.already_gone else "ended" if outcome.confirmed else "unconfirmed"
        note = f"\t{one_line(outcome.message)}" if outcome.message else ""
        print(f"{how}\t{shown(ref)}{note}")
    else:
        sys.stdout.flush()  # results so far first, so a terminal shows them in order
        print(f"error\t{shown(ref)}\t{one_line(error_line(ref, outcome))}", file=sys.stderr)


def error_line(ref: str, error: HangupError) -> str:
    """What went wrong, for one error line: vendor, the vendor's words, the HTTP status."""
    if isinstance(error, InvalidArgument):  # its message names the vendor and what is wrong
        return error.message
    status = f" (HTTP {error.status_code})" if error.status_code is not None else ""
    message = getattr(error, "shell_message", None) or error.message
    return f"{error.vendor or shown(ref.partition(':')[0])}: {message}{status}"


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
