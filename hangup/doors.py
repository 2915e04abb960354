"""Typed doors from a client to each vendor's extras: `client.vectorshift.run(...)`, `.api`...

`end()` needs none of this; a door is only for what one vendor alone offers, and each door
imports its vendor's module (and generated client) when it is first opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hangup.connection import AsyncConnection, Connection
    from hangup.vendors.hamsa import Hamsa
    from hangup.vendors.liveavatar import LiveAvatar
    from hangup.vendors.pathors_terminate import AsyncPathors, Pathors
    from hangup.vendors.vectorshift_chat import AsyncVectorShift, VectorShift

__all__ = ["AsyncVendorDoors", "VendorDoors"]


class VendorDoors:
    """The vendor properties of Hangup."""

    def _connection(self, vendor: str) -> Connection:
        raise NotImplementedError

    @property
    def vectorshift(self) -> VectorShift:
        """VectorShift: `.run()`, `.stream()`, `.api`."""
        from hangup.vendors.vectorshift_chat import VectorShift

        return VectorShift(self._connection("vectorshift"))

    @property
    def pathors(self) -> Pathors:
        """Pathors: `.terminate()`, `.api`."""
        from hangup.vendors.pathors_terminate import Pathors

        return Pathors(self._connection("pathors"))

    @property
    def liveavatar(self) -> LiveAvatar:
        """LiveAvatar: `.api`."""
        from hangup.vendors.liveavatar import LiveAvatar

        return LiveAvatar(self._connection("liveavatar"))

    @property
    def hamsa(self) -> Hamsa:
        """Hamsa: `.api`."""
        from hangup.vendors.hamsa import Hamsa

        return Hamsa(self._connection("hamsa"))


class AsyncVendorDoors:
    """The vendor properties of AsyncHangup, twins of VendorDoors'."""

    def _connection(self, vendor: str) -> AsyncConnection:
        raise NotImplementedError

    @property
    def vectorshift(self) -> AsyncVectorShift:
        """VectorShift: `.run()`, `.stream()` (async), `.api`."""
        from hangup.vendors.vectorshift_chat import AsyncVectorShift

        return AsyncVectorShift(self._connection("vectorshift"))

    @property
    def pathors(self) -> AsyncPathors:
        """Pathors: `.terminate()` (async), `.api`."""
        from hangup.vendors.pathors_terminate import AsyncPathors

        return AsyncPathors(self._connection("pathors"))

    @property
    def liveavatar(self) -> LiveAvatar:
        """LiveAvatar: `.api`."""
        from hangup.vendors.liveavatar import LiveAvatar

        return LiveAvatar(self._connection("liveavatar"))

    @property
    def hamsa(self) -> Hamsa:
        """Hamsa: `.api`."""
        from hangup.vendors.hamsa import Hamsa

        return Hamsa(self._connection("hamsa"))
