"""Each filter field narrows every query the same way (window, count, buckets, extent, export)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.core.conftest import a_citation, a_source, an_event
from timeline_app.core import store as st
from timeline_app.core.models import Actor, Category, Tag
from timeline_app.core.records import EventFilter

ALL = (0, 2**53)


@pytest.fixture
def filtered(store):
    """Six events that differ in exactly the fields the filters look at."""
    events = {
        "quds": an_event(
            "Airstrike on Al-Quds hospital",
            start="2016-04-27T21:45:00+03:00",
            category="Airstrikes",
            location_name="Sukkari",
            actors=[("SAA", "attacker")],
            tags=["hospital"],
            status="confirmed",
            citations=[a_citation(a_source("MSF", title="Statement", reliability="A"))],
        ),
        "convoy": an_event(
            "Aid convoy hit",
            start="2016-09-19T19:00:00+03:00",
            category="Aid",
            description="Trucks of the SARC burnt near Urum al-Kubra",
            actors=[("Russian Air Force", "attacker")],
            tags=["aid", "un"],
            citations=[
                a_citation(a_source("UN OCHA", title="Flash update", reliability="B")),
                a_citation(
                    a_source("RT", title="No jets nearby", reliability="E"), stance="contradicts"
                ),
            ],
        ),
        "percent": an_event(
            "100% of the district without power",
            start="2016-10-01T08:00:00Z",
            category="Infrastructure",
            status="reported",
        ),
        "underscore": an_event(
            "road al_bab closed",
            start="2016-11-01T08:00:00Z",
            status="denied",
            location_name="Ḥalab",
        ),
        "plain": an_event(
            "road albab reopened",
            start="2016-11-02T08:00:00Z",
            citations=[a_citation(a_source("Blog", reliability="F"))],
        ),
        "disputed": an_event(
            "Mass grave reported", start="2016-12-20T08:00:00Z", status="disputed"
        ),
    }
    ids = {}
    with store.write() as session:
        for key, draft in events.items():
            ids[key] = st.add_event(session, draft)
    return store, ids


def _ids_by_every_query(store, f: EventFilter) -> set[int]:
    """Run the filter through every query and insist they agree; return the matching ids."""
    with store.read() as session:
        window = {r.id for r in st.events_in_window(session, *ALL, filters=f)}
        assert st.count_in_window(session, *ALL, filters=f) == len(window)
        for by_category in (True, False):
            buckets = st.bucket_counts(session, *ALL, 2**45, filters=f, by_category=by_category)
            assert sum(b.count for b in buckets) == len(window)
        full = {e.id for e in st.iter_events_full(session, filters=f)}
        assert full == window
        rows = st.event_rows_by_ids(session, window)
        for row in rows:  # the same filter in a narrow window (index range, not a scan)
            narrow = st.events_in_window(session, row.start_ms, row.start_ms, filters=f)
            assert row.id in {r.id for r in narrow}
        extent = st.time_extent(session, filters=f)
        if window:
            assert extent == (min(r.lo_ms for r in rows), max(r.hi_ms for r in rows))
        else:
            assert extent is None
    return window


def _id_of(store, model, name) -> int:
    with store.read() as session:
        return session.scalar(select(model.id).where(model.name == name))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("al-quds", {"quds"}),  # title, any case
        ("URUM", {"convoy"}),  # description
        ("sukkari", {"quds"}),  # location name
        ("russian air", {"convoy"}),  # actor name
        ("ocha", {"convoy"}),  # source outlet
        ("no jets", {"convoy"}),  # source title
        ("100%", {"percent"}),  # % is literal
        ("l_b", {"underscore"}),  # _ is literal
        ("ḥalab", {"underscore"}),  # non-ASCII, any case
        ("road", {"underscore", "plain"}),
        ("   ", {"quds", "convoy", "percent", "underscore", "plain", "disputed"}),
    ],
)
def test_text_search(filtered, text, expected):
    """The search box would miss events (or match everything on % and _)."""
    store, ids = filtered
    got = _ids_by_every_query(store, EventFilter(text=text))
    assert got == {ids[k] for k in expected}


def test_category_actor_tag_and_status_filters(filtered):
    """Narrowing the view to one lane, actor, tag or status would show the wrong events."""
    store, ids = filtered
    aid = _id_of(store, Category, "Aid")
    assert _ids_by_every_query(store, EventFilter(category_ids=frozenset({aid}))) == {ids["convoy"]}
    names = frozenset({"Airstrikes", "Infrastructure"})
    assert _ids_by_every_query(store, EventFilter(category_names=names)) == {
        ids["quds"],
        ids["percent"],
    }
    saa = _id_of(store, Actor, "SAA")
    assert _ids_by_every_query(store, EventFilter(actor_ids=frozenset({saa}))) == {ids["quds"]}
    un, hospital = _id_of(store, Tag, "un"), _id_of(store, Tag, "hospital")
    assert _ids_by_every_query(store, EventFilter(tag_ids=frozenset({un, hospital}))) == {
        ids["quds"],
        ids["convoy"],
    }
    assert _ids_by_every_query(store, EventFilter(statuses=frozenset({"denied"}))) == {
        ids["underscore"]
    }


def test_disputed_status_also_matches_events_whose_sources_disagree(filtered):
    """An event drawn with a disputed badge would vanish under the "disputed" filter."""
    store, ids = filtered
    got = _ids_by_every_query(store, EventFilter(statuses=frozenset({"disputed"})))
    assert got == {ids["disputed"], ids["convoy"]}


def test_min_reliability(filtered):
    """ "Only well-sourced events" would keep rumours or drop solid reports."""
    store, ids = filtered
    assert _ids_by_every_query(store, EventFilter(min_reliability="A")) == {ids["quds"]}
    assert _ids_by_every_query(store, EventFilter(min_reliability="b")) == {
        ids["quds"],
        ids["convoy"],
    }
    assert len(_ids_by_every_query(store, EventFilter(min_reliability="F"))) == 3
    with pytest.raises(ValueError, match="A-F"), store.read() as session:
        st.events_in_window(session, *ALL, filters=EventFilter(min_reliability="Z"))


def test_time_range_and_combined_filters(filtered):
    """A date-range filter, or two filters together, would show events outside them."""
    store, ids = filtered
    with store.read() as session:
        nov = st.get_event(session, ids["underscore"]).start_ms
    f = EventFilter(from_ms=nov, to_ms=nov + 2 * 86_400_000)
    assert _ids_by_every_query(store, f) == {ids["underscore"], ids["plain"]}
    both = EventFilter(from_ms=nov, to_ms=nov + 2 * 86_400_000, text="reopened")
    assert _ids_by_every_query(store, both) == {ids["plain"]}
    empty = EventFilter(from_ms=nov + 1, to_ms=nov)
    assert _ids_by_every_query(store, empty) == set()
    assert _ids_by_every_query(store, EventFilter(statuses=frozenset())) == set(ids.values())


def test_unknown_status_is_refused(filtered):
    """A typo in a status filter would silently show nothing."""
    store, _ = filtered
    with pytest.raises(ValueError, match="unknown status"), store.read() as session:
        st.count_in_window(session, *ALL, filters=EventFilter(statuses=frozenset({"rumour"})))
