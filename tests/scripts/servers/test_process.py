import subprocess
import sys

import httpx
import pytest

from scripts.servers._process import ROOT, ready_line, running_server

SERVERS = ["scripts.servers.local_vendor", "scripts.servers.sse_stub"]


@pytest.mark.parametrize("module", SERVERS)
def test_a_server_stops_by_itself_when_its_parent_closes_its_stdin(module: str) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", module, "--exit-on-stdin-eof"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert process.stdout is not None
    assert process.stdin is not None
    name = module.rsplit(".", 1)[-1]
    assert process.stdout.readline().startswith(ready_line(name, "http://127.0.0.1:"))
    process.stdin.close()
    assert process.wait(timeout=10) == 0
    process.stdout.close()


@pytest.mark.parametrize("module", SERVERS)
def test_running_server_yields_a_live_base_url_and_stops_the_server_after(module: str) -> None:
    with running_server(module) as base_url:
        assert base_url.startswith("http://127.0.0.1:")
        httpx.get(base_url, timeout=5)  # any answer: the server is listening
    with pytest.raises(httpx.ConnectError):
        httpx.get(base_url, timeout=5)


def test_a_server_that_exits_before_its_ready_line_is_reported() -> None:
    with (
        pytest.raises(RuntimeError, match=r"scripts\.nonexistent|nonexistent did not start"),
        running_server("scripts.nonexistent"),
    ):
        pass
