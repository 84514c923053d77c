"""Recovering from a damaged file: find its newest backup, open a copy of it.

The app never repairs or writes a damaged file (a recovery tool may still save more from it).
It offers instead the newest sound backup that sits next to it: the copies made before every
upgrade, `<stem>.backup-<revision>-<YYYYmmdd-HHMMSS>[-n]<suffix>` (see
`store_migrate.backup_path`). The backup itself is not opened for editing either: the user
works on a restored copy, so the backup stays as it was.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from timeline_app.core.store_errors import StoreError
from timeline_app.core.store_sqlite import (
    backup_into,
    inspect_connection,
    quick_check,
    recognise,
)


def _backup_pattern(path: Path) -> re.Pattern[str]:
    suffix = re.escape(path.suffix or ".ctl")
    return re.compile(
        rf"^{re.escape(path.stem)}\.backup-(?P<rev>.+?)-(?P<stamp>\d{{8}}-\d{{6}})"
        rf"(?:-(?P<n>\d+))?{suffix}$"
    )


def backups_of(path: Path | str) -> list[Path]:
    """Backups of `path` in its folder, newest first (by the time in their names)."""
    path = Path(path)
    pattern = _backup_pattern(path)
    found = []
    try:
        entries = list(path.parent.iterdir())
    except OSError:
        return []
    for entry in entries:
        match = pattern.match(entry.name)
        if match and entry.is_file():
            found.append(((match["stamp"], int(match["n"] or 1)), entry))
    return [entry for _key, entry in sorted(found, reverse=True)]


def _is_sound(backup: Path) -> bool:
    try:
        recognise(backup)
        with inspect_connection(backup) as conn:
            return not quick_check(conn)
    except StoreError:
        return False


def newest_backup(path: Path | str) -> Path | None:
    """The newest backup of `path` that is a sound timeline file, or None.

    Reads the candidates read-only (header, then SQLite's quick check); changes nothing.
    """
    for backup in backups_of(path):
        if _is_sound(backup):
            return backup
    return None


def damaged_message(path: Path | str, backup: Path | None) -> str:
    """What to tell the user about a damaged file, naming the backup on offer (if any)."""
    path = Path(path)
    text = f"{path.name} is damaged. It was not changed and will not be written to."
    if backup is None:
        return text + " No backup of it was found next to it."
    return text + f" The newest backup is {backup.name} (in the same folder)."


def restore_copy(backup: Path | str, dest: Path | str | None = None) -> Path:
    """Copy `backup` to a new file and return it; the backup itself is left untouched.

    The default name is `<stem>.restored-<YYYYmmdd-HHMMSS><suffix>` next to the backup.
    The copy is made with SQLite's backup API and checked before it is renamed into place.
    """
    backup = Path(backup)
    recognise(backup)
    if dest is None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        stem = backup.stem.split(".backup-")[0]
        dest = backup.with_name(f"{stem}.restored-{stamp}{backup.suffix or '.ctl'}")
        number = 2
        while dest.exists():
            dest = backup.with_name(f"{stem}.restored-{stamp}-{number}{backup.suffix or '.ctl'}")
            number += 1
    dest = Path(dest)
    if dest.exists():
        raise StoreError(f"{dest} already exists; choose another name")
    with inspect_connection(backup) as conn:
        backup_into(conn, dest, label=str(dest))
    return dest
