"""Missing or wrong credentials: refused before sending, or Prism's 401 as AuthenticationError.

Two different failures, tested apart. Without a key, hangup raises ConfigurationError naming
the environment variable and sends nothing. With a key, the facade always sends it the way
the vendor wants, so to see Prism refuse credentials each test spoils them on the wire
(dropped, in another vendor's header, under another scheme) through the Referee's rewrite;
Prism's 401 must then come back as AuthenticationError. Prism checks only that an apiKey
scheme's header is present, so Hamsa's `Token` prefix is beyond it (tests/generated holds it).
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from hangup import AuthenticationError, ConfigurationError, Ended, Hangup
from tests.contract.facade import (
    CLIENT_KINDS,
    FACADE_CASES,
    SESSION_TOKEN,
    FacadeCase,
    facade_operations,
    first_case,
    referee_for,
    run_case,
)
from tests.contract.referee_transport import Referee, drop, move_to, scheme

pytestmark = pytest.mark.contract

KINDS = CLIENT_KINDS
TOKEN_CASE = next(case for case in FACADE_CASES if "session_token" in case.kwargs)
KEY_CASES = [first_case(operation) for operation in facade_operations()]


# Credentials sent the way another vendor wants them: the mix-up the facade exists to prevent.
WRONG_WAYS: dict[str, list[tuple[str, Callable[[httpx.Request], None]]]] = {
    "vectorshift": [("in X-API-KEY", move_to("X-API-KEY")), ("as Token", scheme("Token"))],
    "pathors": [("in X-API-KEY", move_to("X-API-KEY")), ("as Token", scheme("Token"))],
    "liveavatar": [
        ("in Api-Key", move_to("Api-Key")),
        ("in Authorization without Bearer", move_to("Authorization")),
    ],
    "hamsa": [("in X-API-KEY", move_to("X-API-KEY"))],
}
SPOILT = [
    pytest.param(case, rewrite, id=f"{case.name} {how}")
    for case in KEY_CASES
    for how, rewrite in [("without credentials", drop), *WRONG_WAYS[case.vendor]]
] + [
    pytest.param(TOKEN_CASE, drop, id=f"{TOKEN_CASE.name} without credentials"),
    pytest.param(TOKEN_CASE, scheme("Token"), id=f"{TOKEN_CASE.name} as Token"),
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("case", "rewrite"), SPOILT)
def test_credentials_spoilt_on_the_wire_get_prisms_401_as_authentication_error(
    mock_base_urls: dict[str, str],
    kind: str,
    case: FacadeCase,
    rewrite: Callable[[httpx.Request], None],
) -> None:
    referee = referee_for(kind, rewrite=rewrite, strict=False)
    with pytest.raises(AuthenticationError) as caught:
        run_case(kind, case, mock_base_urls, referee, max_retries=0)
    [exchange] = referee.exchanges
    prisms_reason = exchange.headers.get("sl-violations", "") + (exchange.body or b"").decode()
    assert exchange.status_code == 401
    assert "Invalid security scheme used" in prisms_reason  # Prism's words: the credentials
    assert (caught.value.vendor, caught.value.status_code) == (case.vendor, 401)


@pytest.mark.parametrize("case", KEY_CASES, ids=lambda case: case.name)
def test_without_a_key_hangup_names_the_variable_and_sends_nothing(
    mock_base_urls: dict[str, str], case: FacadeCase
) -> None:
    referee = Referee()
    with (
        Hangup(base_urls=mock_base_urls, transport=referee, env={}) as client,
        pytest.raises(ConfigurationError, match=f"{case.vendor.upper()}_API_KEY is not set"),
    ):
        case.call(client)
    assert referee.exchanges == []


def test_a_liveavatar_session_token_needs_no_account_key(mock_base_urls: dict[str, str]) -> None:
    referee = Referee()
    with Hangup(base_urls=mock_base_urls, transport=referee, env={}) as client:
        ended = TOKEN_CASE.call(client)
    assert isinstance(ended, Ended)
    assert ended.confirmed is True
    assert referee.exchanges[0].request.headers["authorization"] == f"Bearer {SESSION_TOKEN}"
