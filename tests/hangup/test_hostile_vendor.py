"""Against a vendor that echoes credentials in every channel and breaks HTTP, every call of both
clients, for every vendor and both credentials, ends in Ended or a HangupError, within its
timeout, and no form of any secret shows in the error, its cause, a log record or the ledger.

The keys hold the characters that escaping changes (`/`, `"`, `\\`, a space, `+`, `&`), so a
scrubber that only knows the raw bytes fails here. The server is tests/hangup/hostile.py.
"""

from __future__ import annotations

import json
import logging
import time
import traceback
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from hangup import AsyncHangup, Ended, Hangup, HangupError, Ledger, UnexpectedResponseError
from tests.hangup.fakes import REFS
from tests.hangup.hostile import MODES, HostileVendor, hostile_vendor

HOSTILE_KEYS = {
    "vectorshift": 'vs key/"q"\\1+&=x',
    "pathors": 'dk_p/"a"\\th +&=y',
    "liveavatar": 'la-k/"e"\\y +&=z',
    "hamsa": 'hm k/"e"\\y9+&=w',
}
HOSTILE_TOKEN = 'la-tok/"en"\\7+&'
TIMEOUT = 2.0
# Every mode that answers at once; `ok` and `deep_sse` are for other tests.
ECHOING = [m for m in MODES if m not in ("ok", "deep_sse")]
CREDENTIALS = [(vendor, None) for vendor in REFS] + [("liveavatar", HOSTILE_TOKEN)]


def forms(secret: str) -> set[str]:
    """Every spelling of `secret` a reader would recognise: as sent, escaped, encoded."""
    once = {
        secret,
        json.dumps(secret)[1:-1],
        json.dumps(secret)[1:-1].replace("/", "\\/"),
        repr(secret)[1:-1],
        repr(secret.encode())[2:-1],
        quote(secret, safe=""),
        quote(secret),
        quote_plus(secret),
        "".join(f"\\u{ord(char):04x}" for char in secret),
    }
    return once | {repr(form)[1:-1] for form in once}  # a repr of an error holding a repr


ALL_FORMS = set().union(*(forms(s) for s in [*HOSTILE_KEYS.values(), HOSTILE_TOKEN]))


def leaks(text: str) -> list[str]:
    return sorted(form for form in ALL_FORMS if form in text)


def error_text(error: BaseException) -> str:
    """Everything an error shows: str, repr, attributes, and its whole printed traceback."""
    printed = "".join(traceback.format_exception(error))
    return "\n".join([str(error), repr(error), repr(vars(error)), printed])


def log_text(caplog: pytest.LogCaptureFixture) -> str:
    formatter = logging.Formatter("%(message)s")
    return "\n".join(
        formatter.format(record) + " " + repr(vars(record)) for record in caplog.records
    )


@pytest.fixture
def vendor() -> Iterator[HostileVendor]:
    with hostile_vendor() as running:
        yield running


@pytest.fixture(autouse=True)
def everything_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "hangup", "stamina"):
        caplog.set_level(logging.DEBUG, logger=name)
    # conftest has stamina in testing mode: retries run, and log caused_by, without waiting.


def client_options(vendor: HostileVendor, ledger: Ledger) -> dict[str, object]:
    return {
        "api_keys": HOSTILE_KEYS,
        "base_urls": dict.fromkeys(HOSTILE_KEYS, vendor.url),
        "env": {},
        "timeout": TIMEOUT,
        "max_retries": 1,
        "ledger": ledger,
    }


def check_outcome(outcome: object, took: float, mode: str) -> str:
    assert isinstance(outcome, Ended | HangupError), f"{mode}: {outcome!r}"
    assert took < TIMEOUT * 2  # two attempts at most, each bounded by the timeout
    if mode.startswith("deep"):
        assert isinstance(outcome, UnexpectedResponseError)
    return error_text(outcome) if isinstance(outcome, HangupError) else repr(outcome)


@pytest.mark.parametrize("mode", ECHOING)
def test_the_sync_client_survives_every_echo_and_leaks_nothing(
    mode: str, vendor: HostileVendor, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    vendor.mode = mode
    seen = []
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        with Hangup(**client_options(vendor, ledger)) as client:  # type: ignore[arg-type]
            for name, token in CREDENTIALS:
                client.track(REFS[name])
                started = time.monotonic()
                try:
                    outcome: object = client.end(REFS[name], session_token=token)
                except HangupError as error:
                    outcome = error
                seen.append(check_outcome(outcome, time.monotonic() - started, mode))
        seen += [repr(entry.to_json()) for entry in ledger.sessions()]
    assert len(vendor.seen) >= len(CREDENTIALS)  # every call reached the hostile vendor
    assert leaks("\n".join(seen)) == []
    assert leaks(log_text(caplog)) == []


@pytest.mark.asyncio
@pytest.mark.parametrize("mode", ECHOING)
async def test_the_async_client_survives_every_echo_and_leaks_nothing(
    mode: str, vendor: HostileVendor, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    vendor.mode = mode
    seen = []
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        async with AsyncHangup(**client_options(vendor, ledger)) as client:  # type: ignore[arg-type]
            for name, token in CREDENTIALS:
                client.track(REFS[name])
                started = time.monotonic()
                try:
                    outcome: object = await client.end(REFS[name], session_token=token)
                except HangupError as error:
                    outcome = error
                seen.append(check_outcome(outcome, time.monotonic() - started, mode))
        seen += [repr(entry.to_json()) for entry in ledger.sessions()]
    assert len(vendor.seen) >= len(CREDENTIALS)
    assert leaks("\n".join(seen)) == []
    assert leaks(log_text(caplog)) == []


def test_the_echoes_really_carry_the_secret_so_the_scrubbing_is_seen_to_work(
    vendor: HostileVendor,
) -> None:
    """The hostile vendor must put every secret on the wire, or the tests above prove nothing."""
    import httpx

    for mode in ECHOING[:-1]:  # deep_json echoes nothing
        vendor.mode = mode
        with httpx.Client() as raw:
            try:
                response = raw.post(vendor.url + "/x", headers={"x-api-key": HOSTILE_TOKEN})
                wire = f"{response.reason_phrase} {response.headers} {response.text}"
            except httpx.HTTPError as error:
                wire = str(error)
        assert leaks(wire), mode


def test_a_stream_line_nested_100000_deep_is_an_unexpected_response(
    vendor: HostileVendor, tmp_path: Path
) -> None:
    vendor.mode = "deep_sse"
    tracemalloc.start()
    try:
        with Hangup(**client_options(vendor, Ledger(tmp_path / "l"))) as client:  # type: ignore[arg-type]
            started = time.monotonic()
            with pytest.raises(UnexpectedResponseError, match="not JSON"):
                list(client.vectorshift.stream("bot_1", "hi"))
            assert time.monotonic() - started < TIMEOUT
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 32 * 2**20  # the 200 kB line, parsed or not, costs no more than a few copies


@pytest.mark.asyncio
async def test_the_async_stream_refuses_the_deep_line_the_same_way(
    vendor: HostileVendor, tmp_path: Path
) -> None:
    vendor.mode = "deep_sse"
    async with AsyncHangup(**client_options(vendor, Ledger(tmp_path / "l"))) as client:  # type: ignore[arg-type]
        with pytest.raises(UnexpectedResponseError, match="not JSON"):
            async for _ in client.vectorshift.stream("bot_1", "hi"):
                pass
