"""Everything SQLite-specific: recognising our files, connection set-up, transactions, backups.

The rest of the store is portable SQLAlchemy; PRAGMAs and direct `sqlite3` calls live here
only, so the same models and migrations can later serve shared timelines on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from timeline_app.core.atomic import fsync_dir, fsync_file
from timeline_app.core.store_errors import (
    CorruptFileError,
    MigrationError,
    MissingFileError,
    NotATimelineError,
    StoreError,
)

APPLICATION_ID = 0x43544C31  # "CTL1" in the SQLite header: how we recognise our files
SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
BUSY_TIMEOUT_MS = 5000

# Execution option read by the "begin" listener; write sessions bind an engine carrying it.
BEGIN_OPTION = "timeline_begin"
IMMEDIATE: dict[str, Any] = {BEGIN_OPTION: "immediate"}

_CORRUPT_WORDS = ("malformed", "not a database", "disk image", "corrupt")


def read_header(path: Path) -> bytes:
    """Return the first 100 bytes of `path`, turning OS errors into one-line StoreErrors."""
    try:
        with open(path, "rb") as fh:
            return fh.read(HEADER_SIZE)
    except FileNotFoundError:
        raise MissingFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise NotATimelineError(f"{path} is a folder, not a timeline file") from None
    except PermissionError:
        raise StoreError(f"{path}: permission denied") from None


def recognise(path: Path) -> None:
    """Raise unless the header says "SQLite file with our application id".

    Reads raw bytes only, so a file that is not ours is never opened by SQLite at all: no
    lock, no -wal/-shm file next to it, not one byte changed.
    """
    header = read_header(path)
    if not header:
        raise NotATimelineError(f"{path} is empty, not a Conflict Timeline file")
    if len(header) < HEADER_SIZE or not header.startswith(SQLITE_MAGIC):
        raise NotATimelineError(f"{path} is not a Conflict Timeline file (not an SQLite database)")
    if int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        raise NotATimelineError(
            f"{path} is an SQLite database of another program, not a Conflict Timeline file"
        )


def file_uri(path: Path, *, read_only: bool = False, immutable: bool = False) -> str:
    """SQLite URI for `path` (percent-encoded, so any file name works)."""
    params = (["mode=ro"] if read_only else []) + (["immutable=1"] if immutable else [])
    uri = Path(path).resolve().as_uri()
    return f"{uri}?{'&'.join(params)}" if params else uri


def has_journal(path: Path) -> bool:
    """True if a -wal or -journal file sits next to `path` (in use, or not closed cleanly)."""
    return any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-journal"))


def is_busy(exc: BaseException) -> bool:
    """True if an sqlite3/SQLAlchemy error means another connection holds the lock."""
    text = str(exc).lower()
    return "database is locked" in text or "database is busy" in text


def is_corruption(exc: BaseException) -> bool:
    """True if an sqlite3/SQLAlchemy error means a damaged file rather than a usage error."""
    return any(word in str(exc).lower() for word in _CORRUPT_WORDS)


@contextlib.contextmanager
def inspect_connection(path: Path) -> Iterator[sqlite3.Connection]:
    """Open `path` read-only for checks, without creating anything next to it.

    A read-only connection to a WAL file normally creates -wal and -shm files and leaves
    them behind. When no -wal/-journal exists the main file holds everything, so it is
    opened `immutable` (no locks, no side files); otherwise those files hold committed
    data and must be read, so a plain read-only connection is used.
    """
    uri = file_uri(path, read_only=True, immutable=not has_journal(path))
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open ({exc})") from None
    try:
        yield conn
    except sqlite3.Error as exc:
        if is_corruption(exc):
            raise CorruptFileError(f"{path} is damaged ({exc}); it was left untouched") from None
        raise StoreError(f"{path}: {exc}") from None
    finally:
        conn.close()


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """Problems `PRAGMA quick_check` finds (an empty list means the file is sound)."""
    rows = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
    return [] if rows == ["ok"] else rows


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """Problems the full `PRAGMA integrity_check` and `foreign_key_check` find."""
    rows = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
    problems = [] if rows == ["ok"] else rows
    for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check").fetchall():
        problems.append(f"{table} row {rowid} refers to a missing row in {parent}")
    return problems


def table_names(conn: sqlite3.Connection) -> set[str]:
    """Names of the tables in the file."""
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def set_application_id(conn: sqlite3.Connection) -> None:
    """Stamp a new file as ours (see `recognise`)."""
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def _unicode_lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def _on_connect(
    dbapi_connection: sqlite3.Connection,
    _record: object,
    *,
    read_only: bool,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
) -> None:
    """Set up every new pooled connection (SQLAlchemy's pysqlite recipe, for Python 3.11).

    `isolation_level = None` stops pysqlite from issuing its own BEGINs, so the "begin"
    listener below decides how each transaction starts. `lower` is replaced by a Unicode
    aware one so case-insensitive search also works for non-ASCII text ("Ḥalab").
    """
    dbapi_connection.isolation_level = None
    dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)
    pragmas = [f"PRAGMA busy_timeout = {int(busy_timeout_ms)}", "PRAGMA foreign_keys = ON"]
    if not read_only:
        pragmas += ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL"]
    for pragma in pragmas:
        dbapi_connection.execute(pragma).close()


def _on_begin(conn: Connection) -> None:
    """Start reads with BEGIN and writes with BEGIN IMMEDIATE.

    A deferred transaction that reads and then writes fails in WAL mode with
    SQLITE_BUSY_SNAPSHOT if another connection committed in between (busy_timeout does not
    help); taking the write lock up front makes writers queue instead.
    """
    immediate = conn.get_execution_options().get(BEGIN_OPTION) == "immediate"
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(
    path: Path, *, read_only: bool, pool_size: int = 5, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> Engine:
    """Engine for `path`: foreign keys, WAL, FULL sync, busy timeout on every connection."""
    uri = file_uri(path, read_only=read_only)

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(
            uri,
            uri=True,
            isolation_level=None,
            check_same_thread=False,
            timeout=busy_timeout_ms / 1000,
        )

    engine = create_engine(
        "sqlite+pysqlite://",
        creator=connect,
        poolclass=QueuePool,
        pool_size=pool_size,
        max_overflow=10,
    )
    event.listen(
        engine,
        "connect",
        partial(_on_connect, read_only=read_only, busy_timeout_ms=busy_timeout_ms),
    )
    event.listen(engine, "begin", _on_begin)
    return engine


def driver_connection(conn: Connection) -> sqlite3.Connection:
    """The sqlite3 connection under a SQLAlchemy Connection."""
    raw = conn.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


@contextlib.contextmanager
def migration_connection(engine: Engine, *, label: str) -> Iterator[Connection]:
    """Yield a connection in one BEGIN IMMEDIATE transaction with foreign keys OFF.

    Alembic's batch mode recreates a table (copy, DROP, rename); with foreign keys ON the
    DROP silently deletes every child row through ON DELETE CASCADE. The PRAGMA is a no-op
    inside a transaction, so it is switched before BEGIN. Before COMMIT,
    `foreign_key_check` must come back empty, else the whole upgrade rolls back.
    """
    with engine.connect() as conn:
        raw = driver_connection(conn)
        raw.execute("PRAGMA foreign_keys = OFF").close()
        try:
            conn.execution_options(**IMMEDIATE)
            with conn.begin():
                yield conn
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    table, rowid, parent, _ = broken[0]
                    raise MigrationError(
                        f"{label}: migration left {len(broken)} broken reference(s), e.g. "
                        f"{table} row {rowid} -> {parent}; nothing was changed"
                    )
        finally:
            try:
                raw.execute("PRAGMA foreign_keys = ON").close()
            except sqlite3.Error:
                conn.invalidate()
                raise


def backup_into(source: sqlite3.Connection, dest: Path, *, label: str) -> None:
    """Copy the database behind `source` to `dest` atomically with SQLite's backup API.

    The copy goes to a temporary file in dest's folder, is checked, fsynced and then renamed
    over `dest`, so `dest` is never a half-written file. The backup API reads a consistent
    snapshot (in WAL mode writers carry on meanwhile); copying the file with shutil could
    miss committed data that is still in the -wal file.
    """
    dest = Path(dest)
    folder = dest.parent if str(dest.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".partial", dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        target = sqlite3.connect(tmp, isolation_level=None)
        try:
            source.backup(target)
            problems = quick_check(target)
        finally:
            target.close()
        if problems:
            raise CorruptFileError(f"{label}: the copy failed its check: {problems[0]}")
        fsync_file(tmp)
        os.replace(tmp, dest)
        fsync_dir(folder)
    except BaseException:
        tmp.unlink(missing_ok=True)  # only our own temporary file
        raise


def secondary_indexes(conn: sqlite3.Connection, tables: Iterable[str]) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the indexes on `tables` that a bulk load may drop and rebuild.

    Indexes behind UNIQUE or PRIMARY KEY constraints have no `sql` and are left out.
    """
    names = sorted(set(tables))
    marks = ", ".join("?" * len(names))
    return conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks}) ORDER BY name",
        names,
    ).fetchall()


@contextlib.contextmanager
def secondary_indexes_dropped(conn: sqlite3.Connection, tables: Iterable[str]) -> Iterator[int]:
    """Drop the secondary indexes of `tables` now and build them again when the body ends.

    For big imports: SQLite updates every index on every insert (~13 us a row with six
    indexes on events), building one at the end sorts once. Must run inside the caller's
    write transaction, which DDL joins in SQLite: if the body raises, the indexes are not
    rebuilt here and the caller's rollback brings them back with everything else. Indexes
    that enforce a UNIQUE constraint (no `sql` in sqlite_master) are kept. Yields how many
    were dropped.
    """
    rows = secondary_indexes(conn, tables)
    for name, _sql in rows:
        conn.execute(f'DROP INDEX "{name}"')
    yield len(rows)
    for _name, sql in rows:
        conn.execute(sql)
