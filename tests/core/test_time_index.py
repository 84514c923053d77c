"""The in-memory event index answers exactly what SQL answers, and never outlives an edit."""

from __future__ import annotations

import random

import pytest

from timeline_app.core import store as st
from timeline_app.core import time_index
from timeline_app.core.records import EventFilter
from timeline_app.core.time_index import EventIndex, load_event_index
from timeline_app.core.viewport_data import ViewportFetcher, ViewRequest

from .conftest import DAY, HOUR, an_event
from .random_timeline import START, fill_random, random_windows

N_RANDOM = 2500


@pytest.fixture
def random_store(store):
    fill_random(store, N_RANDOM, seed=11)
    return store


def _edges(store) -> list[int]:
    with store.read() as session:
        rows = st.events_in_window(session, -(2**62), 2**62)
    return [e.lo_ms for e in rows] + [e.hi_ms for e in rows]


def test_index_and_sql_agree_on_random_windows(random_store) -> None:
    """Counts, ids and per-lane buckets of random windows: the same from memory as from SQL.

    The file has uncertainty bands, spans of years that began long before most windows,
    events without a category, and window edges exactly on event starts and ends.
    """
    rng = random.Random(5)
    with random_store.read() as session:
        index = load_event_index(session)
        assert index.size == N_RANDOM
        assert 0 < len(index._long[0]) < N_RANDOM  # the years-long spans are the long ones
        for lo, hi in random_windows(rng, 150, _edges(random_store)):
            rows = st.events_in_window(session, lo, hi)
            assert index.count_in_window(lo, hi) == len(rows) == st.count_in_window(session, lo, hi)
            ids = index.ids_in_window(lo, hi)
            assert len(ids) == len(set(ids))  # every event once
            assert sorted(ids) == sorted(e.id for e in rows)
            bucket = rng.choice([60_000, HOUR, DAY, 7 * DAY, (hi - lo) // 97])
            bucket = max(bucket, (hi - lo) // 5000 + 1)
            start = lo // bucket * bucket
            buckets = index.bucket_counts(start, hi, bucket)
            assert buckets == st.bucket_counts(session, start, hi, bucket)
            # the clusters drawn from these counts add up to the events in the window
            assert sum(b.count for b in buckets) == st.count_in_window(session, start, hi)


def test_small_cases_by_hand() -> None:
    """Inclusive edges, a span reaching into the window, an empty window and an empty index."""
    index = EventIndex.from_rows(
        [(10, 10, 1, 7), (20, 20, 2, None), (0, 15, 3, 7), (-500, 5, 4, 8), (30, 40, 5, None)]
    )
    assert index.lanes == (None, 7, 8)
    assert index.count_in_window(10, 20) == 3  # points on both edges, and span 3 reaching in
    assert sorted(index.ids_in_window(10, 20)) == [1, 2, 3]
    assert sorted(index.ids_in_window(5, 5)) == [3, 4]  # long span 4 ends exactly at 5
    assert index.count_in_window(21, 29) == 0 and index.ids_in_window(21, 29) == []
    assert index.count_in_window(20, 10) == 0
    counts = {(b.start_ms, b.category_id): b.count for b in index.bucket_counts(10, 35, 10)}
    assert counts == {(10, 7): 2, (20, None): 1, (30, None): 1}  # span 3 in the first bucket
    starts = {lane: values.tolist() for lane, values in index.starts_by_lane().items()}
    assert starts == {None: [20, 30], 7: [0, 10], 8: [-500]}
    # the bounded scan's edge: 100 events exactly long_ms long, 64 longer ones kept aside
    rows = [(100 * i, 100 * i + 10, i, 1) for i in range(100)]
    rows += [(100 * i + 50, 100 * i + 2000, 1000 + i, 2) for i in range(64)]
    index = EventIndex.from_rows(rows)
    assert index.long_ms == 10 and len(index._long[0]) == 64
    for lo in range(0, 10_000, 10):  # every window start, on and off event edges
        expected = {i for a, b, i, _ in rows if a <= lo + 5 and b >= lo}
        assert index.count_in_window(lo, lo + 5) == len(expected)
        assert set(index.ids_in_window(lo, lo + 5)) == expected
    empty = EventIndex.from_rows([])
    assert empty.size == 0 and empty.count_in_window(0, 10) == 0
    assert empty.ids_in_window(0, 10) == [] and empty.bucket_counts(0, 10, 1) == []


def _fetchers(store, budget: int) -> tuple[ViewportFetcher, ViewportFetcher]:
    memory = ViewportFetcher(store.read, budget=budget)
    memory.load_index(background=False)
    assert memory.index() is not None
    return memory, ViewportFetcher(store.read, budget=budget, use_index=False)


def test_fetch_from_the_index_equals_fetch_from_sql(random_store) -> None:
    """The canvas gets the same data either way: buckets far out, the same events close in.

    Events from memory cover a narrower window than SQL's three viewports (rows are what
    costs): inside it, exactly SQL's events, in the same order, each once.
    """
    memory, sql = _fetchers(random_store, budget=40)
    rng = random.Random(9)
    kinds = set()
    for lo, hi in random_windows(rng, 60, _edges(random_store)):
        ms_per_px = (hi - lo) / 1000
        view = ViewRequest(lo, hi, ms_per_px, EventFilter(), 0)
        got = memory.load(view)
        want = sql.load(view)
        kinds.add(got.aggregated)
        assert got.aggregated == want.aggregated
        assert want.start_ms <= got.start_ms <= lo and hi <= got.end_ms <= want.end_ms
        if got.aggregated:
            _assert_same_buckets(random_store, got, want)
        else:
            _assert_same_events(got, want)
    assert kinds == {True, False}
    assert sql.index() is None  # the SQL fetcher never loaded one


def _assert_same_events(got, want) -> None:
    """`got` holds exactly the events of `want` (a wider window) inside its own window."""
    first, last = int(got.start_ms), int(got.end_ms)
    assert got.events == tuple(e for e in want.events if e.lo_ms <= last and e.hi_ms >= first)
    assert len({e.id for e in got.events}) == len(got.events)  # drawn exactly once


def _assert_same_buckets(store, got, want) -> None:
    """`got` holds the buckets of `want` (a wider window) that lie inside its own window.

    Its first bucket also counts the events that began before it and reach into it, and its
    last one ends with its window, as `store.bucket_counts` does for any window.
    """
    assert got.ms_per_px == want.ms_per_px and got.buckets
    width = got.buckets[0].end_ms - got.buckets[0].start_ms
    first, last = got.buckets[0].start_ms, int(got.end_ms)

    def inside(buckets):
        return [b for b in buckets if first < b.start_ms and b.end_ms - 1 <= last]

    assert inside(got.buckets) == inside(want.buckets)
    assert all(b.end_ms - b.start_ms == width for b in got.buckets)
    with store.read() as session:  # and the clusters drawn from them count every event once
        expected = st.count_in_window(session, int(got.start_ms), int(got.end_ms))
    assert sum(b.count for b in got.buckets) == expected


def test_the_next_window_reads_only_the_rows_it_lacks(random_store, monkeypatch) -> None:
    """A pan reuses the rows of the last window; the result is still exactly SQL's."""
    memory, sql = _fetchers(random_store, budget=400)
    asked: list[int] = []
    read = st.event_rows_by_ids

    def counting(session, ids):
        ids = list(ids)
        asked.extend(ids)
        return read(session, ids)

    monkeypatch.setattr(st, "event_rows_by_ids", counting)
    lo, everything = START + 100 * DAY, EventFilter()
    first = memory.fetch(ViewRequest(lo, lo + 2 * DAY, 100_000, everything, 3))
    assert not first.aggregated and len(asked) == len(first.events)
    asked.clear()
    pan = ViewRequest(lo + 2 * DAY, lo + 4 * DAY, 100_000, everything, 3)
    panned = memory.fetch(pan)
    _assert_same_events(panned, sql.load(pan))
    assert 0 < len(asked) < len(panned.events)
    asked.clear()
    # another generation: nothing is reused (its rows may have changed)
    memory.fetch(ViewRequest(lo, lo + 2 * DAY, 100_000, everything, 4))
    assert len(asked) == len(first.events)


def _fill(store) -> None:
    drafts = [
        an_event(f"e{i}", start=f"2016-12-{1 + i % 28:02d}T{i % 24:02d}:00:00+00:00",
                 category=("A", "B", None)[i % 3])
        for i in range(300)
    ]  # fmt: skip
    drafts.append(an_event("siege", start="2016-11-01T00:00:00", end="2016-12-31T00:00:00"))
    with store.write() as session:
        st.bulk_add_events(session, drafts)


DEC_1 = 1_480_550_400_000  # 2016-12-01T00:00Z


def test_fetch_uses_the_index_only_without_filters(store) -> None:
    """A filtered view still goes to SQL (the index knows nothing of text or actors)."""
    _fill(store)
    fetcher = ViewportFetcher(store.read, budget=10)
    fetcher.load_index(background=False)
    assert fetcher.in_memory(EventFilter()) and not fetcher.in_memory(EventFilter(text="e1"))
    plain = fetcher.fetch(ViewRequest(DEC_1, DEC_1 + 20 * DAY, 60_000, EventFilter(), 0))
    fetcher.forget_viewport()
    text = EventFilter(text="e1")
    filtered = fetcher.fetch(ViewRequest(DEC_1, DEC_1 + 20 * DAY, 60_000, text, 1))
    assert plain.aggregated and filtered.aggregated
    assert sum(b.count for b in plain.buckets) > sum(b.count for b in filtered.buckets)
    assert fetcher.index() is not None  # a filter change keeps the index of the data


def _titles(fetcher: ViewportFetcher, generation: int) -> dict[str, int]:
    data = fetcher.fetch(
        ViewRequest(DEC_1 - DAY, DEC_1 + 3 * DAY, 60_000, EventFilter(), generation)
    )
    assert not data.aggregated
    return {e.title: e.start_ms for e in data.events}


def test_every_edit_reaches_the_next_fetch(store) -> None:
    """Add, move, delete: the next fetch shows the change, from SQL and then from the index."""
    _fill(store)
    fetcher = ViewportFetcher(store.read, budget=500)
    fetcher.load_index(background=False)
    generation = 0
    assert "new" not in _titles(fetcher, generation)
    with store.write() as session:
        new_id = st.add_event(session, an_event("new", start="2016-12-02T10:00:00+00:00"))
    steps = [
        lambda s: None,
        lambda s: st.update_event(s, new_id, an_event("new", start="2016-12-03T10:00:00+00:00")),
        lambda s: st.delete_event(s, new_id),
    ]
    expected = [
        1_480_672_800_000,  # added: 2016-12-02T10:00Z
        1_480_759_200_000,  # moved a day later
        None,  # deleted
    ]
    for step, start in zip(steps, expected, strict=True):
        old = fetcher.index()
        with store.write() as session:
            step(session)
        fetcher.invalidate()  # what the canvas does on the document's data_changed
        generation += 1
        assert fetcher.index() is not old  # the old index is gone at once (a new one may load)
        assert _titles(fetcher, generation).get("new") == start  # SQL meanwhile
        fetcher.wait_for_index(10)
        assert fetcher.index() is not None  # reloaded in the background
        fetcher.forget_viewport()
        assert _titles(fetcher, generation).get("new") == start  # and from memory


def test_an_index_read_before_an_edit_is_never_used(store, monkeypatch) -> None:
    """An edit landing while the index loads: that index is dropped and loaded again."""
    _fill(store)
    fetcher = ViewportFetcher(store.read)
    real = time_index.load_event_index
    loads = []

    def load_then_edit(session):
        index = real(session)
        if not loads:  # the first load read the old data; now the file changes
            with store.write() as writer:
                st.add_event(writer, an_event("late", start="2016-12-05T10:00:00+00:00"))
            fetcher.invalidate()
        loads.append(index.size)
        return index

    monkeypatch.setattr(time_index, "load_event_index", load_then_edit)
    fetcher.load_index(background=False)
    assert loads == [301, 302]
    assert fetcher.index() is not None and fetcher.index().size == 302


def _same_answers(got: EventIndex, want: EventIndex, rng: random.Random, edges) -> None:
    """Two indexes answer every question alike (tie order inside the arrays may differ)."""
    assert got.size == want.size
    for lo, hi in random_windows(rng, 60, edges):
        assert got.count_in_window(lo, hi) == want.count_in_window(lo, hi)
        assert sorted(got.ids_in_window(lo, hi)) == sorted(want.ids_in_window(lo, hi))
        bucket = max((hi - lo) // 50, 1)
        assert got.bucket_counts(lo, hi, bucket) == want.bucket_counts(lo, hi, bucket)


def test_an_index_updated_in_place_equals_one_built_afresh() -> None:
    """Moves, lane changes, deletions and additions: as if the whole file had been reloaded."""
    rng = random.Random(21)
    rows = {}
    for i in range(3000):
        lo = rng.randrange(0, 10**9)
        hi = lo + (rng.randrange(0, 10**8) if rng.random() < 0.3 else 0)
        rows[i] = (lo, hi, i, rng.choice([None, 1, 2, 3]))
    index = EventIndex.from_rows(rows.values())
    for _round in range(8):
        changed = set(rng.sample(sorted(rows), 25))
        for i in list(changed):
            roll = rng.random()
            if roll < 0.3:
                del rows[i]  # deleted
            else:  # moved in time (sometimes by years: a long span now) or to another lane
                lo = rng.randrange(-(10**8), 11 * 10**8)
                rows[i] = (lo, lo + rng.choice([0, 10**6, 5 * 10**8]), i, rng.choice([1, 2, 3]))
        new_id = max(rows) + 1
        rows[new_id] = (rng.randrange(0, 10**9),) * 2 + (new_id, 2)  # added
        changed.add(new_id)
        updated = index.updated(changed, [(r[2], r[0], r[1], r[3], r[0]) for i, r in rows.items()
                                          if i in changed])  # fmt: skip
        assert updated is not None
        edges = [v for r in rows.values() for v in r[:2]]
        _same_answers(updated, EventIndex.from_rows(rows.values()), rng, edges)
        index = updated
    # a lane the index has never seen: the caller must reload
    assert index.updated({0}, [(0, 5, 5, 99, 5)]) is None


def _loaded_and_counting(store, monkeypatch) -> tuple[ViewportFetcher, list[int]]:
    """A fetcher with the index of `_fill`'s events loaded; `loads` grows by each full load."""
    _fill(store)
    fetcher = ViewportFetcher(store.read, budget=500)
    fetcher.load_index(background=False)
    loads: list[int] = []
    real = time_index.load_event_index
    monkeypatch.setattr(time_index, "load_event_index", lambda s: loads.append(1) or real(s))
    return fetcher, loads


def test_edits_update_the_loaded_index_without_a_reload(store, monkeypatch) -> None:
    """The canvas passes the ids an edit touched: the index is rebuilt from them alone."""
    fetcher, loads = _loaded_and_counting(store, monkeypatch)
    with store.write() as session:
        new_id = st.add_event(session, an_event("new", start="2016-12-02T10:00:00+00:00"))
    fetcher.invalidate({new_id})
    fetcher.wait_for_index(10)
    assert _titles(fetcher, 1).get("new") == 1_480_672_800_000  # 2016-12-02T10:00Z
    with store.write() as session:
        st.update_event(session, new_id, an_event("new", start="2016-12-03T10:00:00+00:00"))
    fetcher.invalidate({new_id})
    fetcher.wait_for_index(10)
    fetcher.forget_viewport()
    assert _titles(fetcher, 2).get("new") == 1_480_759_200_000  # a day later
    with store.write() as session:
        st.delete_event(session, new_id)
    fetcher.invalidate({new_id})
    fetcher.wait_for_index(10)
    fetcher.forget_viewport()
    assert "new" not in _titles(fetcher, 3)
    assert loads == []  # never reloaded from the file
    with store.read() as session:
        fresh = load_event_index(session)
    _same_answers(fetcher.index(), fresh, random.Random(2), _edges(store))
    # a change the caller cannot name: a full reload
    fetcher.invalidate()
    fetcher.wait_for_index(10)
    assert loads == [1]


def test_spanning_finds_the_events_drawn_across_a_whole_window() -> None:
    """Stand-ins are only made of events starting (even at their latest) before the window."""
    rng = random.Random(8)
    rows = []
    for i in range(2000):
        lo = rng.randrange(0, 10**9)
        hi = lo + rng.choice([0, 10**5, 10**7, 3 * 10**8])
        rows.append((lo, hi, i, rng.choice([None, 1, 2])))
    for spread in (0, 5 * 10**6):
        plain = EventIndex.from_rows(rows)
        index = EventIndex(plain._lo, plain._hi, plain._ids, plain._lane, plain.lanes, spread)
        for _ in range(200):
            lo = rng.randrange(0, 10**9)
            hi = lo + rng.randrange(0, 10**8)
            ids, los, his, lanes = index.spanning(lo, hi)
            expected = {r[2]: r for r in rows if r[0] < lo - spread and r[1] >= hi}
            assert sorted(ids) == sorted(expected)
            for i, a, b, lane in zip(ids, los, his, lanes, strict=True):
                assert expected[i] == (a, b, i, lane)


def test_the_index_knows_how_late_a_start_can_be(store) -> None:
    """An uncertain start ("Tuesday evening") begins its extent before its start time."""
    from datetime import timedelta

    with store.write() as session:
        st.add_event(session, an_event("exact", start="2016-12-13T10:00:00+00:00"))
    with store.read() as session:
        assert load_event_index(session).start_spread == 0
    with store.write() as session:
        st.add_event(session, an_event("evening", start="2016-12-13T20:00:00+00:00",
                                       plus_minus=timedelta(hours=3)))  # fmt: skip
    with store.read() as session:
        assert load_event_index(session).start_spread == 3 * HOUR


def test_a_write_by_another_program_makes_the_next_update_a_full_reload(store, monkeypatch):
    """`timeline-app add` may write while a window is open: its rows must not go missing."""
    fetcher, loads = _loaded_and_counting(store, monkeypatch)
    with store.write() as session:  # another program: the window is not told
        st.add_event(session, an_event("outside", start="2016-12-02T11:00:00+00:00"))
    with store.write() as session:  # then an edit in the window, which names its event
        mine = st.add_event(session, an_event("mine", start="2016-12-02T12:00:00+00:00"))
    fetcher.invalidate({mine})
    fetcher.wait_for_index(10)
    assert loads == [1]  # the revision moved by two writes, one of them unknown: reloaded
    assert fetcher.index().size == 303
    assert {"outside", "mine"} <= set(_titles(fetcher, 1))
    with store.write() as session:  # back to writes the window knows of: in place again
        st.update_event(session, mine, an_event("mine", start="2016-12-03T12:00:00+00:00"))
    fetcher.invalidate({mine})
    fetcher.wait_for_index(10)
    assert loads == [1] and fetcher.index().size == 303
