"""`integrity_check`: what `timeline-app check` reports; reads a file without changing it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from timeline_app.core.store_errors import CorruptFileError, NewerSchemaError
from timeline_app.core.store_migrate import file_revision, is_known_revision
from timeline_app.core.store_queries import MAX_EXTENT_KEY
from timeline_app.core.store_sqlite import (
    inspect_connection,
    integrity_problems,
    recognise,
    table_names,
)

_EXPECTED_HI = (
    "CASE WHEN end_latest_ms IS NOT NULL AND end_latest_ms > start_latest_ms "
    "THEN end_latest_ms ELSE start_latest_ms END"
)
# (query counting bad rows, what to tell the user)
_CONSISTENCY = (
    (
        f"SELECT count(*) FROM events WHERE lo_ms <> start_earliest_ms OR hi_ms <> {_EXPECTED_HI}",
        "event(s) have a stale time extent (lo_ms/hi_ms) and may be drawn in the wrong place",
    ),
    (
        "SELECT count(*) FROM events WHERE (end_ms IS NULL AND kind <> 'point') "
        "OR (end_ms IS NOT NULL AND kind <> 'span')",
        "event(s) have a kind (point/span) that does not match their end time",
    ),
    (
        "SELECT count(*) FROM events e WHERE source_count <> "
        "(SELECT count(DISTINCT c.source_id) FROM citations c WHERE c.event_id = e.id)",
        "event(s) show a wrong number of sources",
    ),
)


def consistency_problems(conn: sqlite3.Connection) -> list[str]:
    """Denormalised columns that disagree with the rows they summarise."""
    problems = []
    for query, message in _CONSISTENCY:
        count = conn.execute(query).fetchone()[0]
        if count:
            problems.append(f"{count} {message}")
    hint = conn.execute("SELECT value FROM meta WHERE key = ?", (MAX_EXTENT_KEY,)).fetchone()
    longest = conn.execute("SELECT max(hi_ms - lo_ms) FROM events").fetchone()[0] or 0
    if hint is not None and int(hint[0]) < longest:
        problems.append(
            f"the stored longest-event hint ({hint[0]} ms) is shorter than the longest event "
            f"({longest} ms): long events may be missing from the timeline"
        )
    return problems


def integrity_check(path: Path | str) -> list[str]:
    """Problems found in a timeline file; an empty list means it is sound.

    Runs SQLite's full integrity and foreign key checks, then our own consistency checks.
    A damaged file yields its problems. Raises StoreError subclasses when the file is
    missing, not a timeline, or from a newer app. Opens the file read-only and never changes it.
    """
    path = Path(path)
    recognise(path)
    try:
        return _check(path)
    except CorruptFileError as exc:
        return [str(exc)]


def _check(path: Path) -> list[str]:
    with inspect_connection(path) as conn:
        problems = integrity_problems(conn)
        if problems:
            return problems
        if not {"meta", "alembic_version"} <= table_names(conn):
            return [f"{path} lacks the timeline tables (meta, alembic_version)"]
        revision = file_revision(conn)
        if revision is None:
            return [f"{path} records no schema version"]
        if not is_known_revision(revision):
            raise NewerSchemaError(
                f"{path} uses file format {revision} of a newer Conflict Timeline; update the app"
            )
        return consistency_problems(conn)
