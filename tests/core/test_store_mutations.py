"""Adding, editing and deleting events; reuse of categories, actors, tags and sources."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from tests.core.conftest import DAY, HOUR, a_citation, a_rich_event, a_source, an_event
from timeline_app.core import store as st
from timeline_app.core.models import EventActor, EventTag, Meta
from timeline_app.core.records import EventFilter


def test_add_event_stores_times_extent_and_kind(store):
    """Events would be drawn at the wrong place or with the wrong uncertainty band."""
    point = an_event(start="2016-12-13T22:00:00+02:00", plus_minus=timedelta(hours=2))
    span = an_event(
        "Evacuation", start="2016-12-15T06:00:00+02:00", end="2016-12-22T18:00:00+02:00"
    )
    with store.write() as session:
        p, s = st.add_event(session, point), st.add_event(session, span)
    with store.read() as session:
        e = st.get_event(session, p)
        assert e.kind == "point" and e.end_ms is None
        assert (e.lo_ms, e.hi_ms) == (point.start.earliest_ms, point.start.latest_ms)
        assert e.start_ms - e.lo_ms == 2 * HOUR
        assert (e.start_precision, e.start_tz, e.start_approx) == ("minute", "Asia/Damascus", True)
        assert e.created_ms > 0 and e.updated_ms >= e.created_ms
        e = st.get_event(session, s)
        assert e.kind == "span" and e.hi_ms == span.end.latest_ms
        assert e.source_count == 0 and not e.contested


def test_add_event_reuses_what_already_exists(store):
    """Typing an actor or citing an article twice would clutter lists with duplicates."""
    with store.write() as session:
        for n in range(6):
            st.add_event(session, a_rich_event(n))
        st.add_event(session, an_event("x", category="shelling", actors=[("saa", "")]))
        counts = st.counts(session)
    assert counts["events"] == 7
    assert counts["categories"] == 3  # "shelling" is "Shelling"
    assert counts["actors"] == 1 + 5  # SAA (any case) + Brigade 0-4
    assert counts["tags"] == 1 + 4
    assert counts["sources"] == 6 + 1  # six Reuters articles by URL + one SANA denial
    assert counts["locations"] == 6
    assert counts["citations"] == 12


def test_sources_match_by_url_else_outlet_and_title(store):
    """The same article cited twice would get two grades; two sources on one page, one."""

    def cite(session, outlet, **source) -> None:
        st.add_event(session, an_event(citations=[a_citation(a_source(outlet, **source))]))

    page = "https://mee.example/aleppo"
    with store.write() as session:
        cite(session, "AFP", title="T")
        cite(session, "AFP", title="T", url=page, reliability="B")  # the same, now with URL
        cite(session, "AFP", url=page)  # the same again (nothing contradicts)
        cite(session, "Russian military", title="Statement", url=page)  # quoted on that page
        cite(session, "AFP", title="T", url="https://afp.example/2")  # another article
        sources = st.list_sources(session)
        assert st.counts(session)["citations"] == 5
    assert [(s.outlet, s.title, s.url, s.reliability) for s in sources] == [
        ("AFP", "T", page, "B"),  # gained the URL and grade it lacked
        ("AFP", "T", "https://afp.example/2", None),
        ("Russian military", "Statement", page, None),
    ]


def test_source_count_and_contested_follow_citations(store):
    """The hollow "unsourced" marker and the disputed badge would lie."""
    with store.write() as session:
        event_id = st.add_event(
            session,
            an_event(
                citations=[
                    a_citation(a_source("A"), quote="one"),
                    a_citation(a_source("A"), quote="two"),
                ]
            ),
        )
        e = st.get_event(session, event_id)
        assert (e.source_count, e.contested) == (1, False)
        cid = st.add_citation(session, event_id, a_citation(a_source("B"), stance="contradicts"))
        assert (e.source_count, e.contested) == (2, True)
        with pytest.raises(ValueError, match="already cited"):
            st.add_citation(session, event_id, a_citation(a_source("B"), stance="supports"))
        assert st.remove_citation(session, cid)
        assert not st.remove_citation(session, cid)
    with store.read() as session:
        e = st.get_event(session, event_id)
        assert (e.source_count, e.contested, len(e.citations)) == (1, False, 2)
        assert st.integrity_check(store.path) == []


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (an_event("  "), "title"),
        (an_event(start="2016-12-13T22:00:00Z", end="2016-12-12T22:00:00Z"), "ends before"),
        (an_event(status="rumour"), "status"),
        (an_event(lat=95.0, location_name="x"), "latitude"),
        (an_event(citations=[a_citation(stance="agrees")]), "stance"),
        (an_event(citations=[a_citation(credibility=9)]), "credibility"),
        (an_event(citations=[a_citation(a_source(""))]), "outlet, a title or a URL"),
        (an_event(citations=[a_citation(a_source(reliability="Q"))]), "reliability"),
        (an_event(category="Shelling", category_color="red"), "colour"),
    ],
)
def test_garbage_is_never_stored(store, draft, message):
    """A bad import would put events into the file that crash the timeline later."""
    with pytest.raises(ValueError, match=message), store.write() as session:
        st.add_event(session, draft)
    with store.read() as session:
        assert st.counts(session)["events"] == 0


def test_bounds_around_the_wrong_way_are_refused(store):
    """An uncertainty band that ends before it starts would break drawing."""
    draft = an_event()
    ms = draft.start.best_ms  # TimeSpec refuses this itself; a duck-typed importer might not
    draft.start = SimpleNamespace(
        best_ms=ms,
        earliest_ms=ms + 1,
        latest_ms=ms + 2,
        precision="minute",
        approximate=False,
        tz="UTC",
        text="",
    )
    with pytest.raises(ValueError, match="bounds"), store.write() as session:
        st.add_event(session, draft)


def test_update_replaces_everything_but_creation_time(store):
    """Editing an event would keep stale actors/citations or fail on an unchanged quote."""
    with store.write() as session:
        event_id = st.add_event(session, a_rich_event(1))
        created = st.get_event(session, event_id).created_ms
    changed = a_rich_event(1)
    changed.title = "Shelling (corrected)"
    changed.actors = [("SAA", "attacker")]
    changed.tags = []
    changed.citations = changed.citations[:1]  # same source and quote as before
    changed.end = None
    with store.write() as session:
        st.update_event(session, event_id, changed)
    with store.read() as session:
        e = st.get_event(session, event_id)
        assert e.title == "Shelling (corrected)" and e.created_ms == created
        assert [(a.actor.name, a.role) for a in e.actors] == [("SAA", "attacker")]
        assert e.tags == [] and len(e.citations) == 1
        assert (e.source_count, e.contested) == (1, False)
        assert session.scalar(select(func.count()).select_from(EventActor)) == 1
    with pytest.raises(LookupError), store.write() as session:
        st.update_event(session, 999, changed)


def test_delete_removes_citations_and_links_but_keeps_sources(store):
    """Deleting an event would leave orphan rows, or take shared sources with it."""
    with store.write() as session:
        gone = st.add_event(session, a_rich_event(1))
        kept = st.add_event(session, a_rich_event(2))
    with store.write() as session:
        assert st.delete_event(session, gone)
        assert not st.delete_event(session, gone)
    with store.read() as session:
        counts = st.counts(session)
        assert st.get_event(session, gone) is None and st.get_event(session, kept) is not None
        assert counts["citations"] == 2 and counts["sources"] == 3
        assert session.scalar(select(func.count()).select_from(EventTag)) == 2
    assert st.integrity_check(store.path) == []


def test_categories_get_palette_colours_and_keep_their_place(store):
    """New lanes would all get the same colour or jump around."""
    with store.write() as session:
        first = st.get_or_create_category(session, "Shelling")
        second = st.get_or_create_category(session, "Aid", color="#00ff00")
        third = st.get_or_create_category(session, "Protests")
        assert st.get_or_create_category(session, " shelling ", color="#000000") == first
        fixed = st.get_or_create_category(session, "Pinned", sort_order=-1)
        rows = st.list_categories(session)
    assert [r.id for r in rows] == [fixed, first, second, third]
    assert [r.color for r in rows[1:]] == [st.PALETTE[0], "#00ff00", st.PALETTE[2]]


def test_the_longest_event_hint_only_grows(store):
    """After adding a long span, windows inside it would miss it."""
    with store.write() as session:
        st.add_event(session, an_event(start="2016-01-01T00:00:00Z", end="2016-03-01T00:00:00Z"))
        assert int(session.get(Meta, "max_extent_ms").value) == 60 * DAY
        st.add_event(session, an_event())
        assert int(session.get(Meta, "max_extent_ms").value) == 60 * DAY
        event_id = st.add_event(
            session, an_event(start="2015-01-01T00:00:00Z", end="2016-01-01T00:00:00Z")
        )
        st.delete_event(session, event_id)
        assert int(session.get(Meta, "max_extent_ms").value) == 365 * DAY
        assert st.recompute_max_extent(session) == 60 * DAY


def test_saved_views_round_trip(store):
    """A saved filter would come back different, or pile up under one name."""
    f = EventFilter(
        text="convoy",
        category_ids=frozenset({2, 1}),
        statuses=frozenset({"denied"}),
        min_reliability="B",
        from_ms=5,
        to_ms=None,
    )
    with store.write() as session:
        view = st.save_view(session, "Convoy", f)
        assert st.save_view(session, "Convoy", EventFilter(text="aid")) == view
        other = st.save_view(session, "All", EventFilter())
    with store.read() as session:
        assert st.list_views(session) == [
            (other, "All", EventFilter()),
            (view, "Convoy", EventFilter(text="aid")),
        ]
    with store.write() as session:
        st.save_view(session, "Convoy", f)
        assert st.list_views(session)[1][2] == f
        assert st.delete_view(session, other) and not st.delete_view(session, other)
