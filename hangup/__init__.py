"""hangup: end any conversational-AI vendor's session the same way."""

from hangup.ledger import Ledger
from hangup.ledger_errors import (
    InvalidLedgerEntry,
    LedgerError,
    LedgerFormatError,
    LedgerVersionError,
    SessionNotTracked,
)
from hangup.ledger_records import SessionState, TrackedSession

__all__ = [
    "InvalidLedgerEntry",
    "Ledger",
    "LedgerError",
    "LedgerFormatError",
    "LedgerVersionError",
    "SessionNotTracked",
    "SessionState",
    "TrackedSession",
]
