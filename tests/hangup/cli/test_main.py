"""The `hangup` command against a local stand-in vendor on 127.0.0.1, configured by env vars."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from hangup.cli import main
from tests.hangup.fakes import KEYS, UUID, VENDORS

GONE = "0b9c8f3e-6a57-4a5e-9d5b-1f0e7c1d2a3b"


class StandIn(BaseHTTPRequestHandler):
    """Answer the end calls of all four vendors, and VectorShift's run (plain and streamed)."""

    protocol_version = "HTTP/1.1"

    def _reply(self, status: int, body: object, content_type: str = "application/json") -> None:
        payload = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _answer(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("content-length") or 0)) or b"{}")
        if self.path.endswith("/run"):
            self._run(body)
        elif GONE in self.path:
            self._reply(404, {"code": 404, "message": "Conversation not found"})
        elif "broken" in self.path + json.dumps(body):
            self._reply(500, {"error": "database\nunavailable"})
        elif "/projects/" in self.path:
            self._reply(200, {"success": True, "sessionId": body["session_id"]})
        elif "/chatbot/" in self.path:
            self._reply(200, {"status": "success"})
        else:
            self._reply(200, {"success": True, "code": 100, "message": "done"})

    def _run(self, body: dict[str, object]) -> None:
        final = {
            "status": "success",
            "conversation_id": "conv_9",
            "output_message": "Hello",
            "follow_up_questions": ["And then?"],
        }
        if not body.get("stream"):
            self._reply(200, final)
            return
        chunks = [
            {"type": "stream", "output_value": "Hel"},
            {"type": "stream", "output_value": "lo"},
        ]
        events = b"".join(f"data: {json.dumps(e)}\n\n".encode() for e in [*chunks, final])
        self._reply(200, events, "text/event-stream")

    do_GET = do_POST = do_DELETE = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Serve all vendors on one 127.0.0.1 port; point every <VENDOR>_BASE_URL and key at it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    for vendor in VENDORS:
        monkeypatch.setenv(f"{vendor.upper()}_BASE_URL", base_url)
        monkeypatch.setenv(f"{vendor.upper()}_API_KEY", KEYS[vendor])
    yield base_url
    server.shutdown()
    server.server_close()


ONE_PER_VENDOR = ["vectorshift:bot/run", "pathors:proj/sess", f"liveavatar:{UUID}", f"hamsa:{UUID}"]


def test_end_ends_one_session_of_each_vendor_and_exits_0(
    stand_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["end", *ONE_PER_VENDOR]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[:2] for line in out] == [["ended", ref] for ref in ONE_PER_VENDOR]


def test_end_json_prints_one_object_per_result_in_order(
    stand_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = [*ONE_PER_VENDOR, f"hamsa:{GONE}", "nonsense"]
    assert main(["end", "--json", *refs]) == 2  # a bad ref is bad usage
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["ref"] for r in records] == refs
    assert [r["ended"] for r in records] == [True] * 4 + [False, False]
    assert records[4]["error"] == "NotFoundError"
    assert records[4]["message"] == "Conversation not found"
    assert records[5]["error"] == "InvalidSessionRef"


def test_missing_ok_turns_a_404_into_an_ended_session(
    stand_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["end", "--missing-ok", f"hamsa:{GONE}"]) == 0
    assert capsys.readouterr().out.startswith(f"gone\thamsa:{GONE}")


def test_an_error_prints_one_line_with_vendor_ref_and_the_vendors_message(
    stand_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--max-retries", "0", "end", "pathors:proj/broken"]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line == "error\tpathors:proj/broken\tpathors: database unavailable (HTTP 500)"


def test_end_reads_refs_from_a_file_skipping_blanks_and_comments(
    stand_in: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = tmp_path / "refs.txt"
    listing.write_text("# sessions to end\n\n" + "\n".join(ONE_PER_VENDOR) + "\n")
    assert main(["end", "--from", str(listing), "--json"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 4


def test_end_reads_refs_from_stdin_with_a_forced_progress_bar(
    stand_in: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = [f"pathors:proj/sess_{i}" for i in range(40)]
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO("\n".join(refs)))
    assert main(["end", "--from", "-", "--progress", "--concurrency", "8"]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 40
    assert "ending sessions" in captured.err
    assert "40/40" in captured.err
    assert "ended 40 of 40" in captured.err


def test_no_progress_bar_when_stderr_is_not_a_terminal(
    stand_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["end", *[f"pathors:proj/s{i}" for i in range(25)]]) == 0
    assert "ending sessions" not in capsys.readouterr().err


def test_end_without_refs_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["end"])
    assert caught.value.code == 2
    assert "--from FILE" in capsys.readouterr().err


def test_a_missing_key_is_reported_per_ref_naming_the_env_var(
    stand_in: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("HAMSA_API_KEY")
    assert main(["end", f"hamsa:{UUID}"]) == 1
    assert "HAMSA_API_KEY is not set" in capsys.readouterr().err


def test_chat_prints_the_reply_and_the_conversation_id(
    stand_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["chat", "vectorshift", "bot_1", "Hi", "--conversation", "conv_1"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "Hello\n"
    assert "conversation: conv_9" in captured.err
    assert "follow-up: And then?" in captured.err


def test_chat_stream_prints_the_chunks_as_they_come(
    stand_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["chat", "vectorshift", "bot_1", "Hi", "--stream"]) == 0
    assert capsys.readouterr().out == "Hello\n"


@pytest.mark.parametrize("stream", [[], ["--stream"]])
def test_chat_json_prints_the_reply_as_one_object(
    stream: list[str], stand_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["chat", "vectorshift", "bot_1", "Hi", "--json", *stream]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "output": "Hello",
        "conversation_id": "conv_9",
        "follow_up_questions": ["And then?"],
    }


def test_chat_error_prints_one_line(stand_in: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["chat", "vectorshift", "..", "Hi"]) == 2  # a bad chatbot id is bad usage
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("error\tvectorshift: ")
    assert "cannot be '..'" in line


def test_vendors_lists_base_urls_and_whether_a_key_is_set_never_the_key(
    stand_in: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("PATHORS_API_KEY")
    assert main(["vendors", "--json"]) == 0
    out = capsys.readouterr().out
    records = {r["vendor"]: r for r in map(json.loads, out.splitlines())}
    assert records["hamsa"] == {
        "vendor": "hamsa",
        "base_url": stand_in,
        "key_set": True,
        "key_env": "HAMSA_API_KEY",
    }
    assert records["pathors"]["key_set"] is False
    assert main(["vendors"]) == 0
    table = capsys.readouterr().out
    assert "key set: yes" in table
    assert "key set: no" in table
    assert all(key not in out + table for key in KEYS.values())


def test_a_bad_base_url_setting_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HAMSA_BASE_URL", "api.tryhamsa.com")
    assert main(["vendors"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert "HAMSA_BASE_URL must start with http:// or https://" in line


def test_the_hangup_entry_point_is_installed_and_loads_rich_only_for_progress() -> None:
    script = Path(sys.executable).parent / "hangup"
    done = subprocess.run([script, "vendors"], capture_output=True, text=True, check=True)
    assert "vectorshift" in done.stdout
    code = "import sys, hangup.cli; hangup.cli.main(['vendors']); print('rich' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "False"
