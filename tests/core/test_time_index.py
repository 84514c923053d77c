"""The in-memory start index gives the same histograms as the store's SQL counts."""

from __future__ import annotations

from timeline_app.core import store as st
from timeline_app.core.records import EventFilter
from timeline_app.core.time_index import LaneStarts
from timeline_app.core.viewport_data import ViewportFetcher

from .conftest import DAY, HOUR, an_event


def _fill(store) -> None:
    drafts = [
        an_event(f"e{i}", start=f"2016-12-{1 + i % 28:02d}T{i % 24:02d}:00:00+00:00",
                 category=("A", "B", None)[i % 3])
        for i in range(300)
    ]  # fmt: skip
    drafts.append(an_event("siege", start="2016-11-01T00:00:00", end="2016-12-31T00:00:00"))
    with store.write() as session:
        st.bulk_add_events(session, drafts)


def test_index_buckets_equal_store_buckets(store) -> None:
    """Zoomed out, the density bands count the same events whether SQL or memory counts."""
    _fill(store)
    fetcher = ViewportFetcher(store.read)
    fetcher.load_index(0, background=False)
    index = fetcher.index(0)
    assert index is not None and index.size == 301
    start = 1_480_550_400_000  # 2016-12-01
    for lo, hi, bucket in ((start, start + 10 * DAY, HOUR), (start - DAY, start + 40 * DAY, DAY)):
        with store.read() as session:
            expected = st.bucket_counts(session, lo, hi, bucket)
            got = fetcher._buckets_from_index(session, index, lo, hi, bucket)
            window = st.count_in_window(session, lo, hi)
        assert got == expected
        assert sum(b.count for b in got) == window  # every event in the window counted once


def test_fetch_uses_the_index_only_without_filters(store) -> None:
    """A filtered view still goes to SQL (the index knows nothing of text or actors)."""
    _fill(store)
    fetcher = ViewportFetcher(store.read, budget=10)
    fetcher.load_index(0, background=False)
    start = 1_480_550_400_000
    plain = fetcher.fetch(start, start + 20 * DAY, 60_000, filters=EventFilter(), generation=0)
    fetcher.forget_viewport()
    text = EventFilter(text="e1")
    filtered = fetcher.fetch(start, start + 20 * DAY, 60_000, filters=text, generation=0)
    assert plain.aggregated and filtered.aggregated
    assert sum(b.count for b in plain.buckets) > sum(b.count for b in filtered.buckets)


def test_lane_starts_counts() -> None:
    """Counting and bucketing by bisect agree with a plain loop."""
    starts = {1: [5, 1, 9, 9, 20], None: [3, 15]}
    index = LaneStarts(starts)
    assert index.count_starting(3, 9) == 4
    assert index.bucket_counts(0, 10, 0, 19) == {(0, 1): 4, (0, None): 1, (1, None): 1}
