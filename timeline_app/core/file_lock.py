"""One editor per timeline file: an operating-system lock on `<name>.lock` next to it.

SQLite lets two windows write the same file; both stay consistent, but each shows stale data
and one user's edits land behind the other's back. The first window to open a file for
editing takes this lock; a second window (or a second copy of the app, on this or another
machine on a shared folder) finds it held and opens the file read-only instead.

The lock is `flock` on POSIX and `msvcrt.locking` on Windows: the operating system drops it
when the holder exits or is killed, so there are no stale locks to clean up. The lock file
holds one line naming the holder (process, host, time), used only for the message; it is
removed when the lock is released. Pure Python, no Qt: the layers allow `core` to use it.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from pathlib import Path
from types import TracebackType

from timeline_app import APP_NAME
from timeline_app.core.store_errors import FileInUseError, LockUnavailableError

LOCK_SUFFIX = ".lock"
_WINDOWS_LOCK_OFFSET = 4096  # lock a byte past the holder line, so it stays readable


def lock_path(path: Path | str) -> Path:
    """Where the lock of the timeline file `path` lives: `aleppo.ctl` -> `aleppo.ctl.lock`."""
    path = Path(path)
    return path.with_name(path.name + LOCK_SUFFIX)


def _try_lock(fd: int) -> bool:
    """Take an exclusive, non-blocking lock on the open file `fd`; False if someone holds it."""
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        # flock, not lockf: flock locks belong to the open file, so a second window in
        # the same process is refused too (lockf locks are per process).
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if os.name == "nt":  # pragma: no cover
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


def _holder_line() -> bytes:
    info = {
        "app": APP_NAME,
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "since": time.strftime("%Y-%m-%d %H:%M"),
    }
    return (json.dumps(info) + "\n").encode()


def _describe_holder(raw: bytes) -> str:
    """ "process 123 on host, since 2024-11-25 14:25" from a lock file's line (or a fallback)."""
    try:
        info = json.loads(raw.decode("utf-8", "replace").splitlines()[0])
        return f"process {int(info['pid'])} on {info['host']}, since {info['since']}"
    except (ValueError, KeyError, IndexError, TypeError):
        return "another program"


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return _describe_holder(os.read(fd, 1024))
    except OSError:
        return "another program"


class EditLock:
    """A held lock; `release()` (or leaving the `with` block) frees it and removes the file."""

    def __init__(self, path: Path, fd: int) -> None:
        self._path = path
        self._fd: int | None = fd

    @property
    def path(self) -> Path:
        """The lock file."""
        return self._path

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if os.name != "nt":
            # Removed while still locked: a newcomer that opened the old file checks that
            # the file it locked is still the one at this path (see acquire_edit_lock).
            self._path.unlink(missing_ok=True)
        try:
            _unlock(fd)
        finally:
            os.close(fd)
        if os.name == "nt":  # pragma: no cover - an open file cannot be removed there
            with contextlib.suppress(OSError):
                self._path.unlink(missing_ok=True)

    def __enter__(self) -> EditLock:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    def __repr__(self) -> str:
        return f"<EditLock {self._path} {'held' if self.held else 'released'}>"


def acquire_edit_lock(path: Path | str) -> EditLock:
    """Lock the timeline file `path` for editing by this window.

    Raises FileInUseError (naming the holder) if another window or program holds it, and
    LockUnavailableError if no lock file can be made (read-only folder or medium); in both
    cases the caller should open the file read-only.
    """
    path = Path(path)
    target = lock_path(path)
    for _attempt in range(20):
        try:
            fd = os.open(target, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise LockUnavailableError(
                f"{path.name}: cannot make the lock file {target.name} "
                f"({exc.strerror or exc}); open it read-only"
            ) from None
        try:
            if not _try_lock(fd):
                holder = _read_holder(fd)
                raise FileInUseError(
                    f"{path.name} is already open for editing in another {APP_NAME} window "
                    f"({holder}); it can only be opened read-only here"
                )
            try:
                current = os.stat(target)
            except FileNotFoundError:
                current = None
            if current is not None and os.path.samestat(os.fstat(fd), current):
                os.ftruncate(fd, 0)
                os.lseek(fd, 0, os.SEEK_SET)
                os.write(fd, _holder_line())
                lock, fd = EditLock(target, fd), -1
                return lock
            # The previous holder removed the file between our open and our lock: retry.
        finally:
            if fd >= 0:
                os.close(fd)
    raise LockUnavailableError(f"{path.name}: could not take the lock {target.name}; try again")
