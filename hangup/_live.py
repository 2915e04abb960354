"""List a vendor's live sessions, page by page, whoever started them (`client.live_sessions`).

    for live in client.live_sessions("hamsa", older_than=timedelta(hours=2)):
        print(live.ref, live.started_at, live.status)

Each vendor module that can list its sessions gives its `Vendor` a `lister` (a SessionLister):
it builds the list call for one page (with the generated module's `_get_kwargs`) and reads one
page into a ListedPage. This module pages through: one page in memory at a time, each page
sent through `Connection.call` (the one retry site, so a 429's Retry-After is honoured between
pages; under OpenTelemetry each page is a `hangup.live_sessions` span), each answer read with
hangup._answers (status errors, bodies that are not JSON) and then by the lister; a page of
the wrong shape is an UnexpectedResponseError.

When to ask for the next page: a vendor may cap a page below the size asked, so a short page
never means the last one. The page's own signals decide (a has-more flag or next link, else a
total count against what was seen); without any, paging goes on until a page comes back
empty. A session whose start time is unknown is never "older than" anything.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

import attrs

from hangup._answers import Answer, read_json
from hangup.errors import InvalidArgument, UnexpectedResponseError
from hangup.refs import SessionRef
from hangup.vendors._base import Call

if TYPE_CHECKING:
    from hangup._connection import AsyncConnection, Connection

__all__ = [
    "MAX_PAGES",
    "ListedPage",
    "LiveSession",
    "SessionLister",
    "iter_live_sessions",
    "iter_live_sessions_async",
]

# A vendor that keeps saying "more" forever (a bug, or a hostile proxy) stops here.
MAX_PAGES = 10_000


@attrs.frozen
class LiveSession:
    """One session a vendor lists as still running; `ref` is what `end()` takes."""

    ref: SessionRef
    vendor: str
    started_at: datetime | None  # aware, UTC; None when the vendor's list does not say
    status: str | None
    raw: object = attrs.field(default=None, repr=False, eq=False)  # the vendor's own record


@attrs.frozen
class ListedPage:
    """One page of a vendor's list: its live sessions and what it says about the next page."""

    sessions: Sequence[LiveSession]
    more: bool | None = None  # a has-more flag or next link, when the page has one
    total: int | None = None  # how many the whole list holds, when the page says
    # How many records the page held, live or not (a vendor's list may hold ended ones too):
    # what paging counts against `total`, and 0 means the list is done.
    records: int | None = None

    @property
    def size(self) -> int:
        """How many records the page held."""
        return len(self.sessions) if self.records is None else self.records


class SessionLister(Protocol):
    """How one vendor lists its sessions (each sweepable vendor module has one)."""

    needs_project: bool  # Pathors lists per project: live_sessions needs project_id

    def list_call(self, page: int, *, project_id: str | None) -> Call:
        """The call for page `page` (from 1) of the vendor's live sessions."""
        ...

    def read_page(self, body: object, *, page: int, project_id: str | None) -> ListedPage:
        """Read one page's JSON; raise ValueError, TypeError or KeyError if it has no sense."""
        ...


class _Paging:
    """Which page comes next, and whether there is one; shared by the sync and async loops."""

    def __init__(self, vendor: str, lister: SessionLister, project_id: str | None) -> None:
        self.vendor = vendor
        self.lister = lister
        self.project_id = project_id
        self.page = 1
        self.seen = 0

    def call(self) -> Call:
        return self.lister.list_call(self.page, project_id=self.project_id)

    def advance(self, listed: ListedPage) -> bool:
        """Count `listed` and say whether to ask for another page."""
        self.seen += listed.size
        self.page += 1
        if not listed.size or self.page > MAX_PAGES:
            return False
        if listed.more is not None:
            return listed.more
        if listed.total is not None:
            return self.seen < listed.total
        return True  # no signal at all: go on until a page comes back empty

    def reader(
        self, connection: Connection | AsyncConnection, call: Call
    ) -> Callable[[Answer], ListedPage]:
        secrets = connection.secrets_for(call)

        def read(response: Answer) -> ListedPage:
            body = read_json(connection.adapter, None, call, response, secrets)
            try:
                return self.lister.read_page(body, page=self.page, project_id=self.project_id)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise UnexpectedResponseError(
                    f"page {self.page} of the session list does not parse: {exc}",
                    vendor=self.vendor,
                    status_code=response.status_code,
                ) from exc

        return read


def lister_for(vendor: str, lister: SessionLister | None, project_id: str | None) -> SessionLister:
    """The vendor's lister, once `project_id` is checked; InvalidArgument before any request."""
    if lister is None:
        raise InvalidArgument(
            f"{vendor} documents no list of its sessions: it cannot be listed or swept",
            vendor=vendor,
        )
    if lister.needs_project and project_id is None:
        raise InvalidArgument(
            f"{vendor} lists sessions per project: pass project_id", vendor=vendor
        )
    if not lister.needs_project and project_id is not None:
        raise InvalidArgument(f"project_id applies to pathors only, not {vendor}", vendor=vendor)
    if project_id is not None and (not isinstance(project_id, str) or not project_id.strip()):
        raise InvalidArgument("project_id must be non-empty text", vendor=vendor)
    return lister


def check_older_than(older_than: timedelta | None) -> None:
    """Refuse an age that is not a timedelta >= 0."""
    if older_than is not None and (
        not isinstance(older_than, timedelta) or older_than < timedelta(0)
    ):
        raise InvalidArgument(f"older_than must be a timedelta >= 0, got {older_than!r}")


def is_older(live: LiveSession, cutoff: datetime | None) -> bool:
    """Whether `live` started before `cutoff` (always, with no cutoff; never, when unknown)."""
    if cutoff is None:
        return True
    return live.started_at is not None and live.started_at <= cutoff


def _cutoff(older_than: timedelta | None, now: Callable[[], datetime]) -> datetime | None:
    return None if older_than is None else now() - older_than


def _utc_now() -> datetime:
    return datetime.now(UTC)


def iter_live_sessions(
    connection: Connection,
    lister: SessionLister,
    *,
    project_id: str | None,
    older_than: timedelta | None,
    now: Callable[[], datetime] = _utc_now,
) -> Iterator[LiveSession]:
    """Yield the vendor's live sessions, one page in memory at a time."""
    paging = _Paging(connection.vendor, lister, project_id)
    cutoff = _cutoff(older_than, now)
    while True:
        call = paging.call()
        listed = connection.call(
            call, None, paging.reader(connection, call), name="hangup.live_sessions"
        )
        yield from (live for live in listed.sessions if is_older(live, cutoff))
        if not paging.advance(listed):
            return


async def iter_live_sessions_async(
    connection: AsyncConnection,
    lister: SessionLister,
    *,
    project_id: str | None,
    older_than: timedelta | None,
    now: Callable[[], datetime] = _utc_now,
) -> AsyncIterator[LiveSession]:
    """The async twin of iter_live_sessions."""
    paging = _Paging(connection.vendor, lister, project_id)
    cutoff = _cutoff(older_than, now)
    while True:
        call = paging.call()
        listed = await connection.call(
            call, None, paging.reader(connection, call), name="hangup.live_sessions"
        )
        for live in listed.sessions:
            if is_older(live, cutoff):
                yield live
        if not paging.advance(listed):
            return
