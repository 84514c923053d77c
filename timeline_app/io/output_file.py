"""Write an export atomically, with a clear message when the folder does not exist.

A thin layer over `timeline_app.io.atomic.atomic_write` (temporary file next to the
target, fsync, os.replace): a failed or cancelled export never leaves a half-written file
and never destroys the previous one.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from timeline_app.io.atomic import atomic_write


@contextlib.contextmanager
def replacing(path: Path | str) -> Iterator[Path]:
    """Yield a temporary path next to `path`; it replaces `path` only if the block succeeds."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no such folder")
    with atomic_write(path) as tmp:
        yield tmp
