"""A vendor stand-in on 127.0.0.1 that answers too slowly, never, or too much.

    with slow_vendor("trickle-body") as base_url: ...
    with local_server(answer) as base_url: ...     # any answer, written by the test

Modes (every request gets the same treatment):
    trickle-headers   a status line, then one header line every TRICKLE seconds, forever
    trickle-body      a 200 head promising 1,000 bytes, then one byte every TRICKLE seconds
    stall             reads the request and never answers
    endless           a chunked 200 body of 64 KiB chunks, sent as fast as it goes, forever
    oversized         a 200 with Content-Length: 8 MiB, its first 64 KiB, then nothing
    sse-slow          a text/event-stream answer: an event every TRICKLE seconds, then a final one

It runs its own asyncio loop in a thread of the test process; a trickle waits on that
loop's timer (the server is slow by design: the test itself never sleeps).
"""

from __future__ import annotations

import asyncio
import json
import ssl
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager, suppress

TRICKLE = 0.05  # seconds between pieces: far below any read timeout the tests use
SSE_EVENTS = 12  # sse-slow sends this many chunks: 0.6 s in all, longer than the timeout


async def _read_request(reader: asyncio.StreamReader) -> bytes:
    head = await reader.readuntil(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            await reader.readexactly(int(value))
    return head


async def _answer(mode: str, writer: asyncio.StreamWriter) -> None:
    if mode == "stall":
        await asyncio.Event().wait()
    if mode == "trickle-headers":
        writer.write(b"HTTP/1.1 200 OK\r\n")
        for index in range(10**9):
            writer.write(f"X-Slow-{index}: {index}\r\n".encode())
            await writer.drain()
            await asyncio.sleep(TRICKLE)
    if mode == "trickle-body":
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
        writer.write(b"Content-Length: 1000\r\n\r\n")
        for _ in range(1000):
            writer.write(b" ")
            await writer.drain()
            await asyncio.sleep(TRICKLE)
    if mode == "endless":
        writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"10000\r\n" + b" " * 0x10000 + b"\r\n"
        while True:
            writer.write(chunk)
            await writer.drain()
    if mode == "oversized":
        size = 8 * 1024 * 1024
        writer.write(f"HTTP/1.1 200 OK\r\nContent-Length: {size}\r\n\r\n".encode())
        writer.write(b" " * 0x10000)  # the first piece: the client must not wait for the rest
        await writer.drain()
        await asyncio.Event().wait()
    if mode == "sse-slow":
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n")
        writer.write(b"Transfer-Encoding: chunked\r\n\r\n")
        piece = {"type": "stream", "output_value": "x"}
        final = {"status": "success", "conversation_id": "c", "output_message": "x" * SSE_EVENTS}
        for payload in [piece] * SSE_EVENTS + [final]:
            event = f"data: {json.dumps(payload)}\n\n".encode()
            writer.write(f"{len(event):x}\r\n".encode() + event + b"\r\n")
            await writer.drain()
            await asyncio.sleep(TRICKLE)
        writer.write(b"0\r\n\r\n")
        await writer.drain()


@contextmanager
def slow_vendor(mode: str) -> Iterator[str]:
    """Serve `mode` on 127.0.0.1 for the block; yield the base URL."""

    async def answer(_head: bytes, writer: asyncio.StreamWriter) -> None:
        await _answer(mode, writer)

    with local_server(answer) as base_url:
        yield base_url


# Answers one request (its head given) on the writer; may close it to drop the connection.
Answer = Callable[[bytes, asyncio.StreamWriter], Awaitable[None]]


@contextmanager
def local_server(answer: Answer, tls: ssl.SSLContext | None = None) -> Iterator[str]:
    """Serve every request with `answer` on 127.0.0.1 for the block; yield the base URL.

    Given `tls` (a server context), the server speaks HTTPS and the URL is https://.
    """
    loop = asyncio.new_event_loop()
    handlers: set[asyncio.Task[None]] = set()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        handlers.add(task)
        with suppress(ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            while not writer.is_closing():  # keep-alive: every request on the connection
                head = await _read_request(reader)
                await answer(head, writer)
        writer.close()
        handlers.discard(task)

    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()  # the server's loop runs there, so a test's own loop may run beside it
    starting = asyncio.start_server(handle, "127.0.0.1", 0, ssl=tls)
    server = asyncio.run_coroutine_threadsafe(starting, loop).result(timeout=10)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"{'http' if tls is None else 'https'}://127.0.0.1:{port}"
    finally:

        async def stop() -> None:
            server.close()
            for task in list(handlers):
                task.cancel()
            await asyncio.gather(*handlers, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(stop(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()
