"""ViewportData.visible_count bisects sorted keys; it must count exactly what a scan would."""

from __future__ import annotations

import random

from timeline_app.core.records import BucketCount, EventRow
from timeline_app.core.viewport_data import ViewportData


def _scan_events(events, start, end):
    return sum(1 for e in events if e.lo_ms <= end and e.hi_ms >= start)


def _scan_buckets(buckets, start, end):
    return sum(b.count for b in buckets if b.start_ms <= end and b.end_ms >= start)


def test_visible_count_of_rows_matches_a_scan():
    rng = random.Random(3)
    for _ in range(100):
        events = []
        for i in range(rng.randrange(0, 60)):
            lo = rng.randrange(0, 1000)
            late = lo + rng.randrange(0, 30)
            end = late + rng.randrange(0, 200) if rng.random() < 0.3 else None
            events.append(EventRow(i, "e", lo, lo, late, end, end, end, "minute", None, "reported"))
        data = ViewportData(0, 1000, 1.0, tuple(events), None)
        for _ in range(20):
            a = rng.uniform(-50, 1100)
            b = a + rng.uniform(-10, 400)
            expected = _scan_events(events, a, b) if b >= a else 0
            assert data.visible_count(a, b) == expected


def test_visible_count_of_buckets_matches_a_scan():
    rng = random.Random(4)
    for _ in range(100):
        width = rng.choice([1, 7, 20])
        buckets = tuple(
            BucketCount(i * width, (i + 1) * width, rng.choice([None, 1, 2]), rng.randrange(1, 9))
            for i in range(rng.randrange(0, 50))
            for _ in range(rng.randrange(1, 3))
        )
        data = ViewportData(0, 1000, 1.0, None, buckets)
        for _ in range(20):
            a = rng.uniform(-30, 1100)
            b = a + rng.uniform(-10, 300)
            expected = _scan_buckets(buckets, a, b) if b >= a else 0
            assert data.visible_count(a, b) == expected
