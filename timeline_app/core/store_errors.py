"""Errors the store raises: one class per thing the user can be told, each a one-line message.

Every message names the file, so a dialog or `timeline-app` can show `str(exc)` as it is.
"""

from __future__ import annotations


class StoreError(Exception):
    """A timeline file could not be opened, created, read or written as asked."""


class MissingFileError(StoreError, FileNotFoundError):
    """The file does not exist (also a FileNotFoundError, so `except OSError` catches it)."""


class NotATimelineError(StoreError):
    """The file is not a Conflict Timeline file (not SQLite, or somebody else's SQLite)."""


class CorruptFileError(StoreError):
    """The file is ours but SQLite reports damage; it was not modified."""


class NewerSchemaError(StoreError):
    """The file was written by a newer version of the app; this version must not touch it."""


class OlderSchemaError(StoreError):
    """The file needs an upgrade that was not allowed (read-only, or upgrade=False)."""


class MigrationError(StoreError):
    """An upgrade or downgrade failed; the file was left as it was before."""


class ReadOnlyError(StoreError):
    """A write was attempted on a store opened read-only."""


class StoreBusyError(StoreError):
    """Another window or program held the write lock longer than the busy timeout.

    Nothing was written; the same action can simply be tried again.
    """


class FileInUseError(StoreError):
    """The file is already open for editing in another window or program (its lock is held)."""


class LockUnavailableError(StoreError):
    """No lock file could be made next to the file (read-only folder); open it read-only."""
