"""What the verbs of `hangup` read from their arguments: client options and argument types."""

from __future__ import annotations

import argparse
import re
from datetime import timedelta
from typing import Any

__all__ = ["client_options", "parse_duration", "parse_label", "positive_int"]

_DURATION_PART = r"(\d+(?:\.\d+)?)([smhdw])"
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


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
    return timedelta(seconds=seconds)


def parse_label(text: str) -> tuple[str, str]:
    """Read one `key=value` label (the value may contain `=`; the key may not be empty)."""
    key, equals, value = text.partition("=")
    if not equals or not key:
        raise argparse.ArgumentTypeError(f"{text!r} is not a label: write key=value")
    return key, value


def positive_int(text: str) -> int:
    """Read a whole number >= 1 (argparse turns a refusal into exit 2 and one line)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number >= 1")
    return value
