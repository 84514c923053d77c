"""Alembic configured from code: which revision a file is at, upgrade and downgrade it safely.

The scripts live in `timeline_app/core/migrations/` (no alembic.ini anywhere). Every upgrade
or downgrade runs in ONE transaction on one connection with foreign keys off (see
`store_sqlite.migration_connection`): an error at any step leaves schema and data exactly as
they were, and batch-mode table rebuilds cannot cascade-delete child rows.

Alembic is imported lazily (~0.3 s of imports): opening a current file only needs to know the
revision ids, which `known_revisions` reads from the version scripts' `revision =` and
`down_revision =` lines without importing Alembic (a test checks it agrees with Alembic).
Alembic itself loads only for an actual upgrade/downgrade or an explicit `script_location`.
"""

from __future__ import annotations

import re
import sqlite3
import time
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text

from timeline_app.core.store_errors import MigrationError, StoreError
from timeline_app.core.store_sqlite import migration_connection

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).resolve().with_name("migrations")
_REVISION_LINE = re.compile(r"""^(down_revision|revision)\s*(?::[^=]*)?=\s*["']?([^"'\s]+)""", re.M)


def alembic_config(
    connection: Connection | None = None, *, script_location: Path | None = None
) -> Config:
    """An Alembic Config built in code; `connection` is handed to env.py."""
    from alembic.config import Config

    config = Config()
    location = str(script_location or MIGRATIONS_DIR)
    config.set_main_option("script_location", location.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=8)
def _scripts(location: str) -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(script_location=Path(location)))


def scripts(script_location: Path | None = None) -> ScriptDirectory:
    """The migration scripts (parsed once per process)."""
    return _scripts(str(script_location or MIGRATIONS_DIR))


@lru_cache(maxsize=1)
def known_revisions() -> tuple[frozenset[str], str]:
    """(every revision id of the bundled scripts, the head), read without importing Alembic.

    The head is the one revision no other script names as its `down_revision` (the chain is
    linear; a branch would make this fail loudly rather than pick one).
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        found = dict((m[0], m[1]) for m in _REVISION_LINE.findall(script.read_text("utf-8")))
        if "revision" in found:
            revisions.add(found["revision"])
            if found.get("down_revision", "None") != "None":
                parents.add(found["down_revision"])
    heads = revisions - parents
    assert len(heads) == 1, f"expected one migration head, found {sorted(heads)}"
    return frozenset(revisions), heads.pop()


def head_revision(script_location: Path | None = None) -> str:
    """The newest schema revision this version of the app writes."""
    if script_location is None:
        return known_revisions()[1]
    head = scripts(script_location).get_current_head()
    assert head is not None, "no migration scripts found"
    return head


def is_known_revision(revision: str, script_location: Path | None = None) -> bool:
    """True if this app has the script for `revision` (else the file comes from a newer app)."""
    if script_location is None:
        return revision in known_revisions()[0]
    from alembic.util.exc import CommandError

    try:
        return scripts(script_location).get_revision(revision) is not None
    except CommandError:
        return False


def file_revision(conn: sqlite3.Connection) -> str | None:
    """Revision recorded in a file (None if it has no alembic_version table or row)."""
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return None
        raise
    return row[0] if row else None


def backup_path(path: Path, revision: str) -> Path:
    """Where the pre-upgrade copy of `path` goes: next to it, named after revision and time.

    e.g. `aleppo.ctl` at revision 0001 -> `aleppo.backup-0001-20241125-142501.ctl`.
    """
    stamp = time.strftime("%Y%m%d-%H%M%S")
    suffix = path.suffix or ".ctl"
    candidate = path.with_name(f"{path.stem}.backup-{revision}-{stamp}{suffix}")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.backup-{revision}-{stamp}-{number}{suffix}")
        number += 1
    return candidate


def current_revision(conn: Connection) -> str | None:
    """Revision of the database behind an open SQLAlchemy connection."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def migrate(
    engine: Engine,
    target: str = "head",
    *,
    label: str,
    downgrade: bool = False,
    script_location: Path | None = None,
) -> str | None:
    """Upgrade (or downgrade) the database to `target` in one transaction; return the new revision.

    Also records the revision in the `meta` table so a human reading the file sees it.
    """
    from alembic import command

    verb = "downgrade" if downgrade else "upgrade"
    try:
        with migration_connection(engine, label=label) as conn:
            config = alembic_config(conn, script_location=script_location)
            (command.downgrade if downgrade else command.upgrade)(config, target)
            revision = current_revision(conn)
            if revision is not None:
                conn.execute(
                    text("UPDATE meta SET value = :rev WHERE key = 'schema_version'"),
                    {"rev": revision},
                )
    except StoreError:
        raise
    except Exception as exc:
        raise MigrationError(
            f"{label}: {verb} to {target} failed, the file was left unchanged ({exc})"
        ) from exc
    return revision
