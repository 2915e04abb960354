"""Keep keys out of everything a person or a log can see.

Keys are sent as httpx `Auth` objects (see hangup._connection), so they never sit in a client's
default headers or in any repr. What a vendor sends back is scrubbed of every configured
secret before it reaches an error message or `Ended.raw`: a JSON body after it is parsed (so
any mix of `\\u` and `\\/` escapes is undone first), every other text in each form a server
could echo a secret in (`secret_forms`: raw, JSON-escaped, \\u-escaped, URL-encoded); and
`scrub_error` cleans every text an error carries (message, request id, body, detail, its
cause) before it leaves the connection, so stamina's `caused_by`, the CLI and the ledger see
it clean. A logging filter on the loggers that see HTTP traffic (hangup, httpx, httpcore,
aiohttp, stamina) redacts Authorization / X-API-KEY values and every registered secret from
each record: its message, its args, its extras and its traceback.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import quote, quote_plus

from hangup.defaults import MIN_SECRET_LENGTH

__all__ = [
    "REDACTED",
    "RedactingFilter",
    "install_log_redaction",
    "might_hold_secret",
    "remember_call_secrets",
    "scrub",
    "scrub_bytes",
    "scrub_error",
    "scrub_json",
    "secret_forms",
]

REDACTED = "[redacted]"
_LOGGERS = (
    "hangup",
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
    "stamina",
    # AsyncHangup's default transport (hangup._transport): aiohttp logs on these two
    "aiohttp.client",
    "aiohttp.internal",
)
# "authorization: Bearer x", "'X-API-KEY': 'x'", "(b'authorization', b'Token x')", ...
_SENSITIVE_HEADER = (  # a pattern: re compiles it when a record is first filtered
    r"(?i)(authorization|x-api-key)(['\"]?\s*[:=,]\s*(?:b(?=['\"]))?['\"]?\s*)"
    r"((?:bearer|token|basic)\s+)?[^\s'\",)\]}]+"
)

_registered: set[str] = set()  # account keys, for the life of the process
_recent: OrderedDict[str, None] = OrderedDict()  # per-call secrets (session tokens), bounded
_RECENT_LIMIT = 1024
_registered_lock = threading.Lock()
_filter_installed = False
_BACKSLASH, _PERCENT = ord("\\"), ord("%")


@lru_cache(maxsize=4096)
def secret_forms(secret: str) -> tuple[str, ...]:
    """Every spelling of `secret` an echo can take: raw, JSON, \\u, URL-encoded, Python repr.

    Longest first, so that a form containing another is replaced whole. A secret shorter than
    MIN_SECRET_LENGTH has no forms: hangup refuses such keys and tokens up front.
    """
    if len(secret) < MIN_SECRET_LENGTH:
        return ()
    escaped = json.dumps(secret)[1:-1]  # `"` and `\\` escaped, non-ASCII as \\uXXXX
    every_char = "".join(f"\\u{ord(char):04x}" for char in secret)
    forms = {
        secret,
        escaped,
        json.dumps(secret, ensure_ascii=False)[1:-1],
        escaped.replace("/", "\\/"),
        every_char,
        every_char.upper().replace("\\U", "\\u"),
        quote(secret, safe=""),
        quote(secret),
        quote_plus(secret),
        repr(secret)[1:-1],  # how httpcore's traces and h11's errors show what they got
        repr(secret.encode())[2:-1],
    }
    forms |= {repr(form)[1:-1] for form in forms}  # a repr of an error that holds a repr
    return tuple(sorted(forms, key=len, reverse=True))


def might_hold_secret(content: bytes, secrets: Iterable[str]) -> bool:
    """False when `content` surely holds no form of any secret: a check cheaper than a scrub.

    Every escaped or encoded form has a backslash or a `%` in it, except the raw secret and
    its quote_plus form, which are looked for as they are.
    """
    # `int in bytes` and `bytes.find` scan in C at once; `b"%" in content` first takes a
    # buffer of its argument, which cost four times the scan on an end's answer
    if _BACKSLASH in content or _PERCENT in content:
        return True
    last = _last_plain
    forms = last[1] if last[0] is secrets else _remember_plain_forms(secrets)
    for form in forms:  # noqa: SIM110 (on every answer: no generator)
        if content.find(form) >= 0:
            return True
    return False


# The secrets last looked for, and their plain forms. Answer after answer brings the same tuple
# (a connection's secrets), and telling it by identity costs a third of lru_cache's lookup,
# which hashes the tuple each time. Only a tuple is kept: it cannot change.
_last_plain: tuple[object, tuple[bytes, ...]] = ((), ())


def _remember_plain_forms(secrets: Iterable[str]) -> tuple[bytes, ...]:
    global _last_plain
    key = tuple(secrets)  # `secrets` itself when it is a tuple
    forms = _plain_forms(key)
    _last_plain = (key, forms)
    return forms


@lru_cache(maxsize=4096)
def _plain_forms(secrets: tuple[str, ...]) -> tuple[bytes, ...]:
    return tuple({form for s in secrets for form in (s.encode(), quote_plus(s).encode())})


def scrub(text: str, secrets: Iterable[str]) -> str:
    """Return `text` with every secret in it, in any of its forms, replaced by [redacted]."""
    for secret in secrets:
        for form in secret_forms(secret):
            if form in text:
                text = text.replace(form, REDACTED)
    return text


def scrub_bytes(content: bytes, secrets: Iterable[bytes]) -> bytes:
    """Return `content` with every secret in it replaced by [redacted] (cheap when none is)."""
    for secret in secrets:
        for form in secret_forms(secret.decode("utf-8", "replace")):
            encoded = form.encode()
            if encoded in content:
                content = content.replace(encoded, REDACTED.encode())
    return content


def scrub_json(value: object, secrets: tuple[str, ...]) -> object:
    """`value` (parsed JSON) with every secret scrubbed out of each string, keys included."""
    if isinstance(value, str):
        return scrub(value, secrets)
    if isinstance(value, list):
        return [scrub_json(item, secrets) for item in value]
    if isinstance(value, dict):
        return {scrub(str(k), secrets): scrub_json(v, secrets) for k, v in value.items()}
    return value


def scrub_error(error: Exception, secrets: tuple[str, ...]) -> Exception:
    """Scrub every text `error` carries, in place, and drop a cause that would show a secret.

    Returns `error`, so a caller can `raise scrub_error(error, secrets)`.
    """
    if not secrets:
        return error
    fields = vars(error)
    for name, value in list(fields.items()):
        if isinstance(value, str):
            fields[name] = scrub(value, secrets)
        elif name in ("body", "detail") and value is not None:
            fields[name] = _scrub_any(value, secrets)
    error.args = tuple(scrub(a, secrets) if isinstance(a, str) else a for a in error.args)
    for linked in (error.__cause__, error.__context__):
        if linked is not None and scrub(_text_of(linked), secrets) != _text_of(linked):
            error.__cause__, error.__suppress_context__ = None, True
    return error


def _scrub_any(value: object, secrets: tuple[str, ...]) -> object:
    try:
        return scrub_json(value, secrets)
    except RecursionError:  # nested too deep to walk: nobody can read it anyway
        return REDACTED


def _text_of(error: BaseException) -> str:
    return f"{error!s} {error!r}"


class RedactingFilter(logging.Filter):
    """Rewrite a log record whose text holds a sensitive header value or a registered secret.

    The message, its args, every extra (stamina's `stamina.caused_by` is the repr of the
    error it retries) and the traceback are all checked.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            text = record.getMessage()
        except Exception:  # a broken record is the logging module's to report, not ours
            return True
        secrets = (*_registered, *_recent)
        cleaned = scrub(re.sub(_SENSITIVE_HEADER, _redact_header, text), secrets)
        if cleaned != text:
            record.msg, record.args = cleaned, None
        if secrets:
            _scrub_extras(record, secrets)
        return True


