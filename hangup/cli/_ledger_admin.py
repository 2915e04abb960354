"""Keeping a ledger: `hangup ledger prune` and `hangup ledger copy`.

    hangup ledger prune --older-than 30d [--dry-run] [--ledger PATH|URL]
    hangup ledger copy SRC DST

`prune` deletes final entries (ended, gone) whose last change is older than the age, in
batches, and says how many. `copy` copies every entry (state, attempts, labels, errors) from
one ledger into another, e.g. an SQLite file into PostgreSQL; an entry the destination already
holds is left as it is there, so running it twice changes nothing.
"""

from __future__ import annotations

import argparse
from typing import Any

from hangup.cli._ledger import usage_errors
from hangup.cli._options import parse_duration
from hangup.cli._output import EXIT_OK
from hangup.ledger import Ledger, LedgerError

__all__ = ["add_ledger_admin_commands"]


def add_ledger_admin_commands(commands: Any) -> None:
    """Add `ledger prune` and `ledger copy` to the `hangup` parser's subcommands."""
    ledger = commands.add_parser("ledger", help="keep the ledger: prune old entries, copy it")
    verbs = ledger.add_subparsers(title="ledger commands", required=True)

    prune = verbs.add_parser("prune", help="delete ended and gone entries older than an age")
    prune.add_argument("--older-than", type=parse_duration, required=True, metavar="AGE")
    prune.add_argument("--dry-run", action="store_true", help="count them, delete nothing")
    prune.add_argument("--ledger", metavar="PATH|URL", help="default: $HANGUP_LEDGER or data dir")
    prune.set_defaults(command="ledger prune", run=usage_errors(_prune))

    copy = verbs.add_parser("copy", help="copy every entry from one ledger into another")
    copy.add_argument("source", metavar="SRC", help="an SQLite path or a postgresql:// URL")
    copy.add_argument("destination", metavar="DST", help="an SQLite path or a postgresql:// URL")
    copy.set_defaults(command="ledger copy", run=usage_errors(_copy))


def _prune(args: argparse.Namespace) -> int:
    if not Ledger.exists(args.ledger):
        print("hangup: pruned 0 final session(s): there is no ledger yet")
        return EXIT_OK
    with Ledger(args.ledger) as ledger:
        from hangup.ledger._ledger import utc_now

        cutoff = utc_now() - args.older_than
        count = ledger.prune(ended_before=cutoff, dry_run=args.dry_run)
        where = ledger.location
    verb = "would prune" if args.dry_run else "pruned"
    print(f"hangup: {verb} {count} final session(s) from {where}")
    return EXIT_OK


def _copy(args: argparse.Namespace) -> int:
    if not Ledger.exists(args.source):
        raise LedgerError(f"there is no ledger at {args.source}: nothing to copy")
    with Ledger(args.source) as source, Ledger(args.destination) as destination:
        read = added = 0
        for page in source.pages():
            read += len(page)
            added += destination.add_copies(page)
        print(
            f"hangup: copied {added} of {read} session(s) from {source.location}"
            f" to {destination.location} ({read - added} already there)"
        )
    return EXIT_OK
