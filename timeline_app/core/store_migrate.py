"""Alembic configured from code: which revision a file is at, upgrade and downgrade it safely.

The scripts live in `timeline_app/core/migrations/` (no alembic.ini anywhere). Every upgrade
or downgrade runs in ONE transaction on one connection with foreign keys off (see
`store_sqlite.migration_connection`): an error at any step leaves schema and data exactly as
they were, and batch-mode table rebuilds cannot cascade-delete child rows.
"""

from __future__ import annotations

import sqlite3
import time
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, text

from timeline_app.core.store_errors import MigrationError, StoreError
from timeline_app.core.store_sqlite import migration_connection

MIGRATIONS_DIR = Path(__file__).resolve().with_name("migrations")


def alembic_config(
    connection: Connection | None = None, *, script_location: Path | None = None
) -> Config:
    """An Alembic Config built in code; `connection` is handed to env.py."""
    config = Config()
    location = str(script_location or MIGRATIONS_DIR)
    config.set_main_option("script_location", location.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=8)
def _scripts(location: str) -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config(script_location=Path(location)))


def scripts(script_location: Path | None = None) -> ScriptDirectory:
    """The migration scripts (parsed once per process)."""
    return _scripts(str(script_location or MIGRATIONS_DIR))


def head_revision(script_location: Path | None = None) -> str:
    """The newest schema revision this version of the app writes."""
    head = scripts(script_location).get_current_head()
    assert head is not None, "no migration scripts found"
    return head


def is_known_revision(revision: str, script_location: Path | None = None) -> bool:
    """True if this app has the script for `revision` (else the file comes from a newer app)."""
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
