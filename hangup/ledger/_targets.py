"""Read what a ledger target names: an SQLite file (a path, or sqlite:///path) or a PostgreSQL URL.

    /var/lib/app/ledger.sqlite3            SQLite, one file per host
    sqlite:///var/lib/app/ledger.sqlite3   the same
    postgresql://app:secret@db/app         PostgreSQL (postgres:// too), shared by a fleet
    postgresql://app@db/app?schema=hangup  the ledger's tables in their own schema

`redacted_url` is the only form of a PostgreSQL URL that is ever shown: no password.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from hangup.errors import ConfigurationError

__all__ = ["is_postgres_url", "redacted_url", "sqlite_path"]

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
SQLITE_SCHEME = "sqlite://"


def is_postgres_url(target: str | os.PathLike[str]) -> bool:
    """Return True when `target` is a postgresql:// or postgres:// URL."""
    return isinstance(target, str) and target.lower().startswith(POSTGRES_SCHEMES)


def sqlite_path(target: str | os.PathLike[str]) -> Path:
    """Return the file a path or an sqlite:///path names (~ expanded)."""
    if isinstance(target, str) and target.lower().startswith(SQLITE_SCHEME):
        rest = target[len(SQLITE_SCHEME) :]
        if not rest.startswith("/"):
            raise ConfigurationError(
                f"{target!r} is not an SQLite URL: write sqlite:///absolute/path"
                " (three slashes), or just the path"
            )
        return Path(unquote(rest)).expanduser()
    return Path(target).expanduser()


def redacted_url(url: str) -> str:
    """Return `url` without its password (in the netloc or a password= parameter)."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        user_info, _, hosts = netloc.rpartition("@")
        user = user_info.partition(":")[0]
        netloc = f"{user}@{hosts}" if user else hosts
    query = [
        (key, "***" if key.lower() == "password" else value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit(
        (parts.scheme, netloc, parts.path, urlencode(query, quote_via=quote), parts.fragment)
    )


def url_password(url: str) -> str | None:
    """Return the password written in `url`, so errors can be scrubbed of it."""
    parts = urlsplit(url)
    if parts.password:
        return unquote(parts.password)
    for key, value in parse_qsl(parts.query):
        if key.lower() == "password":
            return value
    return None
