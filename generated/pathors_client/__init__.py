"""A client library for accessing Pathors Session API (transcribed from docs.pathors.com)"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
