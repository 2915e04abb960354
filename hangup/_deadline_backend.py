"""httpcore's network backend, wrapped so every socket operation ends by the call's deadline.

hangup._deadline installs it on hangup's own sync httpx client (`bound_by_deadline`). Its own
module because importing httpcore costs ~40 ms, which `import hangup` must not pay: httpx
imports httpcore only when its first client is made, and so does this.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from contextvars import ContextVar
from typing import Any

import httpcore

__all__ = ["DeadlineBackend"]


Deadline = ContextVar[float | None]  # the current attempt's end, time.monotonic() seconds


def _bounded(deadline: Deadline, timeout: float | None, error: type[Exception]) -> float | None:
    ends_by = deadline.get()
    if ends_by is None:
        return timeout
    left = ends_by - time.monotonic()
    if left <= 0:
        raise error("the call's whole timeout ran out")
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, deadline: Deadline) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(self._deadline, timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(self._deadline, timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        bounded = _bounded(self._deadline, timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, bounded), self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """A network backend whose connects, reads and writes end by `deadline`'s moment."""

    def __init__(self, inner: httpcore.NetworkBackend, deadline: Deadline) -> None:
        self._inner = inner
        self._deadline = deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(self._deadline, timeout, httpcore.ConnectTimeout)
        inner = self._inner.connect_tcp(host, port, bounded, local_address, socket_options)
        return _Stream(inner, self._deadline)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        bounded = _bounded(self._deadline, timeout, httpcore.ConnectTimeout)
        inner = self._inner.connect_unix_socket(path, bounded, socket_options)
        return _Stream(inner, self._deadline)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)
