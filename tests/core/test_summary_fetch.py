"""Big files open with their stored start summary: the same frame as SQL, never a stale one.

The fit-all view of a file whose index has not loaded yet is answered from the per-day start
summary kept in the file; the index, once loaded, keeps that summary current for the next
opening; an import from the command line leaves one behind.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from timeline_app.core import store as st
from timeline_app.core.records import EventFilter
from timeline_app.core.store_summary import DAY_MS, count_summary
from timeline_app.core.viewport_data import BUCKET_PX, ViewportFetcher, ViewRequest, bucket_size
from timeline_app.layout.viewport import Viewport

from .conftest import an_event
from .random_timeline import fill_random

NO_FILTER = EventFilter()


@pytest.fixture
def random_store(store):
    fill_random(store, 2500, seed=11)
    return store


def _counted(store) -> st.StartSummary:
    """The summary SQLite counts for the file as it is now."""
    with store.read() as session:
        summary = count_summary(session.connection().connection.driver_connection)
    assert summary is not None
    return summary


def _view(vp: Viewport, filters: EventFilter = NO_FILTER) -> ViewRequest:
    return ViewRequest(vp.start_ms, vp.end_ms, vp.ms_per_px, filters, 0)


def _fit(fetcher: ViewportFetcher) -> Viewport:
    extent = fetcher.extent(filters=NO_FILTER)
    assert extent is not None
    return Viewport.fit(extent[0], extent[1], 1600, 900)


def test_bucket_size_is_whole_days_once_a_bucket_spans_a_day() -> None:
    assert bucket_size(1000.0) == BUCKET_PX * 1000  # BUCKET_PX pixels at 1 s a pixel
    a_bit_over_a_day = DAY_MS * 1.4 / BUCKET_PX  # ms a pixel
    assert bucket_size(a_bit_over_a_day) == DAY_MS  # rounded to one day
    assert bucket_size(DAY_MS * 19.6 / BUCKET_PX) == 20 * DAY_MS
    assert all(bucket_size(DAY_MS / BUCKET_PX * f) % DAY_MS == 0 for f in (1, 2.5, 100, 5000))


def test_the_fit_all_view_from_the_summary_equals_the_sql_view(random_store) -> None:
    """Until the index loads, the first frame costs a small read, and shows what SQL shows."""
    assert random_store.refresh_start_summary()
    fetcher = ViewportFetcher(random_store.read, budget=10)
    sql = ViewportFetcher(random_store.read, budget=10, use_index=False)
    assert fetcher.extent(filters=NO_FILTER) == sql.extent(filters=NO_FILTER)
    assert fetcher.total(filters=NO_FILTER, generation=0) == 2500
    vp = _fit(sql)
    # a close view is not the summary's to answer, and does not start the index load
    close = vp.zoomed(400.0, 800)
    assert fetcher.fetch_at_once(_view(close)) is None
    assert fetcher.fetch_at_once(_view(vp, EventFilter(text="a"))) is None
    data = fetcher.fetch_at_once(_view(vp))
    expected = sql.fetch(_view(vp))
    assert data is not None and data.aggregated
    assert data.buckets == expected.buckets
    assert (data.start_ms, data.end_ms) == (expected.start_ms, expected.end_ms)
    assert sum(b.count for b in data.buckets) == 2500  # every event counted once
    # it is cached like any fetch, and the index (for closer views) is on its way
    assert fetcher.cached(_view(vp)) is data
    fetcher.wait_for_index(30)
    assert fetcher.index() is not None


def test_a_loaded_index_keeps_the_summary_current(random_store) -> None:
    """The index saves the summary SQLite would count; an edit makes it stale, a reload new."""
    store = random_store
    assert store.start_summary() is None
    fetcher = ViewportFetcher(store.read, budget=10, save_summary=store.save_start_summary)
    fetcher.load_index(background=False)
    assert store.start_summary() is None  # only looked at: the file is not written to
    with store.write() as session:
        st.add_event(session, an_event("late news", start="2031-05-01T10:00:00+00:00"))
    fetcher.invalidate()  # an edit in the window: the reloaded index keeps the summary
    fetcher.wait_for_index(30)
    saved = store.start_summary()
    assert saved is not None and saved == _counted(store)
    with store.write() as session:
        st.add_event(session, an_event("later", start="2032-05-01T10:00:00+00:00"))
    assert store.start_summary() is None  # stale: ignored, never shown
    small = ViewportFetcher(store.read, save_summary=store.save_start_summary)
    small.load_index(background=False)
    small.invalidate()
    small.wait_for_index(30)
    assert store.start_summary() is None  # drawn event by event: no summary is written
    late = datetime(2031, 5, 1, 10, tzinfo=UTC).timestamp() * 1000
    assert saved.total == 2501 and saved.last_ms == late  # the new event is the latest start


def test_no_summary_is_stored_before_the_check_of_a_big_file_passes(
    timeline_file, held_file_check
) -> None:
    """A file whose check has not passed is not written to, not even for a speed-up."""
    with st.TimelineStore.open(timeline_file, sync_check_max_bytes=0) as store:
        assert store.verification.state == "checking"
        with store.read() as session:
            summary = count_summary(session.connection().connection.driver_connection)
        assert summary is not None
        assert not store.save_start_summary(summary)
        held_file_check.set()
        assert store.verification.wait(10)
        assert store.start_summary() is None  # dropped, not kept for later
        assert store.save_start_summary(summary)
        assert store.start_summary() == summary


def test_no_summary_for_read_only_or_closed_stores(timeline_file) -> None:
    with st.TimelineStore.open(timeline_file, read_only=True) as store:
        assert not store.refresh_start_summary()
        assert store.start_summary() is None


def test_saving_a_view_keeps_the_summary_current(random_store) -> None:
    """A saved filter is not event data: the next opening stays quick."""
    assert random_store.refresh_start_summary()
    with random_store.write(events=False) as session:
        st.save_view(session, "Only A", EventFilter(text="a"))
    assert random_store.start_summary() is not None
    with random_store.write() as session:  # an event write makes it stale
        st.add_event(session, an_event("new"))
    assert random_store.start_summary() is None
