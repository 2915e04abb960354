"""`hangup sweep`: end the vendors' live sessions that no ledger tracks, once they are old enough.

    hangup sweep --older-than AGE [--vendor V]... [--project ID] [--dry-run] [--json]
                 [--include-tracked] [--concurrency N] [--ledger PATH] [--metrics-file PATH]

Parsing and printing only: the sweep is hangup._sweep's. `--older-than` is required: there is
no safe default for ending sessions someone may be using. The summary goes to stdout (a table,
or one JSON object with --json); a dry run's candidates to stdout too, one per line; the
progress bar, failures and skipped vendors to stderr. `--metrics-file` writes the run's figures
for node_exporter's textfile collector (hangup._metrics_file), atomically, after the run (not
after a dry run); a missing directory is refused before anything is sent. Exits 0 only if
nothing failed and the metrics file, if asked for, was written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hangup.cli._options import client_options, parse_concurrency, parse_duration
from hangup.cli._output import EXIT_FAILED, EXIT_OK, console, print_json, progress
from hangup.defaults import DEFAULT_CONCURRENCY

if TYPE_CHECKING:
    from hangup._sweep import SweepReport
    from hangup.ledger import Ledger

__all__ = ["add_sweep_command"]

_COLUMNS = ("listed", "too_young", "tracked", "ended", "gone", "failed")


def add_sweep_command(commands: Any) -> None:
    """Add `sweep` to the `hangup` parser's subcommands."""
    from hangup import _registry

    sweep = commands.add_parser(
        "sweep", help="end live sessions no ledger tracks, older than --older-than"
    )
    sweep.add_argument(
        "--older-than",
        type=parse_duration,
        required=True,
        metavar="AGE",
        help="only sessions started at least this long ago: 30m, 2h, 7d (required)",
    )
    sweep.add_argument(
        "--vendor",
        dest="vendors",
        action="append",
        choices=_registry.names(),
        metavar="V",
        help="only this vendor (repeatable; default: every vendor with a key set)",
    )
    sweep.add_argument("--project", metavar="ID", help="the Pathors project to sweep")
    sweep.add_argument("--dry-run", action="store_true", help="list what would be ended, send none")
    sweep.add_argument(
        "--include-tracked", action="store_true", help="end sessions the ledger holds open too"
    )
    sweep.add_argument(
        "--concurrency",
        type=parse_concurrency,
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"sessions ended at once (default {DEFAULT_CONCURRENCY})",
    )
    sweep.add_argument("--json", action="store_true", help="print one JSON object")
    sweep.add_argument("--ledger", metavar="PATH|URL", help="default: $HANGUP_LEDGER or data dir")
    sweep.add_argument(
        "--metrics-file",
        metavar="PATH",
        help="write the run's figures there in Prometheus' text format (node_exporter textfile)",
    )
    sweep.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when stderr is a terminal)",
    )
    sweep.set_defaults(command="sweep", run=lambda args, parser: _sweep(args))


def _sweep(args: argparse.Namespace) -> int:
    from hangup._metrics_file import check_metrics_path
    from hangup.ledger import Ledger

    metrics_file = None if args.metrics_file is None else check_metrics_path(args.metrics_file)
    with Ledger(args.ledger) as ledger:
        report = _run(ledger, args)
    written = metrics_file is None or report.dry_run or _write_metrics(metrics_file, report)
    for vendor, why in report.skipped.items():
        print(f"hangup: {vendor} not swept: {why}", file=sys.stderr)
    for vendor, error in report.list_errors.items():
        print(f"failed\t{vendor}\tlisting its sessions: {error}", file=sys.stderr)
    for failure in report.failures:
        print(f"failed\t{failure.ref}\t{failure.error}", file=sys.stderr)
    if args.json:
        print_json(report_json(report))
    else:
        for live in report.candidates:
            started = live.started_at.isoformat() if live.started_at else "unknown"
            print(f"would end\t{live.ref}\t{started}\t{live.status or ''}")
        console(sys.stdout).print(_table(report))
    if report.dry_run:
        print(
            f"hangup: would end {len(report.candidates)} session(s); sent nothing", file=sys.stderr
        )
    return EXIT_FAILED if report.failed or not written else EXIT_OK


def _write_metrics(path: Path, report: SweepReport) -> bool:
    """Write the sweep's figures to `path`; say so in one line and return False if it fails."""
    from hangup._metrics_file import sweep_families, write_metrics_file

    try:
        write_metrics_file(path, sweep_families(report))
    except OSError as error:
        print(f"hangup: could not write --metrics-file {path}: {error.strerror}", file=sys.stderr)
        return False
    return True


def _run(ledger: Ledger, args: argparse.Namespace) -> SweepReport:
    import asyncio

    from hangup._client import AsyncHangup
    from hangup._sweep import sweep

    async def run(on_found: Any, on_ended: Any) -> SweepReport:
        async with AsyncHangup(ledger=False, **client_options(args)) as client:
            return await sweep(
                client,
                older_than=args.older_than,
                vendors=args.vendors,
                project_id=args.project,
                ledger=ledger,
                include_tracked=args.include_tracked,
                dry_run=args.dry_run,
                concurrency=args.concurrency,
                on_found=on_found,
                on_ended=on_ended,
            )

    show = args.progress if args.progress is not None else sys.stderr.isatty()
    if not show:
        return asyncio.run(run(None, None))
    found = [0]
    with progress("sweeping sessions", total=None, force=args.progress) as bar:

        def on_found(count: int) -> None:
            found[0] += count
            bar.set_total(found[0])

        return asyncio.run(run(on_found, lambda live, outcome: bar.advance()))


def report_json(report: SweepReport) -> dict[str, Any]:
    """The sweep's report as one JSON object."""
    return {
        "dry_run": report.dry_run,
        "ended": report.ended,
        "failed": report.failed,
        "seconds": round(report.seconds, 3),
        "vendors": {
            vendor: {
                **{column: getattr(tally, column) for column in _COLUMNS},
                **({"would_end": tally.would_end} if report.dry_run else {}),
            }
            for vendor, tally in report.tallies.items()
        },
        "cannot_sweep": dict(report.skipped),
        "list_errors": dict(report.list_errors),
        "failures": [{"ref": f.ref, "vendor": f.vendor, "error": f.error} for f in report.failures],
        "would_end": [str(live.ref) for live in report.candidates],
    }


def _table(report: SweepReport) -> Any:
    from rich.table import Table

    columns = [*(column.replace("_", " ") for column in _COLUMNS)]
    if report.dry_run:
        columns.append("would end")
    table = Table(
        "vendor",
        *columns,
        title="hangup sweep" + (" (dry run)" if report.dry_run else ""),
        caption=f"{report.ended} ended, {report.failed} failed in {report.seconds:.2f} s",
    )
    for vendor, tally in report.tallies.items():
        cells = [str(getattr(tally, column)) for column in _COLUMNS]
        if report.dry_run:
            cells.append(str(tally.would_end))
        table.add_row(vendor, *cells)
    for vendor in report.skipped:  # why is said on stderr; the row shows it was not swept
        table.add_row(vendor, *["-"] * len(columns), style="dim")
    return table
