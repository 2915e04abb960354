"""Wire a client to its session ledger: which ledger it uses, and how end() records its answer.

A client's `ledger=` decides (and `client.ledger` shows what it chose):

    None (default)   the file named by HANGUP_LEDGER, when that variable is set; else no ledger
    True             the default ledger: HANGUP_LEDGER, else the user's data dir (platformdirs)
    False            no ledger, whatever the environment says
    a path or URL    that SQLite file, or that PostgreSQL database (postgresql://...)
    a Ledger         that ledger, shared with its owner (the client never closes it)

`client.track(ref)` on a client without a ledger opens the default one (as `ledger=True`
would) and keeps it: a caller who tracks a session wants it tracked where `hangup reap` looks
by default. Only `ledger=False` refuses, with a ConfigurationError.

With a ledger, `end()` of a session the ledger tracks writes `ending` before it sends (so a
reaper in another process leaves the session alone meanwhile) and `ended`, `gone` (a 404 with
missing_ok) or `failed` with the error's text right after the answer. A session the ledger does
not track is ended all the same and not added. Bookkeeping never stops or masks an end: a
ledger that cannot be written is logged as a warning, and the end goes on.
Without a ledger, end() runs exactly as before: one attribute check, nothing else.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from hangup._results import Ended
from hangup.errors import ConfigurationError, HangupError, InvalidArgument
from hangup.refs import SessionRef

if TYPE_CHECKING:
    from hangup.ledger import Ledger

# hangup.ledger (its store protocol, records and claims: ~6 ms) is imported when a client is
# made, not by `import hangup`, which must stay within 1.3x of `import httpx`.

__all__ = [
    "LedgerOption",
    "LedgerSlot",
    "describe_error",
    "end_recorded",
    "end_recorded_async",
    "sent_nothing",
]

logger = logging.getLogger("hangup")

LedgerOption: TypeAlias = "Ledger | str | os.PathLike[str] | bool | None"


class LedgerSlot:
    """Hold the ledger a client records into: opened when the client is made, closed with it."""

    __slots__ = ("_env", "_lock", "_owned", "_path", "_refused", "current")

    def __init__(self, option: LedgerOption, env: Mapping[str, str]) -> None:
        from hangup.ledger import LEDGER_ENV, Ledger, LedgerUnavailable

        self._env = env
        self._lock = threading.Lock()  # two threads tracking at once open one ledger, not two
        self._refused = option is False
        self._owned = not isinstance(option, Ledger)
        self._path: Path | str | None = None
        self.current: Ledger | None = None  # read by end() on every call: keep it one lookup
        if isinstance(option, Ledger):
            self.current = option
        elif option is True:
            self._path = self._default_path()
        elif option is None:
            configured = env.get(LEDGER_ENV)
            self._path = configured or None
        elif option is False:
            pass
        elif isinstance(option, str | os.PathLike):
            self._path = option if isinstance(option, str) else Path(option)
        else:
            raise ConfigurationError(
                f"ledger must be a hangup.Ledger, a path, True, False or None, got {option!r}"
            )
        if self._path is not None:
            try:
                self.current = Ledger(self._path)  # fail now on a file that is not a ledger
            except LedgerUnavailable as error:
                # A database down must not stop an end: end() goes on, unrecorded, as it would
                # if the ledger failed mid-write. A ledger that is not ours still fails here.
                logger.warning("the ledger cannot be reached, ends go unrecorded: %s", error)

    def require(self) -> Ledger:
        """Return the ledger, opening the default one if there is none; refuse if turned off."""
        ledger = self.current
        if ledger is not None:
            return ledger
        if self._refused:
            raise ConfigurationError(
                "this client was made with ledger=False, so it cannot track sessions: "
                "pass ledger=<path> or a hangup.Ledger, or leave ledger unset"
            )
        from hangup.ledger import Ledger

        with self._lock:
            if self.current is None:
                self._path = self._path or self._default_path()
                self.current = Ledger(self._path)
            return self.current

    def close(self) -> None:
        """Close the ledger if the client opened it; a later track() opens it again."""
        with self._lock:
            ledger = self.current
            if ledger is not None and self._owned:
                self.current = None
                ledger.close()

    def _default_path(self) -> Path | str:
        from hangup.ledger import LEDGER_ENV, Ledger

        configured = self._env.get(LEDGER_ENV)
        return configured if configured else Ledger.default_path()


def describe_error(error: HangupError) -> str:
    """Return the one line the ledger keeps about a failed end: type, vendor's words, status."""
    message = " ".join(error.message.split())
    said = error.status_code is None or message.startswith(f"HTTP {error.status_code}")
    status = "" if said else f" (HTTP {error.status_code})"
    return f"{type(error).__name__}: {message}{status}"


def sent_nothing(error: BaseException) -> bool:
    """Return True for an error raised before any request left: that end was no attempt."""
    return isinstance(error, ConfigurationError | InvalidArgument)


def end_recorded(ledger: Ledger, session: SessionRef, send: Callable[[], Ended]) -> Ended:
    """Run `send` (one end, with its retries) between the ledger's before and after writes."""
    ref = _begin(ledger, session)
    try:
        ended = send()
    except BaseException as failure:
        _record_failure(ledger, ref, failure)
        raise
    _record_end(ledger, ref, ended)
    return ended


async def end_recorded_async(
    ledger: Ledger, session: SessionRef, send: Callable[[], Awaitable[Ended]]
) -> Ended:
    """The async twin of end_recorded (the ledger's writes are short and stay synchronous)."""
    ref = _begin(ledger, session)
    try:
        ended = await send()
    except BaseException as failure:
        _record_failure(ledger, ref, failure)
        raise
    _record_end(ledger, ref, ended)
    return ended


def _begin(ledger: Ledger, session: SessionRef) -> str | None:
    """Mark the session `ending`; return its ref if the ledger tracks it, else None."""
    from hangup.ledger import LedgerError, SessionNotTracked  # loaded: there is a ledger

    ref = str(session)
    try:
        ledger.mark_ending(ref)  # False: already final; end() still sends, as it was asked to
    except SessionNotTracked:
        return None
    except LedgerError as error:
        logger.warning("the ledger could not record that %s is ending: %s", ref, error)
        return None
    return ref


def _record_end(ledger: Ledger, ref: str | None, ended: Ended) -> None:
    from hangup.ledger import LedgerError

    if ref is None:
        return
    try:
        ledger.mark_ended(ref, already_gone=ended.already_gone)
    except LedgerError as error:
        logger.warning("the ledger could not record that %s ended: %s", ref, error)


def _record_failure(ledger: Ledger, ref: str | None, failure: BaseException) -> None:
    """Record why the end failed; an interrupted end is released for the next reap too."""
    from hangup.ledger import LedgerError

    if ref is None:
        return
    if isinstance(failure, HangupError):
        text = describe_error(failure)
    else:  # KeyboardInterrupt, cancellation, a bug: the vendor may or may not have acted
        text = f"interrupted by {type(failure).__name__} before the answer was recorded"
    try:
        ledger.mark_failed(ref, text, sent=not sent_nothing(failure))
    except LedgerError as error:
        logger.warning("the ledger could not record that ending %s failed: %s", ref, error)
