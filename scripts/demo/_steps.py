"""The demo's steps: each runs the real `hangup` command once and checks what came of it.

A step returns one Row of the demo's table. Its "how" is what the mock saw (read from the
mock's log, scripts.servers.prism_log), and it is ok only if the command exited 0, printed what it
should, and the mock saw exactly the valid requests it should have, each answered 200.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scripts.servers.prism_log import LogWatch, Seen
from scripts.servers.sse_stub import reply_text

CHAT_TEXT = "hello"
_UUID = re.compile(r"([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass(frozen=True)
class Stage:
    """What every step needs: the CLI, its environments, the mocks' logs, the work dir."""

    hangup: Path
    env: dict[str, str]
    chat_env: dict[str, str]  # VECTORSHIFT_BASE_URL points at the SSE stub
    logs: LogWatch
    work_dir: Path


@dataclass(frozen=True)
class Row:
    """One line of the demo's table, and what went wrong if it is not ok."""

    what: str
    vendor: str
    how: str
    seconds: float
    ok: bool
    problems: tuple[str, ...] = ()


def run_cli(
    stage: Stage, args: list[str], *, env: dict[str, str] | None = None, stdout: Path | None = None
) -> tuple[int, str, float]:
    """Run `hangup ARGS`, echoing the command and its stdout (or writing it to ``stdout``).

    Returns (exit status, stdout, seconds). stderr is ours: the progress bar shows there.
    """
    print(f"\n$ hangup {shlex.join(args)}", flush=True)
    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        sink = stack.enter_context(stdout.open("wb")) if stdout is not None else None
        process = subprocess.Popen(
            [str(stage.hangup), *args],
            env=env or stage.env,
            stdout=sink or subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )
        try:
            captured = _echo(process) if sink is None else b""
            status = process.wait()
        except BaseException:  # Ctrl-C, or a bug here: never leave the command running
            process.kill()
            process.wait()
            raise
    return status, captured.decode("utf-8", "replace"), time.monotonic() - started


def _echo(process: subprocess.Popen[bytes]) -> bytes:
    """Copy the child's stdout to ours as it comes (the chat streams), and keep a copy."""
    assert process.stdout is not None
    kept = bytearray()
    while chunk := os.read(process.stdout.fileno(), 4096):
        kept += chunk
        sys.stdout.buffer.write(chunk)
        sys.stdout.flush()
    process.stdout.close()
    return bytes(kept)


def chat_step(stage: Stage, chatbot: str) -> Row:
    """A streamed chat with the stand-in chatbot; its whole answer must come out."""
    args = ["chat", "vectorshift", chatbot, CHAT_TEXT, "--stream"]
    status, out, seconds = run_cli(stage, args, env=stage.chat_env)
    problems = _exit_problems(status)
    if out.strip() != reply_text(CHAT_TEXT):
        problems.append(f"the chat printed {out.strip()!r}, not the stub's answer")
    how = f"POST /chatbot/{chatbot}/run, answer streamed as SSE (stub)"
    return Row("chat, streamed", "vectorshift", how, seconds, not problems, tuple(problems))


def end_step(stage: Stage, ref: str) -> Row:
    """End one session; the vendor's mock must have seen one valid request, answered 200."""
    vendor = ref.partition(":")[0]
    stage.logs.mark()
    status, out, seconds = run_cli(stage, ["end", ref])
    seen = stage.logs.since_mark()[vendor]
    problems = _exit_problems(status) + mock_problems(vendor, seen, 1)
    if not out.startswith(f"ended\t{ref}"):
        problems.append(f"`hangup end` printed {out.strip()!r}, not ended {ref}")
    how = ", ".join(f"{method} {shorten(path)}" for method, path in seen.requests)
    row_ok = not problems
    return Row("1 session", vendor, f"{how} -> 200 confirmed", seconds, row_ok, tuple(problems))


def batch_step(stage: Stage, sessions_file: Path, refs: list[str]) -> Row:
    """End every ref in ``sessions_file`` with one command; check each result and each mock."""
    results_file = stage.work_dir / "batch.jsonl"
    stage.logs.mark()
    shown = os.path.relpath(sessions_file) if sessions_file.is_relative_to(Path.cwd()) else None
    args = ["end", "--from", shown or str(sessions_file), "--json", "--progress"]
    status, _, seconds = run_cli(stage, args, stdout=results_file)
    results = [json.loads(line) for line in results_file.read_text().splitlines() if line]
    problems = _exit_problems(status) + batch_problems(refs, results)
    per_vendor = Counter(ref.partition(":")[0] for ref in refs)
    for vendor, seen in stage.logs.since_mark().items():
        problems += mock_problems(vendor, seen, per_vendor[vendor])
    confirmed = sum(1 for result in results if result.get("confirmed"))
    counts = set(per_vendor.values())
    each = (
        f"{len(per_vendor)} mocks x {counts.pop():,}"
        if len(counts) == 1
        else ", ".join(f"{vendor} {n:,}" for vendor, n in per_vendor.items())
    )
    how = f"{confirmed:,} confirmed; {each} valid requests -> 200"
    what = f"{len(refs):,} sessions from a file"
    return Row(what, "all four", how, seconds, not problems, tuple(problems))


def batch_problems(refs: list[str], results: list[dict[str, Any]]) -> list[str]:
    """What is wrong with `hangup end --json` results for ``refs``: one per ref, in order."""
    if [result.get("ref") for result in results] != refs:
        return [f"{len(results)} results for {len(refs)} refs, or not in the file's order"]
    return [
        f"{result['ref']}: {result.get('error') or 'not confirmed'} {result.get('message') or ''}"
        for result in results
        if not (result.get("ended") and result.get("confirmed"))
    ]


def mock_problems(vendor: str, seen: Seen, expected: int) -> list[str]:
    """What is wrong if the mock did not see exactly ``expected`` valid requests, each a 200."""
    if (seen.count, seen.valid, seen.invalid, dict(seen.statuses)) == (
        expected,
        expected,
        0,
        {200: expected} if expected else {},
    ):
        return []
    return [
        f"the {vendor} mock saw {seen.count} requests ({seen.valid} valid, {seen.invalid} "
        f"invalid, answers {dict(seen.statuses)}); expected {expected} valid, each a 200"
    ]


def write_sessions(path: Path, refs: list[str]) -> Path:
    """Write one ref per line, as `hangup end --from` reads them."""
    path.write_text("".join(f"{ref}\n" for ref in refs), encoding="utf-8")
    return path


def shorten(path: str) -> str:
    """A path with each UUID cut to its first block, to keep the table narrow."""
    return _UUID.sub(r"\1…", path)


def _exit_problems(status: int) -> list[str]:
    return [] if status == 0 else [f"`hangup` exited with {status}"]
