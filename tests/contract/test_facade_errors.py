"""Every error status the specs document for a facade call, forced with Prefer, maps to its error.

The statuses come from the effective specs, for each operation specs/facade-operations.toml
lists, so a status a vendor starts documenting fails here until EXPECTED_ERROR says which
hangup error it is. Calls are made with max_retries=0 unless the test counts retries.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
import stamina

from hangup import (
    APIStatusError,
    AuthenticationError,
    Ended,
    HangupError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)
from tests.contract.facade import (
    CLIENT_KINDS,
    FACADE_CASES,
    FacadeCase,
    error_statuses,
    facade_operations,
    first_case,
    referee_for,
    run_case,
)

pytestmark = pytest.mark.contract

EXPECTED_ERROR: dict[int, type[APIStatusError]] = {
    400: InvalidRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    422: InvalidRequestError,
    429: RateLimitError,
    500: ServerError,
}
KINDS = CLIENT_KINDS
ERROR_CASES = [
    pytest.param(op.vendor, op.operation_id, status, id=f"{op.operation_id}-{status}")
    for op in facade_operations()
    for status in error_statuses(op.vendor, op.operation_id)
]


@pytest.fixture(autouse=True)
def no_waiting_retries() -> Iterator[None]:
    """stamina's testing mode: retries without backoff, as many as the client allows."""
    stamina.set_testing(True, attempts=100, cap=True)
    yield
    stamina.set_testing(False)


def prefer(status: int) -> dict[str, Any]:
    return {"headers": {"Prefer": f"code={status}"}}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("vendor", "operation_id", "status"), ERROR_CASES)
def test_each_documented_error_status_raises_its_hangup_error_with_the_vendors_words(
    mock_base_urls: dict[str, str], kind: str, vendor: str, operation_id: str, status: int
) -> None:
    expected = EXPECTED_ERROR.get(status)
    if expected is None:
        pytest.fail(f"{vendor} documents {status} for {operation_id}: add it to EXPECTED_ERROR")
    case = next(c for c in FACADE_CASES if (c.vendor, c.operation_id) == (vendor, operation_id))
    referee = referee_for(kind, **prefer(status))
    with pytest.raises(HangupError) as caught:
        run_case(kind, case, mock_base_urls, referee, max_retries=0)
    error = caught.value
    [exchange] = referee.exchanges
    body = exchange.json()
    assert exchange.status_code == status
    assert type(error) is expected
    assert isinstance(error, APIStatusError)
    assert (error.vendor, error.status_code) == (vendor, status)
    assert error.body == body
    assert error.message
    assert not error.message.startswith("HTTP "), "the vendor's own message, not a fallback"
    if isinstance(error, InvalidRequestError) and isinstance(body.get("detail"), list):
        assert error.detail == body["detail"]  # FastAPI's validation list, kept whole


END_404 = [
    pytest.param(first_case(op), id=op.operation_id)
    for op in facade_operations()
    if first_case(op).method == "end" and 404 in error_statuses(op.vendor, op.operation_id)
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", END_404)
def test_a_documented_404_with_missing_ok_is_an_ended_already_gone(
    mock_base_urls: dict[str, str], kind: str, case: FacadeCase
) -> None:
    referee = referee_for(kind, **prefer(404))
    missing_ok = dataclasses.replace(case, kwargs={**case.kwargs, "missing_ok": True})
    ended = run_case(kind, missing_ok, mock_base_urls, referee, max_retries=0)
    assert isinstance(ended, Ended)
    assert (ended.already_gone, ended.confirmed, ended.status_code) == (True, False, 404)
    assert ended.raw == referee.exchanges[0].json()


END_500 = [
    pytest.param(first_case(op), id=op.operation_id)
    for op in facade_operations()
    if first_case(op).method == "end" and 500 in error_statuses(op.vendor, op.operation_id)
]


@pytest.mark.parametrize("case", END_500)
def test_a_500_on_an_end_call_is_retried_max_retries_times_then_raised(
    mock_base_urls: dict[str, str], case: FacadeCase
) -> None:
    referee = referee_for("sync", **prefer(500))
    with pytest.raises(ServerError):
        run_case("sync", case, mock_base_urls, referee, max_retries=2)
    assert len(referee.exchanges) == 3


def test_a_documented_4xx_is_never_retried(mock_base_urls: dict[str, str]) -> None:
    case = next(c for c in FACADE_CASES if c.vendor == "hamsa")
    referee = referee_for("sync", **prefer(400))
    with pytest.raises(InvalidRequestError):
        run_case("sync", case, mock_base_urls, referee, max_retries=2)
    assert len(referee.exchanges) == 1


def test_a_chatbot_runs_500_is_not_retried_since_the_bot_may_have_run(
    mock_base_urls: dict[str, str],
) -> None:
    case = next(c for c in FACADE_CASES if c.method == "vectorshift.run")
    referee = referee_for("sync", **prefer(500))
    with pytest.raises(ServerError):
        run_case("sync", case, mock_base_urls, referee, max_retries=2)
    assert len(referee.exchanges) == 1
