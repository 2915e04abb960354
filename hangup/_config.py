"""Resolve each vendor's key and base URL from arguments, then the environment, then defaults."""

from __future__ import annotations

from collections.abc import Mapping

from hangup import _registry
from hangup._registry import Vendor, api_key_env, base_url_env
from hangup.defaults import MIN_SECRET_LENGTH
from hangup.errors import ConfigurationError

__all__ = ["VendorSettings", "resolve_settings"]


class VendorSettings:
    """One vendor's base URL and key (the key never shows in a repr).

    A vendor left on its default base URL is not even imported until the URL is read: the
    default lives in the vendor's module (hangup._registry).
    """

    __slots__ = ("_base_url", "api_key", "base_url_source", "name")

    def __init__(
        self, name: str, base_url: str | None, base_url_source: str, api_key: str | None
    ) -> None:
        self.name = name
        self._base_url = base_url
        self.base_url_source = base_url_source  # "argument", the env var's name, or "default"
        self.api_key = api_key

    def __repr__(self) -> str:
        key = "set" if self.has_key else "unset"
        return f"VendorSettings({self.name!r}, {self.base_url!r}, key {key})"

    @property
    def vendor(self) -> Vendor:
        """The vendor's module-level facts (imports its module on first use)."""
        found = _registry.vendor(self.name)
        assert found is not None  # settings are only made for registered names
        return found

    @property
    def base_url(self) -> str:
        """Where this vendor's API is: the argument, the environment, or its default."""
        if self._base_url is None:
            self._base_url = self.vendor.default_base_url
        return self._base_url

    @property
    def api_key_env(self) -> str:
        """The environment variable that holds this vendor's key."""
        return api_key_env(self.name)

    @property
    def has_key(self) -> bool:
        """True when a key is configured for this vendor."""
        return self.api_key is not None

    def missing_key(self) -> ConfigurationError:
        """The error to raise when a call needs the key and there is none."""
        error = ConfigurationError(
            f"{self.api_key_env} is not set: export it or pass api_keys={{'{self.name}': ...}}",
            vendor=self.name,
        )
        error.shell_message = f"{self.api_key_env} is not set: export it"
        return error


def resolve_settings(
    api_keys: Mapping[str, str] | None,
    base_urls: Mapping[str, str] | None,
    env: Mapping[str, str],
) -> dict[str, VendorSettings]:
    """Return every vendor's settings; raise ConfigurationError naming what is wrong."""
    api_keys = dict(api_keys or {})
    base_urls = dict(base_urls or {})
    known = _registry.names()
    for argument, given in (("api_keys", api_keys), ("base_urls", base_urls)):
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise ConfigurationError(
                f"{argument} names unknown vendor(s) {', '.join(map(repr, unknown))}: "
                f"use {', '.join(known)}"
            )
    return {name: _settings(name, api_keys.get(name), base_urls.get(name), env) for name in known}


def _settings(
    name: str, key: str | None, base_url: str | None, env: Mapping[str, str]
) -> VendorSettings:
    key_source = "api_keys" if key is not None else api_key_env(name)
    if key is None:
        key = env.get(api_key_env(name)) or None  # an empty variable counts as unset
    if key is not None:
        _check_key(name, key, key_source)
    if base_url is not None:
        source = "argument"
    elif env.get(base_url_env(name)):
        base_url, source = env[base_url_env(name)], base_url_env(name)
    else:
        return VendorSettings(name, None, "default", key)
    _check_base_url(name, base_url, source)
    return VendorSettings(name, base_url, source, key)


def _check_key(name: str, key: object, source: str) -> None:
    # A key that is not one printable line would corrupt the header; never echo the key itself.
    if not isinstance(key, str) or not key.strip() or not key.isprintable() or key != key.strip():
        raise ConfigurationError(
            f"the {name} key from {source} is not one line of printable text "
            "without surrounding spaces",
            vendor=name,
        )
    if len(key) < MIN_SECRET_LENGTH:  # too short to scrub out of echoes without mangling text
        raise ConfigurationError(
            f"the {name} key from {source} is shorter than {MIN_SECRET_LENGTH} characters: "
            "give the whole key the vendor issued",
            vendor=name,
        )


def _check_base_url(name: str, base_url: object, source: str) -> None:
    where = "base_urls" if source == "argument" else source
    if not isinstance(base_url, str):
        raise ConfigurationError(
            f"the {name} base URL from {where} must be text, got {type(base_url).__name__}",
            vendor=name,
        )
    problem = base_url_problem(base_url)
    if problem is not None:
        raise ConfigurationError(
            f"the {name} base URL from {where} {problem}, got {base_url[:200]!r}", vendor=name
        )


def base_url_problem(base_url: str) -> str | None:
    """What is wrong with `base_url` as a vendor's base URL, or None when httpx can use it.

    Checked whole here, so that a bad URL is a ConfigurationError at construction rather than
    httpx's InvalidURL, idna's UnicodeError or an OverflowError on the first call.
    """
    if not base_url.startswith(("http://", "https://")) or not base_url.isprintable():
        return "must start with http:// or https://"
    import httpx

    try:
        url = httpx.URL(base_url)
    except (httpx.InvalidURL, ValueError) as exc:  # a bad port, an unclosed [ ...
        return f"is not a valid URL ({exc})"
    if not url.host:
        return "has no host"
    if url.port is not None and not 0 < url.port < 65536:
        return "has a port outside 1-65535"
    return _host_problem(url.host)


def _host_problem(host: str) -> str | None:
    import ipaddress

    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    try:
        ascii_host = host.encode("idna").decode("ascii")  # what the socket layer will do
    except UnicodeError:
        return "has a host name that is not a valid domain name"
    labels = ascii_host.rstrip(".").split(".")
    if len(ascii_host) > 253 or any(not 0 < len(label) <= 63 for label in labels):
        return "has a host name that is not a valid domain name"
    return None
