"""The mock launcher: starts, hands over base URLs, and leaves no process behind on any exit.

Most tests run a stand-in for Prism (a few lines of Python that answer like Prism or misbehave
on purpose), so they need no Node; the ``contract`` ones run the pinned Prism itself.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from scripts.servers import mocks
from scripts.spec.effective_spec import effective_spec
from scripts.spec.provenance import ROOT

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds processes in /proc")

FAKE_PRISM = """#!{python}
import http.server, pathlib, signal, sys

args = sys.argv[1:]
port = int(args[args.index("--port") + 1])
mode = {mode!r}
if mode == "crash":
    print("boom: not an OpenAPI document", flush=True)
    sys.exit(3)
if mode == "hang":
    signal.pause()
if mode == "port-taken-once":
    marker = pathlib.Path({marker!r})
    if not marker.exists():
        marker.touch()
        print("Error: listen EADDRINUSE: address already in use", flush=True)
        sys.exit(1)


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b'{{"type": "https://stoplight.io/prism/errors#NO_PATH_MATCHED_ERROR"}}'
        self.send_response(404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
"""

FakePrism = Callable[[str], Path]


@pytest.fixture
def fake_prism(tmp_path: Path) -> FakePrism:
    """Write a stand-in Prism that behaves as ``mode`` says and return its path."""

    def write(mode: str) -> Path:
        path = tmp_path / f"prism-{mode}"
        marker = str(tmp_path / "port-taken-once")
        path.write_text(FAKE_PRISM.format(python=sys.executable, mode=mode, marker=marker))
        path.chmod(0o755)
        return path

    return write


def processes_mentioning(text: str) -> list[int]:
    """PIDs of live processes whose command line contains ``text`` (zombies have none)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue  # it ended while we looked
            if text.encode() in cmdline:
                found.append(int(entry.name))
    return found


def read_line(process: subprocess.Popen[bytes], timeout: float = 30.0) -> str:
    """One line of the process's stdout; fail instead of hanging if none comes in time."""
    # stdout is unbuffered (bufsize=0): a buffered reader could swallow the next line, which
    # select() would then never see.
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    assert ready, f"no output within {timeout}s"
    return process.stdout.readline().decode().strip()


def test_env_lines_name_each_vendors_base_url_variable() -> None:
    lines = mocks.env_lines({"vectorshift": "http://127.0.0.1:1", "hamsa": "http://127.0.0.1:2"})
    assert lines == ["VECTORSHIFT_BASE_URL=http://127.0.0.1:1", "HAMSA_BASE_URL=http://127.0.0.1:2"]


def test_free_port_can_be_bound_on_loopback() -> None:
    import socket

    port = mocks.free_port()
    with socket.socket() as server:
        server.bind(("127.0.0.1", port))
    assert 0 < port < 65536


def test_free_port_skips_the_ports_to_avoid(monkeypatch: pytest.MonkeyPatch) -> None:
    offered = iter([5001, 5002, 5003])
    monkeypatch.setattr(mocks, "_offered_port", lambda: next(offered))
    assert mocks.free_port(avoid={5001, 5002}) == 5003


def test_a_port_offered_twice_is_not_given_to_two_mocks(
    tmp_path: Path, fake_prism: FakePrism, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kernel may offer a port again before the first Prism binds it."""
    first = mocks.free_port()
    second = mocks.free_port(avoid={first})
    offered = iter([first, first, second])
    monkeypatch.setattr(mocks, "_offered_port", lambda: next(offered))
    with mocks.running_mocks(["hamsa", "pathors"], tmp_path, fake_prism("serve")) as base_urls:
        assert base_urls == {
            "hamsa": f"http://127.0.0.1:{first}",
            "pathors": f"http://127.0.0.1:{second}",
        }


def test_write_spec_writes_the_effective_spec_as_json(tmp_path: Path) -> None:
    path = mocks.write_spec("liveavatar", tmp_path)
    assert path == tmp_path / "effective" / "liveavatar.json"
    assert json.loads(path.read_text(encoding="utf-8")) == effective_spec("liveavatar")


def test_a_missing_prism_names_npm_ci(tmp_path: Path) -> None:
    with pytest.raises(mocks.MockStartError, match="npm ci"):
        mocks.start_mock("hamsa", tmp_path, prism=tmp_path / "no-prism-here")


def test_a_missing_node_names_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("scripts.servers.mocks.shutil.which", lambda name: None)
    with pytest.raises(mocks.MockStartError, match=r"install Node\.js"):
        mocks.start_mock("hamsa")


def test_running_mocks_yields_base_urls_that_answer(tmp_path: Path, fake_prism: FakePrism) -> None:
    with mocks.running_mocks(["hamsa", "pathors"], tmp_path, fake_prism("serve")) as base_urls:
        assert list(base_urls) == ["hamsa", "pathors"]
        for url in base_urls.values():
            assert url.startswith("http://127.0.0.1:")
            assert httpx.get(url).status_code == 404  # the stand-in's "no such path"


def test_mocks_are_gone_after_the_context_exits(tmp_path: Path, fake_prism: FakePrism) -> None:
    with mocks.running_mocks(["hamsa", "pathors"], tmp_path, fake_prism("serve")) as base_urls:
        assert len(processes_mentioning(str(tmp_path))) == 2
    assert processes_mentioning(str(tmp_path)) == []
    with pytest.raises(httpx.ConnectError):
        httpx.get(base_urls["hamsa"])


def test_mocks_are_stopped_when_the_body_raises(tmp_path: Path, fake_prism: FakePrism) -> None:
    with (
        pytest.raises(RuntimeError, match="a test failed"),
        mocks.running_mocks(["hamsa"], tmp_path, fake_prism("serve")),
    ):
        raise RuntimeError("a test failed")
    assert processes_mentioning(str(tmp_path)) == []


def test_a_prism_that_exits_is_reported_with_its_output(
    tmp_path: Path, fake_prism: FakePrism
) -> None:
    with (
        pytest.raises(mocks.MockStartError, match=r"hamsa exited with 3.*boom"),
        mocks.running_mocks(["hamsa", "pathors"], tmp_path, fake_prism("crash")),
    ):
        pass
    assert processes_mentioning(str(tmp_path)) == []


def test_a_prism_that_never_answers_fails_at_the_deadline_and_is_stopped(
    tmp_path: Path, fake_prism: FakePrism
) -> None:
    with (
        pytest.raises(mocks.MockStartError, match="did not answer"),
        mocks.running_mocks(["hamsa"], tmp_path, fake_prism("hang"), timeout=0),
    ):
        pass
    assert processes_mentioning(str(tmp_path)) == []


def test_a_port_taken_before_prism_binds_it_is_retried_on_another(
    tmp_path: Path, fake_prism: FakePrism
) -> None:
    with mocks.running_mocks(["hamsa"], tmp_path, fake_prism("port-taken-once")) as base_urls:
        assert httpx.get(base_urls["hamsa"]).status_code == 404
        assert len(processes_mentioning(str(tmp_path))) == 1
    assert (tmp_path / "port-taken-once").exists()
    assert processes_mentioning(str(tmp_path)) == []


def cli(tmp_path: Path, prism: Path, *args: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "scripts.servers.mocks", "--work-dir", str(tmp_path)]
    command += ["--prism", str(prism), *args]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, bufsize=0)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_the_cli_prints_env_lines_and_stops_its_mocks_on_a_signal(
    tmp_path: Path, fake_prism: FakePrism, stop: signal.Signals
) -> None:
    process = cli(tmp_path, fake_prism("serve"), "--env", "vectorshift", "hamsa")
    try:
        vectorshift, hamsa = read_line(process), read_line(process)
        assert vectorshift.startswith("VECTORSHIFT_BASE_URL=http://127.0.0.1:")
        assert httpx.get(hamsa.removeprefix("HAMSA_BASE_URL=")).status_code == 404
        process.send_signal(stop)
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
    assert processes_mentioning(str(tmp_path)) == []


def test_the_cli_rejects_an_unknown_vendor_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        mocks.main(["acme"])
    assert exit_.value.code == 2
    assert "unknown vendor acme" in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="needs Linux pidfd_open")
def test_mocks_die_with_their_parent_even_when_it_is_killed(
    tmp_path: Path, fake_prism: FakePrism
) -> None:
    process = cli(tmp_path, fake_prism("serve"), "hamsa")
    try:
        read_line(process)
        (mock_pid,) = processes_mentioning(str(tmp_path / "effective"))
        pidfd = os.pidfd_open(mock_pid)
        process.kill()  # SIGKILL: no handler, no finally; only the parent-death signal is left
        ready, _, _ = select.select([pidfd], [], [], 30)
        if not ready:
            signal.pidfd_send_signal(pidfd, signal.SIGKILL)  # not leave it behind, even so
        os.close(pidfd)
    finally:
        process.kill()
        process.wait()
    assert ready, "the mock outlived its killed parent"


@pytest.mark.contract
def test_the_pinned_prism_serves_a_vendor_and_is_gone_after_exit(tmp_path: Path) -> None:
    with mocks.running_mocks(["liveavatar"], tmp_path) as base_urls:
        stop = httpx.post(
            f"{base_urls['liveavatar']}/v1/sessions/stop",
            headers={"X-API-KEY": "test-key"},
            json={"session_id": "6a74f11e-1508-4fa6-8a88-d52e683b5dc6"},
        )
        assert stop.status_code == 200
        assert processes_mentioning(str(tmp_path))
    assert processes_mentioning(str(tmp_path)) == []
