"""What the verbs of `hangup` read from their arguments: client options and argument types."""

from __future__ import annotations

import argparse
import re
from datetime import timedelta
from typing import Any

from hangup.defaults import MAX_TIMEOUT

__all__ = [
    "client_options",
    "parse_concurrency",
    "parse_duration",
    "parse_label",
    "parse_retries",
    "parse_timeout",
]

_DURATION_PART = r"(\d+(?:\.\d+)?)([smhdw])"
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
# The longest --older-than: a century, far more than any session, far less than overflows a date.
_MAX_AGE = timedelta(days=36500)


def client_options(args: argparse.Namespace) -> dict[str, Any]:
    """The Hangup / AsyncHangup keyword arguments that the global options set."""
    options: dict[str, Any] = {"max_retries": args.max_retries}
    if args.timeout is not None:
        options["timeout"] = args.timeout
    return options


def parse_duration(text: str) -> timedelta:
    """Read an age like `30m`, `2h`, `1h30m` or `7d` (units s, m, h, d, w)."""
    compact = text.strip().lower()
    if not compact or not re.fullmatch(f"(?:{_DURATION_PART})+", compact):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a duration: write a number and a unit, like 30m, 2h, 1h30m or 7d"
        )
    seconds = sum(
        float(amount) * _UNIT_SECONDS[unit] for amount, unit in re.findall(_DURATION_PART, compact)
    )
    if seconds > _MAX_AGE.total_seconds():  # "now minus the age" must still be a date
        raise argparse.ArgumentTypeError(
            f"{text!r} is too long an age: the most is {_MAX_AGE.days}d"
        )
    return timedelta(seconds=seconds)


def parse_timeout(text: str) -> float:
    """Read `--timeout`: a number of seconds above 0 and at most MAX_TIMEOUT."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = float("nan")
    if not 0 < seconds <= MAX_TIMEOUT:  # NaN fails this too
        raise argparse.ArgumentTypeError(
            f"must be a positive number of seconds, at most {MAX_TIMEOUT:g}, got {text!r}"
        )
    return seconds


def parse_concurrency(text: str) -> int:
    """Read `--concurrency`: a whole number of sessions at once, 1 or more."""
    return _whole_number(text, least=1)


def parse_retries(text: str) -> int:
    """Read `--max-retries`: a whole number, 0 or more."""
    return _whole_number(text, least=0)


def _whole_number(text: str, *, least: int) -> int:
    try:
        number = int(text)
    except ValueError:
        number = least - 1
    if number < least:
        raise argparse.ArgumentTypeError(f"must be a whole number >= {least}, got {text!r}")
    return number


def parse_label(text: str) -> tuple[str, str]:
    """Read one `key=value` label (the value may contain `=`; the key may not be empty)."""
    key, equals, value = text.partition("=")
    if not equals or not key:
        raise argparse.ArgumentTypeError(f"{text!r} is not a label: write key=value")
    return key, value
