"""Say what one ledger entry holds, and check what callers want to write before it is written."""

from __future__ import annotations

import json
import logging
import re
import types
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from enum import StrEnum

import attrs

from hangup.ledger._errors import InvalidLedgerEntry

logger = logging.getLogger("hangup")

_VENDOR = re.compile(r"[a-z][a-z0-9_-]*")
# One selected entry: ref, vendor, opened_at, labels, state, attempts, last_error, updated_at.
Row = tuple[str, str, str, str, str, int, str | None, str]


class SessionState(StrEnum):
    """Name how far ending a tracked session has got; `ended` and `gone` are final."""

    OPEN = "open"  # tracked; nobody has tried to end it yet
    ENDING = "ending"  # an end is about to be sent, or was sent and its answer not yet recorded
    ENDED = "ended"  # the vendor confirmed the end
    FAILED = "failed"  # the last end failed (see last_error); the next reap tries again
    GONE = "gone"  # the vendor no longer knew the session (404): nothing left to end


@attrs.frozen
class TrackedSession:
    """Read one ledger entry: a session hangup knows about and how far ending it has got."""

    ref: str
    vendor: str
    opened_at: datetime
    labels: Mapping[str, str]
    state: SessionState
    attempts: int  # end requests started (each `ending`), including one in flight
    last_error: str | None  # why the last attempt failed; cleared once the session ends
    updated_at: datetime

    def to_json(self) -> dict[str, object]:
        """Return this entry as plain JSON values (times as ISO 8601 in UTC)."""
        return {
            "ref": self.ref,
            "vendor": self.vendor,
            "opened_at": self.opened_at.isoformat(),
            "labels": dict(self.labels),
            "state": self.state.value,
            "attempts": self.attempts,
            "last_error": self.last_error,
            "updated_at": self.updated_at.isoformat(),
        }


_NO_LABELS: Mapping[str, str] = types.MappingProxyType({})  # read-only: one serves every row


def record_from_row(row: Row) -> TrackedSession:
    """Build an entry from one selected row."""
    ref, vendor, opened_at, labels, state, attempts, last_error, updated_at = row
    if not isinstance(attempts, int):
        raise TypeError(f"attempts {attempts!r} is not a whole number")
    return TrackedSession(
        ref=ref,
        vendor=vendor,
        opened_at=datetime.fromisoformat(opened_at),
        labels=_NO_LABELS if labels == "{}" else types.MappingProxyType(json.loads(labels)),
        state=SessionState(state),
        attempts=attempts,
        last_error=last_error,
        updated_at=datetime.fromisoformat(updated_at),
    )


def readable_records(rows: Iterable[Row], location: str) -> list[TrackedSession]:
    """Build the entries of the rows that can be read; report each malformed one and skip it.

    A row edited by hand (an `opened_at` of 'yesterday') must not stop a listing or a reap.
    """
    entries = []
    for row in rows:
        try:
            entries.append(record_from_row(row))
        except (ValueError, TypeError) as exc:
            logger.warning(
                "the ledger %s has a malformed entry %r, skipped: %s", location, row[0], exc
            )
    return entries


def stamp(moment: datetime) -> str:
    """Format a UTC moment so that text order is time order (fixed width, always +00:00)."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def as_utc(moment: datetime, what: str) -> datetime:
    """Return `moment` in UTC; refuse a naive datetime, whose zone nobody can know."""
    if not isinstance(moment, datetime) or moment.tzinfo is None:
        raise InvalidLedgerEntry(
            f"{what} must be a timezone-aware datetime (e.g. datetime.now(UTC)), got {moment!r}"
        )
    return moment.astimezone(UTC)


def check_vendor(vendor: str) -> None:
    """Refuse a vendor name that is not a lower-case identifier like `hamsa`."""
    if not isinstance(vendor, str) or not _VENDOR.fullmatch(vendor):
        raise InvalidLedgerEntry(f"vendor must be a lower-case name like 'hamsa', got {vendor!r}")


def check_ref(ref: str, vendor: str) -> None:
    """Refuse a ref that is not the text form of a SessionRef of `vendor`."""
    check_vendor(vendor)
    if not isinstance(ref, str) or not ref.startswith(f"{vendor}:") or ref == f"{vendor}:":
        raise InvalidLedgerEntry(f"ref must be text like '{vendor}:<id>', got {ref!r}")
    if not ref.isprintable() or any(char.isspace() for char in ref):
        raise InvalidLedgerEntry(f"ref must not contain spaces or control characters: {ref!r}")


def check_labels(labels: Mapping[str, str] | None) -> dict[str, str]:
    """Return the labels as a plain dict; refuse keys or values that are not text, or `=` in a key.

    `=` is refused because `--label k=v` on the command line could never select such a key.
    """
    if labels is None:
        return {}
    if not isinstance(labels, Mapping):
        raise InvalidLedgerEntry(f"labels must be a mapping of text to text, got {labels!r}")
    for key, value in labels.items():
        if not isinstance(key, str) or not key or "=" in key or not key.isprintable():
            raise InvalidLedgerEntry(f"label key must be non-empty text without '=', got {key!r}")
        if not isinstance(value, str):
            raise InvalidLedgerEntry(f"label {key!r} must have a text value, got {value!r}")
    return dict(labels)


def check_relabel(entry: TrackedSession, labels: Mapping[str, str]) -> None:
    """Refuse labels that would change `entry`: a value it has, or any label once it is final."""
    for key, value in sorted(labels.items()):
        held = entry.labels.get(key)
        if held is not None and held != value:
            raise InvalidLedgerEntry(
                f"label {key!r} of {entry.ref} is already {held!r}, not {value!r}:"
                " a label's value never changes once tracked; nothing was changed"
            )
    added = sorted(set(labels) - set(entry.labels))
    if added and entry.state in (SessionState.ENDED, SessionState.GONE):
        raise InvalidLedgerEntry(
            f"{entry.ref} is {entry.state.value}, so its labels are final: label {added[0]!r}"
            " was not added; nothing was changed"
        )
