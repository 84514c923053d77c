"""The whole-file check of a big file, run in the background while the file is already shown.

`PRAGMA quick_check` reads every page: ~6 s for a million events, far over the one-second
budget for opening a file. Small files (up to `SYNC_CHECK_MAX_BYTES`) are still checked
before `TimelineStore.open` returns, so a damaged small file is refused outright. A bigger
file is opened at once and checked by a `FileVerification` thread on its own read-only
connection (SQLite connections are never shared between threads). Reading is harmless
meanwhile; writing is not (SQLite could build on a damaged page), so `TimelineStore.write`
refuses with `FileCheckPendingError` until the check has passed, and for good with
`CorruptFileError` if it fails. The UI learns the outcome through `on_done` callbacks
(called in the checking thread: marshal to the GUI thread) or by polling `state`.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from timeline_app.core.store_errors import CorruptFileError, StoreBusyError
from timeline_app.core.store_sqlite import file_uri, is_corruption, quick_check

#: Files up to this size are checked before `open` returns (~60 ms per MiB on a slow disk).
#: The environment variable TIMELINE_SYNC_CHECK_MAX_BYTES overrides it (for tests and tools).
SYNC_CHECK_MAX_BYTES = 64 * 1024 * 1024

CHECKING, PASSED, DAMAGED, STOPPED = "checking", "passed", "damaged", "stopped"


class FileCheckPendingError(StoreBusyError):
    """A write was refused because the background check of a big file has not finished."""


def sync_check_limit(explicit: int | None = None) -> int:
    """The size limit in force: `explicit`, else the environment, else the default."""
    if explicit is not None:
        return explicit
    env = os.environ.get("TIMELINE_SYNC_CHECK_MAX_BYTES")
    return int(env) if env else SYNC_CHECK_MAX_BYTES


def checks_in_background(path: Path, limit: int) -> bool:
    """True if `path` (with its -wal) is too big to check before the window shows."""
    size = path.stat().st_size
    wal = Path(f"{path}-wal")
    if wal.exists():
        size += wal.stat().st_size
    return size > limit


class FileVerification:
    """State of the file check: `state` is "checking", "passed", "damaged" or "stopped"."""

    def __init__(self, path: Path, state: str = PASSED) -> None:
        self.path = path
        self.state = state
        #: The first problem found (set when state is "damaged").
        self.problem: str | None = None
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[FileVerification], None]] = []
        self._conn: sqlite3.Connection | None = None
        self._thread: threading.Thread | None = None
        if state != CHECKING:
            self._done.set()

    @classmethod
    def start(cls, path: Path) -> FileVerification:
        """Start checking `path` in a daemon thread; returns at once."""
        verification = cls(path, CHECKING)
        uri = file_uri(path, read_only=True)
        verification._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        verification._thread = threading.Thread(
            target=verification._run, name="timeline-file-check", daemon=True
        )
        verification._thread.start()
        return verification

    def _run(self) -> None:
        conn = self._conn
        assert conn is not None
        try:
            problems = quick_check(conn)
            state, problem = (DAMAGED, problems[0]) if problems else (PASSED, None)
        except sqlite3.Error as exc:
            if "interrupt" in str(exc).lower():
                state, problem = STOPPED, None
            elif is_corruption(exc):
                state, problem = DAMAGED, str(exc)
            else:
                state, problem = DAMAGED, f"the check could not read it: {exc}"
        finally:
            conn.close()
        self._finish(state, problem)

    def _finish(self, state: str, problem: str | None) -> None:
        with self._lock:
            self.state, self.problem = state, problem
            self._done.set()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback(self)

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def on_done(self, callback: Callable[[FileVerification], None]) -> None:
        """Call `callback(self)` once the check ends (at once if it already has)."""
        with self._lock:
            if not self._done.is_set():
                self._callbacks.append(callback)
                return
        callback(self)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the check ends (True) or `timeout` seconds pass (False)."""
        return self._done.wait(timeout)

    def stop(self) -> None:
        """Interrupt a running check (the store is closing) and wait for the thread."""
        if self._thread is None:
            return
        if not self._done.is_set() and self._conn is not None:
            # ProgrammingError: closed in the meantime, the check has just ended.
            with contextlib.suppress(sqlite3.ProgrammingError):
                self._conn.interrupt()
        self._thread.join()

    def check_writable(self, wait_s: float = 0.0) -> None:
        """Raise unless the file may be written: still checking, or found damaged."""
        if not self._done.is_set() and wait_s > 0:
            self._done.wait(wait_s)
        state = self.state
        if state == CHECKING:
            raise FileCheckPendingError(
                f"{self.path} is big and still being checked for damage; nothing was saved, "
                "try again in a moment"
            )
        if state == DAMAGED:
            raise CorruptFileError(
                f"{self.path} is damaged ({self.problem}); it is open for reading only and "
                "nothing was saved. Restore a backup copy or export what you can"
            )
