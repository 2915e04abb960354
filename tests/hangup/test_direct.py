"""hangup._direct's request building: what a plain end call hands aiohttp, built once.

(What it sends and how it reads the answer, on real sockets, is in test_transport.py.)
"""

from __future__ import annotations

import httpx

from hangup._direct import DirectSender
from hangup._transport import HangupAiohttpTransport
from hangup.vendors._base import Call, HeaderAuth

KEY = "direct-test-key-0123456789"
BASE_URL = "http://127.0.0.1:9/v1"


def _sender() -> DirectSender:
    http = httpx.AsyncClient(base_url=BASE_URL)
    return DirectSender(HangupAiohttpTransport(httpx.Limits()), http, httpx.Timeout(5.0))


def _end_call(**kwargs: object) -> Call:
    plain = {"method": "post", "url": "/chatbot/c1/terminate", "json": {"id": "s1"}}
    return Call("terminate", plain | kwargs)


def test_a_plain_call_is_httpxs_defaults_the_key_and_compact_json() -> None:
    auth = HeaderAuth("Authorization", f"Bearer {KEY}")
    request = _sender().request(_end_call(), auth)
    assert request is not None
    assert (request.method, request.url) == ("POST", f"{BASE_URL}/chatbot/c1/terminate")
    assert request.data == b'{"id":"s1"}'
    expected = dict(httpx.AsyncClient().headers)
    expected |= {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}
    assert request.headers == expected


def test_a_call_with_no_body_sends_no_content_type() -> None:
    auth = HeaderAuth("Authorization", f"Bearer {KEY}")
    request = _sender().request(Call("t", {"method": "get", "url": "/x"}), auth)
    assert request is not None
    assert request.data is None
    assert "Content-Type" not in request.headers


def test_a_calls_own_headers_join_the_key_and_json_without_changing_the_shared_ones() -> None:
    sender = _sender()
    auth = HeaderAuth("Authorization", f"Bearer {KEY}")
    plain = sender.request(_end_call(), auth)
    own = sender.request(_end_call(headers={"X-Trace": "t1"}), auth)
    again = sender.request(_end_call(), auth)
    assert plain is not None
    assert own is not None
    assert again is not None
    assert own.headers["X-Trace"] == "t1"
    assert own.headers["Authorization"] == f"Bearer {KEY}"
    assert own.headers["Content-Type"] == "application/json"
    assert "X-Trace" not in plain.headers
    assert "X-Trace" not in again.headers


def test_another_auth_gets_its_own_headers_not_the_last_ones() -> None:
    sender = _sender()
    first = sender.request(_end_call(), HeaderAuth("Authorization", f"Bearer {KEY}"))
    other = sender.request(_end_call(), HeaderAuth("X-Session-Token", "token-2"))
    assert first is not None
    assert other is not None
    assert other.headers["X-Session-Token"] == "token-2"
    assert "Authorization" not in other.headers
    assert first.headers["Authorization"] == f"Bearer {KEY}"


def test_kwargs_beyond_method_url_json_and_headers_go_through_httpx() -> None:
    auth = HeaderAuth("Authorization", f"Bearer {KEY}")
    others: list[dict[str, object]] = [{"params": {}}, {"data": {}}, {"files": {}}, {"cookies": {}}]
    for extra in others:
        assert _sender().request(_end_call(**extra), auth) is None


def test_a_requests_repr_names_the_call_never_its_key() -> None:
    request = _sender().request(_end_call(), HeaderAuth("Authorization", f"Bearer {KEY}"))
    assert repr(request) == f"<DirectRequest POST {BASE_URL}/chatbot/c1/terminate>"
    assert KEY not in repr(request)
