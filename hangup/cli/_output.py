"""What every verb of `hangup` prints the same way: exit codes, one-line errors, JSON lines,
tables and the progress bar.

Results go to stdout (one line, or one JSON object, per result); errors, warnings and the
progress bar go to stderr.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any

from hangup.errors import ConfigurationError, HangupError, InvalidArgument

if TYPE_CHECKING:
    from rich.console import Console

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "Progress",
    "console",
    "one_line",
    "print_json",
    "progress",
    "shell_text",
    "shown",
    "usage_or_failure",
]

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
# What a shell reports for a command killed by SIGPIPE (128 + 13): `hangup ... | head -1`.
EXIT_BROKEN_PIPE = 141


def shell_text(error: HangupError) -> str:
    """What to tell a shell user: the environment variable to set, not a Python argument."""
    shell_message = getattr(error, "shell_message", None)
    return shell_message or str(error)


def usage_or_failure(error: HangupError) -> int:
    """2 for an error the user's input caused (a bad ref, option or setting), else 1."""
    if isinstance(error, InvalidArgument):
        return EXIT_USAGE
    if isinstance(error, ConfigurationError) and error.shell_message is None:
        return EXIT_USAGE  # a bad setting; a missing key (it has shell advice) is a failure
    return EXIT_FAILED


def one_line(text: object) -> str:
    """`text` folded onto one line, so that one result or error is one line of output."""
    return " ".join(str(text).split())


def shown(text: str) -> str:
    """`text` with every unprintable character escaped (`\\r`, `\\n`, `\\x1b`), for one line."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def print_json(record: object, *, file: IO[str] | None = None) -> None:
    """Print one JSON object on one line (non-ASCII kept as it is)."""
    print(json.dumps(record, ensure_ascii=False), file=file or sys.stdout)


def console(file: Any, *, force: bool | None = None) -> Console:
    """A rich Console on `file`; piped output keeps whole lines (no wrapping at 80 columns)."""
    from rich.console import Console

    wide = None if file.isatty() else 200
    return Console(file=file, width=wide, force_terminal=force or None)


class Progress:
    """A progress bar's two hooks: how many there are, and one more done."""

    def __init__(self, set_total: Callable[[int], None], advance: Callable[[], None]) -> None:
        self.set_total = set_total
        self.advance = advance


@contextmanager
def progress(description: str, *, total: int | None, force: bool | None) -> Iterator[Progress]:
    """Show a progress bar on stderr while the block runs (rich is imported only here)."""
    from rich.progress import BarColumn, MofNCompleteColumn, TimeElapsedColumn
    from rich.progress import Progress as RichProgress

    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with RichProgress(*columns, console=console(sys.stderr, force=force)) as bar:
        task = bar.add_task(description, total=total)
        yield Progress(lambda count: bar.update(task, total=count), lambda: bar.advance(task))
