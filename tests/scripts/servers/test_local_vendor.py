import concurrent.futures

import httpx
import pytest

from scripts.servers.local_vendor import LocalVendor, running_local_vendor


@pytest.mark.parametrize(
    ("method", "path", "body", "counted_as"),
    [
        ("POST", "/v1/chatbot/bot/terminate", b'{"pipeline_run_id": "run"}', "vectorshift:bot/run"),
        ("POST", "/chatbot/bot/terminate", b'{"pipeline_run_id": "run"}', "vectorshift:bot/run"),
        ("DELETE", "/v1/projects/p1/sessions", b'{"session_id": "s1"}', "pathors:p1/s1"),
        ("POST", "/v1/sessions/stop", b'{"session_id": "u1"}', "liveavatar:u1"),
        ("GET", "/v1/voice-agents/conversation/c1/terminate", b"", "hamsa:c1"),
    ],
)
def test_each_vendor_end_call_is_answered_and_counted_per_session(
    method: str, path: str, body: bytes, counted_as: str
) -> None:
    vendor = LocalVendor()
    status, _ = vendor.answer(method, path, body)
    vendor.answer(method, path, body)
    assert status == 200
    assert vendor.counts == {counted_as: 2}


def test_an_unknown_route_is_a_404_and_is_not_counted() -> None:
    vendor = LocalVendor()
    status, payload = vendor.answer("POST", "/nowhere", b"{}")
    assert status == 404
    assert payload == {"error": "no route for POST /nowhere"}
    assert vendor.counts == {}


def test_the_server_answers_over_http_with_keep_alive_and_reports_counts() -> None:
    with running_local_vendor() as base_url, httpx.Client(base_url=base_url) as client:
        assert base_url.startswith("http://127.0.0.1:")
        for _ in range(3):
            answer = client.request("DELETE", "/v1/projects/p/sessions", json={"session_id": "s"})
            assert answer.json()["success"] is True
        assert client.get("/_counts").json() == {"pathors:p/s": 3}


def test_calls_for_one_session_that_arrive_while_another_is_answered_count_as_overlaps() -> None:
    with running_local_vendor(delay_ms=300) as base_url:
        ref = {"pipeline_run_id": "run"}
        one, two = (httpx.Client(base_url=base_url) for _ in range(2))
        with one, two, httpx.Client(base_url=base_url) as reader:
            with concurrent.futures.ThreadPoolExecutor(2) as pool:
                answers = [
                    pool.submit(client.post, "/v1/chatbot/bot/terminate", json=ref)
                    for client in (one, two)
                ]
                assert all(answer.result().status_code == 200 for answer in answers)
            later = {"pipeline_run_id": "later"}
            for _ in range(2):  # one after the other: never an overlap
                one.post("/v1/chatbot/bot/terminate", json=later)
            counts = reader.get("/_counts").json()
            assert counts == {"vectorshift:bot/run": 2, "vectorshift:bot/later": 2}
            assert reader.get("/_overlaps").json() == {"vectorshift:bot/run": 1}
