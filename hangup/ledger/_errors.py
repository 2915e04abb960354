"""Errors the session ledger raises; each one names the ledger file or the entry that was wrong.

HangupError (hangup.errors)
 └── LedgerError               anything the ledger refuses or cannot do (a file locked too long)
      ├── LedgerFormatError    the file is not SQLite, or is SQLite but not a hangup ledger
      ├── LedgerVersionError   the file was written by a newer hangup (higher schema version)
      ├── SessionNotTracked    (also LookupError) a ref the ledger does not hold
      └── InvalidLedgerEntry   (also InvalidArgument, a ValueError) a bad ref, vendor, label
                               or time, refused before anything is written

Format and version errors leave the file exactly as they found it.
"""

from __future__ import annotations

from pathlib import Path

from hangup.errors import HangupError, InvalidArgument


class LedgerError(HangupError):
    """Catch this to handle every ledger failure in one place."""


class LedgerFormatError(LedgerError):
    """Point the ledger at another file: this one is not a hangup ledger."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(
            f"{path} {reason}, so it cannot be used as a hangup ledger; it was left untouched: "
            "pass another path or set HANGUP_LEDGER"
        )


class LedgerVersionError(LedgerError):
    """Upgrade hangup (or use another file): a newer hangup wrote this ledger."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.path = path
        self.found = found
        self.supported = supported
        super().__init__(
            f"{path} has ledger schema version {found}, but this hangup reads versions up to "
            f"{supported}; it was left untouched: upgrade hangup, or pass another path"
        )


class SessionNotTracked(LedgerError, LookupError):
    """Track the session first: the ledger holds no entry for this ref."""

    def __init__(self, path: Path, refs: list[str]) -> None:
        self.path = path
        self.refs = refs
        shown = ", ".join(refs[:5]) + (f" and {len(refs) - 5} more" if len(refs) > 5 else "")
        super().__init__(f"{path} does not track {shown}: call track() first")


class InvalidLedgerEntry(LedgerError, InvalidArgument):
    """Fix the argument this names: it was refused before anything was written."""
