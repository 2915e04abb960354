"""Log lines that say something: a retry, a deprecation, HANGUP_LOG; none carries a key."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import httpx
import pytest
import stamina

from hangup import Hangup, ServerError
from hangup.cli import main
from tests.hangup.backoff import slept
from tests.hangup.fakes import KEYS, REFS, SESSION_TOKEN, Vendor, ok, sync_client

__all__ = ["slept"]  # the fixture, imported for pytest


def hangup_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "hangup"]


def assert_no_secret_in(records: list[logging.LogRecord]) -> None:
    """Neither the message nor any field of any record holds a key or the session token."""
    assert records
    for record in records:
        text = record.getMessage() + repr(sorted(record.__dict__.items(), key=str))
        for secret in (*KEYS.values(), SESSION_TOKEN):
            assert secret not in text


@pytest.fixture
def hangup_logger_level() -> Iterator[logging.Logger]:
    """The `hangup` and `httpx` loggers' levels and the root's handlers, put back afterwards."""
    hangup, httpx_logger, root = (logging.getLogger(n) for n in ("hangup", "httpx", ""))
    levels, handlers = (hangup.level, httpx_logger.level), list(root.handlers)
    yield hangup
    hangup.setLevel(levels[0])
    httpx_logger.setLevel(levels[1])
    root.handlers[:] = handlers


def test_a_retry_logs_vendor_ref_attempt_of_max_wait_and_the_status_with_retry_after(
    caplog: pytest.LogCaptureFixture, slept: list[float]
) -> None:
    caplog.set_level(logging.INFO, logger="hangup")
    busy = httpx.Response(503, json={"message": "busy"}, headers={"Retry-After": "2"})
    with sync_client(Vendor("hamsa", [busy, ok("hamsa")])) as client:
        client.end(REFS["hamsa"])

    [line] = hangup_records(caplog)
    assert line.levelno == logging.INFO
    assert line.getMessage() == (
        f"hamsa {REFS['hamsa']}: attempt 1 of 3 failed (HTTP 503, Retry-After 2 s); "
        "retrying in 2.00 s"
    )
    assert {key: value for key, value in line.__dict__.items() if key.startswith("hangup_")} == {
        "hangup_vendor": "hamsa",
        "hangup_ref": REFS["hamsa"],
        "hangup_attempt": 1,
        "hangup_attempts": 3,
        "hangup_wait_seconds": 2.0,
        "hangup_retry_reason": "503",
    }
    assert slept == [2.0]
    assert_no_secret_in(hangup_records(caplog))


def test_each_retry_of_a_transport_failure_logs_the_httpx_error_and_stamina_s_wait(
    caplog: pytest.LogCaptureFixture, slept: list[float]
) -> None:
    caplog.set_level(logging.INFO, logger="hangup")
    down = httpx.ConnectError(f"refused, and here is a key {KEYS['liveavatar']}")
    fake = Vendor("liveavatar", [down, down, down])
    with sync_client(fake) as client, pytest.raises(Exception, match="ConnectError"):
        client.end(REFS["liveavatar"], session_token=SESSION_TOKEN)

    lines = hangup_records(caplog)
    assert [line.__dict__["hangup_attempt"] for line in lines] == [1, 2]
    assert all(" of 3 failed (" in line.getMessage() for line in lines)
    where = "(ConnectError on POST https://api.liveavatar.com/v1/sessions/stop: refused"
    assert all(where in line.getMessage() for line in lines)
    assert {line.__dict__["hangup_retry_reason"] for line in lines} == {"ConnectError"}
    waits = [line.__dict__["hangup_wait_seconds"] for line in lines]
    assert waits == pytest.approx(slept)  # stamina's own backoff, jitter and all
    assert_no_secret_in(lines)


def test_the_application_s_own_stamina_retries_log_no_hangup_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="hangup")
    with sync_client(Vendor("hamsa", [httpx.Response(503, json={}), ok("hamsa")])) as client:
        client.end(REFS["hamsa"])  # puts hangup's hook beside stamina's
    caplog.clear()
    failures = iter([ServerError("theirs", vendor="hamsa", status_code=500), None])
    for attempt in stamina.retry_context(on=ServerError, attempts=2):
        with attempt:
            failure = next(failures)
            if failure is not None:
                raise failure
    assert hangup_records(caplog) == []


def test_a_deprecation_warning_names_the_operation_and_its_dates_as_fields_too(
    caplog: pytest.LogCaptureFixture,
) -> None:
    headers = {"Deprecation": "@1767225600", "Sunset": "Wed, 30 Jun 2027 00:00:00 GMT"}
    answer = httpx.Response(200, json={"success": True, "message": "done"}, headers=headers)
    with sync_client(Vendor("hamsa", [answer])) as client:
        client.end(REFS["hamsa"])

    [line] = hangup_records(caplog)
    assert line.levelno == logging.WARNING
    message = line.getMessage()
    assert message.startswith("hamsa terminate_conversation: the vendor marks this call deprecated")
    assert "since 2026-01-01; it stops working on 2027-06-30" in message
    assert line.__dict__["hangup_operation"] == "terminate_conversation"
    assert line.__dict__["hangup_deprecated_since"] == "2026-01-01"
    assert line.__dict__["hangup_sunset"] == "2027-06-30"
    assert_no_secret_in([line])


def test_hangup_log_sets_the_level_and_leaves_the_application_s_handlers_alone(
    hangup_logger_level: logging.Logger,
) -> None:
    root = logging.getLogger()
    own = logging.NullHandler()
    root.handlers[:] = [own]  # the application configured logging
    Hangup(api_keys=KEYS, env={"HANGUP_LOG": "debug"})
    assert hangup_logger_level.level == logging.DEBUG
    assert logging.getLogger("httpx").level == logging.DEBUG
    assert root.handlers == [own]

    Hangup(api_keys=KEYS, env={"HANGUP_LOG": "warning"})
    assert hangup_logger_level.level == logging.WARNING


def test_hangup_log_gives_an_unconfigured_process_a_stderr_handler(
    hangup_logger_level: logging.Logger,
) -> None:
    logging.getLogger().handlers[:] = []
    Hangup(api_keys=KEYS, env={"HANGUP_LOG": "info"})
    assert hangup_logger_level.level == logging.INFO
    [handler] = logging.getLogger().handlers
    assert isinstance(handler, logging.StreamHandler)


def test_an_unknown_hangup_log_value_is_ignored_with_one_warning_that_does_not_repeat_it(
    hangup_logger_level: logging.Logger, caplog: pytest.LogCaptureFixture
) -> None:
    hangup_logger_level.setLevel(logging.NOTSET)
    Hangup(api_keys=KEYS, env={"HANGUP_LOG": "loud-secret-ish"})
    assert hangup_logger_level.level == logging.NOTSET
    [line] = hangup_records(caplog)
    assert "HANGUP_LOG must be one of debug, info, warning" in line.getMessage()
    assert "loud-secret-ish" not in line.getMessage()


def test_the_cli_reads_hangup_log_too_and_keeps_v(
    hangup_logger_level: logging.Logger, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANGUP_LOG", "debug")
    assert main(["vendors", "--json"]) == 0
    assert hangup_logger_level.level == logging.DEBUG
    monkeypatch.setenv("HANGUP_LOG", "warning")
    assert main(["-v", "vendors", "--json"]) == 0  # -v is still an option, beside HANGUP_LOG
    assert hangup_logger_level.level == logging.WARNING
