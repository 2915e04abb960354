"""Resolve each vendor's key and base URL from arguments, then the environment, then defaults."""

from __future__ import annotations

from collections.abc import Mapping

from hangup.errors import ConfigurationError
from hangup.registry import VENDORS, VendorEntry

__all__ = ["VendorSettings", "resolve_settings"]


class VendorSettings:
    """One vendor's base URL and key (the key never shows in a repr)."""

    __slots__ = ("api_key", "base_url", "base_url_source", "entry")

    def __init__(
        self, entry: VendorEntry, base_url: str, base_url_source: str, api_key: str | None
    ) -> None:
        self.entry = entry
        self.base_url = base_url
        self.base_url_source = base_url_source  # "argument", the env var's name, or "default"
        self.api_key = api_key

    def __repr__(self) -> str:
        key = "set" if self.has_key else "unset"
        return f"VendorSettings({self.entry.name!r}, {self.base_url!r}, key {key})"

    @property
    def has_key(self) -> bool:
        """True when a key is configured for this vendor."""
        return self.api_key is not None

    def missing_key(self) -> ConfigurationError:
        """The error to raise when a call needs the key and there is none."""
        name = self.entry.name
        return ConfigurationError(
            f"{self.entry.api_key_env} is not set: export it or pass api_keys={{'{name}': ...}}",
            vendor=name,
        )


def resolve_settings(
    api_keys: Mapping[str, str] | None,
    base_urls: Mapping[str, str] | None,
    env: Mapping[str, str],
) -> dict[str, VendorSettings]:
    """Return every vendor's settings; raise ConfigurationError naming what is wrong."""
    api_keys = dict(api_keys or {})
    base_urls = dict(base_urls or {})
    for argument, given in (("api_keys", api_keys), ("base_urls", base_urls)):
        unknown = sorted(set(given) - set(VENDORS))
        if unknown:
            raise ConfigurationError(
                f"{argument} names unknown vendor(s) {', '.join(map(repr, unknown))}: "
                f"use {', '.join(sorted(VENDORS))}"
            )
    return {
        name: _settings(entry, api_keys.get(name), base_urls.get(name), env)
        for name, entry in VENDORS.items()
    }


def _settings(
    entry: VendorEntry, key: str | None, base_url: str | None, env: Mapping[str, str]
) -> VendorSettings:
    key_source = "api_keys" if key is not None else entry.api_key_env
    if key is None:
        key = env.get(entry.api_key_env) or None  # an empty variable counts as unset
    if key is not None:
        _check_key(entry, key, key_source)
    if base_url is not None:
        source = "argument"
    elif env.get(entry.base_url_env):
        base_url, source = env[entry.base_url_env], entry.base_url_env
    else:
        base_url, source = entry.default_base_url, "default"
    _check_base_url(entry, base_url, source)
    return VendorSettings(entry, base_url, source, key)


def _check_key(entry: VendorEntry, key: object, source: str) -> None:
    # A key that is not one printable line would corrupt the header; never echo the key itself.
    if not isinstance(key, str) or not key.strip() or not key.isprintable() or key != key.strip():
        raise ConfigurationError(
            f"the {entry.name} key from {source} is not one line of printable text "
            "without surrounding spaces",
            vendor=entry.name,
        )


def _check_base_url(entry: VendorEntry, base_url: object, source: str) -> None:
    ok = isinstance(base_url, str) and base_url.startswith(("http://", "https://"))
    if not ok or not str(base_url).isprintable():
        where = "base_urls" if source == "argument" else source
        raise ConfigurationError(
            f"the {entry.name} base URL from {where} must start with http:// or https://, "
            f"got {base_url!r}",
            vendor=entry.name,
        )
