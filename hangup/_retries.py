"""When to try a call again, and how long to wait: the whole retry policy, top to bottom.

Ending a session is idempotent, so an end call is retried on everything that may pass:
connection errors and timeouts (TransportError), 408, 429 and 5xx. Other 4xx never are.
A call that is not idempotent (a chatbot run) is retried only when the vendor surely did not
act on it: the connection never opened, or the vendor answered 429 or 503.
The wait is stamina's exponential backoff with jitter (hangup.defaults), or the vendor's
Retry-After (seconds or an HTTP-date), capped at RETRY_AFTER_CAP.

stamina runs the retries. Its `retry_context` costs tens of microseconds per call to set up
(tenacity objects), which is most of the facade's budget over a bare httpx request, so the
first attempt runs bare; only when it fails in a retryable way does stamina take over,
starting by re-raising that first failure so that stamina itself computes the first wait.

Each retry logs one INFO line on the `hangup` logger (vendor, ref, attempt n of m, the wait
and why) and counts in hangup._telemetry, from a stamina on-retry hook that hangup adds
beside the application's own hooks, and that speaks only for hangup's own retries.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from hangup.defaults import BACKOFF_INITIAL, BACKOFF_JITTER, BACKOFF_MAX, RETRY_AFTER_CAP
from hangup.errors import (
    APIStatusError,
    HangupError,
    RateLimitError,
    ServerError,
    TransportError,
)

if TYPE_CHECKING:
    from stamina.instrumentation import RetryDetails

__all__ = [
    "call_with_retries",
    "call_with_retries_async",
    "retry_after_seconds",
    "retry_async",
]

T = TypeVar("T")
logger = logging.getLogger("hangup")
# How many attempts the hangup call now retrying may make; unset outside hangup's retries, so
# that the hook below stays silent about the application's own stamina retries.
_attempts_allowed: ContextVar[int | None] = ContextVar("hangup_attempts_allowed", default=None)


def _should_retry(error: BaseException, *, idempotent: bool) -> bool:
    """True when `error` may pass if the same call is sent again."""
    if isinstance(error, TransportError):
        return idempotent or not error.connected
    if isinstance(error, RateLimitError):
        return True  # the vendor refused to act on it
    if not idempotent:
        return isinstance(error, ServerError) and error.status_code == 503
    if isinstance(error, ServerError):
        return True
    return isinstance(error, APIStatusError) and error.status_code == 408


def _backoff(error: Exception, *, idempotent: bool) -> bool | float:
    """stamina's hook: False to give up, True for its backoff, or the seconds Retry-After asks."""
    if not _should_retry(error, idempotent=idempotent):
        return False
    retry_after = getattr(error, "retry_after", None)
    return True if retry_after is None else min(float(retry_after), RETRY_AFTER_CAP)


def _backoff_idempotent(error: Exception) -> bool | float:
    return _backoff(error, idempotent=True)


