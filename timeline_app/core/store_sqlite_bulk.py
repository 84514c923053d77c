"""SQLite set-up for big imports: a bigger page cache, indexes built once, parameter limits.

Split from `store_sqlite` (the connection set-up every session uses): these settings hold
only for the duration of one big import's write, inside its transaction, and are undone
after it, so the pooled connection goes back as it was. Other databases get none of them.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator

from sqlalchemy import Connection

from timeline_app.core.store_sqlite import driver_connection, secondary_indexes_dropped

BULK_CACHE_KIB = 256 * 1024
"""Page cache of a big import (SQLite's default is 2 MiB). Index builds sort within the
cache before spilling to temporary files, and pages stay in memory until the commit
instead of being spilled to the WAL and read back; memory is used only as pages fill."""

PORTABLE_PARAMETERS = 999
"""Bound parameters per statement that every database takes (SQLite's old limit)."""


def bound_parameter_limit(connection: Connection) -> int:
    """How many parameters one statement may bind on this connection."""
    if connection.dialect.name != "sqlite":
        return PORTABLE_PARAMETERS
    return driver_connection(connection).getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


def _pragma(conn: sqlite3.Connection, name: str) -> int:
    row = conn.execute(f"PRAGMA {name}").fetchone()
    return int(row[0])


@contextlib.contextmanager
def bulk_write_setup(
    connection: Connection, tables: Iterable[str], *, rebuild_indexes: bool
) -> Iterator[None]:
    """Within the caller's write transaction: a BULK_CACHE_KIB page cache while the body
    runs and, with `rebuild_indexes`, the secondary indexes of `tables` dropped now and
    built once when the body ends (see `store_sqlite.secondary_indexes_dropped`; if the
    body raises, the caller's rollback brings them back). The cache size is restored in
    every case."""
    raw = driver_connection(connection)
    cache = _pragma(raw, "cache_size")
    raw.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}").close()
    try:
        if rebuild_indexes:
            with secondary_indexes_dropped(raw, tables):
                yield
        else:
            yield
    finally:
        raw.execute(f"PRAGMA cache_size = {cache}").close()
