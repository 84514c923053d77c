"""Reads that views make from inside Qt's paint and model calls, with damage as a StoreError.

A big file opens before its background check has read every page (see `store_verify`), so
the table and the canvas can hit a damaged page while painting. SQLite then raises
`sqlite3.DatabaseError` ("database disk image is malformed"), which SQLAlchemy wraps in its
own `DatabaseError`. The UI may not import SQLAlchemy (an import-linter contract), and an
exception escaping a Qt virtual (`data()`, `paintEvent()`) is only printed, never handled,
so `guarded_read` turns those errors into the store's own `CorruptFileError` / `StoreError`
with a one-line message the view can show in place of the rows.

Only errors that are about the file are translated: corruption, and the few operational
errors that mean the file cannot be read (I/O error, cannot open, locked). SQLite reports a
bad query ("no such table", a syntax error) as an OperationalError too; that is a bug in
our SQL, so it, like a `ProgrammingError` or `IntegrityError`, is left to surface.

This module is imported by UI modules at start-up, so it does not import SQLAlchemy (or
`store_sqlite`, which does): the ~0.45 s ORM import stays deferred until a file is opened
(see `store`). By the time a read fails a session exists, so SQLAlchemy is loaded anyway.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING

from timeline_app.core.store_errors import CorruptFileError, StoreError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from timeline_app.core.store_file import TimelineStore

# SQLite's messages for SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_BUSY and SQLITE_FULL.
_UNREADABLE_WORDS = ("disk i/o error", "unable to open", "database is locked", "disk is full")


def file_error(store: TimelineStore, exc: BaseException) -> StoreError | None:
    """The StoreError that `exc` means for `store`'s file, or None if it is not about the file.

    Corruption becomes CorruptFileError; an I/O error, a file that cannot be opened or
    stays locked a plain StoreError. Anything else (a bug in a query, a constraint) gives
    None: re-raise it.
    """
    from sqlalchemy.exc import DBAPIError

    from timeline_app.core.store_sqlite import is_corruption

    reason: BaseException = exc
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        reason = exc.orig  # the bare sqlite3 message, without SQL text and help link
    if not isinstance(exc, sqlite3.DatabaseError | DBAPIError):
        return None
    if is_corruption(reason):
        return CorruptFileError(f"{store.path} is damaged ({reason}); nothing was changed")
    if any(word in str(reason).lower() for word in _UNREADABLE_WORDS):
        return StoreError(f"{store.path} cannot be read ({reason})")
    return None


@contextlib.contextmanager
def guarded_read(store: TimelineStore) -> Iterator[Session]:
    """`store.read()`, but a damaged or unreadable file raises CorruptFileError / StoreError.

    Use it where the caller cannot let a raw database error through: Qt model and paint
    methods, which should show a placeholder instead. Like `read()`, it never writes.
    """
    try:
        with store.read() as session:
            yield session
    except StoreError:
        raise
    except Exception as exc:
        translated = file_error(store, exc)
        if translated is None:
            raise
        raise translated from exc
