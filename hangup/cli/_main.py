"""The `hangup` command: end sessions, chat with a VectorShift chatbot, keep the ledger.

    hangup end REF... | --from FILE [--json] [--missing-ok] [--concurrency N]
    hangup chat vectorshift CHATBOT_ID TEXT [--conversation ID] [--stream] [--json]
    hangup vendors [--json]
    hangup reap | sessions | track ...   the session ledger's commands
    hangup sweep --older-than AGE [--vendor V]... [--project ID] [--dry-run] [--json] ...
    hangup ledger prune | copy ...       keeping the ledger
    hangup --version

Argument parsing and output only: the work is the clients'. Each verb family is a module of
hangup.cli; what they print alike is hangup.cli._output's. Every verb exits 0 when all went
well, 1 when something failed, 2 on bad usage (a bad option, ref or setting), 130 when
interrupted (after printing what had already come back), 141 when its output pipe closed.
Every failure is one line on stderr; no verb ever ends in a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from typing import NoReturn

from hangup.cli._chat import add_chat_command
from hangup.cli._end import add_end_command
from hangup.cli._ledger import add_ledger_commands
from hangup.cli._ledger_admin import add_ledger_admin_commands
from hangup.cli._options import parse_retries, parse_timeout
from hangup.cli._output import (
    EXIT_BROKEN_PIPE,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    one_line,
    shell_text,
    usage_or_failure,
)
from hangup.cli._sweep import add_sweep_command
from hangup.cli._vendors import add_vendors_command
from hangup.defaults import DEFAULT_MAX_RETRIES
from hangup.errors import HangupError

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status. Every failure is one line on stderr."""
    verbose = False
    try:
        parser = _parser()
        args = parser.parse_args(argv)
        verbose = args.verbose
        if args.command is None:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        _log_to_stderr(args.verbose)
        status = _run(args, parser)
        sys.stdout.flush()  # here, so a full disk or a closed pipe is ours to report
        return status
    except BrokenPipeError:  # `hangup ... | head -1`: stop quietly, as Unix tools do
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        print("hangup: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as error:  # stdout is a full disk, a closed file...
        _silence_stdout()
        print(f"hangup: cannot write the output: {error.strerror or error}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as error:  # a bug: still one line, the traceback only with -v
        if verbose:
            traceback.print_exc()
        shown = one_line(f"{type(error).__name__}: {error}")
        print(f"hangup: unexpected error (a bug; -v shows where): {shown}", file=sys.stderr)
        return EXIT_FAILED


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    try:
        return int(args.run(args, parser))
    except HangupError as error:  # a bad setting, before any session was touched
        print(f"hangup: {one_line(shell_text(error))}", file=sys.stderr)
        return usage_or_failure(error)


class _OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr (exit 2), naming `--help`."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {one_line(message)} (see {self.prog} --help)\n")


def _parser() -> argparse.ArgumentParser:
    description = __doc__.splitlines()[0].replace("`", "")  # help is plain text
    parser = _OneLineParser(prog="hangup", description=description)
    parser.add_argument("--version", action="version", version=f"hangup {_version()}")
    parser.add_argument(
        "--timeout",
        type=parse_timeout,
        metavar="SECONDS",
        help="seconds per request (default 30)",
    )
    parser.add_argument(
        "--max-retries",
        type=parse_retries,
        default=DEFAULT_MAX_RETRIES,
        metavar="N",
        help=f"retries per call (default {DEFAULT_MAX_RETRIES})",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log retries and requests")
    parser.set_defaults(command=None)
    commands = parser.add_subparsers(title="commands")
    add_end_command(commands)
    add_chat_command(commands)
    add_vendors_command(commands)
    add_ledger_commands(commands)  # reap, sessions, track
    add_sweep_command(commands)
    add_ledger_admin_commands(commands)  # ledger prune, ledger copy
    return parser


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is no file (a test's capture): nothing to silence
        pass


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
