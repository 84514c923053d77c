"""import_rows_per_s: an ACLED CSV imported into a new file the way the app does it.

`import_rates` times `io.import_into.import_file`, what the CLI calls (the GUI calls its two
halves, `read_input` then `store_import`, with the preview in between): reading the file,
storing its rows in one transaction, building the indexes, the commit.

`sqlite_floor_rates` is the part of that which is SQLite's alone: the very INSERT
statements and parameters an import executed (recorded with SQLAlchemy's
before_cursor_execute event) replayed with plain sqlite3 into a new file with the same
set-up (names and sources already there, 256 MiB cache, indexes built at the end, the
commit). The ratio of the two is what reading the CSV and building the rows in Python
costs.
"""

from __future__ import annotations

import gc
import sqlite3
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

from timeline_app.core import store as st
from timeline_app.core.store_sqlite import secondary_indexes
from timeline_app.io.import_into import import_file as import_into

BIG_TABLES = ("events", "citations", "event_actors", "event_tags")
NAME_TABLES = ("categories", "locations", "actors", "tags", "sources")


def import_file(csv_path: Path, target: Path) -> tuple[int, float]:
    """Import `csv_path` into a new timeline at `target` as the app does; (rows, seconds).

    Timed: everything but creating the empty file.
    """
    with st.TimelineStore.create(target, overwrite=True) as store:
        t0 = time.perf_counter()
        summary = import_into(store, csv_path, format="acled-csv")
        elapsed = time.perf_counter() - t0
    gc.collect()
    return summary.imported, elapsed


def import_rates(csv_path: Path, runs: int) -> list[float]:
    """Rows per second of `runs` fresh imports of the file."""
    rates = []
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        for i in range(runs):
            rows, seconds = import_file(csv_path, Path(tmp) / f"import-{i}.ctl")
            rates.append(rows / seconds)
    return rates


def _record(csv_path: Path, target: Path) -> tuple[int, list[tuple[str, list]]]:
    """Import once, keeping the INSERTs into the big tables with their parameters."""
    inserts: list[tuple[str, list]] = []

    def keep(_conn, _cursor, statement, parameters, _context, executemany) -> None:
        words = statement.split(None, 3)
        if words[:2] == ["INSERT", "INTO"] and words[2] in BIG_TABLES:
            inserts.append((statement, list(parameters) if executemany else [parameters]))

    with st.TimelineStore.create(target, overwrite=True) as store:
        event.listen(store.engine, "before_cursor_execute", keep)
        summary = import_into(store, csv_path, format="acled-csv")
    return summary.imported, inserts


def _replay(source: Path, target: Path, inserts: list[tuple[str, list]]) -> float:
    """Seconds to run `inserts` into a copy of `source` without the big tables' rows."""
    st.TimelineStore.create(target, overwrite=True).close()
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"ATTACH DATABASE '{source}' AS done")
        conn.execute("BEGIN IMMEDIATE")
        for table in NAME_TABLES:
            conn.execute(f"INSERT INTO main.{table} SELECT * FROM done.{table}")
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE done")
        indexes = secondary_indexes(conn, BIG_TABLES)
        gc.collect()
        t0 = time.perf_counter()
        conn.execute(f"PRAGMA cache_size = {-256 * 1024}")
        conn.execute("BEGIN IMMEDIATE")
        for name, _sql in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        for statement, parameters in inserts:
            conn.executemany(statement, parameters)
        for _name, sql in indexes:
            conn.execute(sql)
        conn.execute("COMMIT")
        return time.perf_counter() - t0
    finally:
        conn.close()


def sqlite_floor_rates(csv_path: Path, runs: int) -> list[float]:
    """Rows per second of SQLite alone: an import's INSERTs replayed `runs` times."""
    with tempfile.TemporaryDirectory(prefix="bench-floor-") as tmp:
        done = Path(tmp) / "imported.ctl"
        rows, inserts = _record(csv_path, done)
        return [rows / _replay(done, Path(tmp) / f"floor-{i}.ctl", inserts) for i in range(runs)]
