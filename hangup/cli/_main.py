"""The `hangup` command: end sessions, chat with a VectorShift chatbot, keep the ledger.

    hangup end REF... | --from FILE [--json] [--missing-ok] [--concurrency N]
    hangup chat vectorshift CHATBOT_ID TEXT [--conversation ID] [--stream] [--json]
    hangup vendors [--json]
    hangup reap | sessions | track ...   the session ledger's commands
    hangup ledger prune | copy ...       keeping the ledger
    hangup --version

Argument parsing and output only: the work is the clients'. Each verb family is a module of
hangup.cli; what they print alike is hangup.cli._output's. `end` exits 0 only if every
session ended, 1 if any did not, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from hangup.cli._chat import add_chat_command
from hangup.cli._end import add_end_command
from hangup.cli._ledger import add_ledger_commands
from hangup.cli._ledger_admin import add_ledger_admin_commands
from hangup.cli._output import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE, one_line
from hangup.cli._vendors import add_vendors_command
from hangup.defaults import DEFAULT_MAX_RETRIES
from hangup.errors import HangupError

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    _log_to_stderr(args.verbose)
    try:
        return int(args.run(args, parser))
    except HangupError as error:  # a bad setting, before any session was touched
        print(f"hangup: {one_line(str(error))}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("hangup: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hangup", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"hangup {_version()}")
    parser.add_argument("--timeout", type=float, help="seconds per request (default 30)")
    parser.add_argument(
        "--max-retries", type=int, default=DEFAULT_MAX_RETRIES, help="retries per call (default 2)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log retries and requests")
    parser.set_defaults(command=None)
    commands = parser.add_subparsers(title="commands")
    add_end_command(commands)
    add_chat_command(commands)
    add_vendors_command(commands)
    add_ledger_commands(commands)  # reap, sessions, track
    add_ledger_admin_commands(commands)  # ledger prune, ledger copy
    return parser


def _version() -> str:
    from importlib.metadata import version

    return version("hangup")


def _log_to_stderr(verbose: bool) -> None:
    """Show hangup's warnings (a deprecated vendor call); retries and requests only with -v."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("hangup: %(levelname)s: %(message)s"))
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, handlers=[handler])
    if not verbose:
        logging.getLogger("stamina").setLevel(logging.ERROR)
        logging.getLogger("httpx").setLevel(logging.WARNING)
    from hangup._logging import configure_from_env

    configure_from_env(os.environ)  # HANGUP_LOG=debug|info|warning: hangup's level, even without -v
