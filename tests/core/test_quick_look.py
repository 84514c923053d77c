"""The first look at a file (standard library only) agrees with the store, or says nothing."""

from __future__ import annotations

from timeline_app.core import store as st
from timeline_app.core.quick_look import quick_look

from .test_store_summary import _fill, _summary


def test_quick_look_gives_the_lanes_and_the_current_summary(tmp_path) -> None:
    path = tmp_path / "t.ctl"
    with st.TimelineStore.create(path) as store:
        _fill(store)
        assert quick_look(path) is None  # no summary yet: the normal open does the work
        store.save_start_summary(_summary(store))
        with store.read() as session:
            lanes = st.list_categories(session)
            zone = st.dominant_zone(session)
    look = quick_look(path)
    assert look is not None
    assert sorted(look.categories, key=lambda c: c.id) == sorted(lanes, key=lambda c: c.id)
    assert look.summary.total == 201
    assert look.zone == zone is not None  # the axis is labelled in the same zone


def test_quick_look_says_nothing_about_stale_foreign_or_missing_files(tmp_path) -> None:
    path = tmp_path / "t.ctl"
    with st.TimelineStore.create(path) as store:
        _fill(store)
        store.save_start_summary(_summary(store))
        with store.write() as session:
            st.get_or_create_category(session, "Late lane")
    assert quick_look(path) is None  # changed since the summary was made
    other = tmp_path / "notes.ctl"
    other.write_bytes(b"not a database at all" * 100)
    assert quick_look(other) is None
    assert quick_look(tmp_path / "missing.ctl") is None
    assert not (tmp_path / "missing.ctl").exists()  # looking never creates a file
