"""Open a PostgreSQL ledger: refuse tables not ours, else migrate forward in one transaction.

The ledger is two tables in one schema (`public`, or the URL's `?schema=NAME`, created on first
use, so that apps can share one database): `hangup_schema`, one row naming the application and
the schema version, and `hangup_sessions`, the entries. Versions, each reached by one function
in MIGRATIONS:

  1  hangup_sessions as SQLite's version 3 has it (leases included), typed: timestamptz, jsonb

Every check and step runs in one transaction under an advisory lock, so processes starting at
once migrate once, and a refusal (a newer version, a table of ours that is not ours) rolls back
having changed nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from hangup.errors import ConfigurationError
from hangup.ledger._errors import LedgerError, LedgerFormatError, LedgerVersionError

__all__ = ["SCHEMA_VERSION", "prepare", "schema_option"]

APPLICATION = "hangup ledger"
# pg_advisory_xact_lock key: b"HANG" as an integer, like the SQLite file's application_id.
LOCK_KEY = 0x48414E47
_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def _to_v1(cur: Any) -> None:
    cur.execute("CREATE TABLE hangup_schema (application text NOT NULL, version integer NOT NULL)")
    cur.execute(
        """
        CREATE TABLE hangup_sessions (
            ref text COLLATE "C" PRIMARY KEY,
            vendor text NOT NULL,
            opened_at timestamptz NOT NULL,
            labels jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(labels) = 'object'),
            state text NOT NULL
                CHECK (state IN ('open', 'ending', 'ended', 'failed', 'gone')),
            attempts integer NOT NULL DEFAULT 0,
            last_error text,
            updated_at timestamptz NOT NULL,
            claimed_by text,
            claim_token text,
            claimed_at timestamptz,
            lease_until timestamptz
        )
        """
    )
    # Paged claims walk the ledger in (opened_at, ref) order from a cursor.
    cur.execute("CREATE INDEX hangup_sessions_order ON hangup_sessions (opened_at, ref)")
    cur.execute("INSERT INTO hangup_schema VALUES (%s, 0)", (APPLICATION,))


# MIGRATIONS[n] turns version n into version n + 1; append, never edit a released step.
MIGRATIONS: tuple[Callable[[Any], None], ...] = (_to_v1,)
SCHEMA_VERSION = len(MIGRATIONS)


def schema_option(schema: str) -> str:
    """Return the libpq `options` that put the ledger's tables in `schema`."""
    if not _SCHEMA_NAME.fullmatch(schema):
        raise ConfigurationError(
            f"schema={schema!r} is not a schema name hangup uses: lower-case letters, digits"
            " and _, starting with a letter or _"
        )
    return f"-csearch_path={schema}"


def prepare(conn: Any, location: str, schema: str | None) -> None:
    """Bring the ledger to SCHEMA_VERSION in one transaction, or refuse having changed nothing."""
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        if schema is not None:
            cur.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,))
            if cur.fetchone() is None:
                cur.execute(f'CREATE SCHEMA "{schema}"')  # checked by schema_option
        version = _inspect(cur, location)
        for step in MIGRATIONS[version:]:
            step(cur)
        if version < SCHEMA_VERSION:
            cur.execute("UPDATE hangup_schema SET version = %s", (SCHEMA_VERSION,))


def _inspect(cur: Any, location: str) -> int:
    cur.execute("SELECT current_schema()")
    current = cur.fetchone()[0]
    if current is None:
        raise LedgerError(
            f"{location}: its search_path names no schema that exists: create it, or name one"
            " with ?schema=NAME (hangup creates that one)"
        )
    cur.execute(
        "SELECT table_name, array_agg(column_name::text ORDER BY column_name)"
        " FROM information_schema.columns WHERE table_schema = %s"
        " AND table_name IN ('hangup_schema', 'hangup_sessions') GROUP BY table_name",
        (current,),
    )
    tables = dict(cur.fetchall())
    if not tables:
        return 0
    if sorted(tables.get("hangup_schema", [])) != ["application", "version"]:
        raise LedgerFormatError(
            location, f"has tables in schema {current!r} that hangup did not make"
        )
    cur.execute("SELECT application, version FROM hangup_schema")
    rows = cur.fetchall()
    if len(rows) != 1 or rows[0][0] != APPLICATION or "hangup_sessions" not in tables:
        raise LedgerFormatError(
            location, f"has tables in schema {current!r} that hangup did not make"
        )
    found = int(rows[0][1])
    if found > SCHEMA_VERSION:
        raise LedgerVersionError(location, found=found, supported=SCHEMA_VERSION)
    return found
