"""What the canvas needs for a viewport, fetched from the store and cached by window.

The canvas never loads the whole file. For a viewport it fetches a window three viewports
wide (so small pans reuse the cache), and asks for at most `budget` events there; if the
window holds more, it switches to per-bucket counts (drawn as density with counts), which
the store computes with an index scan. The cache is keyed by the document generation and
the filter, so any edit or filter change refetches.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from timeline_app.core import store as st
from timeline_app.core.records import BucketCount, EventFilter, EventRow

SessionFactory = Callable[[], AbstractContextManager[Any]]
BUCKET_PX = 6  # width of one density bucket on screen


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

    def visible_count(self, start_ms: float, end_ms: float) -> int:
        """Events overlapping [start_ms, end_ms] (bucket resolution when aggregated)."""
        if self.events is not None:
            return sum(1 for e in self.events if e.lo_ms <= end_ms and e.hi_ms >= start_ms)
        assert self.buckets is not None
        return sum(b.count for b in self.buckets if b.start_ms <= end_ms and b.end_ms >= start_ms)


class ViewportFetcher:
    """Fetch and cache ViewportData for the canvas."""

    def __init__(self, read_session: SessionFactory, *, budget: int = 1500) -> None:
        self._read = read_session
        self.budget = budget
        self._cached: ViewportData | None = None
        self._key: tuple[int, EventFilter] | None = None
        self._total: tuple[tuple[int, EventFilter], int] | None = None
        self.fetches = 0  # how many store round trips were made (for tests and the bench)

    def invalidate(self) -> None:
        self._cached = None
        self._total = None

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
        key = (generation, filters)
        cached = self._cached
        if (
            cached is not None
            and self._key == key
            and self._serves(cached, start_ms, end_ms, ms_per_px)
        ):
            return cached
        width = end_ms - start_ms
        lo, hi = start_ms - width, end_ms + width
        self.fetches += 1
        with self._read() as session:
            rows = st.events_in_window(
                session, int(lo), int(hi), filters=filters, limit=3 * self.budget + 1
            )
            if len(rows) <= 3 * self.budget:
                data = ViewportData(lo, hi, ms_per_px, tuple(rows), None)
            else:
                bucket_ms = max(1, int(ms_per_px * BUCKET_PX))
                lo = (lo // bucket_ms) * bucket_ms
                buckets = st.bucket_counts(session, int(lo), int(hi), bucket_ms, filters=filters)
                data = ViewportData(lo, hi, ms_per_px, None, tuple(buckets))
        self._cached, self._key = data, key
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