# Every attribute a plain LogRecord has: whatever else a record carries came in as an extra.
_STANDARD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
}


def _scrub_extras(record: logging.LogRecord, secrets: tuple[str, ...]) -> None:
    fields = vars(record)
    for name, value in list(fields.items()):
        if name in _STANDARD_ATTRIBUTES or isinstance(value, int | float | bool | None):
            continue
        text = value if isinstance(value, str) else repr(value)
        cleaned = scrub(text, secrets)
        if cleaned != text:
            fields[name] = cleaned
    if record.exc_info and record.exc_info[1] is not None:
        formatted = logging.Formatter().formatException(record.exc_info)
        cleaned = scrub(formatted, secrets)
        if cleaned != formatted:
            record.exc_info, record.exc_text = None, cleaned


def install_log_redaction(secrets: Iterable[str | None]) -> None:
    """Register `secrets` for redaction and put the filter on the HTTP loggers (once)."""
    global _filter_installed
    with _registered_lock:
        _registered.update(s for s in secrets if s and len(s) >= MIN_SECRET_LENGTH)
        if not _filter_installed:
            redacting = RedactingFilter()
            for name in _LOGGERS:
                logging.getLogger(name).addFilter(redacting)
            _filter_installed = True


def remember_call_secrets(secrets: Iterable[str]) -> None:
    """Redact a call's own secrets (a session token) from logs too; the last 1024 are kept."""
    with _registered_lock:
        for secret in secrets:
            _recent[secret] = None
            _recent.move_to_end(secret)
        while len(_recent) > _RECENT_LIMIT:
            _recent.popitem(last=False)


def _redact_header(match: re.Match[str]) -> str:
    return f"{match.group(1)}{match.group(2)}{match.group(3) or ''}{REDACTED}"
