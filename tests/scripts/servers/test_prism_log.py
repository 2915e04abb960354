"""Reading a Prism log: requests, valid and invalid ones, and the statuses it answered."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from scripts.servers.prism_log import LogWatch, read_seen

# Lines as Prism 5.14.2 writes them, copied from mocks' logs (kept in files: Prism's icons
# and long lines are not what ruff wants in Python source).
LOGS = Path(__file__).parent / "prism_logs"
VALID_200 = (LOGS / "valid_200.log").read_text(encoding="utf-8")
INVALID_422 = (LOGS / "invalid_422.log").read_text(encoding="utf-8")
REFUSED_401 = (LOGS / "refused_401.log").read_text(encoding="utf-8")


def test_a_valid_request_answered_200_is_counted_as_such() -> None:
    seen = read_seen(VALID_200)
    assert seen.requests == Counter({("DELETE", "/v1/projects/demo-project/sessions"): 1})
    assert (seen.count, seen.valid, seen.invalid) == (1, 1, 0)
    assert seen.statuses == Counter({200: 1})


def test_invalid_and_refused_requests_are_counted_as_invalid() -> None:
    seen = read_seen(VALID_200 + INVALID_422 + REFUSED_401)
    assert (seen.count, seen.valid, seen.invalid) == (3, 1, 2)
    assert seen.requests[("POST", "/v1/sessions/stop")] == 2
    assert seen.statuses == Counter({200: 1, 422: 1})  # the 401 was an error, not a response


def test_a_watch_reads_only_what_was_written_since_its_mark(tmp_path: Path) -> None:
    log = tmp_path / "pathors.log"
    log.write_text(INVALID_422, encoding="utf-8")
    watch = LogWatch({"pathors": log, "hamsa": tmp_path / "not-yet.log"})
    watch.mark()
    with log.open("a", encoding="utf-8") as more:
        more.write(VALID_200)
    seen = watch.since_mark()
    assert seen["pathors"].count == 1
    assert seen["pathors"].valid == 1
    assert seen["hamsa"].count == 0
