"""Find every vendor hangup knows: each one is a module in hangup/vendors/, and nothing else.

    hangup/vendors/hamsa.py      VENDOR = Vendor("hamsa", RefShape(...), "https://...", ...)

`names()` lists the vendor modules without importing them; `vendor(name)` imports one, by
import string, the first time it is asked for, so its generated client loads only when a
program first talks to that vendor and `import hangup` stays as cheap as `import httpx`.
Loading by name, not by import statement, is also what keeps the package free of import
cycles: a vendor module imports the facade's pieces, never the other way round.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Callable

    from hangup._live import SessionLister
    from hangup.refs import SessionRef
    from hangup.vendors._base import Call, VendorAdapter

__all__ = ["RefShape", "Vendor", "names", "vendor"]

_VENDORS_PACKAGE = "hangup.vendors"


class RefShape(NamedTuple):
    """Say how a vendor's session ref is written: `<vendor>:<part>[/<part>]`."""

    parts: tuple[str, ...]  # names shown in messages, e.g. ("chatbot_id", "pipeline_run_id")
    uuid: bool = False  # the last part (the session id) must be a UUID


class Vendor(NamedTuple):
    """Everything the facade needs to know about one vendor; each vendor module has one."""

    name: str
    ref_shape: RefShape
    default_base_url: str
    adapter: VendorAdapter
    chat: bool = False  # its door offers `run()` / `stream()` (`hangup chat`)
    end_options: frozenset[str] = frozenset()  # which of end()'s reason, session_token it takes
    lister: SessionLister | None = None  # how it lists live sessions; None: cannot be swept
    sweep_reason: str | None = None  # the end reason the sweep sends (LiveAvatar's zombie reap)
    # Builds its keep-alive call (ref, session_token) when the vendor has one: guard(keep_alive=)
    keep_alive: Callable[[SessionRef, str | None], Call] | None = None

    @property
    def sweepable(self) -> bool:
        """Whether the vendor documents a list of its sessions, so `hangup sweep` can use it."""
        return self.lister is not None

    @property
    def api_key_env(self) -> str:
        """The environment variable that holds this vendor's key, e.g. HAMSA_API_KEY."""
        return api_key_env(self.name)

    @property
    def base_url_env(self) -> str:
        """The environment variable that overrides this vendor's base URL."""
        return base_url_env(self.name)

    def example(self) -> str:
        """The text form of a ref of this vendor, with placeholders."""
        return f"{self.name}:" + "/".join(f"<{part}>" for part in self.ref_shape.parts)


def api_key_env(name: str) -> str:
    """The environment variable that holds vendor `name`'s key, e.g. HAMSA_API_KEY."""
    return f"{name.upper()}_API_KEY"


def base_url_env(name: str) -> str:
    """The environment variable that overrides vendor `name`'s base URL."""
    return f"{name.upper()}_BASE_URL"


@functools.cache
def names() -> tuple[str, ...]:
    """Every vendor's name, sorted: the public modules of hangup.vendors (none is imported)."""
    package = importlib.import_module(_VENDORS_PACKAGE)
    found = (module.name for module in pkgutil.iter_modules(package.__path__))
    return tuple(sorted(name for name in found if not name.startswith("_")))


def vendor(name: str) -> Vendor | None:
    """The vendor called `name`, importing its module on first use; None if there is none."""
    found = _loaded.get(name)  # every ref is parsed through here: one dict lookup
    if found is None and name in names():
        found = _loaded[name] = importlib.import_module(f"{_VENDORS_PACKAGE}.{name}").VENDOR
    return found


_loaded: dict[str, Vendor] = {}
