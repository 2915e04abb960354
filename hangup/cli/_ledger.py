"""The ledger's commands: `hangup reap`, `hangup sessions` and `hangup track`.

    hangup reap [--older-than 30m] [--vendor V] [--label k=v] [--dry-run] [--concurrency N]
                [--lease 5m] [--metrics-file PATH]
    hangup sessions [--json] [--state S] [--vendor V] [--label k=v] [--older-than 30m]
    hangup track REF [--label k=v]

Each one opens the ledger named by --ledger, else $HANGUP_LEDGER, else the one in the user's
data dir. Parsing and printing only: reaping is hangup._reaper's. Tables and results go to
stdout; the progress bar, failures and notes to stderr. `reap` exits 0 only if nothing failed.
`--metrics-file` writes the run's figures for node_exporter's textfile collector
(hangup._metrics_file), atomically, after the run. Every failure is one line on stderr: exit 2
for bad usage (a bad ref, as in `hangup end`; a label whose value would change, a label added
to an ended session), 1 for anything else (a ledger that cannot be opened or reached).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hangup.cli._options import client_options, parse_concurrency, parse_duration, parse_label
from hangup.cli._output import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    console,
    one_line,
    print_json,
    progress,
)
from hangup.defaults import DEFAULT_CONCURRENCY, LEDGER_LEASE
from hangup.ledger import InvalidLedgerEntry, Ledger, SessionState, TrackedSession

if TYPE_CHECKING:
    from hangup._reaper import ReapReport

__all__ = ["add_ledger_commands", "usage_errors"]


def add_ledger_commands(commands: Any) -> None:
    """Add reap, sessions and track to the `hangup` parser's subcommands."""
    reap = commands.add_parser("reap", help="end every open session in the ledger that matches")
    _add_selection(reap)
    reap.add_argument("--dry-run", action="store_true", help="list what would be ended, send none")
    reap.add_argument(
        "--concurrency",
        type=parse_concurrency,
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"sessions ended at once (default {DEFAULT_CONCURRENCY})",
    )
    reap.add_argument(
        "--lease",
        type=parse_duration,
        default=LEDGER_LEASE,
        metavar="AGE",
        help="how long a claim holds unless renewed (default 5m; renewed every 1m or a third)",
    )
    reap.add_argument("--json", action="store_true", help="print JSON instead of tables")
    reap.add_argument(
        "--metrics-file",
        metavar="PATH",
        help="write the run's figures there in Prometheus' text format (node_exporter textfile)",
    )
    reap.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when stderr is a terminal)",
    )
    reap.set_defaults(command="reap", run=usage_errors(_reap))

    sessions = commands.add_parser("sessions", help="list the sessions in the ledger")
    _add_selection(sessions)
    sessions.add_argument(
        "--state",
        action="append",
        choices=[state.value for state in SessionState],
        help="only sessions in this state (repeatable)",
    )
    sessions.add_argument("--json", action="store_true", help="one JSON object per session")
    sessions.set_defaults(command="sessions", run=usage_errors(_sessions))

    track = commands.add_parser("track", help="add a session to the ledger, for hangup reap to end")
    track.add_argument("ref", metavar="REF", help="e.g. hamsa:<conversation_uuid>")
    _add_ledger_and_labels(track)
    track.set_defaults(command="track", run=usage_errors(_track))


def usage_errors(verb: Callable[[argparse.Namespace], int]) -> Callable[..., int]:
    """Run a ledger verb; an entry the ledger refuses (InvalidLedgerEntry) is one line, exit 2."""

    def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
        try:
            return verb(args)
        except InvalidLedgerEntry as error:
            print(f"hangup {args.command}: {one_line(str(error))}", file=sys.stderr)
            return EXIT_USAGE
        except OSError as error:  # a path that cannot be read or made, say
            print(f"hangup {args.command}: {one_line(str(error))}", file=sys.stderr)
            return EXIT_FAILED

    return run


def _add_ledger_and_labels(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ledger",
        metavar="PATH|URL",
        help="an SQLite path or a postgresql:// URL (default: $HANGUP_LEDGER or data dir)",
    )
    parser.add_argument(
        "--label",
        dest="labels",
        action="append",
        type=parse_label,
        default=[],
        metavar="K=V",
        help="a label (repeatable)",
    )


def _add_selection(parser: argparse.ArgumentParser) -> None:
    _add_ledger_and_labels(parser)
    parser.add_argument("--vendor", metavar="V", help="only this vendor's sessions")
    parser.add_argument(
        "--older-than",
        type=parse_duration,
        metavar="AGE",
        help="only sessions opened at least this long ago: 30m, 2h, 7d",
    )


