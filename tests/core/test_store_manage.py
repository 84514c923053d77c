"""Managing categories, actors and tags: rename, recolour, merge, delete, and exact undo."""

from __future__ import annotations

import pytest

from tests.core.conftest import an_event
from timeline_app.core import store as st


def _event(title: str, *, category=None, actors=(), tags=()):
    return an_event(title, category=category, actors=list(actors), tags=list(tags))


@pytest.fixture
def filled(store):
    """Three events over two categories, three actors and two tags."""
    with store.write() as session:
        ids = [
            st.add_event(
                session,
                _event(
                    "Shelling of Bustan al-Qasr",
                    category="Shelling",
                    actors=[("SAA", "attacker"), ("Rebels", "target")],
                    tags=["hospital", "night"],
                ),
            ),
            st.add_event(
                session,
                _event(
                    "Airstrike on market",
                    category="Airstrikes",
                    actors=[("Syrian army", "attacker"), ("SAA", "party")],
                    tags=["night"],
                ),
            ),
            st.add_event(
                session,
                _event(
                    "Second airstrike",
                    category="Airstrikes",
                    actors=[("Syrian army", "attacker")],
                    tags=["hospital"],
                ),
            ),
        ]
    return store, ids


def _ids(session, kind: str) -> dict[str, int]:
    return {item.name: item.id for item in st.list_items(session, kind)}


def _state(session) -> tuple:
    """Everything these functions may touch, as comparable plain data."""
    return tuple(
        (
            kind,
            st.list_items(session, kind),
            [st.snapshot_item(session, kind, item.id) for item in st.list_items(session, kind)],
        )
        for kind in st.MANAGED_KINDS
    )


def test_usage_counts_distinct_events(filled):
    """The dialog's "N events" column would over- or under-count events per item."""
    store, _ = filled
    with store.read() as session:
        categories, actors, tags = (_ids(session, kind) for kind in st.MANAGED_KINDS)
        assert st.usage_counts(session, "category") == {
            categories["Shelling"]: 1,
            categories["Airstrikes"]: 2,
        }
        usage = st.usage_counts(session, "actor")
        assert usage[actors["SAA"]] == 2 and usage[actors["Syrian army"]] == 2
        assert {i.name: i.events for i in st.list_items(session, "tag")} == {
            "hospital": 2,
            "night": 2,
        }
        assert set(tags) == {"hospital", "night"}


def test_rename_and_refuse_taken_name(filled):
    """Renaming a category would fail, or silently create two categories differing in case."""
    store, _ = filled
    with store.write() as session:
        shelling = _ids(session, "category")["Shelling"]
        assert st.rename_item(session, "category", shelling, "  Artillery  shelling ") == "Shelling"
        assert _ids(session, "category")["Artillery shelling"] == shelling
        # A change of case only is a rename of itself, not a clash.
        st.rename_item(session, "category", shelling, "artillery shelling")
    with store.write() as session, pytest.raises(st.NameTakenError, match="use Merge"):
        st.rename_item(session, "category", shelling, "AIRSTRIKES")
    with store.write() as session, pytest.raises(ValueError, match="needs a name"):
        st.rename_item(session, "tag", _ids(session, "tag")["night"], "   ")
    with store.read() as session:
        assert set(_ids(session, "category")) == {"artillery shelling", "Airstrikes"}


def test_recolour_validates_and_returns_old(filled):
    """A new lane colour would not stick, or a typo like 'red' would corrupt the file."""
    store, _ = filled
    with store.write() as session:
        airstrikes = _ids(session, "category")["Airstrikes"]
        old = st.recolour_item(session, "category", airstrikes, "#AA0000")
        assert old.startswith("#")
        saa = _ids(session, "actor")["SAA"]
        assert st.recolour_item(session, "actor", saa, "#00ff00") is None
        assert st.recolour_item(session, "actor", saa, None) == "#00ff00"
    with store.write() as session, pytest.raises(ValueError, match="#rrggbb"):
        st.recolour_item(session, "category", airstrikes, "red")
    with store.write() as session, pytest.raises(ValueError, match="#rrggbb"):
        st.recolour_item(session, "category", airstrikes, None)
    with store.read() as session:
        assert {c.name: c.color for c in st.list_categories(session)}["Airstrikes"] == "#aa0000"


