"""Write files atomically: the old file stays intact until the new one is complete.

    with atomic_write(path) as tmp:        # a fresh temporary path in the same folder
        image.save(str(tmp), "PNG")        # any writer that takes a file name
    with atomic_open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)

On success the temporary file is flushed to disk (fsync) and renamed over `path` with
`os.replace`, then the folder is synced, so after a crash `path` is either the old file or the
new one, never a mix. On any exception (a write error, disk full, the user cancelling by
raising) the temporary file is removed and `path` is left byte-identical. Used for exports
and every other file the app writes except the timeline itself (SQLite looks after that).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

TEMP_SUFFIX = ".partial"


def fsync_file(path: Path) -> None:
    """Flush a file's data to disk (before renaming it over another)."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries, so a rename in it survives a power cut (POSIX only)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _new_temp(target: Path) -> Path:
    """Create an empty, private-named file next to `target` (permissions from the umask)."""
    for _ in range(100):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp
    raise FileExistsError(f"could not create a temporary file next to {target}")


@contextmanager
def atomic_write(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to `path`; on success it replaces `path` atomically.

    A symbolic link at `path` is followed (its target is replaced, the link kept). An
    existing file's permission bits are kept. Raises OSError if the folder is not writable.
    """
    target = Path(os.path.realpath(path))
    if target.is_dir():
        raise IsADirectoryError(f"{path} is a folder")
    tmp = _new_temp(target)
    try:
        yield tmp
        if not tmp.exists():
            raise OSError(f"nothing was written to {path}")
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, stat.S_IMODE(os.stat(target).st_mode))
        fsync_file(tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)


@contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "w", **kwargs: Any) -> Iterator[IO[Any]]:
    """`open(path, mode, **kwargs)` for writing, made atomic with `atomic_write`.

    `mode` is "w" or "wb" (text or bytes); kwargs go to `open` (encoding, newline, ...).
    """
    if mode not in ("w", "wb", "wt"):
        raise ValueError(f"atomic_open writes whole files; mode {mode!r} is not supported")
    with atomic_write(path) as tmp, open(tmp, mode, **kwargs) as fh:
        yield fh