def _reap(args: argparse.Namespace) -> int:
    from hangup._metrics_file import check_metrics_path

    metrics_file = None if args.metrics_file is None else check_metrics_path(args.metrics_file)
    if args.dry_run and not Ledger.exists(args.ledger):
        _print_entries([], as_json=args.json)  # nothing tracked yet, and nothing is created
        print("hangup: would end 0 session(s); sent nothing", file=sys.stderr)
        return EXIT_OK
    with Ledger(args.ledger, claim_lease=args.lease) as ledger:
        selection = _selection(args)
        if args.dry_run:
            entries = ledger.reapable(**selection)
            _print_entries(entries, as_json=args.json)
            print(f"hangup: would end {len(entries)} session(s); sent nothing", file=sys.stderr)
            return EXIT_OK
        report = _run_reap(ledger, args, selection)
        written = metrics_file is None or _write_metrics(metrics_file, report, ledger, selection)
    for failure in report.failures:
        print(f"failed\t{failure.ref}\t{failure.error}", file=sys.stderr)
    if args.json:
        print_json(_report_json(report))
    elif report.total:
        console(sys.stdout).print(_report_table(report))
    else:
        print("hangup: nothing to reap", file=sys.stderr)
    return EXIT_FAILED if report.failed or not written else EXIT_OK


def _write_metrics(
    path: Path, report: ReapReport, ledger: Ledger, selection: dict[str, Any]
) -> bool:
    """Write the reap's figures to `path`; say so in one line and return False if it fails."""
    from hangup._metrics_file import reap_families, write_metrics_file
    from hangup._reaper import still_reapable

    reapable = still_reapable(ledger, **selection)
    try:
        write_metrics_file(path, reap_families(report, reapable))
    except OSError as error:
        print(f"hangup: could not write --metrics-file {path}: {error.strerror}", file=sys.stderr)
        return False
    return True


def _run_reap(ledger: Ledger, args: argparse.Namespace, selection: dict[str, Any]) -> ReapReport:
    import asyncio

    from hangup._client import AsyncHangup
    from hangup._reaper import reap

    async def run(on_claimed: Any, on_reaped: Any) -> ReapReport:
        async with AsyncHangup(ledger=False, **client_options(args)) as client:
            return await reap(
                ledger,
                client,
                concurrency=args.concurrency,
                on_claimed=on_claimed,
                on_reaped=on_reaped,
                **selection,
            )

    show = args.progress if args.progress is not None else sys.stderr.isatty()
    if not show:
        return asyncio.run(run(None, None))
    with progress("reaping sessions", total=None, force=args.progress) as bar:
        return asyncio.run(run(bar.set_total, lambda entry, outcome: bar.advance()))


def _sessions(args: argparse.Namespace) -> int:
    states = [SessionState(state) for state in args.state] if args.state else None
    if not Ledger.exists(args.ledger):
        _print_entries([], as_json=args.json)  # listing never creates a ledger
        return EXIT_OK
    with Ledger(args.ledger) as ledger:
        entries = ledger.sessions(states=states, **_selection(args))
    _print_entries(entries, as_json=args.json)
    return EXIT_OK


def _track(args: argparse.Namespace) -> int:
    from hangup.refs import SessionRef

    ref = SessionRef.parse(args.ref)
    with Ledger(args.ledger) as ledger:
        entry = ledger.track(str(ref), ref.vendor, dict(args.labels))
    print(f"{entry.state.value}\t{entry.ref}\t{ledger.location}")
    return EXIT_OK


def _selection(args: argparse.Namespace) -> dict[str, Any]:
    return {"vendor": args.vendor, "labels": dict(args.labels), "older_than": args.older_than}


def _print_entries(entries: Sequence[TrackedSession], *, as_json: bool) -> None:
    if as_json:
        for entry in entries:
            print_json(entry.to_json())
        return
    from rich.table import Table

    table = Table("ref", "vendor", "state", "attempts", "opened (UTC)", "labels", "last error")
    for entry in entries:
        table.add_row(
            entry.ref,
            entry.vendor,
            entry.state.value,
            str(entry.attempts),
            entry.opened_at.strftime("%Y-%m-%d %H:%M:%S"),
            ",".join(f"{key}={value}" for key, value in sorted(entry.labels.items())),
            entry.last_error or "",
        )
    console(sys.stdout).print(table)


def _report_table(report: ReapReport) -> Any:
    from rich.table import Table

    table = Table(
        "vendor",
        "ended",
        "gone",
        "failed",
        title="hangup reap",
        caption=f"{report.total} session(s) in {report.seconds:.2f} s",
    )
    for vendor, tally in report.tallies.items():
        table.add_row(vendor, str(tally.ended), str(tally.gone), str(tally.failed))
    table.add_row("total", str(report.ended), str(report.gone), str(report.failed), style="bold")
    return table


def _report_json(report: ReapReport) -> dict[str, Any]:
    return {
        "ended": report.ended,
        "gone": report.gone,
        "failed": report.failed,
        "seconds": round(report.seconds, 3),
        "vendors": {
            vendor: {"ended": tally.ended, "gone": tally.gone, "failed": tally.failed}
            for vendor, tally in report.tallies.items()
        },
        "failures": [{"ref": f.ref, "vendor": f.vendor, "error": f.error} for f in report.failures],
    }
