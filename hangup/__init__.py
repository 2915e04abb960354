"""hangup: end any conversational-AI vendor's session the same way."""

from hangup.client import AsyncHangup, Hangup
from hangup.defaults import DEFAULT_CONCURRENCY, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
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
from hangup.results import ChatChunk, ChatReply, Ended, Terminated

__all__ = [
    "DEFAULT_CONCURRENCY",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "APIStatusError",
    "AsyncHangup",
    "AuthenticationError",
    "ChatChunk",
    "ChatFailed",
    "ChatReply",
    "ConfigurationError",
    "EndFailed",
    "Ended",
    "Hangup",
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
    "Terminated",
    "TrackedSession",
    "TransportError",
    "UnexpectedResponseError",
]
