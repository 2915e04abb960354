"""The tests' PostgreSQL cluster: scripts.servers.postgres, which the benchmarks share."""

from scripts.servers.postgres import PASSWORD, USER, PostgresUnavailable, running_postgres

__all__ = ["PASSWORD", "USER", "PostgresUnavailable", "running_postgres"]
