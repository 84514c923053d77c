"""import_rows_per_s: the real ACLED importer plus the bulk store path, into a new file."""

from __future__ import annotations

import gc
import tempfile
import time
from pathlib import Path

from timeline_app.core import store as st
from timeline_app.io.importers import read_import


def import_file(csv_path: Path, target: Path) -> tuple[int, float]:
    """Import `csv_path` into a new timeline at `target` as the app does; (rows, seconds).

    Timed: reading the file into drafts, storing them in one transaction, the commit (not
    creating the empty file).
    """
    with st.TimelineStore.create(target, overwrite=True) as store:
        t0 = time.perf_counter()
        result = read_import(csv_path, format="acled-csv")
        with store.write() as session:
            for name, color in result.categories:
                st.get_or_create_category(session, name, color=color)
            added = st.bulk_add_events(session, result.events)
        elapsed = time.perf_counter() - t0
    del result
    gc.collect()
    return len(added.added), elapsed


def import_rates(csv_path: Path, runs: int) -> list[float]:
    """Rows per second of `runs` fresh imports of the file."""
    rates = []
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        for i in range(runs):
            rows, seconds = import_file(csv_path, Path(tmp) / f"import-{i}.ctl")
            rates.append(rows / seconds)
    return rates
