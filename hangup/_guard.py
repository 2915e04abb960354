"""End a session when a block exits, however it exits, without hiding why it exited.

    with client.guard("hamsa:849e77c6-...") as ref:          # Hangup
        talk(ref)
    async with aclient.guard("hamsa:849e77c6-...") as ref:   # AsyncHangup
        await talk(ref)

The block may finish, raise, be interrupted (KeyboardInterrupt) or, in asyncio, be cancelled:
the session is ended in every case. Its end runs with missing_ok=True by default, since a
session the vendor already closed is exactly what the guard wants. When the block raised, a
failure to end never replaces the block's exception: it is logged on the `hangup` logger and
added to that exception as a note (PEP 678). When the block finished normally, the failure is
raised. When the client has a ledger, the guard tracks the session on entry, and end() records
the outcome, so a session whose end failed (or a process that died) is left for `hangup reap`.

In asyncio the end runs in its own task, shielded: the guard waits for it to complete even when
the guarded task is cancelled again meanwhile, then re-raises the cancellation, so timeouts and
task groups still see it.

With `keep_alive=SECONDS` (LiveAvatar), the guard starts hangup._keep_alive's sender on entry
and stops it, any keep-alive in flight finished, before the end is sent.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING

from hangup._results import Ended
from hangup.errors import HangupError
from hangup.refs import SessionRef

if TYPE_CHECKING:
    from hangup._keep_alive import KeepAliveTask, KeepAliveThread
    from hangup.ledger import Ledger

__all__ = ["AsyncSessionGuard", "SessionGuard"]

logger = logging.getLogger("hangup")

EndCall = Callable[[SessionRef], Ended]
AsyncEndCall = Callable[[SessionRef], Awaitable[Ended]]


class _Guard:
    """What both guards share: the ref, tracking on entry, and what to do with a failed end."""

    def __init__(
        self, ref: SessionRef | str, ledger: Ledger | None, labels: Mapping[str, str] | None
    ) -> None:
        self.ref = SessionRef.of(ref)  # a bad ref fails here, before the block runs
        self._ledger = ledger
        self._labels = labels
        self.ended: Ended | None = None  # how the session ended, once the block has exited

    def _enter(self) -> SessionRef:
        if self._ledger is not None:
            self._ledger.track(str(self.ref), self.ref.vendor, self._labels)
        return self.ref

    def _failed(self, error: HangupError, exc: BaseException | None) -> None:
        """Raise the end's failure after a normal exit; else log it and note it on `exc`."""
        if exc is None:
            raise error
        self._note(error, exc)

    def _note(self, error: HangupError, exc: BaseException) -> None:
        """Log the failed end and add it to `exc` as a note, leaving `exc` as it was."""
        kept = " (the ledger keeps it for `hangup reap`)" if self._kept_for_reap() else ""
        logger.error(
            "could not end %s after its block raised %s: %s%s",
            self.ref,
            type(exc).__name__,
            error,
            kept,
        )
        exc.add_note(f"hangup: ending {self.ref} on the way out failed too: {error}{kept}")

    def _kept_for_reap(self) -> bool:
        """Return True only when the ledger still holds the session for a reap (not final)."""
        if self._ledger is None:
            return False
        from hangup.ledger import LedgerError, SessionState

        try:
            entry = self._ledger.get(str(self.ref))
        except LedgerError:
            return False  # the ledger cannot say: promise nothing
        live = (SessionState.OPEN, SessionState.ENDING, SessionState.FAILED)
        return entry is not None and entry.state in live


class SessionGuard(_Guard):
    """End one session when the `with` block exits; made by `Hangup.guard(ref)`."""

    def __init__(
        self,
        end: EndCall,
        ref: SessionRef | str,
        *,
        ledger: Ledger | None,
        labels: Mapping[str, str] | None,
        keep_alive: KeepAliveThread | None = None,
    ) -> None:
        super().__init__(ref, ledger, labels)
        self._end = end
        self._keep_alive = keep_alive

    def __enter__(self) -> SessionRef:
        ref = self._enter()
        if self._keep_alive is not None:
            self._keep_alive.start()
        return ref

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._keep_alive is not None:
            self._keep_alive.stop()  # before the end: no keep-alive ever follows it
        try:
            self.ended = self._end(self.ref)
        except HangupError as error:
            self._failed(error, exc)


class AsyncSessionGuard(_Guard):
    """End one session when the `async with` block exits; made by `AsyncHangup.guard(ref)`."""

    def __init__(
        self,
        end: AsyncEndCall,
        ref: SessionRef | str,
        *,
        ledger: Ledger | None,
        labels: Mapping[str, str] | None,
        keep_alive: KeepAliveTask | None = None,
    ) -> None:
        super().__init__(ref, ledger, labels)
        self._end = end
        self._keep_alive = keep_alive

    async def __aenter__(self) -> SessionRef:
        ref = self._enter()
        if self._keep_alive is not None:
            self._keep_alive.start()
        return ref

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        import asyncio

        cancelled_meanwhile = False
        if self._keep_alive is not None:  # stopped before the end: no keep-alive follows it
            cancelled_meanwhile = await self._keep_alive.stop()
        task = asyncio.ensure_future(self._end(self.ref))
        while not task.done():
            try:
                await asyncio.wait((task,))  # unlike wait_for, never cancels what it waits for
            except asyncio.CancelledError:
                # The guarded task was cancelled (again) while ending: finish the end first.
                cancelled_meanwhile = True
        failure: HangupError | None = None
        try:
            self.ended = task.result()
        except HangupError as error:
            failure = error
        if cancelled_meanwhile and not isinstance(exc, asyncio.CancelledError):
            # Never swallow a cancellation: asyncio.timeout and TaskGroup rely on seeing it.
            cancelled = asyncio.CancelledError()
            if failure is not None:
                self._note(failure, cancelled)
            raise cancelled
        if failure is not None:
            self._failed(failure, exc)
