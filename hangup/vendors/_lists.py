"""Read session lists whose shape the vendor does not document, tolerantly and the same way.

LiveAvatar's and Pathors' list answers are left open in their specs (`additionalProperties`),
so what is read here is exactly this, and nothing is guessed beyond it:

    the sessions   the body itself when it is a JSON array; else the first array found under
                   `sessions`, `items`, `results`, `data`, `list` (also one level down, in an
                   object under `data`); an empty object `{}` is an empty page
    a session's    id: `session_id`, `sessionId`, `id`; started: `created_at`, `createdAt`,
                   `start_time`, `startTime`, `started_at`, `startedAt` (ISO 8601 text, or a
                   number of epoch seconds; above 10^11, epoch milliseconds); status: `status`,
                   `state`; ended: `end_time`, `endTime`, `ended_at`, `endedAt`
    paging         has-more: `has_more`, `hasMore` (boolean), or `next`, `next_page`,
                   `nextPage`, `next_cursor` (null means none); total: `total`, `total_count`,
                   `totalCount`, `count`; pages: `total_pages`, `totalPages` (with the page asked)

A start time that does not parse is read as unknown (such a session is never "old"); a session
without an id, or a list that is not an array of objects, is a ValueError (hangup._live turns
it into UnexpectedResponseError).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

__all__ = ["find_sessions", "first_text", "paging_signals", "parse_started"]

_LIST_KEYS = ("sessions", "items", "results", "data", "list")
ID_KEYS = ("session_id", "sessionId", "id")
STARTED_KEYS = ("created_at", "createdAt", "start_time", "startTime", "started_at", "startedAt")
STATUS_KEYS = ("status", "state")
ENDED_KEYS = ("end_time", "endTime", "ended_at", "endedAt")
_MORE_KEYS = ("has_more", "hasMore")
_NEXT_KEYS = ("next", "next_page", "nextPage", "next_cursor")
_TOTAL_KEYS = ("total", "total_count", "totalCount", "count")
_PAGES_KEYS = ("total_pages", "totalPages")
_EPOCH_MS_ABOVE = 10**11


def find_sessions(body: object) -> tuple[list[dict[str, Any]], Mapping[str, Any]]:
    """The session records of a page, and the object that holds its paging signals."""
    if isinstance(body, list):
        return _records(body), {}
    if not isinstance(body, dict):
        raise ValueError(f"a page is a JSON array or object, not {type(body).__name__}")
    if not body:  # `{}`: a page with nothing on it
        return [], {}
    for holder in (body, body.get("data")):
        if isinstance(holder, dict):
            for key in _LIST_KEYS:
                if isinstance(holder.get(key), list):
                    return _records(holder[key]), holder
    raise ValueError(f"no list of sessions under any of {', '.join(_LIST_KEYS)}")


def _records(items: list[object]) -> list[dict[str, Any]]:
    if not all(isinstance(item, dict) for item in items):
        raise ValueError("the list of sessions holds something that is not an object")
    return [item for item in items if isinstance(item, dict)]


def first_text(record: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    """The first of `keys` whose value is non-empty text (or a number, as text)."""
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value:
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
    return None


def session_id(record: Mapping[str, Any]) -> str:
    """The record's id; ValueError when it has none."""
    found = first_text(record, ID_KEYS)
    if found is None:
        raise ValueError(f"a session without any of {', '.join(ID_KEYS)}")
    return found


def is_ended(record: Mapping[str, Any]) -> bool:
    """Whether the record carries an end time (Pathors: `endTime` null means still open)."""
    return any(record.get(key) not in (None, "") for key in ENDED_KEYS)


def parse_started(record: Mapping[str, Any]) -> datetime | None:
    """The record's start time in UTC, or None when it has none that parses."""
    for key in STARTED_KEYS:
        value = record.get(key)
        if value is not None:
            return _as_datetime(value)
    return None


def _as_datetime(value: object) -> datetime | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > _EPOCH_MS_ABOVE else value
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    return None


def paging_signals(holder: Mapping[str, Any], page: int | None) -> tuple[bool | None, int | None]:
    """(more, total) from a page's own signals; None where it gives none."""
    more: bool | None = None
    for key in _MORE_KEYS:
        if isinstance(holder.get(key), bool):
            more = holder[key]
    for key in _NEXT_KEYS:
        if key in holder and more is None:
            more = holder[key] not in (None, "", False)
    pages = _whole(holder, _PAGES_KEYS)
    if more is None and pages is not None and page is not None:
        more = page < pages
    return more, _whole(holder, _TOTAL_KEYS)


def _whole(holder: Mapping[str, Any], keys: tuple[str, ...]) -> int | None:
    for key in keys:
        value = holder.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
    return None
