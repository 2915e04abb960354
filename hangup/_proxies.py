"""The proxies the environment names (HTTP(S)_PROXY, ALL_PROXY, NO_PROXY), read as httpx does.

`env_proxy` is the one AsyncHangup's aiohttp session sends through (httpx reads the variables
itself for the sync client); `proxy_passwords` are the passwords in any of them, which
hangup._redact scrubs as keys. Both read the variables with urllib, as aiohttp and httpx do,
and take `host:port` as `http://host:port`, as httpx does. Imported when a client is made.
"""

from __future__ import annotations

import logging
import urllib.request
from urllib.parse import unquote, urlsplit

from hangup.defaults import MIN_SECRET_LENGTH

__all__ = ["env_proxy", "proxy_passwords"]

logger = logging.getLogger("hangup")


def env_proxy(base_url: str) -> str | None:
    """The proxy the environment names for `base_url`, or None (aiohttp uses http ones only).

    What aiohttp's own `trust_env` would pick for it, but read once (credentials stay in the
    proxy URL, where aiohttp finds them; its `proxy_auth` argument is deprecated).
    """
    parts = urlsplit(base_url)
    if parts.hostname is not None and urllib.request.proxy_bypass(parts.hostname):
        return None
    value = urllib.request.getproxies().get(parts.scheme)
    if not value:
        return None
    url = _with_scheme(value)
    proxy = urlsplit(url)
    if proxy.scheme != "http":  # aiohttp's own trust_env skips these the same way
        logger.warning(
            "the %s proxy %s from the environment is not one aiohttp can use: AsyncHangup "
            "sends without it (transport=httpx.AsyncHTTPTransport(proxy=...) would use it)",
            proxy.scheme,
            proxy.hostname,  # never the whole URL: it may hold a password
        )
        return None
    return url


def proxy_passwords() -> tuple[str, ...]:
    """The passwords in the environment's proxy URLs: secrets, as keys are.

    An error or a log line could show a proxy URL. A password shorter than MIN_SECRET_LENGTH
    is left out: scrubbing it would mangle ordinary text.
    """
    found: dict[str, None] = {}
    for value in urllib.request.getproxies().values():
        try:
            quoted = urlsplit(_with_scheme(value)).password
        except ValueError:  # not a URL at all: httpx and aiohttp refuse it themselves
            continue
        password = unquote(quoted) if quoted else ""
        if len(password) >= MIN_SECRET_LENGTH:
            found[password] = None
    return tuple(found)


def _with_scheme(value: str) -> str:
    """A proxy variable as a URL: `host:port` is `http://host:port`, as httpx reads it."""
    return value if "://" in value else f"http://{value}"
