"""The `hangup` command: the shell face of Hangup and AsyncHangup, one module per verb family.

_main.py      the parser, global options, `main()`, `--version`
_output.py    exit codes, progress bars, one-line errors, JSON lines: shared by every verb
_end.py       hangup end
_chat.py      hangup chat
_vendors.py   hangup vendors
_ledger.py    hangup reap | sessions | track
"""

from hangup.cli._main import main

__all__ = ["main"]
