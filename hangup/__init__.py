"""hangup: end any conversational-AI vendor's session the same way."""

from hangup.errors import (
    APIStatusError,
    AuthenticationError,
    ChatFailed,
    ConfigurationError,
    EndFailed,
    HangupError,
    InvalidArgument,
    InvalidRequestError,
    InvalidSessionRef,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    TransportError,
    UnexpectedResponseError,
)
from hangup.ledger import Ledger
from hangup.ledger_errors import (
    InvalidLedgerEntry,
    LedgerError,
    LedgerFormatError,
    LedgerVersionError,
    SessionNotTracked,
)
from hangup.ledger_records import SessionState, TrackedSession
from hangup.refs import SessionRef

__all__ = [
    "APIStatusError",
    "AuthenticationError",
    "ChatFailed",
    "ConfigurationError",
    "EndFailed",
    "HangupError",
    "InvalidArgument",
    "InvalidLedgerEntry",
    "InvalidRequestError",
    "InvalidSessionRef",
    "Ledger",
    "LedgerError",
    "LedgerFormatError",
    "LedgerVersionError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "SessionNotTracked",
    "SessionRef",
    "SessionState",
    "TrackedSession",
    "TransportError",
    "UnexpectedResponseError",
]