def test_delete_category_uncategorises_and_restores(filled):
    """Deleting a category would delete its events, or undo would not bring the lane back."""
    store, ids = filled
    with store.read() as session:
        before = _state(session)
    with store.write() as session:
        airstrikes = _ids(session, "category")["Airstrikes"]
        snapshot = st.delete_item(session, "category", airstrikes)
    assert snapshot.events == 2
    with store.read() as session:
        assert "Airstrikes" not in _ids(session, "category")
        assert st.count_events(session) == 3
        assert st.get_event(session, ids[1]).category_id is None
    with store.write() as session:
        st.restore_item(session, snapshot)
    with store.read() as session:
        assert _state(session) == before


def test_delete_actor_and_tag_remove_links_and_restore(filled):
    """Deleting an actor would leave dangling links, or undo would lose their roles."""
    store, ids = filled
    with store.read() as session:
        before = _state(session)
    with store.write() as session:
        saa = st.delete_item(session, "actor", _ids(session, "actor")["SAA"])
        night = st.delete_item(session, "tag", _ids(session, "tag")["night"])
    assert saa.links == ((ids[0], "attacker"), (ids[1], "party"))
    assert (saa.events, night.events) == (2, 2)
    with store.read() as session:
        assert st.usage_counts(session, "tag") == {_ids(session, "tag")["hospital"]: 2}
        assert "SAA" not in _ids(session, "actor")
    with store.write() as session:
        st.restore_item(session, night)
        st.restore_item(session, saa)
    with store.read() as session:
        assert _state(session) == before


def test_merge_actors_deduplicates_and_unmerges(filled):
    """Merging duplicate actors would double links or lose roles; undo would not split them."""
    store, ids = filled
    with store.read() as session:
        before = _state(session)
        actors = _ids(session, "actor")
    with store.write() as session:
        result = st.merge_item(session, "actor", actors["Syrian army"], actors["SAA"])
    assert result.events == 2
    assert result.added == ((ids[1], "attacker"), (ids[2], "attacker"))
    with store.read() as session:
        merged = st.snapshot_item(session, "actor", actors["SAA"])
        assert merged.links == (
            (ids[0], "attacker"),
            (ids[1], "attacker"),
            (ids[1], "party"),
            (ids[2], "attacker"),
        )
        assert "Syrian army" not in _ids(session, "actor")
    with store.write() as session:
        st.unmerge_item(session, result)
    with store.read() as session:
        assert _state(session) == before


def test_merge_tags_with_shared_event(filled):
    """Merging tags used on the same event would fail on the duplicate link."""
    store, _ = filled
    with store.read() as session:
        before = _state(session)
        tags = _ids(session, "tag")
    with store.write() as session:
        result = st.merge_item(session, "tag", tags["night"], tags["hospital"])
        assert st.usage_counts(session, "tag") == {tags["hospital"]: 3}
    assert len(result.added) == 1  # the first event already had both tags
    with store.write() as session:
        st.unmerge_item(session, result)
    with store.read() as session:
        assert _state(session) == before


def test_merge_categories_moves_events(filled):
    """Merging two categories would leave events in a lane that no longer exists."""
    store, ids = filled
    with store.read() as session:
        before = _state(session)
        categories = _ids(session, "category")
    with store.write() as session:
        result = st.merge_item(
            session, "category", categories["Shelling"], categories["Airstrikes"]
        )
        with pytest.raises(ValueError, match="into itself"):
            st.merge_item(session, "category", categories["Airstrikes"], categories["Airstrikes"])
    assert result.events == 1
    with store.read() as session:
        assert st.usage_counts(session, "category") == {categories["Airstrikes"]: 3}
    with store.write() as session:
        st.unmerge_item(session, result)
    with store.read() as session:
        assert _state(session) == before
        assert st.get_event(session, ids[0]).category_id == categories["Shelling"]


def test_restore_skips_events_deleted_meanwhile(filled):
    """Undoing a tag deletion after an event was deleted would fail instead of restoring."""
    store, ids = filled
    with store.write() as session:
        snapshot = st.delete_item(session, "tag", _ids(session, "tag")["hospital"])
        st.delete_event(session, ids[0])
    with store.write() as session:
        st.restore_item(session, snapshot)
        assert st.snapshot_item(session, "tag", snapshot.id).links == ((ids[2], ""),)


def test_missing_item_is_a_clear_error(filled):
    """Acting on an item another window deleted would crash instead of explaining."""
    store, _ = filled
    with store.write() as session, pytest.raises(LookupError, match="does not exist"):
        st.rename_item(session, "actor", 999, "Nobody")
