"""`hangup chat VENDOR CHATBOT_ID TEXT [--conversation ID] [--stream] [--json]`.

The reply goes to stdout; the conversation id and follow-up questions to stderr. Only vendors
whose module says it offers chat are choices (hangup._registry).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from hangup import _registry
from hangup._client import Hangup
from hangup._results import ChatChunk, ChatReply
from hangup.cli._end import error_line
from hangup.cli._options import client_options
from hangup.cli._output import EXIT_OK, one_line, print_json, usage_or_failure
from hangup.errors import HangupError, InvalidArgument

if TYPE_CHECKING:
    from hangup.vendors.vectorshift import VectorShift

__all__ = ["add_chat_command", "chat_vendors"]


def chat_vendors() -> list[str]:
    """The vendors `hangup chat` can talk to: those whose module offers chat."""
    return [name for name in _registry.names() if _vendor_chats(name)]


def _vendor_chats(name: str) -> bool:
    vendor = _registry.vendor(name)
    return vendor is not None and vendor.chat


def add_chat_command(commands: Any) -> None:
    """Add `chat` to the `hangup` parser's subcommands."""
    chat = commands.add_parser("chat", help="send one message to a VectorShift chatbot")
    # Checked after parsing, not as argparse choices: finding which vendors chat imports each
    # vendor's module, which every other command (and --help) need not pay for.
    chat.add_argument("vendor", metavar="VENDOR", help="a vendor whose API offers chat")
    chat.add_argument("chatbot_id", metavar="CHATBOT_ID")
    chat.add_argument("text", metavar="TEXT")
    chat.add_argument("--conversation", metavar="ID", help="continue this conversation")
    chat.add_argument("--stream", action="store_true", help="print the answer as it is written")
    chat.add_argument("--json", action="store_true", help="print the reply as one JSON object")
    chat.set_defaults(command="chat", run=lambda args, parser: _chat(args, chat))


def _chat(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    choices = chat_vendors()
    if args.vendor not in choices:
        shown = ", ".join(repr(name) for name in choices)
        parser.error(f"argument vendor: invalid choice: {args.vendor!r} (choose from {shown})")
    # No session is ended here, so HANGUP_LEDGER is not even opened.
    with Hangup(ledger=False, **client_options(args)) as client:
        try:
            reply = _ask(client.vectorshift, args)
        except HangupError as error:
            sys.stdout.flush()  # what was printed of the reply comes before the error
            line = error_line(args.vendor, error)
            if isinstance(error, InvalidArgument):  # its message does not name the vendor
                line = f"{args.vendor}: {line}"
            print(f"error\t{one_line(line)}", file=sys.stderr)
            return usage_or_failure(error)
    if reply.conversation_id and not args.json:
        sys.stdout.flush()
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
            sys.stdout.flush()  # piped, stdout is buffered: the newline before stderr's lines
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
        print_json(record)
        return
    print(reply.output, flush=True)  # before the follow-ups on stderr, even when piped
    for question in reply.follow_up_questions:
        print(f"follow-up: {question}", file=sys.stderr)
