"""What the canvas needs for a viewport, fetched from the store and cached by window.

The canvas never loads the whole file. For a viewport it fetches a window three viewports
wide (so small pans reuse the cache), and asks for at most `budget` events there; if the
window holds more, it switches to per-bucket counts (drawn as density with counts), which
the store computes with an index scan. The cache is keyed by the document generation and
the filter, so any edit or filter change refetches.

Big files: the first aggregated fetch starts loading a `LaneStarts` index (every event's
start per lane, 8 bytes each) in a background thread. Once it is there, unfiltered views
decide "too many to draw" and build their histograms in memory with bisect (~2 ms at 1M
events instead of ~0.5 s of SQL); until then, and for filtered views, SQL answers.

Threads: `fetch` = `cached` (memory only, never touches the database) or `load` + `accept`.
The canvas calls `cached` on the GUI thread and runs `load` in a worker thread (each
`read_session` checks its own pooled SQLite connection out, so no connection is shared
between threads), then hands the result back to `accept` on the GUI thread.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from timeline_app.core import store as st
from timeline_app.core.records import BucketCount, EventFilter, EventRow
from timeline_app.core.store_buckets import earlier_counts, lane_starts
from timeline_app.core.time_index import LaneStarts

SessionFactory = Callable[[], AbstractContextManager[Any]]
BUCKET_PX = 20  # width of one density bucket on screen (layout merges them into 40 px bins)


@dataclass(frozen=True, slots=True)
class ViewportData:
    """Events (detailed) or buckets (aggregated) covering [start_ms, end_ms]."""

    start_ms: float
    end_ms: float
    ms_per_px: float
    events: tuple[EventRow, ...] | None
    buckets: tuple[BucketCount, ...] | None

    @property
    def aggregated(self) -> bool:
        return self.buckets is not None

    # Sorted keys for visible_count, built on first use (in whichever thread asks first).
    _sorted: dict[str, list[float]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def visible_count(self, start_ms: float, end_ms: float) -> int:
        """Events overlapping [start_ms, end_ms] (bucket resolution when aggregated).

        Every frame asks (the status bar's "n of N visible"); a scan of thousands of rows or
        buckets cost ~3 ms a frame, so it bisects sorted keys instead. An event overlaps
        unless it starts after end_ms or ends before start_ms, and (lo <= hi) no event does
        both, so the count is len - #(lo > end) - #(hi < start).
        """
        if end_ms < start_ms:
            return 0
        keys = self._sorted
        if self.events is not None:
            if not keys:
                keys["lo"] = sorted(e.lo_ms for e in self.events)
                keys["hi"] = sorted(e.hi_ms for e in self.events)
            lo, hi = keys["lo"], keys["hi"]
            return bisect_right(lo, end_ms) - bisect_left(hi, start_ms)
        assert self.buckets is not None
        if not keys:
            keys["start"] = sorted(b.start_ms for b in self.buckets)
            keys["end"] = sorted(b.end_ms for b in self.buckets)
            # counts summed in start order and in end order, for the same subtraction
            keys["by_start"] = list(accumulate(b.count for b in _by(self.buckets, "start_ms")))
            keys["by_end"] = list(accumulate(b.count for b in _by(self.buckets, "end_ms")))
        total = keys["by_start"][-1] if keys["by_start"] else 0
        after = len(keys["start"]) - bisect_right(keys["start"], end_ms)  # start > end_ms
        before = bisect_left(keys["end"], start_ms)  # end < start_ms
        late = total - (keys["by_start"][-after - 1] if after < len(keys["start"]) else 0)
        early = keys["by_end"][before - 1] if before else 0
        return int(total - late - early)


def _by(buckets: tuple[BucketCount, ...], attribute: str) -> list[BucketCount]:
    return sorted(buckets, key=lambda b: getattr(b, attribute))


class ViewportFetcher:
    """Fetch and cache ViewportData for the canvas."""

    def __init__(self, read_session: SessionFactory, *, budget: int = 1500) -> None:
        self._read = read_session
        self.budget = budget
        self._cached: ViewportData | None = None
        self._key: tuple[int, EventFilter] | None = None
        self._total: tuple[tuple[int, EventFilter], int] | None = None
        self.fetches = 0  # how many store round trips were made (for tests and the bench)
        self._index: tuple[int, LaneStarts] | None = None  # (generation, index)
        self._loading: threading.Thread | None = None
        self._loading_lock = threading.Lock()  # load_index may be called from two threads

    def invalidate(self) -> None:
        self._cached = None
        self._total = None
        self._index = None

    def forget_viewport(self) -> None:
        """Drop the cached viewport data only (the next fetch goes to the store again)."""
        self._cached = None

    # -- the in-memory start index ---------------------------------------------------------
    def index(self, generation: int) -> LaneStarts | None:
        """The start index of this generation, if it has been loaded."""
        index = self._index
        return index[1] if index is not None and index[0] == generation else None

    def load_index(self, generation: int, *, background: bool = True) -> None:
        """Load the start index for `generation` (in a daemon thread unless told otherwise)."""
        if self.index(generation) is not None:
            return

        def load() -> None:
            try:
                with self._read() as session:
                    index = LaneStarts(lane_starts(session))
            except Exception:
                if not background:
                    raise
                return  # the file was closed meanwhile; SQL answers until a reload
            self._index = (generation, index)

        if not background:
            load()
            return
        with self._loading_lock:
            if self._loading is not None and self._loading.is_alive():
                return
            self._loading = threading.Thread(target=load, name="timeline-index", daemon=True)
            self._loading.start()

    def wait_for_index(self, timeout: float | None = None) -> None:
        """Block until a background load has finished (for tests and the benchmark)."""
        if self._loading is not None:
            self._loading.join(timeout)

    def _buckets_from_index(
        self, session: Any, index: LaneStarts, lo: int, hi: int, bucket_ms: int
    ) -> list[BucketCount]:
        """What `store.bucket_counts(session, lo, hi, bucket_ms)` returns, from memory."""
        counts = index.bucket_counts(lo, bucket_ms, lo, hi)
        for lane, n in earlier_counts(session, lo):
            counts[(0, lane)] = counts.get((0, lane), 0) + n
        ordered = sorted(
            counts.items(), key=lambda kv: (kv[0][0], kv[0][1] is not None, kv[0][1] or 0)
        )
        return [
            BucketCount(lo + i * bucket_ms, lo + (i + 1) * bucket_ms, lane, n)
            for (i, lane), n in ordered
        ]

    def total(self, *, filters: EventFilter, generation: int) -> int:
        """All events matching the filter, counted once per generation."""
        key = (generation, filters)
        if self._total is None or self._total[0] != key:
            with self._read() as session:
                self._total = (key, st.count_events(session, filters=filters))
        return self._total[1]

    def extent(self, *, filters: EventFilter) -> tuple[int, int] | None:
        with self._read() as session:
            return st.time_extent(session, filters=filters)

    def fetch(
        self,
        start_ms: float,
        end_ms: float,
        ms_per_px: float,
        *,
        filters: EventFilter,
        generation: int,
    ) -> ViewportData:
        """Data covering the viewport, from cache when the last fetch still serves."""
        cached = self.cached(start_ms, end_ms, ms_per_px, filters=filters, generation=generation)
        if cached is not None:
            return cached
        data = self.load(start_ms, end_ms, ms_per_px, filters=filters, generation=generation)
        self.accept(data, filters=filters, generation=generation)
        return data

    def cached(
        self,
        start_ms: float,
        end_ms: float,
        ms_per_px: float,
        *,
        filters: EventFilter,
        generation: int,
    ) -> ViewportData | None:
        """The cached data if it serves this viewport, else None; never reads the database."""
        cached, key = self._cached, self._key
        if (
            cached is not None
            and key == (generation, filters)
            and self._serves(cached, start_ms, end_ms, ms_per_px)
        ):
            return cached
        return None

    def accept(self, data: ViewportData, *, filters: EventFilter, generation: int) -> None:
        """Make `data` (from `load`) the cached viewport data (call on the owning thread)."""
        self._cached, self._key = data, (generation, filters)

    def load(
        self,
        start_ms: float,
        end_ms: float,
        ms_per_px: float,
        *,
        filters: EventFilter,
        generation: int,
    ) -> ViewportData:
        """Read the data for a viewport from the store (any thread); leaves the cache alone."""
        width = end_ms - start_ms
        lo, hi = start_ms - width, end_ms + width
        self.fetches += 1
        bucket_ms = max(1, int(ms_per_px * BUCKET_PX))
        index = self.index(generation) if filters.is_empty() else None
        with self._read() as session:
            many = index is not None and index.count_starting(int(lo), int(hi)) > 3 * self.budget
            rows = () if many else st.events_in_window(
                session, int(lo), int(hi), filters=filters, limit=3 * self.budget + 1
            )  # fmt: skip
            if not many and len(rows) <= 3 * self.budget:
                data = ViewportData(lo, hi, ms_per_px, tuple(rows), None)
            else:
                lo = (lo // bucket_ms) * bucket_ms
                if index is not None:
                    buckets = self._buckets_from_index(session, index, int(lo), int(hi), bucket_ms)
                else:
                    buckets = st.bucket_counts(
                        session, int(lo), int(hi), bucket_ms, filters=filters
                    )
                    if filters.is_empty():
                        self.load_index(generation)
                data = ViewportData(lo, hi, ms_per_px, None, tuple(buckets))
        return data

    @staticmethod
    def _serves(data: ViewportData, start_ms: float, end_ms: float, ms_per_px: float) -> bool:
        if start_ms < data.start_ms or end_ms > data.end_ms:
            return False
        if data.aggregated:
            # Buckets are sized for one zoom level; refetch when it changes noticeably.
            return 0.7 <= ms_per_px / data.ms_per_px <= 1.4
        # Detailed rows stay right at any zoom inside the window, but a much smaller
        # viewport should not keep dragging a huge window along.
        return (end_ms - start_ms) * 6 >= data.end_ms - data.start_ms
