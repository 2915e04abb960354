"""Every error the facade raises, under one root, so `except hangup.HangupError` catches them all.

HangupError                    vendor, ref, status_code, message (the vendor's words), request_id
 ├── ConfigurationError        a missing key or a bad setting, named by its environment variable
 ├── InvalidArgument           (also ValueError) bad input, refused before any request leaves
 │    └── InvalidSessionRef    text that is not a session ref (or an id a vendor cannot take)
 ├── TransportError            no HTTP answer: connect, read, write or pool error, or a timeout
 ├── UnexpectedResponseError   a 2xx body that does not parse: HTML, truncated JSON, wrong shape
 ├── EndFailed                 a 2xx, but the vendor says the session did not end
 ├── ChatFailed                a 2xx, but the vendor says the chatbot run failed
 ├── LedgerError               the session ledger (hangup/ledger/_errors.py) refused a file or entry
 │    ├── LedgerFormatError    the file is not a hangup ledger (left untouched)
 │    ├── LedgerVersionError   the file is from a newer schema version (left untouched)
 │    ├── SessionNotTracked    (also LookupError) no such ref in the ledger
 │    └── InvalidLedgerEntry   (also InvalidArgument) a bad ref, vendor or label
 └── APIStatusError            any other non-2xx answer (405, 409, a 408 after the last retry…)
      ├── InvalidRequestError  400 or 422, with the vendor's validation detail in .detail
      ├── AuthenticationError  401
      ├── PermissionDeniedError 403
      ├── NotFoundError        404
      ├── RateLimitError       429, with .retry_after
      └── ServerError          5xx, with .retry_after

`status_code` is None for errors that had no HTTP answer (transport, configuration, bad input).
No message here ever holds a key: the code that builds them scrubs every configured secret out
of the vendor's words first (see hangup._redact).
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "APIStatusError",
    "AuthenticationError",
    "ChatFailed",
    "ConfigurationError",
    "EndFailed",
    "HangupError",
    "InvalidArgument",
    "InvalidRequestError",
    "InvalidSessionRef",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "TransportError",
    "UnexpectedResponseError",
    "error_class_for_status",
]


class HangupError(Exception):
    """Catch this to handle every failure of the facade in one place."""

    def __init__(
        self,
        message: str,
        *,
        vendor: str | None = None,
        status_code: int | None = None,
        request_id: str | None = None,
        ref: str | None = None,
    ) -> None:
        self.message = message
        self.vendor = vendor
        self.status_code = status_code
        self.request_id = request_id
        self.ref = ref
        super().__init__(message)

    def __str__(self) -> str:
        where = " ".join(part for part in (self.vendor, self.ref) if part)
        status = f" (HTTP {self.status_code})" if self.status_code is not None else ""
        request = f" [request id {self.request_id}]" if self.request_id else ""
        return f"{where}: {self.message}{status}{request}" if where else self.message + status

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(vendor={self.vendor!r}, ref={self.ref!r}, "
            f"status_code={self.status_code!r}, message={self.message!r}, "
            f"request_id={self.request_id!r})"
        )


class ConfigurationError(HangupError):
    """Set the environment variable or argument this names: a key or setting is missing or bad."""

    # The same advice for someone at a shell (the `hangup` command prints it): names only the
    # environment variable, not Python arguments. None when `message` already does.
    shell_message: str | None = None


class InvalidArgument(HangupError, ValueError):
    """Fix the argument this names: it was refused before any request left."""

    def __str__(self) -> str:
        return self.message  # it names the vendor and the bad value itself


class InvalidSessionRef(InvalidArgument):
    """Write the ref as the message shows, e.g. `hamsa:<conversation_uuid>`."""


class TransportError(HangupError):
    """Check the network or the base URL: the vendor never answered (connect, read, timeout).

    `connected` is False when the request surely never reached the vendor (the connection was
    refused or timed out while connecting), which is when even a non-idempotent call is retried.
    `kind` names the failure as the HTTP library did (ConnectError, ReadTimeout...): it stays
    readable when the underlying exception is dropped because its text held a secret.
    """

    def __init__(
        self, message: str, *, connected: bool, kind: str = "TransportError", **context: Any
    ) -> None:
        super().__init__(message, **context)
        self.connected = connected
        self.kind = kind


class UnexpectedResponseError(HangupError):
    """Report this to the vendor: it answered 2xx with a body we cannot read."""


class EndFailed(HangupError):
    """Try again or end it another way: the vendor answered, but says the session did not end."""


class ChatFailed(HangupError):
    """Read the message: the vendor answered, but says the chatbot run failed."""


class APIStatusError(HangupError):
    """Read the message and status: the vendor refused the call with this HTTP status."""

    status_code: int

    def __init__(self, message: str, *, status_code: int, body: object = None, **context: Any):
        super().__init__(message, status_code=status_code, **context)
        self.body = body


class InvalidRequestError(APIStatusError):
    """Fix the request as `detail` says: the vendor rejected it as invalid (400 or 422)."""

    def __init__(self, message: str, *, detail: object = None, **context: Any) -> None:
        super().__init__(message, **context)
        self.detail = detail


class AuthenticationError(APIStatusError):
    """Check the key (or session token): the vendor did not accept it (401)."""


class PermissionDeniedError(APIStatusError):
    """Use a key that may touch this session: the vendor refused access (403)."""


class NotFoundError(APIStatusError):
    """Check the ref, or pass missing_ok=True: the vendor does not know this session (404)."""


class RateLimitError(APIStatusError):
    """Slow down: the vendor throttled the call (429) and said when to retry, if it did."""

    def __init__(self, message: str, *, retry_after: float | None = None, **context: Any):
        super().__init__(message, **context)
        self.retry_after = retry_after


class ServerError(APIStatusError):
    """Retry later: the vendor failed (5xx)."""

    def __init__(self, message: str, *, retry_after: float | None = None, **context: Any):
        super().__init__(message, **context)
        self.retry_after = retry_after


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: InvalidRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    422: InvalidRequestError,
    429: RateLimitError,
}


def error_class_for_status(status_code: int) -> type[APIStatusError]:
    """Return the error class for a non-2xx HTTP status."""
    if status_code >= 500:
        return ServerError
    return _BY_STATUS.get(status_code, APIStatusError)
