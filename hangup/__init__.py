"""hangup: end any conversational-AI vendor's session the same way.

Everything a user needs is importable from here; modules with a leading underscore are
internal. The public modules are `hangup.errors` (the error tree), `hangup.refs`
(SessionRef), `hangup.defaults` (every default), `hangup.ledger` and `hangup.vendors.<name>`
(each vendor's door, the type of `client.<name>`).
"""

from typing import TYPE_CHECKING, Any

from hangup._client import AsyncHangup, Hangup, Outcome
from hangup._config import VendorSettings
from hangup._guard import AsyncSessionGuard, SessionGuard
from hangup._results import ChatChunk, ChatReply, Ended, Terminated
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
from hangup.refs import SessionRef

if TYPE_CHECKING:
    from hangup._live import LiveSession
    from hangup._reaper import Failure, ReapReport, VendorTally, reap
    from hangup._sweep import SweepReport, SweepTally, sweep
    from hangup.ledger import (
        InvalidLedgerEntry,
        Ledger,
        LedgerError,
        LedgerFormatError,
        LedgerUnavailable,
        LedgerVersionError,
        SessionNotTracked,
        SessionState,
        TrackedSession,
    )

__all__ = [
    "DEFAULT_CONCURRENCY",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "APIStatusError",
    "AsyncHangup",
    "AsyncSessionGuard",
    "AuthenticationError",
    "ChatChunk",
    "ChatFailed",
    "ChatReply",
    "ConfigurationError",
    "EndFailed",
    "Ended",
    "Failure",
    "Hangup",
    "HangupError",
    "InvalidArgument",
    "InvalidLedgerEntry",
    "InvalidRequestError",
    "InvalidSessionRef",
    "Ledger",
    "LedgerError",
    "LedgerFormatError",
    "LedgerUnavailable",
    "LedgerVersionError",
    "LiveSession",
    "NotFoundError",
    "Outcome",
    "PermissionDeniedError",
    "RateLimitError",
    "ReapReport",
    "ServerError",
    "SessionGuard",
    "SessionNotTracked",
    "SessionRef",
    "SessionState",
    "SweepReport",
    "SweepTally",
    "Terminated",
    "TrackedSession",
    "TransportError",
    "UnexpectedResponseError",
    "VendorSettings",
    "VendorTally",
    "__version__",
    "reap",
    "sweep",
]


# Loaded on first use, so that `import hangup` stays within 1.3x of `import httpx`: the
# reaper's three attrs classes cost ~5 ms to create, and importlib.metadata more than
# everything else here put together (attrs reads its own __version__ the same way).
_REAPER_NAMES = frozenset({"Failure", "ReapReport", "VendorTally", "reap"})
# The same for listing and sweeping: their attrs classes load with the first use.
_SWEEP_NAMES = frozenset({"SweepReport", "SweepTally", "sweep"})
# And for the ledger (~6 ms): a client imports it when it is made (hangup._tracking).
_LEDGER_NAMES = frozenset(
    {
        "InvalidLedgerEntry",
        "Ledger",
        "LedgerError",
        "LedgerFormatError",
        "LedgerUnavailable",
        "LedgerVersionError",
        "SessionNotTracked",
        "SessionState",
        "TrackedSession",
    }
)


def __getattr__(name: str) -> Any:
    if name in _REAPER_NAMES:
        from hangup import _reaper

        return getattr(_reaper, name)
    if name in _SWEEP_NAMES:
        from hangup import _sweep

        return getattr(_sweep, name)
    if name in _LEDGER_NAMES:
        from hangup import ledger

        return getattr(ledger, name)
    if name == "LiveSession":
        from hangup._live import LiveSession

        return LiveSession
    if name == "__version__":
        from importlib.metadata import version

        return version("hangup")
    raise AttributeError(f"module 'hangup' has no attribute {name!r}")
