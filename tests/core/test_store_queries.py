"""Window, count, bucket and extent queries against a brute-force reference on random data."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs
from sqlalchemy import insert

from tests.core.conftest import DAY, HOUR, an_event
from timeline_app.core import store as st
from timeline_app.core.models import Event
from timeline_app.core.records import EventFilter, EventRow

T0 = 1_480_000_000_000  # Nov 2016
STATUSES = ("reported", "confirmed", "disputed", "denied")


def _random_rows(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        start = T0 + rng.randrange(365 * DAY)
        unc = rng.choice((0, 0, 60_000, HOUR, 6 * HOUR, DAY))
        roll = rng.random()
        end = None
        if roll < 0.01:
            end = start + rng.randrange(100 * DAY, 400 * DAY)  # a siege: very long
        elif roll < 0.1:
            end = start + rng.randrange(HOUR, 30 * DAY)
        lo, hi = start - unc, max(start + unc, end or start)
        rows.append(
            dict(
                title=f"event {i}",
                description="",
                kind="span" if end else "point",
                status=rng.choice(STATUSES),
                start_ms=start,
                start_earliest_ms=start - unc,
                start_latest_ms=start + unc,
                start_precision="minute",
                start_approx=False,
                start_tz="UTC",
                start_text="",
                end_ms=end,
                end_earliest_ms=end,
                end_latest_ms=end,
                lo_ms=lo,
                hi_ms=hi,
                source_count=rng.randrange(3),
                contested=rng.random() < 0.1,
                category_id=rng.choice((1, 2, 3, None)),
                location_id=None,
                created_ms=0,
                updated_ms=0,
            )
        )
    return rows


@pytest.fixture(scope="module")
def random_store(tmp_path_factory):
    """1,500 random events (points, spans, a few very long) bulk-inserted, with their rows."""
    s = st.TimelineStore.create(tmp_path_factory.mktemp("q") / "random.ctl")
    rows = _random_rows(1500, seed=7)
    with s.write() as session:
        for name in ("Shelling", "Airstrikes", "Evacuation"):
            st.get_or_create_category(session, name)
        session.execute(insert(Event.__table__), rows)
        st.recompute_max_extent(session)
    for n, row in enumerate(rows, start=1):
        row["id"] = n  # a new table assigns ids in insertion order
    yield s, rows
    s.close()


def _matches(row: dict, start: int, end: int, f: EventFilter | None) -> bool:
    lo, hi = start, end
    if f is not None:
        if f.from_ms is not None:
            lo = max(lo, f.from_ms)
        if f.to_ms is not None:
            hi = min(hi, f.to_ms)
        if f.category_ids and row["category_id"] not in f.category_ids:
            return False
        if f.statuses and not (
            row["status"] in f.statuses or ("disputed" in f.statuses and row["contested"])
        ):
            return False
    return lo <= hi and row["lo_ms"] <= hi and row["hi_ms"] >= lo


def _expected(rows, start, end, f=None) -> list[int]:
    hits = [r for r in rows if _matches(r, start, end, f)]
    return [r["id"] for r in sorted(hits, key=lambda r: (r["start_ms"], r["id"]))]


windows = hs.tuples(hs.integers(T0 - 40 * DAY, T0 + 420 * DAY), hs.integers(0, 420 * DAY)).map(
    lambda t: (t[0], t[0] + t[1])
)
filters = hs.one_of(
    hs.none(),
    hs.builds(
        EventFilter,
        category_ids=hs.one_of(hs.none(), hs.frozensets(hs.sampled_from((1, 2, 3)), max_size=2)),
        statuses=hs.one_of(hs.none(), hs.frozensets(hs.sampled_from(STATUSES), max_size=2)),
        from_ms=hs.one_of(hs.none(), hs.integers(T0, T0 + 365 * DAY)),
        to_ms=hs.one_of(hs.none(), hs.integers(T0, T0 + 365 * DAY)),
    ),
)


@settings(max_examples=150, deadline=None)
@given(window=windows, f=filters)
def test_window_query_matches_brute_force(random_store, window, f):
    """Events would be missing from (or wrongly shown on) the timeline for some viewports."""
    s, rows = random_store
    start, end = window
    with s.read() as session:
        got = [r.id for r in st.events_in_window(session, start, end, filters=f)]
        count = st.count_in_window(session, start, end, filters=f)
    assert got == _expected(rows, start, end, f)
    assert count == len(got)


@settings(max_examples=100, deadline=None)
@given(window=windows, f=filters, buckets=hs.integers(1, 300), by_category=hs.booleans())
def test_bucket_counts_add_up_and_match_brute_force(random_store, window, f, buckets, by_category):
    """The zoomed-out density bars would disagree with the events shown when zooming in."""
    s, rows = random_store
    start, end = window
    bucket_ms = max(1, (end - start + 1) // buckets)
    with s.read() as session:
        got = st.bucket_counts(session, start, end, bucket_ms, filters=f, by_category=by_category)
        count = st.count_in_window(session, start, end, filters=f)
    assert sum(b.count for b in got) == count
    lo = max(start, f.from_ms) if f is not None and f.from_ms is not None else start
    expected: dict[tuple[int, int | None], int] = {}
    for row in rows:
        if _matches(row, start, end, f):
            i = (max(row["lo_ms"], lo) - start) // bucket_ms
            key = (start + i * bucket_ms, row["category_id"] if by_category else None)
            expected[key] = expected.get(key, 0) + 1
    assert {(b.start_ms, b.category_id): b.count for b in got} == expected
    assert all(b.end_ms - b.start_ms == bucket_ms and b.count > 0 for b in got)


def test_time_extent_and_limit(random_store):
    """ "Zoom to fit" would cut off events, or a limited query would return arbitrary ones."""
    s, rows = random_store
    with s.read() as session:
        assert st.time_extent(session) == (
            min(r["lo_ms"] for r in rows),
            max(r["hi_ms"] for r in rows),
        )
        f = EventFilter(category_ids=frozenset({2}))
        chosen = [r for r in rows if r["category_id"] == 2]
        assert st.time_extent(session, filters=f) == (
            min(r["lo_ms"] for r in chosen),
            max(r["hi_ms"] for r in chosen),
        )
        first = st.events_in_window(session, T0, T0 + 30 * DAY, limit=5)
        assert [r.id for r in first] == _expected(rows, T0, T0 + 30 * DAY)[:5]


def test_rows_carry_what_the_canvas_draws(random_store):
    """Markers would show the wrong uncertainty, lane or disputed badge."""
    s, rows = random_store
    by_id = {r["id"]: r for r in rows}
    with s.read() as session:
        got = st.event_rows_by_ids(session, [5, 3, 999_999, 5, 1200])
    assert [r.id for r in got] == sorted([3, 5, 1200], key=lambda i: by_id[i]["start_ms"])
    for r in got:
        src = by_id[r.id]
        assert (r.start_ms, r.lo_ms, r.hi_ms, r.category_id) == (
            src["start_ms"],
            src["lo_ms"],
            src["hi_ms"],
            src["category_id"],
        )
        assert r.disputed == (src["status"] == "disputed" or src["contested"])
        assert r.is_span == (src["end_ms"] is not None)


def test_a_long_span_shows_in_a_window_inside_it(store):
    """A months-long siege would vanish when zooming into one of its days."""
    with store.write() as session:
        siege = st.add_event(
            session,
            an_event(
                "Siege of eastern Aleppo",
                start="2016-07-17T00:00:00+03:00",
                end="2016-12-22T00:00:00+02:00",
            ),
        )
        for day in range(1, 28):
            st.add_event(session, an_event(f"day {day}", start=f"2016-11-{day:02d}T12:00:00Z"))
    one_hour = (T0 + 20 * DAY, T0 + 20 * DAY + HOUR)  # mid-November 2016
    with store.read() as session:
        ids = [r.id for r in st.events_in_window(session, *one_hour)]
        assert ids == [siege]
        assert st.count_in_window(session, *one_hour) == 1
        assert st.bucket_counts(session, *one_hour, 60_000)[0].count == 1


def test_bad_bucket_requests_are_refused(store):
    """A view bug could hang the app asking for billions of buckets."""
    with store.read() as session:
        with pytest.raises(ValueError, match="positive"):
            st.bucket_counts(session, 0, 10, 0)
        with pytest.raises(ValueError, match="buckets"):
            st.bucket_counts(session, 0, 10**12, 1)
        assert st.bucket_counts(session, 0, 10**6, 1000) == []
        assert st.time_extent(session) is None


def test_rows_by_id_equal_the_window_rows_field_by_field(random_store):
    """The DB-API path (`event_rows_by_ids`) and the SQLAlchemy path build identical rows.

    EventRow is a NamedTuple built with `tuple.__new__` from the driver's row, so this also
    pins the column order to the fields, and `disputed` to a real bool (not SQLite's 0/1).
    """
    s, _rows = random_store
    with s.read() as session:
        window = st.events_in_window(session, T0, T0 + 40 * DAY)
        by_id = st.event_rows_by_ids(session, [r.id for r in window])
    assert by_id == window
    assert len(window) > 50
    for a, b in zip(by_id, window, strict=True):
        assert type(a) is type(b) is EventRow
        assert [type(v) for v in a] == [type(v) for v in b]
        assert a.disputed is bool(a.disputed)
        assert a._asdict() == b._asdict()
