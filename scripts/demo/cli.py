"""Show the whole product working with no vendor keys: mock vendors, the real `hangup` command.

    python -m scripts.demo [--sessions N] [--work-dir DIR]      (or just: make demo)

Starts one Prism mock per vendor (scripts.servers.mocks) and the SSE stub that serves VectorShift's
streamed chat (scripts.servers.sse_stub: Prism cannot stream it), then runs the installed `hangup`
command against them the way a user would, with <VENDOR>_API_KEY=demo-key-<vendor> and
<VENDOR>_BASE_URL pointing at the mocks: `hangup vendors`, a streamed chat, one session ended
on each vendor, then N sessions (1,000) ended from a file with the progress bar. It ends with
a table: what ended, on which vendor, how (what the mock saw, from its log), and how long the
command took. Exit 0 only if every step went as expected; 130 on Ctrl-C. Every mock is
stopped on the way out, and the demo checks that no process of its own is left running.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
import uuid
from pathlib import Path

from hangup import _registry
from scripts.demo._steps import (
    Row,
    Stage,
    batch_step,
    chat_step,
    end_step,
    run_cli,
    write_sessions,
)
from scripts.servers.mocks import MockStartError, running_mocks, vendors
from scripts.servers.prism_log import LogWatch
from scripts.servers.sse_stub import running_sse_stub
from scripts.spec.provenance import ROOT

DEFAULT_SESSIONS = 1000
WORK_DIR = ROOT / "build" / "demo"
CHUNK_DELAY_MS = 40  # so the chat is seen arriving word by word
CHATBOT = "demo-bot"


def demo_refs(count: int) -> list[str]:
    """``count`` session refs, the vendors in turn, the same on every run."""
    names = vendors()
    return [demo_ref(names[i % len(names)], i) for i in range(count)]


def demo_ref(vendor: str, i: int) -> str:
    """The i-th demo ref of `vendor`, shaped by its module's RefShape (UUIDs where wanted)."""
    found = _registry.vendor(vendor)
    if found is None:
        raise MockStartError(f"specs/ names {vendor!r}, but hangup/vendors/ has no such module")
    shape = found.ref_shape
    if shape.uuid:
        session = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{vendor}/{i}"))
    else:
        session = f"{shape.parts[-1].replace('_', '-')}-{i:04d}"
    scope = [f"demo-{shape.parts[0].replace('_', '-')}"] if len(shape.parts) == 2 else []
    return f"{vendor}:" + "/".join([*scope, session])


def cli_env(base_urls: dict[str, str]) -> dict[str, str]:
    """This process's environment with every vendor's key and base URL set for the demo."""
    env = dict(os.environ)
    for vendor in vendors():
        env[f"{vendor.upper()}_API_KEY"] = f"demo-key-{vendor}"
        env[f"{vendor.upper()}_BASE_URL"] = base_urls[vendor]
    return env


def run_demo(sessions: int, work_dir: Path) -> list[Row]:
    """Start the mocks and the stub, run every step, and return the table's rows."""
    hangup = Path(sys.executable).parent / "hangup"
    if not hangup.exists():
        raise MockStartError(f"{hangup} is missing: run `make demo`, which installs it")
    print("Starting one Prism mock per vendor and the SSE stub ...", flush=True)
    started = time.monotonic()
    with running_mocks(work_dir=work_dir) as base_urls, running_sse_stub(CHUNK_DELAY_MS) as stub:
        print(f"ready in {time.monotonic() - started:.1f}s", flush=True)
        for vendor, url in [*base_urls.items(), ("vectorshift (chat)", stub)]:
            print(f"  {vendor:<19} {url}")
        logs = LogWatch({v: work_dir / "mocks" / f"{v}.log" for v in base_urls})
        env = cli_env(base_urls)
        stage = Stage(hangup, env, {**env, "VECTORSHIFT_BASE_URL": stub}, logs, work_dir)
        return run_steps(stage, sessions)


def run_steps(stage: Stage, sessions: int) -> list[Row]:
    """`hangup vendors`, the chat, one end per vendor, then the batch: one row each."""
    status, _, seconds = run_cli(stage, ["vendors"])
    rows = [] if status == 0 else [Row("vendors", "all four", "", seconds, False, ("failed",))]
    rows.append(chat_step(stage, CHATBOT))
    rows += [end_step(stage, ref) for ref in demo_refs(len(vendors()))]
    refs = demo_refs(sessions)
    rows.append(batch_step(stage, write_sessions(stage.work_dir / "sessions.txt", refs), refs))
    return rows


def print_table(rows: list[Row], left: list[str]) -> None:
    """The closing table, then either "all as expected" or every problem found."""
    header = ("what", "vendor", "how (what the mock saw)", "took")
    cells = [header] + [(r.what, r.vendor, r.how, f"{r.seconds:.1f} s") for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    print()
    for index, row in enumerate(cells):
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
        if index == 0:
            print("  ".join("-" * width for width in widths))
    problems = [problem for row in rows for problem in row.problems]
    problems += [f"still running after the demo: {command}" for command in left]
    if problems:
        print("\nNOT as expected:\n" + "\n".join(f"  - {problem}" for problem in problems))
    else:
        print("\nAll as expected. Every mock is stopped; nothing of the demo is left running.")


def leftovers(work_dir: Path) -> list[str]:
    """Command lines of running processes that mention ``work_dir`` (a Prism left behind)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        with contextlib.suppress(OSError):
            command = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
            if str(work_dir) in command and cmdline.parent.name != str(os.getpid()):
                found.append(command.strip())
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.demo", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--sessions", type=int, default=DEFAULT_SESSIONS, metavar="N", help="for the batch (1000)"
    )
    parser.add_argument(
        "--work-dir", type=Path, default=WORK_DIR, metavar="DIR", help="specs, logs, sessions file"
    )
    args = parser.parse_args(argv)
    work_dir = args.work_dir.resolve()
    work_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    try:
        rows = run_demo(args.sessions, work_dir)
    except MockStartError as error:
        print(f"demo: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ndemo: interrupted; every mock stopped", file=sys.stderr)
        return 130
    left = leftovers(work_dir) if sys.platform == "linux" else []
    print_table(rows, left)
    print(f"The demo took {time.monotonic() - started:.1f} s in all.")
    return 0 if all(row.ok for row in rows) and not left else 1


if __name__ == "__main__":
    raise SystemExit(main())
