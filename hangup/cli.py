"""The `hangup` command: end sessions, chat with a VectorShift chatbot, list the vendors.

    hangup end REF... | --from FILE [--json] [--missing-ok] [--concurrency N]
    hangup chat vectorshift CHATBOT_ID TEXT [--conversation ID] [--stream] [--json]
    hangup vendors [--json]
    hangup reap | sessions | track ...   the session ledger's commands (hangup.cli_ledger)

Argument parsing and output only: the work is hangup.client's. Results go to stdout (one
line, or one JSON object, per ref, in input order); errors, warnings and the progress bar go
to stderr. `end` exits 0 only if every session ended, 1 if any did not, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any

from hangup.client import AsyncHangup, Hangup, Outcome
from hangup.defaults import DEFAULT_CONCURRENCY, DEFAULT_MAX_RETRIES
from hangup.errors import HangupError
from hangup.results import ChatChunk, ChatReply, Ended

if TYPE_CHECKING:
    from hangup.vendors.vectorshift_chat import VectorShift

__all__ = ["main"]

# With this many refs or more, `end` shows a progress bar (on a terminal, or with --progress).
PROGRESS_FROM = 20
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


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
        print(f"hangup: {_one_line(str(error))}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("hangup: interrupted", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hangup", description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, help="seconds per request (default 30)")
    parser.add_argument(
        "--max-retries", type=int, default=DEFAULT_MAX_RETRIES, help="retries per call (default 2)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log retries and requests")
    parser.set_defaults(command=None)
    commands = parser.add_subparsers(title="commands")

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

    chat = commands.add_parser("chat", help="send one message to a VectorShift chatbot")
    chat.add_argument("vendor", choices=["vectorshift"])
    chat.add_argument("chatbot_id", metavar="CHATBOT_ID")
    chat.add_argument("text", metavar="TEXT")
    chat.add_argument("--conversation", metavar="ID", help="continue this conversation")
    chat.add_argument("--stream", action="store_true", help="print the answer as it is written")
    chat.add_argument("--json", action="store_true", help="print the reply as one JSON object")
    chat.set_defaults(command="chat", run=_chat)

    vendors = commands.add_parser("vendors", help="list vendors, base URLs, whether a key is set")
    vendors.add_argument("--json", action="store_true", help="one JSON object per vendor")
    vendors.set_defaults(command="vendors", run=_vendors)

    from hangup.cli_ledger import add_ledger_commands  # reap, sessions, track

    add_ledger_commands(commands, _client_options)
    return parser


def _client_options(args: argparse.Namespace) -> dict[str, Any]:
    options: dict[str, Any] = {"max_retries": args.max_retries}
    if args.timeout is not None:
        options["timeout"] = args.timeout
    return options


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
        async with AsyncHangup(**_client_options(args)) as client:
            return await client.end_many(
                refs,
                concurrency=args.concurrency,
                missing_ok=args.missing_ok,
                on_result=advance,
            )

    if not show_progress:
        return asyncio.run(run(None))
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    console = Console(file=sys.stderr, force_terminal=args.progress is True or None)
    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("ending sessions", total=len(refs))
        return asyncio.run(run(lambda index, outcome: progress.advance(task)))


def _read_refs(source: str) -> Iterator[str]:
    stream: IO[str] = sys.stdin if source == "-" else open(source, encoding="utf-8")  # noqa: SIM115
    with stream:
        for line in stream:
            ref = line.strip()
            if ref and not ref.startswith("#"):
                yield ref


def _print_outcome(ref: str, outcome: Outcome, *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(_as_json(ref, outcome), ensure_ascii=False))
    elif isinstance(outcome, Ended):
        how = "gone" if outcome.already_gone else "ended" if outcome.confirmed else "unconfirmed"
        note = f"\t{_one_line(outcome.message)}" if outcome.message else ""
        print(f"{how}\t{ref}{note}")
    else:
        print(f"error\t{ref}\t{_one_line(_error_line(ref, outcome))}", file=sys.stderr)


def _error_line(ref: str, error: HangupError) -> str:
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


def _chat(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    # No session is ended here, so HANGUP_LEDGER is not even opened.
    with Hangup(ledger=False, **_client_options(args)) as client:
        try:
            reply = _ask(client.vectorshift, args)
        except HangupError as error:
            print(f"error\t{_one_line(_error_line('vectorshift', error))}", file=sys.stderr)
            return EXIT_FAILED
    if reply.conversation_id and not args.json:
        print(f"conversation: {reply.conversation_id}", file=sys.stderr)
    return EXIT_OK


def _ask(chat: VectorShift, args: argparse.Namespace) -> ChatReply:
    if not args.stream:
        reply = chat.run(args.chatbot_id, args.text, conversation_id=args.conversation)
        _print_reply(reply, as_json=args.json)
        return reply
    pieces = chat.stream(args.chatbot_id, args.text, conversation_id=args.conversation)
    if not args.json:
        return _print_stream(pieces)
    reply = next(piece for piece in pieces if isinstance(piece, ChatReply))
    _print_reply(reply, as_json=True)
    return reply


def _print_stream(pieces: Iterator[ChatChunk | ChatReply]) -> ChatReply:
    for piece in pieces:
        if isinstance(piece, ChatChunk):
            sys.stdout.write(piece.text)
            sys.stdout.flush()
        else:
            sys.stdout.write("\n")
            for question in piece.follow_up_questions:
                print(f"follow-up: {question}", file=sys.stderr)
            return piece
    raise AssertionError("unreachable: a stream ends with its reply or raises")


def _print_reply(reply: ChatReply, *, as_json: bool) -> None:
    if as_json:
        record = {
            "output": reply.output,
            "conversation_id": reply.conversation_id,
            "follow_up_questions": list(reply.follow_up_questions),
        }
        print(json.dumps(record, ensure_ascii=False))
        return
    print(reply.output)
    for question in reply.follow_up_questions:
        print(f"follow-up: {question}", file=sys.stderr)


def _vendors(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    client = Hangup(ledger=False, **_client_options(args))
    for name, settings in client.vendors.items():
        key = "yes" if settings.has_key else "no"
        if args.json:
            record = {
                "vendor": name,
                "base_url": settings.base_url,
                "key_set": settings.has_key,
                "key_env": settings.entry.api_key_env,
            }
            print(json.dumps(record))
        else:
            env = settings.entry.api_key_env
            print(f"{name:<12} {settings.base_url:<40} key set: {key:<3} ({env})")
    return EXIT_OK


def _one_line(text: str | None) -> str:
    return " ".join(str(text).split())


def _log_to_stderr(verbose: bool) -> None:
    """Show hangup's warnings (a deprecated vendor call); retries and requests only with -v."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("hangup: %(levelname)s: %(message)s"))
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, handlers=[handler])
    if not verbose:
        logging.getLogger("stamina").setLevel(logging.ERROR)
        logging.getLogger("httpx").setLevel(logging.WARNING)


if __name__ == "__main__":
    raise SystemExit(main())