def _backoff_unprocessed(error: Exception) -> bool | float:
    return _backoff(error, idempotent=False)


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks for ("120" or an HTTP-date), or None if unreadable."""
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        from email.utils import parsedate_to_datetime  # only on this rare path

        try:
            when = parsedate_to_datetime(value)
        except (ValueError, TypeError, IndexError):
            return None
        if when.tzinfo is None:  # "-0000" dates: RFC 9110 dates are always UTC
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
        return max(seconds, 0.0)
    return seconds if seconds >= 0 and seconds == seconds else None  # refuse negatives, NaN


def call_with_retries(attempt: Callable[[], T], *, max_retries: int, idempotent: bool) -> T:
    """Run `attempt` until it returns, or it fails in a way not worth retrying, or too often."""
    try:
        return attempt()
    except HangupError as error:
        if max_retries <= 0 or not _should_retry(error, idempotent=idempotent):
            raise
        first: HangupError | None = error
    allowed = _attempts_allowed.set(max_retries + 1)
    try:
        for stamina_attempt in _retrying(max_retries, idempotent):
            with stamina_attempt:
                if first is not None:
                    failure, first = first, None
                    raise failure
                return attempt()
    finally:
        _attempts_allowed.reset(allowed)
    raise AssertionError("unreachable: stamina either returns or raises")


async def call_with_retries_async(
    attempt: Callable[[], Awaitable[T]], *, max_retries: int, idempotent: bool
) -> T:
    """The async twin of call_with_retries."""
    try:
        return await attempt()
    except HangupError as error:
        first = error
    return await retry_async(first, attempt, max_retries=max_retries, idempotent=idempotent)


async def retry_async(
    first: HangupError,
    attempt: Callable[[], Awaitable[T]],
    *,
    max_retries: int,
    idempotent: bool,
) -> T:
    """What follows a first attempt that failed with `first`: raise it, or retry on stamina.

    AsyncConnection.call awaits the first attempt itself and calls this only after a failure:
    a coroutine level less on the path almost every call takes (each level is resumed on
    every await below it).
    """
    if max_retries <= 0 or not _should_retry(first, idempotent=idempotent):
        raise first
    pending: HangupError | None = first
    allowed = _attempts_allowed.set(max_retries + 1)
    try:
        async for stamina_attempt in _retrying(max_retries, idempotent):
            with stamina_attempt:
                if pending is not None:
                    failure, pending = pending, None
                    raise failure
                return await attempt()
    finally:
        _attempts_allowed.reset(allowed)
    raise AssertionError("unreachable: stamina either returns or raises")


def _retrying(max_retries: int, idempotent: bool) -> Any:
    """stamina's retry context for the retries after a first failure (sync and async alike)."""
    import stamina

    _add_retry_hook()
    return stamina.retry_context(
        on=_backoff_idempotent if idempotent else _backoff_unprocessed,
        attempts=max_retries + 1,  # the replayed first failure counts as stamina's first
        timeout=None,  # bounded by attempts, and each attempt by the HTTP timeout
        wait_initial=BACKOFF_INITIAL,
        wait_max=BACKOFF_MAX,
        wait_jitter=BACKOFF_JITTER,
    )


def retry_reason(error: BaseException) -> tuple[str, str]:
    """Why a call is retried: (a short label for metrics, the words for the log line)."""
    if isinstance(error, APIStatusError):
        words = f"HTTP {error.status_code}"
        retry_after = getattr(error, "retry_after", None)
        if retry_after is not None:
            words += f", Retry-After {retry_after:g} s"
        return str(error.status_code), words
    kind = error.kind if isinstance(error, TransportError) else type(error).__name__
    return kind, getattr(error, "message", None) or kind


def _on_retry(details: RetryDetails) -> None:
    """stamina's on-retry hook: one log line and one count per retry of a hangup call."""
    allowed = _attempts_allowed.get()
    error = details.caused_by
    if allowed is None or not isinstance(error, HangupError):
        return  # the application's own stamina retry: not ours to report
    label, words = retry_reason(error)
    vendor, ref = error.vendor or "-", error.ref or "-"
    logger.info(
        "%s %s: attempt %d of %d failed (%s); retrying in %.2f s",
        vendor,
        ref,
        details.retry_num,
        allowed,
        words,
        details.wait_for,
        extra={
            "hangup_vendor": vendor,
            "hangup_ref": ref,
            "hangup_attempt": details.retry_num,
            "hangup_attempts": allowed,
            "hangup_wait_seconds": details.wait_for,
            "hangup_retry_reason": label,
        },
    )
    from hangup._telemetry import current

    telemetry = current()
    if telemetry is not None:
        telemetry.retried(vendor, label, details.retry_num, details.wait_for)


def _add_retry_hook() -> None:
    """Put _on_retry beside stamina's hooks (again, if the application replaced them)."""
    from stamina import instrumentation

    hooks = instrumentation.get_on_retry_hooks()
    if _on_retry not in hooks:
        instrumentation.set_on_retry_hooks([*hooks, _on_retry])
