"""The TLS context of hangup's own transports: made once per process, not once per connection.

httpx (and httpx-aiohttp, which calls httpx's `create_ssl_context`) makes a new SSLContext for
every transport, and OpenSSL 3 parses the whole CA bundle each time: ~18 ms of CPU here
(encode/httpx#3627). Every new Hangup or AsyncHangup paid that once per vendor it talked to,
and a client made per request paid it on every request. hangup's default transports share one
context instead, made exactly as httpx makes it (`create_ssl_context(trust_env=True)`:
SSL_CERT_FILE, else SSL_CERT_DIR, else certifi's bundle).

It is kept only while those settings and the bundle on disk stay the same. A changed variable,
or a bundle replaced or edited in place (its inode, size or mtime), gives the next connection
a fresh context; connections already open keep theirs. A `transport=` the caller passes keeps
its own TLS settings: nothing here touches it.

A bundle that cannot be loaded (a missing file, not PEM) is a ConfigurationError naming the
variable, not an OSError or ssl.SSLError from deep inside httpx.
"""

from __future__ import annotations

import os
import ssl
import threading

import httpx

from hangup.errors import ConfigurationError

__all__ = ["shared_tls_context"]

_BundleKey = tuple[str | None, str | None, tuple[int, int, int] | None]

_lock = threading.Lock()
_made: tuple[_BundleKey, ssl.SSLContext] | None = None


def shared_tls_context() -> ssl.SSLContext:
    """The context for a new connection of hangup's own transports (see the module docstring).

    Raises ConfigurationError when the CA bundle the environment names cannot be loaded.
    """
    global _made
    key = _bundle_key()
    made = _made
    if made is not None and made[0] == key:
        return made[1]
    with _lock:  # threads opening their first connections at once make one context, not several
        made = _made
        if made is not None and made[0] == key:
            return made[1]
        context = _load()
        _made = (key, context)
        return context


def _bundle_key() -> _BundleKey:
    """What the context depends on: the two variables, and the identity of what they name."""
    cert_file = os.environ.get("SSL_CERT_FILE") or None
    cert_dir = os.environ.get("SSL_CERT_DIR") or None
    if cert_file is not None:
        path = cert_file
    elif cert_dir is not None:
        path = cert_dir  # OpenSSL reads a directory's certificates lazily, per handshake
    else:
        import certifi  # httpx's own dependency, and its default bundle

        path = certifi.where()
    try:
        found = os.stat(path)
    except OSError:
        return cert_file, cert_dir, None  # _load says what is wrong with it
    return cert_file, cert_dir, (found.st_ino, found.st_size, found.st_mtime_ns)


def _load() -> ssl.SSLContext:
    try:
        return httpx.create_ssl_context(trust_env=True)
    except (OSError, ssl.SSLError) as exc:  # ssl.SSLError is an OSError; named for the reader
        if os.environ.get("SSL_CERT_FILE"):
            setting = "SSL_CERT_FILE"
        elif os.environ.get("SSL_CERT_DIR"):
            setting = "SSL_CERT_DIR"
        else:
            setting = "certifi's CA bundle (set SSL_CERT_FILE to use another)"
        where = os.environ.get(setting, "")
        named = f"{setting}={where}" if where else setting
        detail = exc.strerror or str(exc) or type(exc).__name__
        raise ConfigurationError(f"{named} cannot be loaded as CA certificates: {detail}") from exc
