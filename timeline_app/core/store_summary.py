"""A small per-day summary of event starts, kept in the file so big files open at once.

Drawing the fit-all view of a file needs, per lane, how many events begin in each bucket of
a few days. For a million events SQLite needs 0.3-0.7 s to count that (one pass over an
index), and the in-memory start index takes longer to load; both would make the first frame
of a big file wait. So the store keeps, in the `meta` table, how many events of each lane
begin on each UTC day (a few thousand numbers per lane), stamped with the file's data
revision: every write transaction bumps `data_revision` (see `TimelineStore.write`), so a
summary whose stamp differs is simply ignored, never wrong. The summary is written when the
app has the start index in memory anyway (`ViewportFetcher`), in a write that does not bump
the revision, and only if nothing changed meanwhile.

It answers exactly the buckets `store.bucket_counts` gives for any window that contains
every event start and whose buckets are whole UTC days (`serves`): the fit-all view and
everything zoomed further out. Closer views use the start index or SQL as before.

Reading uses plain SQL on a DB-API connection, so it works from any connection: a store
session's, or a bare `sqlite3` connection that opens before the rest of the store is loaded.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

DAY_MS = 86_400_000
REVISION_KEY = "data_revision"
SUMMARY_KEY = "start_summary"
FORMAT_VERSION = 1

Counts = dict[tuple[int, int | None], int]
BUMP_REVISION_SQL = (
    "INSERT INTO meta (key, value) VALUES ('data_revision', '1') "
    "ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)"
)


@dataclass(frozen=True, slots=True)
class StartSummary:
    """Events beginning on each UTC day, per lane (category id; None = no category)."""

    revision: int
    first_ms: int
    """Earliest event start (lo_ms)."""
    last_ms: int
    """Latest event start (lo_ms)."""
    end_ms: int
    """Latest event end (hi_ms): with first_ms, the file's time extent."""
    lanes: Mapping[int | None, tuple[array, array]]
    """lane -> (days since the epoch, ascending; events beginning that day)."""

    @property
    def total(self) -> int:
        return sum(sum(counts) for _, counts in self.lanes.values())

    def serves(self, lo: int, hi: int, bucket_ms: int) -> bool:
        """True if `bucket_counts(lo, bucket_ms)` equals the store's counts for [lo, hi].

        That needs every event start inside [lo, hi] (so none began before the window) and
        buckets made of whole days starting on a day boundary (so no day is split).
        """
        return (
            bucket_ms > 0
            and bucket_ms % DAY_MS == 0
            and lo % DAY_MS == 0
            and lo <= self.first_ms
            and hi >= self.last_ms
        )

    def bucket_counts(self, lo: int, bucket_ms: int) -> Counts:
        """{(bucket index, lane): n}, non-empty only; bucket i begins at lo + i*bucket_ms."""
        days_per_bucket = bucket_ms // DAY_MS
        first_day = lo // DAY_MS
        counts: Counts = {}
        for lane, (days, numbers) in self.lanes.items():
            for day, n in zip(days, numbers, strict=True):
                key = ((day - first_day) // days_per_bucket, lane)
                counts[key] = counts.get(key, 0) + n
        return counts

    # -- building and storing -------------------------------------------------------------
    @classmethod
    def from_starts(
        cls, revision: int, starts: Mapping[int | None, Iterable[int]], end_ms: int
    ) -> StartSummary | None:
        """Summarise sorted lo_ms values per lane (None if there are no events)."""
        lanes: dict[int | None, tuple[array, array]] = {}
        first: int | None = None
        last: int | None = None
        for lane, values in starts.items():
            days, numbers = array("q"), array("q")
            for ms in values:
                day = ms // DAY_MS
                if days and days[-1] == day:
                    numbers[-1] += 1
                else:
                    days.append(day)
                    numbers.append(1)
                first = ms if first is None or ms < first else first
                last = ms if last is None or ms > last else last
            if days:
                lanes[lane] = (days, numbers)
        if first is None or last is None:
            return None
        return cls(revision, first, last, end_ms, lanes)

    def encode(self) -> str:
        """JSON for the meta table (about 10 bytes per lane-day)."""
        return json.dumps(
            {
                "format": FORMAT_VERSION,
                "revision": self.revision,
                "first_ms": self.first_ms,
                "last_ms": self.last_ms,
                "end_ms": self.end_ms,
                "lanes": [
                    [lane, list(days), list(numbers)]
                    for lane, (days, numbers) in self.lanes.items()
                ],
            },
            separators=(",", ":"),
        )

    @classmethod
    def decode(cls, text: str) -> StartSummary | None:
        """The summary in `text`, or None if it is not one this version understands."""
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT_VERSION:
                return None
            lanes = {
                (None if lane is None else int(lane)): (array("q", days), array("q", numbers))
                for lane, days, numbers in data["lanes"]
            }
            if any(len(d) != len(n) for d, n in lanes.values()):
                return None
            return cls(
                int(data["revision"]),
                int(data["first_ms"]),
                int(data["last_ms"]),
                int(data["end_ms"]),
                lanes,
            )
        except (ValueError, TypeError, KeyError, OverflowError):
            return None


def data_revision(dbapi: Any) -> int:
    """The file's data revision (0 for a file that has never been written since it existed)."""
    row = dbapi.execute("SELECT value FROM meta WHERE key = ?", (REVISION_KEY,)).fetchone()
    try:
        return int(row[0]) if row is not None else 0
    except (TypeError, ValueError):
        return -1  # unreadable: matches no summary


def read_summary(dbapi: Any) -> StartSummary | None:
    """The stored summary if it describes the file as it is now, else None.

    `dbapi` is a DB-API connection (or cursor) inside one read transaction, so the revision
    and the summary come from the same snapshot.
    """
    row = dbapi.execute("SELECT value FROM meta WHERE key = ?", (SUMMARY_KEY,)).fetchone()
    if row is None:
        return None
    revision = data_revision(dbapi)
    if f'"revision":{revision},' not in row[0][:64]:
        return None  # stale (as after every edit): not worth decoding ~200 KB to find out
    summary = StartSummary.decode(row[0])
    if summary is None or summary.revision != revision:
        return None
    return summary


_COUNT_SQL = f"""
SELECT category_id, (lo_ms - ((lo_ms % {DAY_MS}) + {DAY_MS}) % {DAY_MS}) / {DAY_MS} AS day,
       count(*)
FROM events GROUP BY category_id, day ORDER BY category_id, day
"""
_EXTENT_SQL = "SELECT min(lo_ms), max(lo_ms), max(hi_ms) FROM events"


def count_summary(dbapi: Any) -> StartSummary | None:
    """Count the summary of the file as it is in `dbapi`'s transaction (None: no events).

    For writers that do not have the start index in memory (an import from the command
    line): SQLite groups the starts by lane and day itself (~0.5 s at 1M events), so a file
    made by an import opens with its summary at once. (Day numbers are floored, as
    Python's // does, for events before 1970.)
    """
    first, last, end = dbapi.execute(_EXTENT_SQL).fetchone()
    if first is None:
        return None
    lanes: dict[int | None, tuple[array, array]] = {}
    for lane, day, n in dbapi.execute(_COUNT_SQL):
        days, numbers = lanes.setdefault(lane, (array("q"), array("q")))
        days.append(day)
        numbers.append(n)
    return StartSummary(data_revision(dbapi), int(first), int(last), int(end), lanes)


def write_summary(dbapi: Any, summary: StartSummary) -> bool:
    """Store `summary` if the file is still at its revision; True if it was stored.

    Call inside a write transaction that does not bump the revision itself.
    """
    if data_revision(dbapi) != summary.revision:
        return False
    dbapi.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (SUMMARY_KEY, summary.encode()),
    )
    return True
