"""Name every vendor hangup knows: how its refs look, where it lives, and how to load its adapter.

This is the one list to extend when adding a vendor (with its adapter module in
hangup/vendors/). It is plain data and imports nothing heavy: an adapter, and the generated
client behind it, is imported only when a client first talks to that vendor (`load`), so that
`import hangup` stays as cheap as `import httpx` (plain NamedTuples, too: an attrs class
costs ~0.7 ms to create at import).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from hangup.vendors.base import VendorAdapter


class RefShape(NamedTuple):
    """Say how a vendor's session ref is written: `<vendor>:<part>[/<part>]`."""

    parts: tuple[str, ...]  # names shown in messages, e.g. ("chatbot_id", "pipeline_run_id")
    uuid: bool = False  # the last part (the session id) must be a UUID


class VendorEntry(NamedTuple):
    """Describe one vendor without importing its generated client."""

    name: str
    ref_shape: RefShape
    default_base_url: str
    load: Callable[[], VendorAdapter]  # imports the adapter and its generated client

    @property
    def api_key_env(self) -> str:
        """The environment variable that holds this vendor's key, e.g. HAMSA_API_KEY."""
        return f"{self.name.upper()}_API_KEY"

    @property
    def base_url_env(self) -> str:
        """The environment variable that overrides this vendor's base URL."""
        return f"{self.name.upper()}_BASE_URL"

    def example(self) -> str:
        """The text form of a ref of this vendor, with placeholders."""
        return f"{self.name}:" + "/".join(f"<{part}>" for part in self.ref_shape.parts)


def _vectorshift() -> VendorAdapter:
    from hangup.vendors.vectorshift import VectorShiftAdapter

    return VectorShiftAdapter()


def _pathors() -> VendorAdapter:
    from hangup.vendors.pathors import PathorsAdapter

    return PathorsAdapter()


def _liveavatar() -> VendorAdapter:
    from hangup.vendors.liveavatar import LiveAvatarAdapter

    return LiveAvatarAdapter()


def _hamsa() -> VendorAdapter:
    from hangup.vendors.hamsa import HamsaAdapter

    return HamsaAdapter()


VENDORS: dict[str, VendorEntry] = {
    entry.name: entry
    for entry in (
        VendorEntry(
            "vectorshift",
            RefShape(("chatbot_id", "pipeline_run_id")),
            "https://api.vectorshift.ai/v1",
            _vectorshift,
        ),
        VendorEntry(
            "pathors",
            RefShape(("project_id", "session_id")),
            "https://api.pathors.com",
            _pathors,
        ),
        VendorEntry(
            "liveavatar",
            RefShape(("session_uuid",), uuid=True),
            "https://api.liveavatar.com",
            _liveavatar,
        ),
        VendorEntry(
            "hamsa",
            RefShape(("conversation_uuid",), uuid=True),
            "https://api.tryhamsa.com",
            _hamsa,
        ),
    )
}
