"""Each vendor's faults end in Ended or one typed HangupError: retries, bad bodies, 404s."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from hangup import (
    APIStatusError,
    AuthenticationError,
    EndFailed,
    InvalidRequestError,
    NotFoundError,
    RateLimitError,
    ServerError,
    TransportError,
    UnexpectedResponseError,
)
from hangup.vendors import vectorshift
from tests.hangup.fakes import REFS, VENDORS, Vendor, async_client, ok, sync_client

HTML = httpx.Response(200, headers={"content-type": "text/html"}, text="<html><body>Bad gateway")


@pytest.mark.parametrize("vendor", VENDORS)
def test_end_retries_on_503_then_succeeds(vendor: str) -> None:
    fake = Vendor(vendor, [httpx.Response(503), httpx.Response(502, text="oops"), ok(vendor)])
    with sync_client(fake) as client:
        assert client.end(REFS[vendor]).confirmed
    assert len(fake.requests) == 3


@pytest.mark.asyncio
@pytest.mark.parametrize("vendor", VENDORS)
async def test_async_end_retries_on_503_then_succeeds(vendor: str) -> None:
    fake = Vendor(vendor, [httpx.Response(503), ok(vendor)])
    async with async_client(fake) as client:
        assert (await client.end(REFS[vendor])).confirmed
    assert len(fake.requests) == 2


@pytest.mark.parametrize("vendor", VENDORS)
def test_end_gives_up_after_max_retries_with_the_last_server_error(vendor: str) -> None:
    fake = Vendor(vendor, [httpx.Response(500, json={"error": "boom", "message": "boom"})])
    with sync_client(fake, max_retries=2) as client, pytest.raises(ServerError) as caught:
        client.end(REFS[vendor])
    assert len(fake.requests) == 3
    assert caught.value.status_code == 500
    assert caught.value.vendor == vendor


def test_max_retries_zero_sends_once() -> None:
    fake = Vendor("hamsa", [httpx.Response(503)])
    with sync_client(fake, max_retries=0) as client, pytest.raises(ServerError):
        client.end(REFS["hamsa"])
    assert len(fake.requests) == 1


@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.parametrize(
    "retry_after", ["2", format_datetime(datetime.now(UTC) + timedelta(seconds=5), usegmt=True)]
)
def test_end_retries_on_429_with_retry_after(vendor: str, retry_after: str) -> None:
    throttled = httpx.Response(429, headers={"retry-after": retry_after}, json={"error": "slow"})
    fake = Vendor(vendor, [throttled, ok(vendor)])
    with sync_client(fake) as client:
        assert client.end(REFS[vendor]).confirmed
    assert len(fake.requests) == 2


def test_a_429_that_never_clears_raises_rate_limit_error_with_retry_after() -> None:
    throttled = httpx.Response(429, headers={"retry-after": "7"}, json={"message": "slow down"})
    fake = Vendor("hamsa", [throttled])
    with sync_client(fake) as client, pytest.raises(RateLimitError) as caught:
        client.end(REFS["hamsa"])
    assert caught.value.retry_after == 7.0
    assert caught.value.message == "slow down"


@pytest.mark.parametrize("vendor", VENDORS)
def test_end_retries_after_a_connection_reset(vendor: str) -> None:
    fake = Vendor(vendor, [httpx.ReadError("Connection reset by peer"), ok(vendor)])
    with sync_client(fake) as client:
        assert client.end(REFS[vendor]).confirmed
    assert len(fake.requests) == 2


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_timeout_on_every_attempt_raises_transport_error(vendor: str) -> None:
    fake = Vendor(vendor, [httpx.ReadTimeout("timed out")])
    with sync_client(fake) as client, pytest.raises(TransportError) as caught:
        client.end(REFS[vendor])
    assert len(fake.requests) == 3
    assert caught.value.status_code is None
    assert "ReadTimeout" in caught.value.message


@pytest.mark.asyncio
@pytest.mark.parametrize("vendor", VENDORS)
async def test_async_connection_refused_then_success(vendor: str) -> None:
    fake = Vendor(vendor, [httpx.ConnectError("Connection refused"), ok(vendor)])
    async with async_client(fake) as client:
        assert (await client.end(REFS[vendor])).confirmed


@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.parametrize(
    ("status", "error"),
    [(400, InvalidRequestError), (401, AuthenticationError), (403, APIStatusError)],
)
def test_other_4xx_are_never_retried(vendor: str, status: int, error: type[Exception]) -> None:
    fake = Vendor(vendor, [httpx.Response(status, json={"error": "no"}), ok(vendor)])
    with sync_client(fake) as client, pytest.raises(error):
        client.end(REFS[vendor])
    assert len(fake.requests) == 1


def test_408_is_retried() -> None:
    fake = Vendor("pathors", [httpx.Response(408), ok("pathors")])
    with sync_client(fake) as client:
        assert client.end(REFS["pathors"]).confirmed
    assert len(fake.requests) == 2


@pytest.mark.parametrize("vendor", VENDORS)
def test_an_html_200_raises_unexpected_response_error(vendor: str) -> None:
    fake = Vendor(vendor, [HTML])
    with sync_client(fake) as client, pytest.raises(UnexpectedResponseError) as caught:
        client.end(REFS[vendor])
    assert "text/html" in caught.value.message
    assert "Bad gateway" in caught.value.message
    assert len(fake.requests) == 1


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_truncated_json_200_raises_unexpected_response_error(vendor: str) -> None:
    truncated = httpx.Response(200, headers={"content-type": "application/json"}, text='{"succ')
    fake = Vendor(vendor, [truncated])
    with sync_client(fake) as client, pytest.raises(UnexpectedResponseError):
        client.end(REFS[vendor])


@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.parametrize("body", ["[1, 2]", '"done"', "7", "null"])
def test_a_200_that_is_not_a_json_object_raises_unexpected_response_error(
    vendor: str, body: str
) -> None:
    json_200 = httpx.Response(200, headers={"content-type": "application/json"}, text=body)
    fake = Vendor(vendor, [json_200])
    with sync_client(fake) as client, pytest.raises(UnexpectedResponseError, match="JSON"):
        client.end(REFS[vendor])


@pytest.mark.parametrize("vendor", VENDORS)
def test_an_html_502_is_a_server_error_and_is_retried(vendor: str) -> None:
    html_502 = httpx.Response(502, headers={"content-type": "text/html"}, text="<h1>502</h1>")
    fake = Vendor(vendor, [html_502, ok(vendor)])
    with sync_client(fake) as client:
        assert client.end(REFS[vendor]).confirmed


@pytest.mark.parametrize("vendor", VENDORS)
def test_an_empty_200_is_ended_but_not_confirmed(vendor: str) -> None:
    fake = Vendor(vendor, [httpx.Response(200)])
    with sync_client(fake) as client:
        result = client.end(REFS[vendor])
    assert (result.confirmed, result.already_gone, result.raw) == (False, False, None)


def test_vectorshift_unknown_status_is_tolerated_as_unconfirmed() -> None:
    fake = Vendor("vectorshift", [httpx.Response(200, json={"status": "cancelled"})])
    with sync_client(fake) as client:
        result = client.end(REFS["vectorshift"])
    assert not result.confirmed
    assert "cancelled" in str(result.message)
    assert result.raw == {"status": "cancelled"}


def test_vectorshift_status_a_newer_spec_adds_is_unconfirmed_not_failed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As if a regenerated enum had a third member: only "failed" is read as failure
    monkeypatch.setitem(vectorshift._END_STATUSES, "paused", object())
    fake = Vendor("vectorshift", [httpx.Response(200, json={"status": "paused"})])
    with sync_client(fake) as client:
        result = client.end(REFS["vectorshift"])
    assert not result.confirmed
    assert result.message == "VectorShift answered status 'paused', which hangup does not read"


def test_vectorshift_status_failed_raises_end_failed_with_its_error() -> None:
    body = {"status": "failed", "error": "pipeline run not found"}
    fake = Vendor("vectorshift", [httpx.Response(200, json=body)])
    with sync_client(fake) as client, pytest.raises(EndFailed, match="pipeline run not found"):
        client.end(REFS["vectorshift"])
    assert len(fake.requests) == 1


@pytest.mark.parametrize("body", [{"status": 3}, {"status": None}, {"error": "x"}])
def test_vectorshift_status_missing_or_not_text_is_unexpected(body: dict[str, object]) -> None:
    fake = Vendor("vectorshift", [httpx.Response(200, json=body)])
    with sync_client(fake) as client, pytest.raises(UnexpectedResponseError, match="status"):
        client.end(REFS["vectorshift"])


@pytest.mark.parametrize("vendor", ["pathors", "hamsa"])
def test_success_false_raises_end_failed_with_the_vendors_message(vendor: str) -> None:
    body = {"success": False, "message": "still running"}
    fake = Vendor(vendor, [httpx.Response(200, json=body)])
    with sync_client(fake) as client, pytest.raises(EndFailed, match="still running"):
        client.end(REFS[vendor])


@pytest.mark.parametrize("vendor", ["pathors", "hamsa"])
def test_success_of_the_wrong_type_is_unexpected(vendor: str) -> None:
    fake = Vendor(vendor, [httpx.Response(200, json={"success": "yes"})])
    with sync_client(fake) as client, pytest.raises(UnexpectedResponseError):
        client.end(REFS[vendor])


def test_liveavatar_unknown_values_in_data_never_break_the_call() -> None:
    body = {"code": 100, "data": {"reason": "DISPATCH_FAILED", "state": "zombie"}, "message": "ok"}
    fake = Vendor("liveavatar", [httpx.Response(200, json=body)])
    with sync_client(fake) as client:
        result = client.end(REFS["liveavatar"])
    assert result.confirmed
    assert result.raw == body


def test_liveavatar_envelope_code_above_200_raises_end_failed() -> None:
    body = {"code": 4004, "data": None, "message": "session not active"}
    fake = Vendor("liveavatar", [httpx.Response(200, json=body)])
    with sync_client(fake) as client, pytest.raises(EndFailed, match="session not active"):
        client.end(REFS["liveavatar"])


@pytest.mark.parametrize("vendor", VENDORS)
def test_404_raises_not_found_without_missing_ok(vendor: str) -> None:
    fake = Vendor(vendor, [httpx.Response(404, json={"error": "Session not found"})])
    with sync_client(fake) as client, pytest.raises(NotFoundError):
        client.end(REFS[vendor])
    assert len(fake.requests) == 1


@pytest.mark.parametrize("vendor", VENDORS)
def test_404_with_missing_ok_is_already_gone(vendor: str) -> None:
    body = {"error": "Session not found", "message": "Session not found"}
    fake = Vendor(vendor, [httpx.Response(404, json=body)])
    with sync_client(fake) as client:
        result = client.end(REFS[vendor], missing_ok=True)
    assert (result.already_gone, result.confirmed, result.status_code) == (True, False, 404)
    assert result.message == "Session not found"


@pytest.mark.asyncio
@pytest.mark.parametrize("vendor", VENDORS)
async def test_async_404_with_missing_ok_is_already_gone(vendor: str) -> None:
    body = {"error": "gone", "message": "gone"}  # each vendor's own shape
    fake = Vendor(vendor, [httpx.Response(404, json=body)])
    async with async_client(fake) as client:
        assert (await client.end(REFS[vendor], missing_ok=True)).already_gone


def test_a_problem_json_404_for_an_unknown_route_is_not_a_gone_session() -> None:
    no_route = {"type": "https://stoplight.io/prism/errors#NO_PATH_MATCHED_ERROR", "status": 404}
    fake = Vendor("pathors", [httpx.Response(404, json=no_route)])
    with sync_client(fake) as client, pytest.raises(NotFoundError):
        client.end(REFS["pathors"], missing_ok=True)


def test_an_html_404_is_not_taken_for_a_gone_session_even_with_missing_ok() -> None:
    wrong_url = httpx.Response(
        404, headers={"content-type": "text/html"}, text="<h1>Not Found</h1>"
    )
    fake = Vendor("hamsa", [wrong_url])
    with sync_client(fake) as client, pytest.raises(NotFoundError, match="text/html"):
        client.end(REFS["hamsa"], missing_ok=True)


def test_the_request_id_header_is_carried_on_errors() -> None:
    failing = httpx.Response(400, headers={"x-request-id": "req-42"}, json={"message": "bad"})
    fake = Vendor("hamsa", [failing])
    with sync_client(fake) as client, pytest.raises(InvalidRequestError) as caught:
        client.end(REFS["hamsa"])
    assert caught.value.request_id == "req-42"
    assert "req-42" in str(caught.value)
