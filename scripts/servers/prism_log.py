"""Read what a Prism mock saw from its log: each request, whether it was valid, what it answered.

scripts/servers/mocks.py sends each Prism's output to ``<work_dir>/mocks/<vendor>.log``. The demo
reads the part of a log written during one step, so its table shows what the vendor (the
mock) saw, not what hangup meant to send. The line formats are Prism 5.14.2's (pinned in
package-lock.json), e.g. (the icons between path and level elided)::

    [HTTP SERVER] delete /v1/projects/p/sessions ...  info      Request received
        [VALIDATOR] ✔  success   The request passed the validation rules. Looking for ...
        [NEGOTIATOR] ...  info      > Responding with "200"

Under concurrency the lines of different requests interleave, so a slice is summed up as
counts, never paired line by line.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

_RECEIVED = re.compile(r"\[HTTP SERVER\] (?P<method>[a-z]+) (?P<path>\S+) .*Request received")
_VALID = "The request passed the validation rules"
_INVALID = "Request did not pass the validation rules"
_ANSWERED = re.compile(r'> Responding with "(?P<status>\d{3})"')


@dataclass(frozen=True)
class Seen:
    """What one mock saw in a slice of its log."""

    requests: Counter[tuple[str, str]] = field(default_factory=Counter)  # (METHOD, path) -> n
    valid: int = 0
    invalid: int = 0
    statuses: Counter[int] = field(default_factory=Counter)

    @property
    def count(self) -> int:
        """How many requests arrived."""
        return sum(self.requests.values())


def read_seen(text: str) -> Seen:
    """Sum up a slice of a Prism log."""
    seen = Seen()
    valid = invalid = 0
    for line in text.splitlines():
        if received := _RECEIVED.search(line):
            seen.requests[(received["method"].upper(), received["path"])] += 1
        elif _VALID in line:
            valid += 1
        elif _INVALID in line:
            invalid += 1
        elif answered := _ANSWERED.search(line):
            seen.statuses[int(answered["status"])] += 1
    return Seen(seen.requests, valid, invalid, seen.statuses)


class LogWatch:
    """Remember where each mock's log ends, then read what was written since."""

    def __init__(self, logs: dict[str, Path]) -> None:
        self.logs = logs
        self._offsets = {vendor: 0 for vendor in logs}

    def mark(self) -> None:
        """Start the next slice at the current end of every log."""
        self._offsets = {vendor: _size(path) for vendor, path in self.logs.items()}

    def since_mark(self) -> dict[str, Seen]:
        """What each mock saw since the last mark()."""
        seen = {}
        for vendor, path in self.logs.items():
            if not path.exists():
                seen[vendor] = Seen()
                continue
            with path.open("rb") as log:
                log.seek(self._offsets[vendor])
                seen[vendor] = read_seen(log.read().decode("utf-8", "replace"))
        return seen


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0
