"""Keep a session alive while a guarded block runs: LiveAvatar's idle sessions time out.

    client.guard(ref, keep_alive=SECONDS)
        ├─ keep_alive_call(...)   the vendor's keep-alive call; refused (InvalidArgument) before
        │                         anything is sent when the vendor has none or SECONDS is bad
        └─ KeepAliveThread        Hangup: a daemon thread sends one every SECONDS
           KeepAliveTask          AsyncHangup: a task does the same

A sender is stopped, and any keep-alive in flight finished, before the guard sends the end, so
none is ever sent after it. A failed keep-alive is logged on the `hangup` logger and never
reaches the block. The waiting between keep-alives is a Ticker (an Event's wait) or, in
asyncio, `asyncio.sleep`: both replaceable, so tests drive them without sleeping.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from hangup._answers import read_json
from hangup.errors import InvalidArgument
from hangup.refs import SessionRef

if TYPE_CHECKING:
    import asyncio

    from hangup._config import VendorSettings
    from hangup._connection import AsyncConnection, Connection
    from hangup.vendors._base import Call

__all__ = [
    "KeepAliveTask",
    "KeepAliveThread",
    "Ticker",
    "keep_alive_call",
    "send_keep_alive",
    "send_keep_alive_async",
]

logger = logging.getLogger("hangup")

Sleep = Callable[[float], Awaitable[object]]


def keep_alive_call(
    settings: dict[str, VendorSettings], ref: SessionRef, seconds: float, session_token: str | None
) -> Callable[[], Call]:
    """How to build `ref`'s keep-alive call; InvalidArgument before anything, if it has none."""
    make = settings[ref.vendor].vendor.keep_alive
    if make is None:
        takers = [s.name for s in settings.values() if s.vendor.keep_alive is not None]
        raise InvalidArgument(
            f"keep_alive applies to {', '.join(takers)} sessions only; {ref.vendor} has none",
            vendor=ref.vendor,
        )
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise InvalidArgument(f"keep_alive must be seconds, got {seconds!r}")
    if not 0 < seconds < float("inf"):
        raise InvalidArgument(f"keep_alive must be seconds > 0, got {seconds!r}")
    make(ref, session_token)  # a bad session token is refused now, not in the thread
    return lambda: make(ref, session_token)


def send_keep_alive(connection: Connection, ref: SessionRef, call: Call) -> object:
    """Send a keep-alive (its answer only needs to be a 2xx), with the connection's retries."""
    secrets = connection.secrets_for(call)
    return connection.call(
        call,
        ref,
        lambda response: read_json(connection.adapter, str(ref), call, response, secrets),
        name="hangup.keep_alive",
    )


async def send_keep_alive_async(connection: AsyncConnection, ref: SessionRef, call: Call) -> object:
    """The async twin of send_keep_alive."""
    secrets = connection.secrets_for(call)
    return await connection.call(
        call,
        ref,
        lambda response: read_json(connection.adapter, str(ref), call, response, secrets),
        name="hangup.keep_alive",
    )


class Ticker:
    """Wait between keep-alives: `wait(seconds)` is True once `stop()` was called."""

    def __init__(self) -> None:
        self._stopped = threading.Event()

    def wait(self, seconds: float) -> bool:
        return self._stopped.wait(seconds)

    def stop(self) -> None:
        self._stopped.set()


async def keep_alive_sleep(seconds: float) -> None:
    """How KeepAliveTask waits between keep-alives, unless given its own `sleep`."""
    import asyncio

    await asyncio.sleep(seconds)


def _log_failed_keep_alive(ref: SessionRef, error: Exception) -> None:
    logger.warning("keep-alive for %s failed (the block goes on): %s", ref, error)


class KeepAliveThread:
    """Call `send()` every `interval` seconds on a daemon thread until `stop()`."""

    def __init__(
        self,
        ref: SessionRef,
        send: Callable[[], object],
        interval: float,
        ticker: Ticker | None = None,
    ) -> None:
        self._ref = ref
        self._send = send
        self._interval = interval
        self._ticker = ticker or Ticker()
        self._thread = threading.Thread(
            target=self._run, name=f"hangup-keep-alive {ref}", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._ticker.wait(self._interval):
            try:
                self._send()
            except Exception as error:  # a keep-alive that fails must never stop the block
                _log_failed_keep_alive(self._ref, error)

    def stop(self) -> None:
        """Stop, waiting out a keep-alive in flight, so that none is sent after this returns."""
        self._ticker.stop()
        if self._thread.is_alive():
            self._thread.join()


class KeepAliveTask:
    """Await `send()` every `interval` seconds in an asyncio task until `stop()`."""

    def __init__(
        self,
        ref: SessionRef,
        send: Callable[[], Awaitable[object]],
        interval: float,
        sleep: Sleep | None = None,
    ) -> None:
        self._ref = ref
        self._send = send
        self._interval = interval
        self._sleep = sleep
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        import asyncio

        self._task = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        sleep = self._sleep or keep_alive_sleep
        while True:
            await sleep(self._interval)
            try:
                await self._send()
            except Exception as error:  # a keep-alive that fails must never stop the block
                _log_failed_keep_alive(self._ref, error)

    async def stop(self) -> bool:
        """Cancel the task and wait for it to finish: no keep-alive is sent after this returns.

        Returns whether the awaiting task was itself cancelled meanwhile: the guard still
        sends the end, then re-raises that cancellation.
        """
        import asyncio

        task, self._task = self._task, None
        cancelled_meanwhile = False
        if task is None:
            return cancelled_meanwhile
        task.cancel()
        while not task.done():
            try:
                await asyncio.wait((task,))
            except asyncio.CancelledError:
                cancelled_meanwhile = True
        return cancelled_meanwhile
