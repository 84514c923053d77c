"""A first look at a timeline file with the standard library only, before the store loads.

Opening a file in the window means loading the store (SQLAlchemy's ORM: ~0.45 s of a cold
start) and, for a big file, counting its events per lane for the fit-all view. The window
can show that view much sooner: the per-day start summary the store keeps (`store_summary`)
and the category list are a couple of small reads with `sqlite3`. The window paints that
frame, then opens the file properly; the store's first fetch answers from the same summary,
so the frame does not change when it does.

This never writes (the connection is read-only) and never decides whether a file is usable:
anything unexpected (not our file, no summary for the current revision, locked, damaged)
gives None and the normal open reports what is wrong.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from timeline_app.core.records import CategoryRow
from timeline_app.core.store_summary import StartSummary, read_summary
from timeline_app.core.zone_sample import dominant_zone_of


@dataclass(frozen=True, slots=True)
class QuickLook:
    """What the fit-all frame of a file needs: lanes, per-day start counts, the axis zone."""

    categories: tuple[CategoryRow, ...]
    summary: StartSummary
    zone: str | None
    """The zone most events were reported in (`store.dominant_zone`)."""


def quick_look(path: Path | str) -> QuickLook | None:
    """Lanes and start summary of `path`, or None if the file offers no current summary."""
    try:
        uri = f"{Path(path).resolve().as_uri()}?mode=ro"
        # timeout 0: a file another program holds locked is not worth waiting for here
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=0)
    except (sqlite3.Error, OSError, ValueError):
        return None
    try:
        conn.execute("BEGIN")  # one snapshot for the summary and the categories
        summary = read_summary(conn)
        if summary is None:
            return None
        rows = conn.execute("SELECT id, name, color, sort_order FROM categories").fetchall()
        categories = tuple(CategoryRow(*row) for row in rows)
        return QuickLook(categories, summary, dominant_zone_of(conn))
    except sqlite3.Error:
        return None
    finally:
        conn.close()
