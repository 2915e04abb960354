"""Hangup / AsyncHangup wiring: settings, pooling, end_many, and what `import hangup` loads."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from collections.abc import Iterator

import httpx
import pytest

from hangup import (
    DEFAULT_MAX_RETRIES,
    AsyncHangup,
    ConfigurationError,
    Ended,
    Hangup,
    InvalidArgument,
    InvalidSessionRef,
    NotFoundError,
)
from hangup.defaults import PREPARE_AHEAD
from tests.hangup.fakes import KEYS, REFS, UUID, Vendor, async_client, ok, sync_client


def test_keys_and_base_urls_come_from_the_environment() -> None:
    env = {"HAMSA_API_KEY": "env-key-123", "HAMSA_BASE_URL": "http://127.0.0.1:9"}
    fake = Vendor(None, [ok("hamsa")])
    with Hangup(env=env, transport=fake.transport) as client:
        client.end(REFS["hamsa"])
        assert client.vendors["hamsa"].base_url == "http://127.0.0.1:9"
        assert client.vendors["vectorshift"].base_url == "https://api.vectorshift.ai/v1"
    (request,) = fake.requests
    assert str(request.url).startswith("http://127.0.0.1:9/v1/voice-agents/conversation/")
    assert request.headers["authorization"] == "Token env-key-123"


def test_arguments_win_over_the_environment() -> None:
    env = {"HAMSA_API_KEY": "env-key-123", "HAMSA_BASE_URL": "http://127.0.0.1:9"}
    fake = Vendor(None, [ok("hamsa")])
    client = Hangup(
        api_keys={"hamsa": "arg-key-456"},
        base_urls={"hamsa": "http://127.0.0.1:8"},
        env=env,
        transport=fake.transport,
    )
    with client:
        client.end(REFS["hamsa"])
    assert fake.requests[0].headers["authorization"] == "Token arg-key-456"
    assert fake.requests[0].url.port == 8


def test_a_base_url_without_its_path_prefix_works_for_prism_style_mocks() -> None:
    fake = Vendor(None, [ok("vectorshift")])
    with Hangup(
        api_keys=KEYS,
        base_urls={"vectorshift": "http://127.0.0.1:4010"},
        env={},
        transport=fake.transport,
    ) as client:
        client.end(REFS["vectorshift"])
    assert str(fake.requests[0].url) == "http://127.0.0.1:4010/chatbot/bot_1/terminate"


def test_a_missing_key_raises_configuration_error_naming_the_env_var() -> None:
    fake = Vendor("hamsa", [ok("hamsa")])
    with Hangup(env={}, transport=fake.transport) as client:
        with pytest.raises(ConfigurationError) as caught:
            client.end(REFS["hamsa"])
        with pytest.raises(ConfigurationError):
            _ = client.hamsa.api
    assert "HAMSA_API_KEY is not set" in str(caught.value)
    assert "api_keys={'hamsa': ...}" in str(caught.value)
    assert fake.requests == []


def test_a_missing_key_is_a_result_not_a_crash_in_end_many() -> None:
    fake = Vendor("hamsa", [ok("hamsa")])
    with Hangup(env={}, transport=fake.transport) as client:
        (outcome,) = client.end_many([REFS["hamsa"]])
    assert isinstance(outcome, ConfigurationError)


@pytest.mark.asyncio
@pytest.mark.parametrize("on_httpx", [False, True], ids=["aiohttp", "httpx"])
async def test_async_a_missing_key_is_each_refs_result_and_nothing_is_sent(on_httpx: bool) -> None:
    transport = httpx.AsyncHTTPTransport() if on_httpx else None
    # Port 9 (discard) answers nothing: a request sent would come back as a TransportError.
    base_urls = {"hamsa": "http://127.0.0.1:9"}
    async with AsyncHangup(base_urls=base_urls, env={}, transport=transport) as client:
        outcomes = await client.end_many([REFS["hamsa"], "not a ref", REFS["hamsa"]])
    assert [type(outcome).__name__ for outcome in outcomes] == [
        "ConfigurationError",
        "InvalidSessionRef",
        "ConfigurationError",
    ]
    assert "HAMSA_API_KEY" in str(outcomes[0])


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({"api_keys": {"zoom": "k"}}, "unknown vendor"),
        ({"base_urls": {"hamsa": "ftp://x"}}, "http:// or https://"),
        ({"env": {"PATHORS_BASE_URL": "api.pathors.com"}}, "PATHORS_BASE_URL"),
        ({"api_keys": {"hamsa": "key\nX-Evil: 1"}}, "printable"),
    ],
)
def test_bad_settings_raise_configuration_error(options: dict[str, object], says: str) -> None:
    options.setdefault("env", {})
    with pytest.raises(ConfigurationError, match=says):
        Hangup(**options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "options",
    [
        {"timeout": None},
        {"timeout": 0},
        {"timeout": httpx.Timeout(5.0, read=None)},
        {"max_retries": -1},
        {"max_retries": 1.5},
    ],
)
def test_an_infinite_timeout_or_a_bad_retry_count_is_refused(options: dict[str, object]) -> None:
    with pytest.raises(InvalidArgument):
        Hangup(env={}, **options)  # type: ignore[arg-type]


def test_defaults_are_a_finite_timeout_and_two_retries() -> None:
    client = Hangup(env={})
    assert client._options.timeout == httpx.Timeout(30.0, connect=5.0)
    assert client._options.max_retries == DEFAULT_MAX_RETRIES == 2


def test_one_pooled_httpx_client_per_vendor_is_reused_and_closed_on_close() -> None:
    fake = Vendor(None, [ok("hamsa")])
    client = sync_client(fake)
    client.end(REFS["hamsa"])
    http = client._connection("hamsa").http
    client.end(REFS["hamsa"])
    assert client._connection("hamsa").http is http
    assert client.hamsa.api.get_httpx_client() is http  # the generated client shares the pool
    client.close()
    assert http.is_closed


@pytest.mark.asyncio
async def test_the_async_pool_is_reused_and_closed_on_close() -> None:
    fake = Vendor(None, [ok("pathors")])
    async with async_client(fake) as client:
        await client.end(REFS["pathors"])
        http = client._connection("pathors").http
        await client.end(REFS["pathors"])
        assert client._connection("pathors").http is http
        assert client.pathors.api.get_async_httpx_client() is http
    assert http.is_closed


def mixed_refs(n: int) -> list[str]:
    return [f"pathors:proj/sess_{i}" if i % 3 else "not a ref" for i in range(n)]


def answer_by_session(request: httpx.Request) -> httpx.Response:
    session = request.read().decode()
    if "sess_4" in session:
        return httpx.Response(404, json={"error": "Session not found"})
    return httpx.Response(200, json={"success": True, "sessionId": session})


def test_end_many_returns_one_result_per_ref_in_order_and_failures_do_not_stop_others() -> None:
    refs = mixed_refs(30)
    fake = Vendor(None, [answer_by_session])
    with sync_client(fake) as client:
        results = client.end_many(refs, concurrency=4)
    assert len(results) == 30
    for ref, result in zip(refs, results, strict=True):
        if ref == "not a ref":
            assert isinstance(result, InvalidSessionRef)
        elif ref.endswith("sess_4"):
            assert isinstance(result, NotFoundError)
        else:
            assert isinstance(result, Ended)
            assert str(result.ref) == ref
    assert len(fake.requests) == 20


@pytest.mark.asyncio
async def test_async_end_many_returns_one_result_per_ref_in_order() -> None:
    refs = mixed_refs(30)
    fake = Vendor(None, [answer_by_session])
    async with async_client(fake) as client:
        results = await client.end_many(iter(refs), concurrency=4)
    assert [type(r).__name__ for r in results] == [
        "InvalidSessionRef"
        if r == "not a ref"
        else "NotFoundError"
        if r.endswith("sess_4")
        else "Ended"
        for r in refs
    ]


class InFlight:
    """Count how many requests are in flight at once, at most."""

    def __init__(self) -> None:
        self.now = 0
        self.most = 0
        self.lock = threading.Lock()

    def enter(self) -> None:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)

    def leave(self) -> None:
        with self.lock:
            self.now -= 1


def test_end_many_never_runs_more_than_concurrency_calls_at_once() -> None:
    flight = InFlight()
    release = threading.Event()

    def slow(request: httpx.Request) -> httpx.Response:
        flight.enter()
        release.wait(0.01)
        flight.leave()
        return httpx.Response(200, json={"success": True})

    with sync_client(Vendor(None, [slow])) as client:
        results = client.end_many((f"pathors:p/s{i}" for i in range(60)), concurrency=5)
    assert len(results) == 60
    assert 1 < flight.most <= 5


@pytest.mark.asyncio
async def test_async_end_many_never_runs_more_than_concurrency_calls_at_once() -> None:
    flight = InFlight()

    class Slow(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            flight.enter()
            await asyncio.sleep(0)
            await asyncio.sleep(0)
            flight.leave()
            return httpx.Response(200, json={"success": True})

    async with AsyncHangup(api_keys=KEYS, env={}, transport=Slow()) as client:
        results = await client.end_many((f"pathors:p/s{i}" for i in range(200)), concurrency=7)
    assert len(results) == 200
    assert flight.most == 7


class PullCounter:
    """Refs from a generator that counts how many were read, and how many by the first answer."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.pulled = 0
        self.pulled_by_first_answer: int | None = None

    def refs(self) -> Iterator[str]:
        for i in range(self.count):
            self.pulled += 1
            yield f"pathors:p/s{i}"

    def answer(self, request: httpx.Request) -> httpx.Response:
        if self.pulled_by_first_answer is None:
            self.pulled_by_first_answer = self.pulled
        return httpx.Response(200, json={"success": True})


