"""Keep keys out of everything a person or a log can see.

Keys are sent as httpx `Auth` objects (see hangup._connection), so they never sit in a client's
default headers or in any repr. What a vendor sends back is scrubbed of every configured
secret before it reaches an error message or `Ended.raw`. And a logging filter on the loggers
that see HTTP traffic (hangup, httpx, httpcore, aiohttp, stamina) redacts Authorization / X-API-KEY
values and every registered secret from each record, in case any of them ever logs headers.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable

__all__ = [
    "REDACTED",
    "RedactingFilter",
    "install_log_redaction",
    "remember_call_secrets",
    "scrub",
    "scrub_bytes",
]

REDACTED = "[redacted]"
# Secrets shorter than this are not scrubbed out of text: they would mangle every message.
MIN_SECRET_LENGTH = 4
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


def scrub(text: str, secrets: Iterable[str]) -> str:
    """Return `text` with every secret in it replaced by [redacted]."""
    for secret in secrets:
        if len(secret) >= MIN_SECRET_LENGTH and secret in text:
            text = text.replace(secret, REDACTED)
    return text


def scrub_bytes(content: bytes, secrets: Iterable[bytes]) -> bytes:
    """Return `content` with every secret in it replaced by [redacted] (cheap when none is)."""
    for secret in secrets:
        if len(secret) >= MIN_SECRET_LENGTH and secret in content:
            content = content.replace(secret, REDACTED.encode())
    return content


class RedactingFilter(logging.Filter):
    """Rewrite a log record whose text holds a sensitive header value or a registered secret."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            text = record.getMessage()
        except Exception:  # a broken record is the logging module's to report, not ours
            return True
        secrets = (*_registered, *_recent)
        cleaned = scrub(re.sub(_SENSITIVE_HEADER, _redact_header, text), secrets)
        if cleaned != text:
            record.msg, record.args = cleaned, None
        return True


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
