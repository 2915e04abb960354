"""The ledger's queries: claiming for a reap, and the vendor, labels and age filters."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from hangup import InvalidLedgerEntry, Ledger, SessionState
from tests.hangup.clock import FakeClock

REF = "hamsa:0b9c8f3e-6a57-4a5e-9d5b-1f0e7c1d2a3b"


def test_claim_marks_matching_sessions_ending_and_a_second_claim_gets_none(
    ledger: Ledger, clock: FakeClock
) -> None:
    ledger.track("hamsa:a", "hamsa")
    ledger.track("hamsa:b", "hamsa")
    clock.advance(timedelta(seconds=1))

    claimed = ledger.claim()

    assert [(s.ref, s.state, s.attempts, s.updated_at) for s in claimed] == [
        ("hamsa:a", SessionState.ENDING, 1, clock.now),
        ("hamsa:b", SessionState.ENDING, 1, clock.now),
    ]
    assert ledger.sessions() == claimed
    assert ledger.claim() == []
    assert ledger.reapable() == []


def test_claim_takes_the_oldest_first_up_to_its_limit(ledger: Ledger, clock: FakeClock) -> None:
    for name in ("c", "a", "b"):
        ledger.track(f"hamsa:{name}", "hamsa")
        clock.advance(timedelta(minutes=1))

    assert [s.ref for s in ledger.claim(limit=2)] == ["hamsa:c", "hamsa:a"]
    assert [s.ref for s in ledger.claim(limit=2)] == ["hamsa:b"]
    with pytest.raises(InvalidLedgerEntry, match="limit"):
        ledger.claim(limit=-1)


def test_an_ending_claim_older_than_the_lease_is_reapable_even_if_its_owner_lives(
    tmp_path: Path, clock: FakeClock
) -> None:
    with Ledger(tmp_path / "l.sqlite3", clock=clock, claim_lease=timedelta(minutes=10)) as ledger:
        ledger.track(REF, "hamsa")
        ledger.claim()
        clock.advance(timedelta(minutes=9))
        assert ledger.claim() == []

        clock.advance(timedelta(minutes=1))
        (again,) = ledger.claim()

    assert again.attempts == 2


def test_reapable_is_a_dry_run_that_changes_nothing(ledger: Ledger) -> None:
    ledger.track(REF, "hamsa")
    before = ledger.sessions()

    assert [s.ref for s in ledger.reapable()] == [REF]
    assert ledger.sessions() == before


def test_labels_filter_requires_every_pair_to_match(ledger: Ledger) -> None:
    ledger.track("hamsa:both", "hamsa", {"team": "support", "env": "prod"})
    ledger.track("hamsa:team", "hamsa", {"team": "support", "env": "dev"})
    ledger.track("hamsa:none", "hamsa")

    def refs(labels: dict[str, str]) -> list[str]:
        return [s.ref for s in ledger.reapable(labels=labels)]

    assert refs({"team": "support"}) == ["hamsa:both", "hamsa:team"]
    assert refs({"team": "support", "env": "prod"}) == ["hamsa:both"]
    assert refs({"team": "support", "env": "qa"}) == []
    assert refs({"env": "prod"}) == ["hamsa:both"]
    assert refs({}) == ["hamsa:both", "hamsa:none", "hamsa:team"]


def test_label_keys_with_json_path_characters_match_exactly(ledger: Ledger) -> None:
    odd = {"a.b": "1", "$": "2", 'q"uote': "3", "[0]": "4"}
    ledger.track(REF, "hamsa", odd)
    ledger.track("hamsa:other", "hamsa", {"a": "1"})

    for key, value in odd.items():
        assert [s.ref for s in ledger.sessions(labels={key: value})] == [REF]
    assert ledger.sessions(labels={"a.b": "2"}) == []


def test_older_than_selects_sessions_opened_at_least_that_long_ago(
    ledger: Ledger, clock: FakeClock
) -> None:
    ledger.track("hamsa:old", "hamsa")
    clock.advance(timedelta(minutes=20))
    ledger.track("hamsa:new", "hamsa")
    clock.advance(timedelta(minutes=10))

    assert [s.ref for s in ledger.reapable(older_than=timedelta(minutes=30))] == ["hamsa:old"]
    assert [s.ref for s in ledger.reapable(older_than=timedelta(minutes=31))] == []
    both = ledger.reapable(older_than=timedelta(minutes=10))
    assert [s.ref for s in both] == ["hamsa:old", "hamsa:new"]
    assert [s.ref for s in ledger.claim(older_than=timedelta(minutes=30))] == ["hamsa:old"]


def test_vendor_filter_selects_one_vendors_sessions(ledger: Ledger) -> None:
    ledger.track(REF, "hamsa")
    ledger.track("pathors:proj/sess", "pathors")

    assert [s.ref for s in ledger.reapable(vendor="pathors")] == ["pathors:proj/sess"]
    assert [s.ref for s in ledger.sessions(vendor="hamsa")] == [REF]
    with pytest.raises(InvalidLedgerEntry, match="vendor"):
        ledger.sessions(vendor="Not A Vendor")


def test_sessions_lists_every_state_oldest_first_and_filters_by_state(
    ledger: Ledger, clock: FakeClock
) -> None:
    for name in ("open", "failed", "ended"):
        ledger.track(f"hamsa:{name}", "hamsa")
        clock.advance(timedelta(seconds=1))
    ledger.mark_failed("hamsa:failed", "boom")
    ledger.mark_ended("hamsa:ended")

    assert [(s.ref, s.state) for s in ledger.sessions()] == [
        ("hamsa:open", SessionState.OPEN),
        ("hamsa:failed", SessionState.FAILED),
        ("hamsa:ended", SessionState.ENDED),
    ]
    finals = ledger.sessions(states=[SessionState.ENDED, SessionState.GONE])
    assert [s.ref for s in finals] == ["hamsa:ended"]


def test_a_claim_of_more_refs_than_one_statement_takes_claims_them_all(
    ledger: Ledger, clock: FakeClock
) -> None:
    refs = [f"hamsa:s{i:04}" for i in range(1_203)]  # more than two statements' worth
    for ref in refs:
        ledger.track(ref, "hamsa")
    clock.advance(timedelta(seconds=1))

    claimed = ledger.claim(limit=None)

    assert [s.ref for s in claimed] == refs
    assert {(s.state, s.attempts, s.updated_at) for s in ledger.sessions()} == {
        (SessionState.ENDING, 1, clock.now)
    }


def test_a_row_edited_by_hand_is_skipped_by_a_claim_and_left_as_it_is(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import sqlite3

    path = tmp_path / "ledger.sqlite3"
    with Ledger(path) as ledger:
        for ref in ("hamsa:a", "hamsa:b", "hamsa:c"):
            ledger.track(ref, "hamsa")
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("UPDATE sessions SET attempts = 'lots' WHERE ref = 'hamsa:b'")
    finally:
        conn.close()

    with Ledger(path) as ledger:
        claimed = ledger.claim()
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT ref, state, attempts FROM sessions ORDER BY ref").fetchall()
    finally:
        conn.close()

    assert [s.ref for s in claimed] == ["hamsa:a", "hamsa:c"]
    assert rows == [("hamsa:a", "ending", 1), ("hamsa:b", "open", "lots"), ("hamsa:c", "ending", 1)]
    assert "malformed entry 'hamsa:b'" in caplog.text


def test_claims_page_through_the_order_index_not_a_sort_of_the_table(tmp_path: Path) -> None:
    import sqlite3

    from hangup.ledger._sqlite_queries import REAPABLE, SELECT_ALL

    path = tmp_path / "ledger.sqlite3"
    Ledger(path).close()
    conn = sqlite3.connect(path)
    conn.create_function("hangup_claim_abandoned", 1, lambda _claimed_by: 0)
    try:
        page = f"{SELECT_ALL} WHERE (opened_at, ref) > (?, ?) AND {REAPABLE}"
        plan = conn.execute(
            f"EXPLAIN QUERY PLAN {page} ORDER BY opened_at, ref LIMIT ?", ("t", "r", "t", 250)
        ).fetchall()
    finally:
        conn.close()
    details = " ".join(row[-1] for row in plan)
    assert "USING INDEX sessions_order" in details
    assert "TEMP B-TREE" not in details  # no sort of the whole table per page
