"""Bad settings and bad input are a HangupError naming what was wrong, never httpx's or Python's.

Settings are checked whole when a client is made; a ref that cannot be sent is an error for
that ref only; end_many over a generator never starts more workers than there is work.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable

import httpx
import pytest

from hangup import (
    AsyncHangup,
    ConfigurationError,
    Ended,
    Hangup,
    HangupError,
    InvalidArgument,
    TransportError,
)
from hangup._batch import run_bounded, run_bounded_async
from hangup._connection import transport_error
from hangup.defaults import MAX_TIMEOUT, MIN_SECRET_LENGTH, WORKER_HEADROOM
from tests.hangup.fakes import KEYS, REFS, Vendor, ok, sync_client

BAD_BASE_URLS = [
    "http://127.0.0.1:abc",
    "http://[::1",
    "http://[zz]",
    "http://127.0.0.1:99999",
    "http://127.0.0.1:-1",
    "http://a..b:1",
    "http://" + "a" * 300 + ".example",
    "http://",
]


@pytest.mark.parametrize("client_class", [Hangup, AsyncHangup])
@pytest.mark.parametrize("base_url", BAD_BASE_URLS)
def test_a_base_url_httpx_cannot_use_is_refused_at_construction_naming_the_setting(
    client_class: type[Hangup] | type[AsyncHangup], base_url: str
) -> None:
    with pytest.raises(ConfigurationError, match="HAMSA_BASE_URL") as caught:
        client_class(env={"HAMSA_BASE_URL": base_url})
    assert caught.value.vendor == "hamsa"
    with pytest.raises(ConfigurationError, match="base_urls"):
        client_class(env={}, base_urls={"hamsa": base_url})


@pytest.mark.parametrize(
    "base_url", ["http://127.0.0.1:8080", "https://api.tryhamsa.com/v1", "http://[::1]:9/x"]
)
def test_good_base_urls_still_pass(base_url: str) -> None:
    assert Hangup(env={}, base_urls={"hamsa": base_url}).vendors["hamsa"].base_url == base_url


@pytest.mark.parametrize("client_class", [Hangup, AsyncHangup])
@pytest.mark.parametrize(
    "timeout",
    [1e10, 10**400, float("nan"), -1, 0, MAX_TIMEOUT * 2, httpx.Timeout(5.0, connect=1e10)],
)
def test_a_timeout_that_would_overflow_or_never_end_is_refused_at_construction(
    client_class: type[Hangup] | type[AsyncHangup], timeout: object
) -> None:
    with pytest.raises(InvalidArgument, match="timeout") as caught:
        client_class(env={}, timeout=timeout)  # type: ignore[arg-type]
    assert "Timeout(" not in str(caught.value)  # it names the part, not a Python repr


def test_the_largest_timeout_allowed_is_accepted() -> None:
    assert Hangup(env={}, timeout=MAX_TIMEOUT)._options.timeout.read == MAX_TIMEOUT


@pytest.mark.parametrize("source", ["argument", "environment"])
def test_a_key_too_short_to_scrub_is_refused_without_echoing_it(source: str) -> None:
    short = "k" * (MIN_SECRET_LENGTH - 1)
    options = (
        {"api_keys": {"hamsa": short}, "env": {}}
        if source == "argument"
        else {"env": {"HAMSA_API_KEY": short}}
    )
    with pytest.raises(ConfigurationError, match=f"shorter than {MIN_SECRET_LENGTH}") as caught:
        Hangup(**options)  # type: ignore[arg-type]
    assert short not in str(caught.value) + repr(caught.value)
    assert ("api_keys" if source == "argument" else "HAMSA_API_KEY") in str(caught.value)


def test_every_test_and_demo_key_is_long_enough() -> None:
    from tests.contract.facade import KEYS as CONTRACT_KEYS
    from tests.contract.facade import SESSION_TOKEN as CONTRACT_TOKEN
    from tests.hangup.fakes import SESSION_TOKEN

    keys = [*KEYS.values(), *CONTRACT_KEYS.values(), SESSION_TOKEN, CONTRACT_TOKEN]
    keys += [f"demo-key-{vendor}" for vendor in KEYS]  # scripts/demo.py's
    assert min(map(len, keys)) >= MIN_SECRET_LENGTH


def test_a_session_token_too_short_to_scrub_is_refused_before_sending() -> None:
    fake = Vendor("liveavatar", [ok("liveavatar")])
    with sync_client(fake) as client, pytest.raises(InvalidArgument, match="session_token"):
        client.end(REFS["liveavatar"], session_token="abc")
    assert fake.requests == []


def test_an_id_too_long_for_a_url_is_an_error_for_that_ref_only() -> None:
    fake = Vendor("pathors", [ok("pathors")])
    huge = "pathors:" + "p" * 70_000 + "/s"  # the project is in the path
    with sync_client(fake) as client:
        with pytest.raises(InvalidArgument, match="cannot be sent"):
            client.end(huge)
        outcomes = client.end_many([huge, REFS["pathors"]])
    assert isinstance(outcomes[0], InvalidArgument)
    assert isinstance(outcomes[1], Ended)
    assert len(fake.requests) == 1


@pytest.mark.asyncio
async def test_the_async_client_reports_the_long_id_for_that_ref_only_too() -> None:
    from tests.hangup.fakes import async_client

    fake = Vendor("pathors", [ok("pathors")])
    async with async_client(fake) as client:
        outcomes = await client.end_many(["pathors:" + "p" * 70_000 + "/s", REFS["pathors"]])
    assert [type(o).__name__ for o in outcomes] == ["InvalidArgument", "Ended"]


def test_a_timeout_without_a_message_still_says_what_happened() -> None:
    request = httpx.Request("POST", "http://127.0.0.1:9/x")
    error = transport_error("hamsa", "hamsa:x", httpx.ReadTimeout("", request=request))
    assert isinstance(error, TransportError)
    assert "no detail" not in error.message
    assert "sent nothing within the timeout" in error.message


def test_end_many_over_a_generator_at_a_huge_concurrency_returns() -> None:
    started: list[str] = []

    def work(item: str) -> str:
        started.append(threading.current_thread().name)
        return item

    items = (f"pathors:p/s{i}" for i in range(3))
    assert run_bounded(work, items, concurrency=10**9) == [f"pathors:p/s{i}" for i in range(3)]
    assert len(set(started)) <= 3


def test_workers_start_as_items_are_taken_never_more_than_taken_plus_headroom() -> None:
    from hangup._batch import _Workers

    workers = _Workers(iter([]), concurrency=10**9)
    assert workers.first == WORKER_HEADROOM
    started = [workers.one_more(taken=taken) for taken in range(1, 6)]
    assert started == [True] * 5
    assert workers.started == WORKER_HEADROOM + 5  # one more per item taken, no faster
    assert workers.one_more(taken=5) is False
    assert _Workers([1, 2], concurrency=10**9).most == 2  # a list's length bounds it outright


@pytest.mark.asyncio
async def test_async_end_many_over_a_generator_at_a_huge_concurrency_returns() -> None:
    tasks_seen: set[int] = set()

    async def work(item: int) -> int:
        task = asyncio.current_task()
        tasks_seen.add(id(task))
        await asyncio.sleep(0)  # a yield to the loop, not a pause
        return item

    assert await run_bounded_async(work, iter(range(3)), concurrency=10**9) == [0, 1, 2]
    assert len(tasks_seen) <= 3 + WORKER_HEADROOM


@pytest.mark.asyncio
async def test_an_expected_failure_is_its_items_result_raised_before_or_while_awaited() -> None:
    async def failing(item: int) -> int:
        await asyncio.sleep(0)  # a yield to the loop, not a pause: it fails once awaited
        raise LookupError(f"late {item}")

    def work(item: int) -> Awaitable[int]:
        if item == 1:
            raise LookupError("early 1")  # before there is anything to await
        return failing(item) if item == 2 else asyncio.sleep(0, item)  # one yield, then item

    results = await run_bounded_async(work, range(4), concurrency=2, expected=(LookupError,))
    assert [str(r) if isinstance(r, LookupError) else r for r in results] == [
        0,
        "early 1",
        "late 2",
        3,
    ]
    with pytest.raises(LookupError):  # anything not expected is a bug: it stops the batch
        await run_bounded_async(work, range(4), concurrency=2, expected=(KeyError,))


@pytest.mark.asyncio
async def test_the_async_client_end_many_with_a_generator_and_a_billion_workers_returns() -> None:
    from tests.hangup.fakes import async_client

    fake = Vendor("pathors", [ok("pathors")] * 3)
    async with async_client(fake) as client:
        refs = (f"pathors:p/s{i}" for i in range(3))
        outcomes = await client.end_many(refs, concurrency=10**9)
    assert [isinstance(o, Ended) for o in outcomes] == [True, True, True]


def test_the_sync_client_end_many_with_a_generator_and_a_billion_workers_returns() -> None:
    fake = Vendor("pathors", [ok("pathors")] * 3)
    with sync_client(fake) as client:
        outcomes = client.end_many((f"pathors:p/s{i}" for i in range(3)), concurrency=10**9)
    assert all(isinstance(o, Ended) for o in outcomes)
    assert not any(isinstance(o, HangupError) for o in outcomes)


def test_an_answer_a_model_cannot_read_is_an_unexpected_response_not_a_key_error() -> None:
    from hangup import UnexpectedResponseError
    from hangup._call_errors import read_answer

    def read(response: httpx.Response) -> object:
        return response.json()["missing"]  # what a generated from_dict does on an odd shape

    answer = httpx.Response(200, json={"other": 1})
    with pytest.raises(UnexpectedResponseError, match="could not be read") as caught:
        read_answer(read, answer, "hamsa", "hamsa:x")
    assert caught.value.status_code == 200
    assert caught.value.ref == "hamsa:x"
