"""A client's options, checked whole when it is made: timeout, retries, connection limits.

Every value a user can get wrong is refused here, with InvalidArgument naming the setting,
before any connection is opened or any request leaves.
"""

from __future__ import annotations

from typing import NamedTuple

import httpx

from hangup.defaults import DEFAULT_MAX_BODY, MAX_TIMEOUT
from hangup.errors import InvalidArgument

__all__ = ["ClientOptions", "check_concurrency", "client_options"]


class ClientOptions(NamedTuple):
    """How every vendor's httpx client is built and how often calls are retried."""

    timeout: httpx.Timeout
    max_retries: int
    limits: httpx.Limits
    max_body: int = DEFAULT_MAX_BODY  # bytes of an answer read before it is refused


def client_options(
    timeout: float | httpx.Timeout, max_retries: int, limits: httpx.Limits
) -> ClientOptions:
    """The checked options; InvalidArgument naming the first one that is wrong."""
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise InvalidArgument(f"max_retries must be a whole number >= 0, got {max_retries!r}")
    return ClientOptions(_finite(timeout), max_retries, limits)


def check_concurrency(concurrency: int) -> None:
    """Refuse a concurrency that is not a whole number >= 1."""
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise InvalidArgument(f"concurrency must be a whole number >= 1, got {concurrency!r}")


def _finite(timeout: float | httpx.Timeout) -> httpx.Timeout:
    """`timeout` as an httpx.Timeout whose every part is a finite number in (0, MAX_TIMEOUT]."""
    if isinstance(timeout, bool) or not isinstance(timeout, int | float | httpx.Timeout):
        raise InvalidArgument(f"timeout must be seconds or an httpx.Timeout, got {timeout!r}")
    if not isinstance(timeout, httpx.Timeout):
        _check_timeout_part("timeout", timeout)
        return httpx.Timeout(float(timeout))
    parts = {"connect": timeout.connect, "read": timeout.read}
    parts |= {"write": timeout.write, "pool": timeout.pool}
    for name, part in parts.items():
        _check_timeout_part(f"timeout's {name} part", part)
    return timeout


def _check_timeout_part(name: str, seconds: object) -> None:
    # Compared before any float(): 10**400 overflows a float, 1e10 overflows a socket's deadline.
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, int | float)
        or not 0 < seconds <= MAX_TIMEOUT
    ):
        raise InvalidArgument(
            f"{name} must be a number of seconds above 0 and at most {MAX_TIMEOUT:g}, "
            f"got {_short(seconds)}"
        )


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:40] + "…"
