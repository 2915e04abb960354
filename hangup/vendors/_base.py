"""What a vendor module is made of: the adapter Protocol, its door's base, and shared helpers.

An adapter knows one vendor and no HTTP plumbing. It turns a SessionRef into a `Call` (the
generated module's own `_get_kwargs`, so the URL and body are the generated client's, never
hand-built), and reads the vendor's answer (already decoded JSON) into an `Ended` or an error.
hangup._connection sends the call and hangup._answers handles what is the same for everyone
(status codes, bodies that are not JSON, 404 with missing_ok, Deprecation/Sunset headers).
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any, Protocol, Self, TypeVar

import httpx

from hangup import _registry
from hangup._redact import REDACTED
from hangup._results import Ended
from hangup.errors import EndFailed, InvalidArgument, UnexpectedResponseError
from hangup.refs import SessionRef

if TYPE_CHECKING:
    from hangup._connection import AsyncConnection, Connection

__all__ = [
    "Call",
    "Door",
    "HeaderAuth",
    "VendorAdapter",
    "as_object",
    "end_failed",
    "ended",
    "refuse_end_options",
    "text_field",
    "unexpected",
]


_JSON_CONTENT_TYPE = {"Content-Type": "application/json"}  # what _get_kwargs adds for a JSON body


class Call:
    """One request an adapter wants sent: what the generated `_get_kwargs` returned, plus how.

    A plain class: one is made per call, on the hot path.
    """

    __slots__ = ("auth", "idempotent", "kwargs", "operation", "secrets")

    def __init__(
        self,
        operation: str,
        kwargs: dict[str, Any],
        auth: httpx.Auth | None = None,
        *,
        idempotent: bool = True,
        secrets: tuple[str, ...] = (),
    ) -> None:
        if "json" in kwargs and kwargs.get("headers") == _JSON_CONTENT_TYPE:
            # httpx sets this very header itself for json=: without it, no header merge a call
            del kwargs["headers"]
        self.operation = operation  # the generated operation id, named in logs and warnings
        self.kwargs = kwargs  # method, url, json/data/files, headers: from the generated module
        self.auth = auth  # replaces the account key's auth for this call
        self.idempotent = idempotent  # False: retried only when the vendor surely did not act
        self.secrets = secrets  # the call's own secrets, also scrubbed from answers and logs

    def __repr__(self) -> str:
        method, url = self.kwargs.get("method"), self.kwargs.get("url")
        return f"Call({self.operation!r}, {method} {url})"


class VendorAdapter(Protocol):
    """Everything vendor-specific about ending a session (one module per vendor)."""

    name: str

    def key_header(self, api_key: str) -> tuple[str, str]:
        """The header that carries the account key, e.g. ("Authorization", "Token <key>")."""
        ...

    def end_call(self, ref: SessionRef, *, reason: str | None, session_token: str | None) -> Call:
        """Build the end call for `ref`; raise InvalidArgument for options it cannot take."""
        ...

    def read_end(self, ref: SessionRef, status_code: int, body: object) -> Ended:
        """Read a 2xx JSON answer into Ended, or raise EndFailed / UnexpectedResponseError."""
        ...

    def error_text(self, body: object) -> tuple[str | None, object]:
        """Pick the vendor's own message (and validation detail) out of an error body."""
        ...


class HeaderAuth(httpx.Auth):
    """Send one header with every request; its repr never shows the value."""

    def __init__(self, name: str, value: str) -> None:
        self._name = name
        self._value = value

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers[self._name] = self._value
        yield request

    @property
    def header(self) -> tuple[str, str]:
        """(name, value): for hangup._direct, which sends an end call without httpx."""
        return self._name, self._value

    def __repr__(self) -> str:
        return f"HeaderAuth({self._name!r}, '[redacted]')"


class GeneratedClient(Protocol):
    """What every generated AuthenticatedClient offers for plugging in our pooled httpx client."""

    def set_httpx_client(self, client: httpx.Client) -> Self: ...

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self: ...


G = TypeVar("G", bound=GeneratedClient)


class Door:
    """What every vendor door shares: its connection, and `.api`, the generated client.

    A door is `client.<vendor>`: made on first use, it holds that vendor's connection and
    offers what only that vendor has. Each vendor's door names its generated client class
    in its own one-line `api` property (so the type is that vendor's), built by `_api`.
    """

    def __init__(self, connection: Connection | AsyncConnection) -> None:
        self._connection = connection

    def _api(self, client_class: Callable[..., G]) -> G:
        """The generated client, pooled on the connection's httpx client (needs the key).

        Built with token=REDACTED: the generated class shows its token in its repr, and with
        our httpx client (which carries the key) plugged in it never reads the token anyway.
        """
        connection = self._connection
        client = client_class(base_url=connection.settings.base_url, token=REDACTED)
        connection.require_key()
        if isinstance(connection.http, httpx.Client):
            return client.set_httpx_client(connection.http)
        return client.set_async_httpx_client(connection.http)


def ended(
    ref: SessionRef, status_code: int, body: object, *, confirmed: bool, message: str | None
) -> Ended:
    """The Ended for a 2xx answer."""
    # In field order (ref, vendor, confirmed, already_gone, message, status_code, raw): keywords
    # were a third of the cost of making one, and end_many makes one per ref.
    return Ended(ref, ref.vendor, confirmed, False, message, status_code, body)


def unexpected(ref: SessionRef, status_code: int, what: str) -> UnexpectedResponseError:
    """The error for a 2xx answer of the wrong shape; `what` says what was wrong."""
    return UnexpectedResponseError(
        f"the answer is {what}",
        vendor=ref.vendor,
        ref=str(ref),
        status_code=status_code,
    )


def end_failed(ref: SessionRef, status_code: int, message: str) -> EndFailed:
    """The error for a 2xx answer that says the session did not end."""
    return EndFailed(message, vendor=ref.vendor, ref=str(ref), status_code=status_code)


def as_object(ref: SessionRef, status_code: int, body: object) -> dict[str, Any]:
    """Return `body` if it is a JSON object, else raise UnexpectedResponseError."""
    if not isinstance(body, dict):
        raise unexpected(ref, status_code, f"a JSON {_json_kind(body)} where an object belongs")
    return body


def text_field(data: object, key: str) -> str | None:
    """`data[key]` when `data` is an object and that is text, else None."""
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def refuse_end_options(vendor: str, *, reason: str | None, session_token: str | None) -> None:
    """Refuse end()'s `reason` and `session_token` for a vendor whose end call takes neither."""
    if reason is None and session_token is None:
        return  # every end() that passes neither: nothing to build
    for option, value in (("reason", reason), ("session_token", session_token)):
        if value is not None:
            takers = ", ".join(_vendors_taking(option)) or "no vendor"
            raise InvalidArgument(
                f"{option} applies to {takers} sessions only; {vendor} takes none",
                vendor=vendor,
            )


def _vendors_taking(option: str) -> list[str]:
    """The vendors whose end call takes `option` (each vendor module says which it takes)."""
    vendors = (_registry.vendor(name) for name in _registry.names())
    return [found.name for found in vendors if found is not None and option in found.end_options]


def _json_kind(value: object) -> str:
    kinds = {list: "array", str: "string", bool: "boolean", int: "number", float: "number"}
    return "null" if value is None else kinds.get(type(value), type(value).__name__)
