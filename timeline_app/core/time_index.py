"""A columnar in-memory index of every event's extent, lane and id, for big files.

What a viewport needs before any row is read (how many events overlap a window, which
ones, and per-bucket histograms per lane) is answered here with `numpy.searchsorted` on
sorted arrays instead of an SQL index walk: at 1M events the counting for a fit-all
histogram, a window count or the ids of a window each take well under a millisecond
(making the ~1,100 BucketCount objects of a fit-all view costs ~2 ms more; SQL took
10-50 ms), and the store is only asked for the rows to draw, by primary key
(`store.event_rows_by_ids`).

Layout, about 30 bytes an event (29 MiB at 1M events):
- lo_ms (sorted), hi_ms, id and lane code of every event, in lo_ms order (8+8+4..8+2);
- every event's lo_ms again, sorted by (lane, lo_ms), for the per-lane histograms (8);
- the rare long events (the longest 1/256, at least 64) once more, in a small side array.
An event overlapping [lo, hi] either starts inside it, or began before lo and reaches it.
The latter are found by a bounded scan: events no longer than `long_ms` must have begun
in [lo - long_ms, lo), and the few longer ones are all tested. So a handful of multi-year
spans cannot turn every query into a scan of the whole file.

Counting rules are those of `store.bucket_counts` (an event counts once, in the bucket
where its extent begins; one that began before the window counts in the first bucket), so
the two give identical buckets; `tests/core/test_time_index.py` checks it on random data.

This module imports numpy at import time: the viewport fetcher imports it lazily, in the
thread that loads the index, so the app's start-up never pays for numpy.
"""

from __future__ import annotations

import contextlib
import sys
from array import array
from collections.abc import Collection, Iterable, Sequence
from typing import Any

import numpy as np

from timeline_app.core.records import BucketCount, bucket_rows
from timeline_app.core.store_buckets import (
    MAX_BUCKETS,
    IndexRow,
    extent_columns,
    lane_ids,
    start_spread,
)
from timeline_app.core.store_summary import DAY_MS, StartSummary

LONG_SHARE = 256  # at most 1/256 of the events (but at least LONG_MIN) count as long
LONG_MIN = 64


