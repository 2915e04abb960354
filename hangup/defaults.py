"""Every default of the facade, in one place: read this file to know how hangup behaves."""

from __future__ import annotations

from datetime import timedelta

import httpx

# The generated clients default to no timeout at all; a hung vendor must not hang its caller.
# Each part bounds one phase (connect, each read...); and each attempt as a whole, connect to
# last byte, is bounded by the longest part (here 30 s), so a vendor that trickles a byte a
# second cannot hold a call. Every retry gets its own such bound. A stream (VectorShift's
# chat) is bounded so only until its head arrives; then by the read timeout between events.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
# The largest timeout (any part) a client accepts, in seconds: one day. Far above any end call,
# and far below what overflows a socket or asyncio deadline (1e10 s does).
MAX_TIMEOUT = 86400.0
# Keys and session tokens shorter than this are refused: a short secret cannot be scrubbed out
# of what a vendor echoes without also mangling ordinary text.
MIN_SECRET_LENGTH = 8
# An answer's body larger than this is refused (UnexpectedResponseError) without reading the
# rest: end answers are a few hundred bytes. A stream has no such cap.
DEFAULT_MAX_BODY = 1024 * 1024
# Retries after the first attempt (so 3 attempts in all); 0 turns retrying off.
DEFAULT_MAX_RETRIES = 2
# How many sessions end_many ends at once.
DEFAULT_CONCURRENCY = 16
# end_many never runs more workers than the items it has taken so far plus this many, so a huge
# `concurrency` over a generator costs no more than the work there is.
WORKER_HEADROOM = 16
# AsyncHangup.end_many parses refs and builds their calls this many at a time, ahead of sending:
# run back to back, that code stays in the CPU's caches (README, Benchmarks).
PREPARE_AHEAD = 64
# One pool per vendor; keep-alive for as many connections as end_many may use at once.
DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=100)

# Backoff between attempts: min(BACKOFF_MAX, BACKOFF_INITIAL * 2 ** (n - 1) + jitter) seconds,
# with jitter uniform in [0, BACKOFF_JITTER] (stamina's formula).
BACKOFF_INITIAL = 0.5
BACKOFF_MAX = 8.0
BACKOFF_JITTER = 0.5
# A vendor's Retry-After is honoured up to this many seconds, so one answer cannot park a caller.
RETRY_AFTER_CAP = 30.0

# The session ledger (hangup.ledger). A claim on a session being ended holds for LEDGER_LEASE;
# a working reaper renews its claims every LEDGER_LEASE_RENEWAL, well before they expire, so
# only a claim whose owner stopped (killed, frozen, its host gone) ever runs out. Before leases
# were renewed, a claim held 30 minutes (hangup.ledger.DEFAULT_CLAIM_LEASE, which now names
# this): long enough for any reap. Renewed, 5 minutes is what a dead host's sessions wait.
LEDGER_LEASE = timedelta(minutes=5)
LEDGER_LEASE_RENEWAL = timedelta(minutes=1)
# `reap` claims, ends and records this many sessions at a time, so its memory stays flat.
LEDGER_CLAIM_PAGE = 250
# `prune` deletes final rows in batches of this many, one short transaction each.
LEDGER_PRUNE_BATCH = 1000