def test_end_many_pulls_refs_lazily_never_reading_the_whole_iterable_first() -> None:
    counter = PullCounter(50)
    with sync_client(Vendor(None, [counter.answer])) as client:
        client.end_many(counter.refs(), concurrency=3)
    assert counter.pulled_by_first_answer is not None
    assert counter.pulled_by_first_answer <= 3
    assert counter.pulled == 50


@pytest.mark.asyncio
async def test_async_end_many_reads_refs_no_further_ahead_than_it_prepares_them() -> None:
    counter = PullCounter(500)
    async with async_client(Vendor(None, [counter.answer])) as client:
        results = await client.end_many(counter.refs(), concurrency=3)
    assert counter.pulled_by_first_answer is not None
    assert counter.pulled_by_first_answer <= PREPARE_AHEAD  # a chunk is read, not all 500
    assert counter.pulled == len(results) == 500


def test_end_many_calls_on_result_once_per_ref() -> None:
    seen: list[int] = []
    with sync_client(Vendor(None, [ok("pathors")])) as client:
        client.end_many(
            [f"pathors:p/s{i}" for i in range(20)], on_result=lambda i, _: seen.append(i)
        )
    assert sorted(seen) == list(range(20))


def test_a_bug_in_on_result_is_raised_not_swallowed() -> None:
    def broken(index: int, outcome: object) -> None:
        raise RuntimeError("callback bug")

    with sync_client(Vendor(None, [ok("pathors")])) as client, pytest.raises(RuntimeError):
        client.end_many(["pathors:p/s"] * 5, on_result=broken)


