"""The timeline file: create, open (upgrading older files), sessions, transactions, backups.

Everything here is reached through `timeline_app.core.store`, which loads this module (and
SQLAlchemy with it) on first use; see that module for the tour of the API.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from timeline_app import APP_NAME, __version__
from timeline_app.core.file_lock import EditLock, acquire_edit_lock
from timeline_app.core.models import Meta
from timeline_app.core.store_buckets import bucket_counts, count_in_window, index_rows
from timeline_app.core.store_bulk import BulkCancelled, BulkResult, bulk_add_events
from timeline_app.core.store_checks import integrity_check
from timeline_app.core.store_errors import (
    CorruptFileError,
    FileInUseError,
    LockUnavailableError,
    MigrationError,
    MissingFileError,
    NewerSchemaError,
    NotATimelineError,
    OlderSchemaError,
    ReadOnlyError,
    StoreBusyError,
    StoreError,
)
from timeline_app.core.store_manage import (
    MANAGED_KINDS,
    ItemSnapshot,
    ManagedItem,
    MergeResult,
    NameTakenError,
    delete_item,
    list_items,
    merge_item,
    recolour_item,
    rename_item,
    restore_item,
    snapshot_item,
    unmerge_item,
    usage_counts,
)
from timeline_app.core.store_migrate import (
    backup_path,
    file_revision,
    head_revision,
    is_known_revision,
    migrate,
)
from timeline_app.core.store_mutations import (
    PALETTE,
    add_citation,
    add_event,
    delete_event,
    get_or_create_category,
    now_ms,
    recompute_max_extent,
    refresh_event_source_stats,
    remove_citation,
    update_event,
)
from timeline_app.core.store_queries import (
    MAX_EXTENT_KEY,
    counts,
    event_rows_by_ids,
    events_in_window,
    get_event,
    iter_events_full,
    list_categories,
    list_sources,
    time_extent,
)
from timeline_app.core.store_sources import (
    add_source,
    citing_events,
    delete_source,
    event_draft,
    source_choices,
    source_rows,
    sources_only_cited_by,
    update_source,
)
from timeline_app.core.store_sqlite import (
    APPLICATION_ID,
    BUSY_TIMEOUT_MS,
    IMMEDIATE,
    backup_into,
    driver_connection,
    fsync_dir,
    has_journal,
    inspect_connection,
    integrity_problems,
    is_busy,
    make_engine,
    quick_check,
    recognise,
    set_application_id,
    table_names,
)
from timeline_app.core.store_summary import (
    BUMP_REVISION_SQL,
    StartSummary,
    count_summary,
    data_revision,
    read_summary,
    write_summary,
)
from timeline_app.core.store_table import (
    actor_links,
    count_events,
    dominant_zone,
    event_page,
    event_position,
    list_actors,
)
from timeline_app.core.store_verify import (
    PASSED,
    FileCheckPendingError,
    FileVerification,
    checks_in_background,
    sync_check_limit,
)
from timeline_app.core.store_views import delete_view, list_views, save_view

__all__ = [
    "APPLICATION_ID",
    "MANAGED_KINDS",
    "PALETTE",
    "BulkCancelled",
    "BulkResult",
    "CorruptFileError",
    "FileCheckPendingError",
    "FileInUseError",
    "FileVerification",
    "ItemSnapshot",
    "LockUnavailableError",
    "ManagedItem",
    "MergeResult",
    "MigrationError",
    "MissingFileError",
    "NameTakenError",
    "NewerSchemaError",
    "NotATimelineError",
    "OlderSchemaError",
    "ReadOnlyError",
    "StartSummary",
    "StoreBusyError",
    "StoreError",
    "TimelineStore",
    "actor_links",
    "add_citation",
    "add_event",
    "add_source",
    "bucket_counts",
    "bulk_add_events",
    "citing_events",
    "count_events",
    "count_in_window",
    "counts",
    "delete_event",
    "delete_item",
    "delete_source",
    "delete_view",
    "dominant_zone",
    "event_draft",
    "event_page",
    "event_position",
    "event_rows_by_ids",
    "events_in_window",
    "get_event",
    "get_or_create_category",
    "head_revision",
    "index_rows",
    "integrity_check",
    "iter_events_full",
    "list_actors",
    "list_categories",
    "list_items",
    "list_sources",
    "list_views",
    "merge_item",
    "recolour_item",
    "recompute_max_extent",
    "refresh_event_source_stats",
    "remove_citation",
    "rename_item",
    "restore_item",
    "save_view",
    "session_data_revision",
    "session_start_summary",
    "snapshot_item",
    "source_choices",
    "source_rows",
    "sources_only_cited_by",
    "time_extent",
    "unmerge_item",
    "update_event",
    "update_source",
    "usage_counts",
]


def session_start_summary(session: Session) -> StartSummary | None:
    """The file's start summary as of `session`'s snapshot, if it is current."""
    return read_summary(driver_connection(session.connection()))


def session_data_revision(session: Session) -> int:
    """The file's data revision as of `session`'s snapshot (to stamp a summary made in it)."""
    return data_revision(driver_connection(session.connection()))


def _check_new_target(path: Path, *, overwrite: bool) -> None:
    if path.is_dir():
        raise StoreError(f"{path} is a folder")
    if not path.parent.is_dir():
        raise MissingFileError(f"{path.parent}: no such folder")
    if path.exists() or path.is_symlink():
        if not overwrite:
            raise StoreError(f"{path} already exists")
        if has_journal(path):
            # Its -wal/-journal would be replayed into the new file and damage it.
            raise StoreError(f"{path} is in use or was not closed cleanly; close it first")


def initialise_file(path: Path, *, label: str, revision: str = "head") -> None:
    """Stamp an empty file as ours, build the schema with Alembic, write the meta rows.

    `revision` is for tests that need a file made by an older version of the app.
    """
    raw = sqlite3.connect(path)
    try:
        set_application_id(raw)
    finally:
        raw.close()
    engine = make_engine(path, read_only=False, pool_size=1)
    try:
        head = migrate(engine, revision, label=label)
        with Session(engine.execution_options(**IMMEDIATE)) as session, session.begin():
            session.add_all(
                [
                    Meta(key="schema_version", value=str(head)),
                    Meta(key="app", value=f"{APP_NAME} {__version__}"),
                    Meta(key="created_ms", value=str(now_ms())),
                    Meta(key=MAX_EXTENT_KEY, value="0"),
                ]
            )
    finally:
        engine.dispose()  # the last connection checkpoints and removes the -wal file


def _checked_revision(conn: sqlite3.Connection, path: Path, *, quick: bool = True) -> str:
    """Revision of a file that carries our stamp, after SQLite's quick check (if `quick`)."""
    problems = quick_check(conn) if quick else []
    if problems:
        raise CorruptFileError(f"{path} is damaged ({problems[0]}); it was left untouched")
    if not {"meta", "alembic_version"} <= table_names(conn):
        raise NotATimelineError(f"{path} is not a Conflict Timeline file (no timeline tables)")
    revision = file_revision(conn)
    if revision is None:
        raise NotATimelineError(f"{path} is not a Conflict Timeline file (no schema version)")
    if not is_known_revision(revision):
        row = conn.execute("SELECT value FROM meta WHERE key = 'app'").fetchone()
        writer = row[0] if row else "a newer app"
        raise NewerSchemaError(
            f"{path} was written by {writer} (file format {revision}), newer than this "
            f"{APP_NAME} {__version__}; update the app to open it"
        )
    return revision


