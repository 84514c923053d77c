"""The event table's queries: counts, sorted pages, row positions; actor lanes; axis zone."""

from __future__ import annotations

import pytest

from tests.core.conftest import a_citation, a_rich_event, a_source, an_event
from timeline_app.core import store as st
from timeline_app.core.records import TABLE_ORDERS, EventFilter


@pytest.fixture
def table_store(store):
    """25 varied events: categories, locations, statuses, sources, some without any."""
    with store.write() as session:
        for n in range(20):
            st.add_event(session, a_rich_event(n))
        st.add_event(session, an_event("bare", start="2016-12-30T00:00:00Z", status="denied"))
        for n in range(4):
            st.add_event(session, an_event(f"same time {n}", start="2016-12-05T10:00:00Z"))
    return store


def _all_rows(store, **kwargs):
    with store.read() as session:
        return st.event_page(session, offset=0, limit=10_000, **kwargs)


def _key(row, order):
    value = {
        "time": row.start_ms,
        "title": row.title,
        "category": row.category,
        "status": row.status,
        "location": row.location,
        "sources": len(row.sources.split("; ")) if row.sources else 0,
    }[order]
    return value


@pytest.mark.parametrize("order", TABLE_ORDERS)
@pytest.mark.parametrize("descending", [False, True])
def test_pages_are_sorted_and_add_up_to_the_whole_table(table_store, order, descending):
    """Scrolling the table would skip, repeat or misorder events."""
    rows = _all_rows(table_store, order=order, descending=descending)
    with table_store.read() as session:
        assert len(rows) == st.count_events(session) == 25
        paged = []
        for offset in range(0, 25, 7):
            paged += st.event_page(
                session, order=order, descending=descending, offset=offset, limit=7
            )
        assert [r.id for r in paged] == [r.id for r in rows]
        for position, row in enumerate(rows):
            found = st.event_position(session, row.id, order=order, descending=descending)
            assert found == position
    present = [r for r in rows if _key(r, order) is not None]
    keys = [_key(r, order) for r in present]
    assert keys == sorted(keys, reverse=descending)
    assert rows[: len(present)] == present, "rows without a category/location go last"


def test_rows_show_what_the_table_columns_need(table_store):
    """The table would show the wrong category, place, sources or disputed colour."""
    rows = {r.title: r for r in _all_rows(table_store)}
    row = rows["Shelling of district 3"]
    assert (row.category, row.location, row.status) == ("Shelling", "District 3", "reported")
    assert row.sources == "Reuters; SANA (contra)" and row.disputed
    assert row.precision == "minute" and row.tz == "Asia/Damascus" and row.time_text
    bare = rows["bare"]
    assert (bare.category, bare.location, bare.sources, bare.disputed) == (None, None, "", False)


def test_filters_apply_to_counts_pages_and_positions(table_store):
    """The table would list events the canvas hides, or jump to a hidden row."""
    f = EventFilter(statuses=frozenset({"denied"}))
    with table_store.read() as session:
        assert st.count_events(session, filters=f) == 1
        [row] = st.event_page(session, filters=f)
        assert row.title == "bare"
        assert st.event_position(session, row.id, filters=f) == 0
        assert st.event_position(session, 1, filters=f) is None
        assert st.event_position(session, 99_999) is None
        with pytest.raises(ValueError, match="order"):
            st.event_page(session, order="colour")


def test_actor_lanes_and_axis_zone(store):
    """The actor view would put events in the wrong lane; the axis would use an odd zone."""
    with store.write() as session:
        a = st.add_event(session, an_event(actors=[("SAA", "attacker"), ("YPG", "")]))
        b = st.add_event(session, an_event(actors=[("YPG", "defender"), ("YPG", "witness")]))
        c = st.add_event(session, an_event(citations=[a_citation(a_source("AP"))]))
        actors = st.list_actors(session)
        links = st.actor_links(session, [a, b, c])
        zone = st.dominant_zone(session)
    assert [(name, colour) for _, name, colour in actors] == [("SAA", None), ("YPG", None)]
    saa, ypg = (actor_id for actor_id, _, _ in actors)
    assert links == {a: tuple(sorted((saa, ypg))), b: (ypg,)}
    assert zone == "Asia/Damascus"
    with store.read() as session:
        assert st.count_events(session) == 3