@pytest.mark.asyncio
async def test_a_bug_in_async_on_result_is_raised_not_swallowed() -> None:
    def broken(index: int, outcome: object) -> None:
        raise RuntimeError("callback bug")

    async with async_client(Vendor(None, [ok("pathors")])) as client:
        with pytest.raises(RuntimeError, match="callback bug"):
            await client.end_many(["pathors:p/s"] * 5, on_result=broken)


@pytest.mark.parametrize("concurrency", [0, -1, 2.5])
def test_a_bad_concurrency_is_refused(concurrency: object) -> None:
    with sync_client(Vendor(None, [ok("pathors")])) as client, pytest.raises(InvalidArgument):
        client.end_many(["pathors:p/s"], concurrency=concurrency)  # type: ignore[arg-type]


def test_end_many_of_nothing_is_an_empty_list() -> None:
    with sync_client(Vendor(None, [ok("pathors")])) as client:
        assert client.end_many([]) == []


def test_client_reprs_say_which_keys_are_set_never_the_keys() -> None:
    client = Hangup(api_keys={"hamsa": KEYS["hamsa"]}, env={})
    text = repr(client)
    assert "hamsa=key" in text
    assert "pathors=no key" in text
    assert KEYS["hamsa"] not in text
    assert KEYS["hamsa"] not in repr(client.vendors["hamsa"])
    assert KEYS["hamsa"] not in repr(client._connection("hamsa"))


def test_import_hangup_loads_no_generated_client_and_no_optional_library() -> None:
    code = (
        "import sys, hangup\n"
        "heavy = ('vectorshift_client', 'pathors_client', 'liveavatar_client', 'hamsa_client',"
        " 'stamina', 'tenacity', 'httpx_sse', 'rich', 'asyncio', 'aiohttp', 'httpx_aiohttp',"
        " 'httpcore', 'hangup.vendors.hamsa')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_vendor_is_loaded_on_first_use_only() -> None:
    code = (
        "import sys, httpx, hangup\n"
        "t = httpx.MockTransport(lambda r: httpx.Response(200, json={'success': True}))\n"
        f"hangup.Hangup(api_keys={{'hamsa': 'k-123456'}}, transport=t).end('hamsa:{UUID}')\n"
        "print(sorted(m for m in sys.modules if m.endswith('_client') and '.' not in m))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['hamsa_client']"