class TimelineStore:
    """One open timeline file. Create with `create()` or `open()`, finish with `close()`."""

    def __init__(
        self,
        path: Path,
        engine: Engine,
        *,
        read_only: bool,
        upgrade_backup: Path | None = None,
        edit_lock: EditLock | None = None,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
        verification: FileVerification | None = None,
    ) -> None:
        self._path = path
        self._engine = engine
        self._read_only = read_only
        self._closed = False
        self._edit_lock = edit_lock
        self._busy_timeout_ms = busy_timeout_ms
        #: Where the copy made before upgrading this file went (None if no upgrade was needed).
        self.upgrade_backup = upgrade_backup
        #: The whole-file check: already passed for small files, running for big ones.
        self.verification = verification or FileVerification(path)
        #: How long `write()` waits for a running check before refusing (seconds).
        self.check_wait_s = 0.0
        self._reads = sessionmaker(engine, expire_on_commit=False)
        self._writes = sessionmaker(engine.execution_options(**IMMEDIATE), expire_on_commit=False)

    # -- opening ----------------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path | str, *, overwrite: bool = False) -> TimelineStore:
        """Create a new, empty timeline file and open it.

        Built in a temporary file next to `path` and renamed into place, so `path` is either
        untouched or a complete timeline. Refuses an existing file unless `overwrite`.
        """
        path = Path(path)
        _check_new_target(path, overwrite=overwrite)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent)
        os.close(fd)
        tmp = Path(name)
        try:
            initialise_file(tmp, label=str(path))
            os.replace(tmp, path)
            fsync_dir(path.parent)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return cls.open(path)

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        read_only: bool = False,
        upgrade: bool = True,
        edit_lock: bool = False,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
        sync_check_max_bytes: int | None = None,
    ) -> TimelineStore:
        """Open an existing timeline file, upgrading it (after a backup) if it is older.

        Raises MissingFileError, NotATimelineError, CorruptFileError, NewerSchemaError, or
        OlderSchemaError (older file with read_only=True or upgrade=False).

        `edit_lock=True` (what the app's windows use; ignored when read_only) first takes the
        file's edit lock (see `file_lock`) and holds it until `close()`: raises
        FileInUseError if another window has the file open for editing, LockUnavailableError
        if no lock can be made; either way, open it read_only instead.

        Files bigger than `sync_check_max_bytes` (default: `store_verify.sync_check_limit`)
        are checked in the background: see `verification` and `store_verify`.
        """
        path = Path(path)
        recognise(path)
        lock = acquire_edit_lock(path) if edit_lock and not read_only else None
        try:
            background = checks_in_background(path, sync_check_limit(sync_check_max_bytes))
            return cls._open(path, read_only, upgrade, lock, busy_timeout_ms, background)
        except BaseException:
            if lock is not None:
                lock.release()
            raise

    @classmethod
    def _open(
        cls,
        path: Path,
        read_only: bool,
        upgrade: bool,
        lock: EditLock | None,
        busy_timeout_ms: int,
        background_check: bool = False,
    ) -> TimelineStore:
        backup = None
        with inspect_connection(path) as conn:
            revision = _checked_revision(conn, path, quick=not background_check)
            head = head_revision()
            if revision != head:
                if read_only or not upgrade:
                    raise OlderSchemaError(
                        f"{path} uses an older file format ({revision}, now {head}); "
                        "open it for editing to upgrade it"
                    )
                problems = integrity_problems(conn)
                if problems:
                    raise CorruptFileError(
                        f"{path} is damaged ({problems[0]}); it was not upgraded or changed"
                    )
                backup = backup_path(path, revision)
                backup_into(conn, backup, label=str(path))
                background_check = False  # integrity_problems has just checked everything
        engine = make_engine(path, read_only=read_only, busy_timeout_ms=busy_timeout_ms)
        try:
            if backup is not None:
                migrate(engine, "head", label=str(path))
        except BaseException:
            engine.dispose()
            raise
        return cls(
            path,
            engine,
            read_only=read_only,
            upgrade_backup=backup,
            edit_lock=lock,
            busy_timeout_ms=busy_timeout_ms,
            verification=FileVerification.start(path) if background_check else None,
        )

    # -- properties -------------------------------------------------------------------------
    @property
    def path(self) -> Path:
        return self._path

    @property
    def read_only(self) -> bool:
        return self._read_only

    @property
    def edit_locked(self) -> bool:
        """True while this store holds the file's edit lock (opened with edit_lock=True)."""
        return self._edit_lock is not None and self._edit_lock.held

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (for tests and tools; the app uses read()/write())."""
        return self._engine

    def schema_version(self) -> str | None:
        """The file's schema revision (Alembic revision id), read with plain SQL."""
        with self._engine.connect() as conn:
            return file_revision(driver_connection(conn))

    # -- sessions ---------------------------------------------------------------------------
    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"{self._path} is closed")

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading one consistent snapshot; always rolled back at the end."""
        self._check_open()
        with self._reads() as session:
            try:
                yield session
            finally:
                session.rollback()

    @contextlib.contextmanager
    def write(self, *, events: bool = True) -> Iterator[Session]:
        """A session in a BEGIN IMMEDIATE transaction: commit on success, rollback on error.

        The write lock is taken at the start, so read-then-write code never fails with
        SQLITE_BUSY_SNAPSHOT; other writers wait (SQLite retries for the busy timeout, 5 s).
        If the lock is still held after that, StoreBusyError says so and nothing was
        written: the caller (an undo command) can offer to try again, no edit is lost.
        While a big file's background check runs, FileCheckPendingError (a StoreBusyError)
        is raised after waiting `check_wait_s`; if the check found damage, CorruptFileError.
        Every write bumps the file's data revision (see `store_summary`), except with
        `events=False`: for writes that leave events, their times and lanes alone (saved
        views), so the start summary and a window's in-memory index stay current.
        """
        with self._write_session() as session:
            yield session
            if events:
                session.execute(text(BUMP_REVISION_SQL))

    @contextlib.contextmanager
    def _write_session(self) -> Iterator[Session]:
        self._check_open()
        if self._read_only:
            raise ReadOnlyError(f"{self._path} was opened read-only")
        self.verification.check_writable(self.check_wait_s)
        session = self._writes()
        try:
            try:
                session.connection()  # BEGIN IMMEDIATE now, not at the first statement
            except OperationalError as exc:
                if is_busy(exc):
                    raise StoreBusyError(
                        f"{self._path} is busy: another window or program kept it locked for "
                        f"{self._busy_timeout_ms / 1000:g} s; nothing was saved, try again"
                    ) from None
                raise
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    # -- the start summary (store_summary) ---------------------------------------------------
    def start_summary(self) -> StartSummary | None:
        """The per-day start summary, if the file holds one for its current revision."""
        with self.read() as session:
            return session_start_summary(session)

    def save_start_summary(self, summary: StartSummary) -> bool:
        """Keep `summary` in the file unless it changed since; True if it was stored.

        Not a user edit: it does not bump the revision. Read-only stores, a busy file, a
        file whose background check has not passed (yet) make it a no-op: the summary is
        only a speed-up, and its writers (an import, the window after an edit) have just
        written to the file, which needs the check to have passed anyway.
        """
        if self._read_only or self._closed or self.verification.state != PASSED:
            return False
        try:
            with self._write_session() as session:
                return write_summary(driver_connection(session.connection()), summary)
        except (StoreError, OperationalError, sqlite3.Error):  # busy, full disk: not now
            return False

    def refresh_start_summary(self) -> bool:
        """Count and keep the start summary unless the file holds a current one already.

        Called after an import from the command line, so the file opens fast the first
        time; the app makes the summary from its in-memory index instead (`viewport_data`).
        """
        with self.read() as session:
            dbapi = driver_connection(session.connection())
            if read_summary(dbapi) is not None:
                return False
            summary = count_summary(dbapi)
        return summary is not None and self.save_start_summary(summary)

    # -- copies and closing -----------------------------------------------------------------
    def backup_to(self, dest: Path | str) -> Path:
        """Write a consistent copy of the file to `dest` atomically; return `dest`.

        Safe while other connections write (SQLite backup API on a WAL snapshot).
        """
        self._check_open()
        dest = Path(dest)
        if dest.exists() and dest.resolve() == self._path.resolve():
            raise StoreError(f"{dest} is the open file itself; choose another name")
        if has_journal(dest):
            raise StoreError(f"{dest} is in use by another program; choose another name")
        with self._engine.connect() as conn:
            backup_into(driver_connection(conn), dest, label=str(dest))
        return dest

    def close(self) -> None:
        """Close every connection (the last one checkpoints the WAL into the file)."""
        if not self._closed:
            self._closed = True
            try:
                self.verification.stop()
                self._engine.dispose()
            finally:
                if self._edit_lock is not None:
                    self._edit_lock.release()

    def __enter__(self) -> TimelineStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "read-only" if self._read_only else "read-write"
        return f"<TimelineStore {self._path} {mode}{' closed' if self._closed else ''}>"
