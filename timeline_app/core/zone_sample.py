"""The zone most of a file's events were reported in, sampled with plain SQL.

The axis of the timeline is labelled in that zone, so it is needed for the very first
frame: both by the store (`store_table.dominant_zone`) and by the quick look at a file
that is drawn before the store has loaded (`quick_look`). Plain SQL on a DB-API
connection serves both.

Counting every event's zone costs ~0.45 s at 1M events; a bigger table is sampled
instead: 20 id ranges of 1,000 events spread over the ids (primary-key range scans,
~10 ms), which finds the dominant zone of any data set whose zones are not almost tied,
and then exactly which of the tied ones hardly matters.
"""

from __future__ import annotations

from typing import Any

ZONE_SAMPLE_ROWS = 20_000  # tables up to this size are counted exactly
_RUNS = 20


def dominant_zone_of(dbapi: Any) -> str | None:
    """The zone most events were reported in (ties: the first by name); None if empty."""
    # Two queries: SQLite answers a lone min() or max() from the index end, both at once by a scan.
    first = dbapi.execute("SELECT min(id) FROM events").fetchone()[0]
    last = dbapi.execute("SELECT max(id) FROM events").fetchone()[0]
    if first is None:
        return None
    where, params = "", []
    if last - first + 1 > ZONE_SAMPLE_ROWS:
        run = ZONE_SAMPLE_ROWS // _RUNS
        step = (last - first + 1 - run) / (_RUNS - 1)
        starts = [first + int(i * step) for i in range(_RUNS)]
        where = "WHERE " + " OR ".join(["id BETWEEN ? AND ?"] * _RUNS)
        params = [bound for s in starts for bound in (s, s + run - 1)]
    row = dbapi.execute(
        f"SELECT start_tz, count(*) AS n FROM events {where} "
        "GROUP BY start_tz ORDER BY n DESC, start_tz LIMIT 1",
        params,
    ).fetchone()
    return None if row is None else row[0]
