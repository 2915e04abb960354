"""Every error body in the specs maps to its HangupError with the vendor's own words; and
Deprecation / Sunset headers warn once per vendor and operation, naming the dates."""

from __future__ import annotations

import logging

import httpx
import pytest

from hangup import (
    APIStatusError,
    AuthenticationError,
    HangupError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    ServerError,
)
from tests.hangup.fakes import REFS, Vendor, ok, sync_client

VALIDATION_DETAIL = [
    {"loc": ["body", "session_id"], "msg": "Input should be a valid UUID", "type": "uuid_parsing"}
]


@pytest.mark.parametrize(
    ("vendor", "status", "body", "error", "message"),
    [
        ("vectorshift", 401, {"error": "Invalid API key"}, AuthenticationError, "Invalid API key"),
        ("vectorshift", 401, {"error": "Token expired"}, AuthenticationError, "Token expired"),
        (
            "vectorshift",
            400,
            {"status": "failed", "error": "pipeline_run_id is required"},
            InvalidRequestError,
            "pipeline_run_id is required",
        ),
        ("vectorshift", 500, {"status": "failed", "error": "boom"}, ServerError, "boom"),
        (
            "pathors",
            400,
            {"error": "session_id is required"},
            InvalidRequestError,
            "session_id is required",
        ),
        (
            "pathors",
            401,
            {"error": {"message": "Invalid authentication"}},
            AuthenticationError,
            "Invalid authentication",
        ),
        ("pathors", 404, {"error": "Session not found"}, NotFoundError, "Session not found"),
        ("pathors", 500, {"error": "Internal error"}, ServerError, "Internal error"),
        (
            "liveavatar",
            422,
            {"detail": VALIDATION_DETAIL},
            InvalidRequestError,
            "body.session_id: Input should be a valid UUID",
        ),
        ("liveavatar", 404, {"detail": "Not Found"}, NotFoundError, "Not Found"),
        ("liveavatar", 401, {"code": 401, "message": "bad key"}, AuthenticationError, "bad key"),
        ("hamsa", 400, {"code": 400, "message": "Invalid id"}, InvalidRequestError, "Invalid id"),
        (
            "hamsa",
            401,
            {"code": 401, "message": "Unauthorized"},
            AuthenticationError,
            "Unauthorized",
        ),
        ("hamsa", 403, {"code": 403, "message": "Not yours"}, PermissionDeniedError, "Not yours"),
        (
            "hamsa",
            404,
            {"code": 404, "message": "No conversation"},
            NotFoundError,
            "No conversation",
        ),
        (
            "hamsa",
            500,
            {"code": 500, "message": "Server Side Error"},
            ServerError,
            "Server Side Error",
        ),
        ("hamsa", 409, {"message": "Already ended"}, APIStatusError, "Already ended"),
    ],
)
def test_each_documented_error_body_maps_to_its_error_with_the_vendors_message(
    vendor: str, status: int, body: object, error: type[HangupError], message: str
) -> None:
    fake = Vendor(vendor, [httpx.Response(status, json=body)])
    with sync_client(fake, max_retries=0) as client, pytest.raises(error) as caught:
        client.end(REFS[vendor])
    raised = caught.value
    assert type(raised) is error
    assert (raised.message, raised.status_code, raised.vendor) == (message, status, vendor)
    assert raised.ref == REFS[vendor]
    assert message in str(raised)
    assert vendor in str(raised)


def test_liveavatar_validation_detail_is_kept_on_the_error() -> None:
    fake = Vendor("liveavatar", [httpx.Response(422, json={"detail": VALIDATION_DETAIL})])
    with sync_client(fake) as client, pytest.raises(InvalidRequestError) as caught:
        client.end(REFS["liveavatar"])
    assert caught.value.detail == VALIDATION_DETAIL
    assert caught.value.body == {"detail": VALIDATION_DETAIL}


@pytest.mark.parametrize(
    "body", [{"unexpected": "shape"}, {"error": 42}, {"detail": [7]}, [], "text"]
)
def test_an_error_body_of_an_unknown_shape_falls_back_to_the_http_status(body: object) -> None:
    fake = Vendor("liveavatar", [httpx.Response(400, json=body)])
    with sync_client(fake) as client, pytest.raises(InvalidRequestError) as caught:
        client.end(REFS["liveavatar"])
    assert caught.value.message == "HTTP 400 Bad Request"


def test_a_problem_json_error_from_a_proxy_or_mock_gives_its_detail() -> None:
    problem = {"type": "https://example.test/errors#X", "title": "Bad", "detail": "No route"}
    fake = Vendor("vectorshift", [httpx.Response(404, json=problem)])
    with sync_client(fake) as client, pytest.raises(NotFoundError) as caught:
        client.end(REFS["vectorshift"])
    assert caught.value.message == "No route"


def test_a_non_json_error_says_its_status_and_content_type() -> None:
    page = httpx.Response(503, headers={"content-type": "text/html"}, text="<h1>Maintenance</h1>")
    fake = Vendor("hamsa", [page])
    with sync_client(fake, max_retries=0) as client, pytest.raises(ServerError) as caught:
        client.end(REFS["hamsa"])
    assert caught.value.message == (
        "HTTP 503 Service Unavailable (text/html body: '<h1>Maintenance</h1>')"
    )


def test_a_deprecated_call_warns_once_naming_its_dates(caplog: pytest.LogCaptureFixture) -> None:
    headers = {"Deprecation": "@1780704000", "Sunset": "Sat, 11 Jul 2026 00:00:00 GMT"}
    fake = Vendor("pathors", [httpx.Response(200, headers=headers, json={"success": True})])
    with caplog.at_level(logging.WARNING, logger="hangup"), sync_client(fake) as client:
        client.end(REFS["pathors"])
        client.end(REFS["pathors"])
        client.end_many([REFS["pathors"]] * 3)
    warnings = [r for r in caplog.records if r.name == "hangup"]
    assert len(warnings) == 1
    text = warnings[0].getMessage()
    assert "pathors end_session" in text
    assert "2026-06-06" in text  # the Deprecation date
    assert "2026-07-11" in text  # the Sunset date


def test_each_vendor_and_operation_warns_on_its_own(caplog: pytest.LogCaptureFixture) -> None:
    sunset = {"Sunset": "Sat, 11 Jul 2026 00:00:00 GMT"}

    def answer(request: httpx.Request) -> httpx.Response:
        if "tryhamsa" in str(request.url):
            return httpx.Response(200, headers=sunset, json={"success": True})
        return httpx.Response(200, headers=sunset, json={"success": True})

    with (
        caplog.at_level(logging.WARNING, logger="hangup"),
        sync_client(Vendor(None, [answer])) as client,
    ):
        client.end_many([REFS["hamsa"], REFS["pathors"], REFS["hamsa"]], concurrency=1)
    texts = sorted(r.getMessage() for r in caplog.records if r.name == "hangup")
    assert len(texts) == 2
    assert texts[0].startswith("hamsa terminate_conversation")
    assert texts[1].startswith("pathors end_session")


def test_no_deprecation_header_means_no_warning(caplog: pytest.LogCaptureFixture) -> None:
    with (
        caplog.at_level(logging.WARNING, logger="hangup"),
        sync_client(Vendor("hamsa", [ok("hamsa")])) as client,
    ):
        client.end(REFS["hamsa"])
    assert [r for r in caplog.records if r.name == "hangup"] == []
