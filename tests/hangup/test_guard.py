"""client.guard(ref): the session is ended however the block exits, and never hides why it did."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest

from hangup import AsyncHangup, InvalidSessionRef, ServerError, SessionRef
from tests.hangup.fakes import KEYS, REFS, Vendor, async_client, ok, sync_client

REF = REFS["hamsa"]
BROKEN = httpx.Response(500, json={"message": "database unavailable"})


class Boom(Exception):
    """The block's own failure."""


def test_guard_ends_the_session_when_the_block_finishes() -> None:
    fake = Vendor("hamsa", [ok("hamsa")])
    with sync_client(fake) as client:
        guard = client.guard(REF)
        with guard as ref:
            assert fake.requests == []
        assert ref == SessionRef.parse(REF)
    (request,) = fake.requests
    assert request.url.path.endswith("/terminate")
    assert guard.ended is not None
    assert guard.ended.confirmed


def test_guard_ends_the_session_and_lets_the_blocks_exception_through_untouched() -> None:
    fake = Vendor("hamsa", [ok("hamsa")])
    with sync_client(fake) as client, pytest.raises(Boom) as raised, client.guard(REF):
        raise Boom("the call dropped")
    assert len(fake.requests) == 1
    assert getattr(raised.value, "__notes__", []) == []


def test_guard_ends_the_session_on_keyboard_interrupt() -> None:
    fake = Vendor("hamsa", [ok("hamsa")])
    with sync_client(fake) as client, pytest.raises(KeyboardInterrupt), client.guard(REF):
        raise KeyboardInterrupt
    assert len(fake.requests) == 1


def test_a_failed_end_is_noted_on_the_blocks_exception_and_logged_not_raised(
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake = Vendor("hamsa", [BROKEN])
    with (
        sync_client(fake, max_retries=0) as client,
        pytest.raises(Boom) as raised,
        client.guard(REF),
    ):
        raise Boom("the call dropped")
    assert str(raised.value) == "the call dropped"
    (note,) = raised.value.__notes__
    assert note.startswith(f"hangup: ending {REF} on the way out failed too:")
    assert "database unavailable (HTTP 500)" in note
    assert "could not end" in caplog.text
    assert "Boom" in caplog.text


def test_a_failed_end_after_a_normal_exit_is_raised() -> None:
    fake = Vendor("hamsa", [BROKEN])
    with (
        sync_client(fake, max_retries=0) as client,
        pytest.raises(ServerError) as raised,
        client.guard(REF),
    ):
        pass
    assert raised.value.status_code == 500


def test_a_session_already_gone_is_fine_for_the_guard() -> None:
    fake = Vendor("hamsa", [httpx.Response(404, json={"message": "Conversation not found"})])
    with sync_client(fake) as client:
        guard = client.guard(REF)
        with guard:
            pass
    assert guard.ended is not None
    assert guard.ended.already_gone


def test_a_bad_ref_fails_before_the_block_runs() -> None:
    fake = Vendor("hamsa", [ok("hamsa")])
    ran = []
    with sync_client(fake) as client, pytest.raises(InvalidSessionRef):  # noqa: PT012
        client.guard("hamsa:not-a-uuid")
        ran.append(True)
    assert ran == []
    assert fake.requests == []


@pytest.mark.asyncio
async def test_async_guard_ends_the_session_when_the_block_finishes_or_raises() -> None:
    fake = Vendor("hamsa", [ok("hamsa")])
    async with async_client(fake) as client:
        async with client.guard(REF) as ref:
            assert ref.vendor == "hamsa"
        with pytest.raises(Boom):
            async with client.guard(REF):
                raise Boom
    assert len(fake.requests) == 2


@pytest.mark.asyncio
async def test_async_guard_ends_the_session_when_its_task_is_cancelled() -> None:
    fake = Vendor("hamsa", [ok("hamsa")])
    inside = asyncio.Event()

    async def talk(client: AsyncHangup) -> None:
        async with client.guard(REF):
            inside.set()
            await asyncio.Event().wait()  # until cancelled

    async with async_client(fake) as client:
        task = asyncio.create_task(talk(client))
        await inside.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert len(fake.requests) == 1


class HeldVendor(httpx.AsyncBaseTransport):
    """Answer an end call only when the test releases it, so a cancel can land mid-end."""

    def __init__(self, answer: httpx.Response) -> None:
        self.answer = answer
        self.arrived = asyncio.Event()
        self.release = asyncio.Event()
        self.answered = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.arrived.set()
        await self.release.wait()
        self.answered += 1
        return httpx.Response(
            self.answer.status_code, content=self.answer.content, headers=self.answer.headers
        )


@pytest.mark.asyncio
@pytest.mark.parametrize("block_raises", [False, True])
async def test_async_guard_finishes_the_end_when_cancelled_again_while_ending(
    block_raises: bool,
) -> None:
    held = HeldVendor(ok("hamsa"))
    guards = []

    async def talk(client: AsyncHangup) -> None:
        guard = client.guard(REF)
        guards.append(guard)
        async with guard:
            if block_raises:
                raise Boom

    async with AsyncHangup(api_keys=KEYS, env={}, transport=held) as client:
        task = asyncio.create_task(talk(client))
        await held.arrived.wait()  # the block is over and the end is in flight
        task.cancel()
        await asyncio.sleep(0)  # let the cancellation land inside the guard
        held.release.set()
        with pytest.raises(asyncio.CancelledError) as raised:
            await task
    assert held.answered == 1
    assert guards[0].ended is not None
    assert guards[0].ended.confirmed
    if block_raises:
        assert isinstance(raised.value.__context__, Boom)


@pytest.mark.asyncio
async def test_async_guard_notes_a_failed_end_on_the_cancellation(
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake = Vendor("hamsa", [BROKEN])
    inside = asyncio.Event()

    async def talk(client: AsyncHangup) -> None:
        async with client.guard(REF):
            inside.set()
            await asyncio.Event().wait()

    caplog.set_level(logging.ERROR, logger="hangup")
    async with async_client(fake, max_retries=0) as client:
        task = asyncio.create_task(talk(client))
        await inside.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError) as raised:
            await task
    (note,) = raised.value.__notes__
    assert "database unavailable (HTTP 500)" in note
    assert "CancelledError" in caplog.text


@pytest.mark.asyncio
async def test_async_guard_raises_a_failed_end_after_a_normal_exit() -> None:
    fake = Vendor("hamsa", [BROKEN])
    async with async_client(fake, max_retries=0) as client:
        with pytest.raises(ServerError):
            async with client.guard(REF):
                pass
