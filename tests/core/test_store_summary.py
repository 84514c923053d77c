"""The per-day start summary kept in the file: same counts as SQL, never trusted when stale."""

from __future__ import annotations

import sqlite3

from timeline_app.core import store as st
from timeline_app.core.store_buckets import lane_starts
from timeline_app.core.store_summary import DAY_MS, StartSummary, data_revision, read_summary

from .conftest import an_event


def _fill(store, n: int = 200) -> None:
    drafts = [
        an_event(
            f"e{i}",
            start=f"2016-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:30:00+00:00",
            category=("A", "B", None)[i % 3],
        )
        for i in range(n)
    ]
    drafts.append(an_event("siege", start="2016-07-01T00:00:00", end="2016-12-31T00:00:00"))
    with store.write() as session:
        st.bulk_add_events(session, drafts)


def _summary(store) -> StartSummary:
    with store.read() as session:
        dbapi = session.connection().connection.driver_connection
        revision = data_revision(dbapi)
        starts = lane_starts(session)
        extent = st.time_extent(session)
    assert extent is not None
    summary = StartSummary.from_starts(revision, starts, extent[1])
    assert summary is not None
    return summary


def test_summary_counts_equal_the_store_counts_for_zoomed_out_windows(store) -> None:
    """The first frame of a big file drawn from the summary shows the same density as SQL."""
    _fill(store)
    summary = _summary(store)
    assert summary.total == 201
    first = (summary.first_ms // DAY_MS - 3) * DAY_MS
    for days in (1, 7, 19):
        bucket = days * DAY_MS
        lo, hi = first, summary.end_ms + 5 * DAY_MS
        assert summary.serves(lo, hi, bucket)
        with store.read() as session:
            expected = st.bucket_counts(session, lo, hi, bucket)
        got = summary.bucket_counts(lo, bucket)
        assert {
            (round((b.start_ms - lo) / bucket), b.category_id): b.count for b in expected
        } == got
    # a window that cuts off events, or buckets that split days, is not served
    assert not summary.serves(first + 40 * DAY_MS, summary.end_ms, DAY_MS)
    assert not summary.serves(first, summary.end_ms, DAY_MS + 1)


def test_saved_summary_reads_back_until_the_file_changes(store) -> None:
    """After any edit the stale summary is ignored, so a frame never shows old counts."""
    _fill(store)
    summary = _summary(store)
    assert store.save_start_summary(summary)
    again = store.start_summary()
    assert again is not None and again.bucket_counts(0, DAY_MS) == summary.bucket_counts(0, DAY_MS)
    with store.write() as session:
        st.add_event(session, an_event("late addition", start="2017-01-05T10:00:00+00:00"))
    assert store.start_summary() is None
    # a summary made before that edit is refused rather than stored with the new stamp
    assert not store.save_start_summary(summary)
    fresh = _summary(store)
    assert store.save_start_summary(fresh)
    assert store.start_summary().total == 202


def test_summary_readable_through_plain_sqlite(store) -> None:
    """A bare sqlite3 connection (no store loaded yet) reads the same summary."""
    _fill(store)
    store.save_start_summary(_summary(store))
    conn = sqlite3.connect(f"{store.path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        summary = read_summary(conn)
    finally:
        conn.close()
    assert summary is not None and summary.total == 201


def test_read_only_store_does_not_write_a_summary(tmp_path) -> None:
    path = tmp_path / "t.ctl"
    with st.TimelineStore.create(path) as store:
        _fill(store)
        summary = _summary(store)
    with st.TimelineStore.open(path, read_only=True) as reader:
        assert not reader.save_start_summary(summary)
        assert reader.start_summary() is None


def test_a_damaged_summary_is_ignored() -> None:
    assert StartSummary.decode("{not json") is None
    assert StartSummary.decode('{"format": 1, "lanes": [[1, [3], []]]}') is None