class EventIndex:
    """Sorted columns of every event's extent (lo_ms, hi_ms), id and lane (category)."""

    __slots__ = (
        "_hi",
        "_ids",
        "_lane",
        "_lane_bounds",
        "_lane_lo",
        "_lo",
        "_long",
        "lanes",
        "long_ms",
        "size",
        "start_spread",
    )

    def __init__(
        self,
        lo_ms: Any,
        hi_ms: Any,
        ids: Any,
        lanes: Any,
        lane_keys: Sequence[int | None],
        start_spread: int = 0,
    ) -> None:
        """Index events given as parallel columns, in any order (sorted is cheapest).

        `lanes[i]` is the position of event i's category in `lane_keys`, which lists the
        categories (None: none) in the order buckets are reported: None first, then by id.
        `start_spread`: no event's start time lies more than this after its lo_ms
        (`store_buckets.start_spread`; 0: every start is its lo_ms).
        """
        self.start_spread = start_spread
        lo = np.asarray(lo_ms, dtype=np.int64)
        order = None if _ascending(lo) else np.argsort(lo, kind="stable")

        def ordered(values: Any, dtype: Any) -> Any:
            values = np.asarray(values, dtype=dtype)
            return values if order is None else values[order]

        self._lo = ordered(lo, np.int64)
        self._hi = ordered(hi_ms, np.int64)
        ids = np.asarray(ids, dtype=np.int64)
        small = ids.size == 0 or (ids.min() >= 0 and ids.max() < 2**31)
        self._ids = ordered(ids, np.int32 if small else np.int64)
        self.lanes: tuple[int | None, ...] = tuple(lane_keys)
        self._lane = ordered(lanes, lane_dtype(len(self.lanes)))
        self.size = int(self._lo.size)
        by_lane = np.argsort(self._lane, kind="stable")  # keeps lo_ms order inside a lane
        self._lane_lo = self._lo[by_lane]
        del by_lane
        per_lane = np.bincount(self._lane, minlength=len(self.lanes))
        self._lane_bounds = [0, *np.cumsum(per_lane).tolist()]
        extent = self._hi - self._lo
        cut = self.size - max(LONG_MIN, self.size // LONG_SHARE)
        # At most size - cut events are longer than long_ms (every span of a tiny file).
        self.long_ms = int(np.partition(extent, cut - 1)[cut - 1]) if cut > 0 else 0
        long = np.flatnonzero(extent > self.long_ms)
        self._long = (self._lo[long], self._hi[long], self._ids[long], self._lane[long])

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[int, int, int, int | None]]) -> EventIndex:
        """Index (lo_ms, hi_ms, id, category id or None) tuples (tests, small data)."""
        rows = list(rows)
        keys = sorted({row[3] for row in rows}, key=lambda key: (key is not None, key or 0))
        code = {key: i for i, key in enumerate(keys)}
        columns = [[row[i] for row in rows] for i in range(3)]
        return cls(*columns, [code[row[3]] for row in rows], keys)

    def starts_by_lane(self) -> dict[int | None, Any]:
        """Every event's lo_ms per lane, sorted (views of the index: no copies).

        What the per-day start summary of a file is made from (`store_summary`).
        """
        bounds = self._lane_bounds
        return {lane: self._lane_lo[bounds[i] : bounds[i + 1]] for i, lane in enumerate(self.lanes)}

    def updated(self, changed: Collection[int], rows: Sequence[IndexRow]) -> EventIndex | None:
        """This index with the events `changed` replaced by `rows` (`store.index_rows`).

        After an edit, one event (or a few) changed: rebuilding from them costs ~30-60 ms at
        1M events (a few passes over the arrays), where reloading everything costs 1-3 s of
        SQL. An id in `changed` without a row was deleted. None if a row's lane is not one
        of this index's (a category that had no events): the caller then reloads.
        """
        code = {key: i for i, key in enumerate(self.lanes)}
        if any(row[3] not in code for row in rows):
            return None
        keep = ~np.isin(self._ids, np.fromiter(changed, np.int64, len(changed)))
        new = sorted(rows, key=lambda row: row[1])
        new_lo = np.array([row[1] for row in new], np.int64)
        lo = self._lo[keep]
        at = np.searchsorted(lo, new_lo, "right")  # keeps lo_ms ascending: no re-sort

        def merged(column: Any, values: list[Any]) -> Any:
            return np.insert(column[keep], at, np.array(values, dtype=column.dtype))

        return EventIndex(
            np.insert(lo, at, new_lo),
            merged(self._hi, [row[2] for row in new]),
            merged(self._ids, [row[0] for row in new]),
            merged(self._lane, [code[row[3]] for row in new]),
            self.lanes,
            max([self.start_spread, *(row[4] - row[1] for row in rows)]),
        )

    def start_summary(self, revision: int) -> StartSummary | None:
        """The per-day start summary of the indexed events, stamped `revision` (None: empty).

        The index holds every start sorted per lane already, so the day counts are one
        vectorised pass (~20 ms at 1M events) instead of a Python loop over the starts.
        """
        if not self.size:
            return None
        lanes: dict[int | None, tuple[array, array]] = {}
        for lane, starts in self.starts_by_lane().items():
            if starts.size:
                days, counts = np.unique(starts // DAY_MS, return_counts=True)
                lanes[lane] = (array("q", days.tolist()), array("q", counts.tolist()))
        first, last = int(self._lo[0]), int(self._lo[-1])
        return StartSummary(revision, first, last, int(self._hi.max()), lanes)

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays (for the figures in the docs and the benchmark)."""
        arrays = (self._lo, self._hi, self._ids, self._lane, self._lane_lo, *self._long)
        return sum(a.nbytes for a in arrays)

    # -- windows ---------------------------------------------------------------------------
    def _earlier(self, lo: int) -> tuple[Any, Any]:
        """Events that began before `lo` and reach it: (positions, positions in the long ones)."""
        a = int(np.searchsorted(self._lo, lo - self.long_ms, "left"))
        b = int(np.searchsorted(self._lo, lo, "left"))
        near = a + np.flatnonzero(self._hi[a:b] >= lo) if a < b else np.zeros(0, np.int64)
        long_lo, long_hi = self._long[0], self._long[1]
        far = np.flatnonzero((long_lo < lo - self.long_ms) & (long_hi >= lo))
        return near, far

    def _starting(self, lo: int, hi: int) -> tuple[int, int]:
        """The slice of positions whose lo_ms lies in [lo, hi]."""
        a = int(np.searchsorted(self._lo, lo, "left"))
        return a, max(a, int(np.searchsorted(self._lo, hi, "right")))

    def count_in_window(self, lo: int, hi: int) -> int:
        """Events whose extent overlaps [lo, hi] (both inclusive): `store.count_in_window`."""
        if hi < lo:
            return 0
        a, b = self._starting(lo, hi)
        near, far = self._earlier(lo)
        return b - a + len(near) + len(far)

    def spanning(self, lo: int, hi: int) -> tuple[list[int], list[int], list[int], list[Any]]:
        """(ids, lo_ms, hi_ms, lane keys) of events drawn from before `lo` until after `hi`.

        Their extent covers [lo, hi] and their start time lies before `lo` (their lo_ms is
        more than `start_spread` before it), so every view inside [lo, hi] draws them from
        its left edge. A detailed view of a dense file has hundreds of these (spans that
        began days earlier); `ViewportFetcher.load` uses them to skip reading rows that
        layout would only count.
        """
        near, far = self._earlier(lo - self.start_spread)
        near = near[self._hi[near] >= hi]
        far = far[self._long[1][far] >= hi]
        keys = np.array(self.lanes, dtype=object)
        return (
            np.concatenate((self._long[2][far], self._ids[near])).tolist(),
            np.concatenate((self._long[0][far], self._lo[near])).tolist(),
            np.concatenate((self._long[1][far], self._hi[near])).tolist(),
            keys[np.concatenate((self._long[3][far], self._lane[near]))].tolist(),
        )

    def ids_in_window(self, lo: int, hi: int) -> list[int]:
        """Ids of the events whose extent overlaps [lo, hi], by lo_ms (long ones first)."""
        if hi < lo:
            return []
        a, b = self._starting(lo, hi)
        near, far = self._earlier(lo)
        ids = np.concatenate((self._long[2][far], self._ids[near], self._ids[a:b]))
        return ids.tolist()

    # -- histograms ------------------------------------------------------------------------
    def bucket_counts(self, start_ms: int, end_ms: int, bucket_ms: int) -> list[BucketCount]:
        """Events per bucket and lane over [start_ms, end_ms]: `store.bucket_counts` unfiltered.

        Buckets are [start_ms + i*bucket_ms, start_ms + (i+1)*bucket_ms); only non-empty
        (bucket, lane) pairs are returned, by bucket, then lane (None first).
        """
        if bucket_ms <= 0:
            raise ValueError(f"bucket_ms must be positive, not {bucket_ms}")
        if end_ms < start_ms or not self.size:
            return []
        n_buckets = (end_ms - start_ms) // bucket_ms + 1
        if n_buckets > MAX_BUCKETS:
            raise ValueError(f"more than {MAX_BUCKETS} buckets asked for; use a larger bucket_ms")
        edges = start_ms + np.arange(n_buckets + 1, dtype=np.int64) * bucket_ms
        edges[-1] = end_ms + 1  # the last bucket ends with the window (inclusive)
        counts = np.empty((n_buckets, len(self.lanes)), dtype=np.int64)
        bounds = self._lane_bounds
        for lane in range(len(self.lanes)):
            starts = self._lane_lo[bounds[lane] : bounds[lane + 1]]
            counts[:, lane] = np.diff(np.searchsorted(starts, edges, "left"))
        near, far = self._earlier(start_ms)
        lanes = np.concatenate((self._lane[near], self._long[3][far]))
        counts[0] += np.bincount(lanes, minlength=len(self.lanes))
        buckets, lanes = np.nonzero(counts)  # row-major: by bucket, then lane code
        starts = start_ms + buckets * bucket_ms
        keys = np.array(self.lanes, dtype=object)[lanes].tolist()
        columns = (starts.tolist(), (starts + bucket_ms).tolist(), keys)
        return bucket_rows(*columns, counts[buckets, lanes].tolist())


def lane_dtype(n_lanes: int) -> Any:
    """The smallest integer type for lane codes (2 bytes an event unless 32k+ categories)."""
    return np.int16 if n_lanes < 2**15 else np.int32


def _ascending(values: Any) -> bool:
    return bool(values.size < 2 or (values[1:] >= values[:-1]).all())


def _parse(text: str, count: int) -> Any:
    values = np.fromstring(text, dtype=np.int64, sep=",")
    if values.size != count:
        raise ValueError("the store returned malformed event columns")
    return values


def _lanes_of(ids: Any, members: list[Any], n_events: list[int]) -> Any:
    """The lane code of each of `ids`, given the ids of each lane's members."""
    dtype = lane_dtype(len(members))
    if sum(n_events) != ids.size:
        raise ValueError("the store's event columns do not match")
    if not ids.size:
        return np.zeros(0, dtype)
    top = int(ids.max()) + 1
    if int(ids.min()) >= 0 and top <= 8 * ids.size + 2**20:  # ids dense enough for a table
        table = np.full(top, -1, dtype)
        for code, lane in enumerate(members):
            table[lane] = code
        lanes = table[ids]
        if (lanes < 0).any():
            raise ValueError("the store's event columns do not match")
        return lanes
    every = np.concatenate(members)
    codes = np.repeat(np.arange(len(members), dtype=dtype), n_events)
    order = np.argsort(every)
    every, codes = every[order], codes[order]
    at = np.minimum(np.searchsorted(every, ids), every.size - 1)
    if not np.array_equal(every[at], ids):
        raise ValueError("the store's event columns do not match")
    return codes[at]


def load_event_index(session: Any) -> EventIndex:
    """Read every event's extent, id and category from the store (one session) and index them.

    The store hands the columns over as comma-separated text (`store_buckets.extent_columns`
    and `lane_ids`, each read from one covering index), which numpy parses in C: ~0.9 s at
    1M events, most of it inside SQLite without the GIL, against ~1.5 s of Python row
    tuples that held the GIL against the GUI thread. The halves are joined on the event id.
    The extent columns come in ascending slices of time, so they rarely need sorting.
    """
    parts: list[list[Any]] = [[], [], []]
    for count, *texts in extent_columns(session):
        for part, text in zip(parts, texts, strict=True):
            part.append(_parse(text, count))
    lo, hi, ids = (np.concatenate(part) if part else np.zeros(0, np.int64) for part in parts)
    del parts
    keys, members, n_events = [], [], []
    for lane, count, text in lane_ids(session):
        keys.append(lane)
        members.append(_parse(text, count))
        n_events.append(count)
    lanes = _lanes_of(ids, members, n_events)
    del members
    index = EventIndex(lo, hi, ids, lanes, keys, start_spread(session))
    del lo, hi, ids, lanes
    _release_scratch_memory()
    return index


def _release_scratch_memory() -> None:
    """Hand the freed scratch memory of a load (~30 MB at 1M events) back to the system.

    glibc keeps what a thread freed in that thread's malloc arena for later use, so the
    text and temporary arrays of a load would stay in the process's resident size;
    `malloc_trim` releases it. Linux only; elsewhere the allocator is left to itself.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):  # AttributeError: not glibc (musl)
        ctypes.CDLL(None).malloc_trim(0)
