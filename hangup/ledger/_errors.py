"""Errors the session ledger raises; each one names the ledger file or the entry that was wrong.

HangupError (hangup.errors)
 └── LedgerError               anything the ledger refuses or cannot do (a file locked too long)
      ├── LedgerFormatError    the file (or database) holds something that is not a hangup ledger
      ├── LedgerVersionError   the ledger was written by a newer hangup (higher schema version)
      ├── LedgerUnavailable    the PostgreSQL server cannot be reached, or refused the login
      ├── SessionNotTracked    (also LookupError) a ref the ledger does not hold
      └── InvalidLedgerEntry   (also InvalidArgument, a ValueError) a bad ref, vendor, label
                               or time, refused before anything is written

Format and version errors leave the file or database exactly as they found it. A ledger's
place is shown as its path, or its URL without the password.
"""

from __future__ import annotations

from pathlib import Path

from hangup.errors import HangupError, InvalidArgument


class LedgerError(HangupError):
    """Catch this to handle every ledger failure in one place."""


class LedgerFormatError(LedgerError):
    """Point the ledger at another file: this one is not a hangup ledger."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(
            f"{path} {reason}, so it cannot be used as a hangup ledger; it was left untouched: "
            "pass another path or set HANGUP_LEDGER"
        )


class LedgerVersionError(LedgerError):
    """Upgrade hangup (or use another file): a newer hangup wrote this ledger."""

    def __init__(self, path: Path | str, found: int, supported: int) -> None:
        self.path = path
        self.found = found
        self.supported = supported
        super().__init__(
            f"{path} has ledger schema version {found}, but this hangup reads versions up to "
            f"{supported}; it was left untouched: upgrade hangup, or pass another path"
        )


class LedgerUnavailable(LedgerError):
    """Check the server named in the message: the ledger's database could not be reached."""


class SessionNotTracked(LedgerError, LookupError):
    """Track the session first: the ledger holds no entry for this ref."""

    def __init__(self, path: Path | str, refs: list[str]) -> None:
        self.path = path
        self.refs = refs
        shown = ", ".join(refs[:5]) + (f" and {len(refs) - 5} more" if len(refs) > 5 else "")
        super().__init__(f"{path} does not track {shown}: call track() first")


class InvalidLedgerEntry(LedgerError, InvalidArgument):
    """Fix the argument this names: it was refused before anything was written."""
