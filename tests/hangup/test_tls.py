"""hangup's own transports share one TLS context per process (hangup._tls), and still verify.

A real HTTPS server on 127.0.0.1 (slow_server.local_server, with a certificate from a throwaway
trustme CA) answers sync and async ends: trusted when SSL_CERT_FILE names that CA, refused when
it does not.
"""

from __future__ import annotations

import asyncio
import json
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import trustme

from hangup import AsyncHangup, ConfigurationError, Hangup, HangupError, TransportError
from hangup._tls import shared_tls_context
from hangup._transport import HangupAiohttpTransport
from tests.hangup.fakes import KEYS, REFS, SUCCESS
from tests.hangup.slow_server import local_server

VENDOR = "hamsa"


class HttpsVendor:
    """The URL of an HTTPS server answering every request with the vendor's success."""

    def __init__(self, url: str, heads: list[bytes]) -> None:
        self.url = url
        self.heads = heads  # every request head the server read


@pytest.fixture
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def https_vendor(ca: trustme.CA) -> Iterator[HttpsVendor]:
    heads: list[bytes] = []
    body = json.dumps(SUCCESS[VENDOR]).encode()
    reply = (
        f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body

    async def answer(head: bytes, writer: asyncio.StreamWriter) -> None:
        heads.append(head)
        writer.write(reply)
        await writer.drain()

    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server)
    with local_server(answer, tls=server) as url:
        yield HttpsVendor(url, heads)


@pytest.fixture
def bundle_of(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Write a CA bundle and point SSL_CERT_FILE at it (SSL_CERT_DIR unset)."""
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)

    def bundle(*cas: trustme.CA, name: str = "bundle.pem") -> Path:
        path = tmp_path / name
        path.write_bytes(b"".join(authority.cert_pem.bytes() for authority in cas))
        monkeypatch.setenv("SSL_CERT_FILE", str(path))
        return path

    return bundle


def sync_end(url: str, **options: Any) -> object:
    with Hangup(api_keys=KEYS, base_urls={VENDOR: url}, env={}, **options) as client:
        try:
            return client.end(REFS[VENDOR])
        except HangupError as error:
            return error


async def async_end(url: str, **options: Any) -> object:
    async with AsyncHangup(api_keys=KEYS, base_urls={VENDOR: url}, env={}, **options) as client:
        try:
            return await client.end(REFS[VENDOR])
        except HangupError as error:
            return error


def both_ends(url: str, **options: Any) -> tuple[object, object]:
    return sync_end(url, **options), asyncio.run(async_end(url, **options))


def test_ends_over_https_trust_the_bundle_ssl_cert_file_names(
    https_vendor: HttpsVendor, ca: trustme.CA, bundle_of: Any
) -> None:
    bundle_of(ca)
    for outcome in both_ends(https_vendor.url):
        assert getattr(outcome, "confirmed", None) is True, outcome
    assert len(https_vendor.heads) == 2


def test_a_certificate_no_trusted_ca_signed_is_refused_before_any_request(
    https_vendor: HttpsVendor, bundle_of: Any
) -> None:
    bundle_of(trustme.CA())  # a CA, but not the one that signed the server's certificate
    for outcome in both_ends(https_vendor.url, max_retries=0):
        assert isinstance(outcome, TransportError), outcome
        assert "CERTIFICATE_VERIFY_FAILED" in str(outcome)
    assert https_vendor.heads == []


def test_every_connection_of_hangups_transports_shares_the_one_context(
    ca: trustme.CA, bundle_of: Any
) -> None:
    bundle_of(ca)
    shared = shared_tls_context()
    seen = []
    for _ in range(2):  # two clients, two vendors each
        with Hangup(api_keys=KEYS, env={}) as client:
            for vendor in ("hamsa", "pathors"):
                transport = client._connection(vendor).http._transport
                assert isinstance(transport, httpx.HTTPTransport)
                seen.append(transport._pool._ssl_context)  # httpcore's pool holds it

        async def async_contexts() -> list[ssl.SSLContext]:
            async with AsyncHangup(api_keys=KEYS, env={}) as client:
                found = []
                for vendor in ("hamsa", "pathors"):
                    transport = client._connection(vendor).http._transport
                    assert isinstance(transport, HangupAiohttpTransport)
                    found.append(transport.ssl_context)
                return found

        seen += asyncio.run(async_contexts())
    assert len(seen) == 8
    assert all(context is shared for context in seen)
    assert shared.verify_mode == ssl.CERT_REQUIRED
    assert shared.check_hostname


def test_a_changed_bundle_or_setting_gives_the_next_connection_a_new_context(
    bundle_of: Any,
) -> None:
    first_ca, second_ca = trustme.CA(), trustme.CA()
    path = bundle_of(first_ca)
    first = shared_tls_context()
    assert shared_tls_context() is first
    assert len(first.get_ca_certs()) == 1

    path.write_bytes(first_ca.cert_pem.bytes() + second_ca.cert_pem.bytes())  # edited in place
    edited = shared_tls_context()
    assert edited is not first
    assert len(edited.get_ca_certs()) == 2

    bundle_of(second_ca, name="other.pem")  # SSL_CERT_FILE names another file
    other = shared_tls_context()
    assert other is not edited
    assert len(other.get_ca_certs()) == 1
    assert shared_tls_context() is other


@pytest.mark.parametrize("bundle", ["missing", "not-pem"])
def test_a_bundle_that_cannot_be_loaded_is_a_configuration_error_before_any_request(
    bundle: str, https_vendor: HttpsVendor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bundle.pem"
    if bundle == "not-pem":
        path.write_text("this is not a certificate\n")
    monkeypatch.setenv("SSL_CERT_FILE", str(path))
    for outcome in both_ends(https_vendor.url, max_retries=0):
        assert isinstance(outcome, ConfigurationError), outcome
        assert f"SSL_CERT_FILE={path} cannot be loaded as CA certificates" in str(outcome)
    assert https_vendor.heads == []


def test_a_callers_own_transport_keeps_its_own_tls_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A bundle hangup's own transports could not load: a caller's transport never needs it
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "missing.pem"))

    def success(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=SUCCESS[VENDOR])

    url = "https://hamsa.invalid"
    ended = sync_end(url, transport=httpx.MockTransport(success))
    async_ended = asyncio.run(async_end(url, transport=httpx.MockTransport(success)))
    assert getattr(ended, "confirmed", None) is True, ended
    assert getattr(async_ended, "confirmed", None) is True, async_ended
