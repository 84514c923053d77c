"""bulk_add_events: the fast import path stores exactly what add_event stores."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from timeline_app.core import store as st

from .conftest import a_citation, a_rich_event, a_source, an_event

TABLES = (
    "SELECT title, description, kind, status, start_ms, start_earliest_ms, start_latest_ms,"
    " start_precision, start_approx, start_tz, start_text, end_ms, end_earliest_ms,"
    " end_latest_ms, end_precision, end_approx, end_tz, end_text, lo_ms, hi_ms, source_count,"
    " contested, category_id, location_id FROM events ORDER BY id",
    "SELECT event_id, source_id, quote, credibility, stance, note FROM citations"
    " ORDER BY event_id, source_id, quote",
    "SELECT event_id, actor_id, role FROM event_actors ORDER BY 1, 2, 3",
    "SELECT event_id, tag_id FROM event_tags ORDER BY 1, 2",
    "SELECT id, name, color, sort_order FROM categories ORDER BY id",
    "SELECT id, name FROM actors ORDER BY id",
    "SELECT id, name FROM tags ORDER BY id",
    "SELECT id, name, lat, lon, precision FROM locations ORDER BY id",
    "SELECT id, outlet, title, url, author, published_ms, published_tz, accessed_ms, reliability,"
    " notes FROM sources ORDER BY id",
    "SELECT value FROM meta WHERE key = 'max_extent_ms'",
)


def drafts() -> list:
    """A mix: rich events, spans, a repeated source object, case variants of names."""
    shared = a_source("Reuters", url="https://reuters.example/1")
    out = [a_rich_event(n) for n in range(30)]
    out += [
        an_event("A long siege", start="2016-07-01T00:00:00+03:00", end="2016-12-22T00:00:00"),
        an_event("Plain point", start="2016-12-20T10:00:00+02:00"),
        an_event("Shared A", citations=[a_citation(shared), a_citation(shared, quote="q")]),
        an_event("Shared B", citations=[a_citation(shared)], actors=[("saa", "x"), ("", "y")]),
        an_event("Tagged", tags=["HOSPITAL", " ", "hospital"], category="shelling"),
    ]
    return out


def dump(path: Path) -> list[list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return [conn.execute(sql).fetchall() for sql in TABLES]
    finally:
        conn.close()


def test_bulk_stores_what_add_event_stores(tmp_path: Path) -> None:
    """An import stores the same events, links, names and sources as adding them one by one."""
    one, bulk = tmp_path / "one.ctl", tmp_path / "bulk.ctl"
    with st.TimelineStore.create(one) as s, s.write() as session:
        for draft in drafts():
            st.add_event(session, draft)
    with st.TimelineStore.create(bulk) as s, s.write() as session:
        result = st.bulk_add_events(session, drafts(), skip_duplicates=False)
    assert result.added == list(range(1, len(drafts()) + 1))
    assert dump(bulk) == dump(one)


def test_bulk_finds_stored_names_as_add_event_does(tmp_path: Path) -> None:
    """Names already in the file: the exact one first, else the first ignoring case."""
    from timeline_app.core.models import Actor, Tag

    # Names that differ only in case can both be stored (a rename can make them).
    stored = [Actor(name="SAA"), Actor(name="saa"), Tag(name="Shelling"), Tag(name="shelling")]
    stored.append(Tag(name="ÉTÉ"))
    three = [("saa", "b"), ("Saa", "c"), (" SAA ", "d")]
    wanted = [
        an_event("Three", actors=three, tags=["SHELLING", "été", "new"]),
        an_event("Four", actors=[("New one", "a"), ("NEW ONE", "b")], tags=["NEW"]),
    ]
    one, bulk = tmp_path / "one.ctl", tmp_path / "bulk.ctl"
    for path in (one, bulk):
        with st.TimelineStore.create(path) as s, s.write() as session:
            session.add_all([type(row)(name=row.name) for row in stored])
    with st.TimelineStore.open(one) as s, s.write() as session:
        for draft in wanted:
            st.add_event(session, draft)
    with st.TimelineStore.open(bulk) as s, s.write() as session:
        st.bulk_add_events(session, wanted, skip_duplicates=False)
    assert dump(bulk) == dump(one)


def test_bulk_finds_stored_sources_as_add_event_does(tmp_path: Path) -> None:
    """A source named by its outlet alone reuses the first stored one with that outlet and
    no title (whatever its URL), as add_event does; other sources keep their own rules."""
    from timeline_app.core.models import Source

    stored = [
        Source(outlet="SOHR", title="Report", notes=""),
        Source(outlet="SOHR", title="", url="https://sohr.example/1", notes=""),
        Source(outlet="SOHR", title="", notes=""),
        Source(outlet="AFP ", title="", notes=""),
    ]
    cites = [a_citation(a_source(o)) for o in ("SOHR", " SOHR ", "AFP", "AFP ", "New", "new")]
    cites += [a_citation(a_source("SOHR", url="https://sohr.example/1", reliability="B"))]
    cites += [a_citation(a_source("New", title="Report")), a_citation(a_source("", title="T"))]
    wanted = [an_event(f"E{n}", citations=[c]) for n, c in enumerate(cites)]
    one, bulk = tmp_path / "one.ctl", tmp_path / "bulk.ctl"
    for path in (one, bulk):
        with st.TimelineStore.create(path) as s, s.write() as session:
            session.add_all([Source(**{c: getattr(r, c) for c in _SOURCE}) for r in stored])
    with st.TimelineStore.open(one) as s, s.write() as session:
        for draft in wanted:
            st.add_event(session, draft)
    with st.TimelineStore.open(bulk) as s, s.write() as session:
        st.bulk_add_events(session, wanted, skip_duplicates=False)
    assert dump(bulk) == dump(one)


_SOURCE = ("outlet", "title", "url", "notes")


def test_bulk_finds_stored_places_as_add_event_does(tmp_path: Path) -> None:
    """Places already in the file are reused by name and coordinates (a missing precision
    filled in), others added, as add_event does."""

    def place(title: str, name: str | None, lat=None, lon=None, precision=None):
        return an_event(title, location_name=name, lat=lat, lon=lon, location_precision=precision)

    stored = [place("A", "Aleppo", 36.2, 37.1, "town"), place("B", "Idleb"),
              place("C", "Douma", 33.5, 36.4), place("D", None, 35.0, 36.0)]  # fmt: skip
    wanted = [place("E", "Aleppo", 36.2021, 37.1343, "town"), place("F", "Aleppo", 36.2, 37.1),
              place("G", "Idleb", None, None, "region"), place("H", "Douma", 33.5, 36.4, "town"),
              place("I", "aleppo", 36.2, 37.1), place("J", None, 35.0, 36.0, "exact"),
              place("K", "Homs")]  # fmt: skip
    one, bulk = tmp_path / "one.ctl", tmp_path / "bulk.ctl"
    for path in (one, bulk):
        with st.TimelineStore.create(path) as s, s.write() as session:
            for draft in stored:
                st.add_event(session, draft)
    with st.TimelineStore.open(one) as s, s.write() as session:
        for draft in wanted:
            st.add_event(session, draft)
    with st.TimelineStore.open(bulk) as s, s.write() as session:
        st.bulk_add_events(session, wanted, skip_duplicates=False)
    assert dump(bulk) == dump(one)


def test_bulk_skips_duplicates_within_and_across_imports(store) -> None:
    """Importing the same file twice adds nothing the second time; repeats inside one go too."""
    batch = drafts()
    with store.write() as session:
        first = st.bulk_add_events(session, [*batch, batch[0]])
    assert first.duplicates == [len(batch)]
    with store.write() as session:
        again = st.bulk_add_events(session, batch)
    assert again.added == [] and again.duplicates == list(range(len(batch)))
    with store.read() as session:
        assert st.counts(session)["events"] == len(batch)


def test_bulk_reuses_existing_names_and_sources(store) -> None:
    """Names and sources already in the file are reused, not duplicated."""
    with store.write() as session:
        st.add_event(session, a_rich_event(1))
    with store.write() as session:
        st.bulk_add_events(session, [a_rich_event(n) for n in range(2, 12)])
    with store.read() as session:
        counts = st.counts(session)
    assert counts["categories"] == 3
    assert counts["actors"] == 6  # SAA + Brigade 0-4
    assert counts["sources"] == 12  # 11 Reuters reports + one SANA denial


def test_bulk_progress_and_cancel_leave_the_file_unchanged(store) -> None:
    """Cancelling half-way stores nothing; progress ends at total when it completes."""
    batch = [a_rich_event(n) for n in range(1200)]
    seen: list[tuple[int, int]] = []
    calls = iter(range(100))

    with pytest.raises(st.BulkCancelled), store.write() as session:
        st.bulk_add_events(session, batch, cancelled=lambda: next(calls) >= 2)
    with store.read() as session:
        assert st.counts(session)["events"] == 0
    with store.write() as session:
        st.bulk_add_events(session, batch, progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 1200) and seen[-1] == (1200, 1200)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_bulk_refuses_a_bad_draft(store) -> None:
    """A draft add_event would refuse makes the whole import fail (and roll back)."""
    bad = an_event("Backwards", start="2016-12-20T10:00:00+02:00", end="2016-12-01T00:00:00")
    with pytest.raises(ValueError), store.write() as session:
        st.bulk_add_events(session, [a_rich_event(1), bad])
    with store.read() as session:
        assert st.counts(session)["events"] == 0


def test_bulk_keeps_window_queries_right(store) -> None:
    """Long spans imported in bulk are still found by a window query near their end."""
    siege = an_event("Siege", start="2016-07-01T00:00:00+03:00", end="2016-12-22T00:00:00")
    with store.write() as session:
        st.bulk_add_events(session, [siege, an_event("Later", start="2016-12-21T00:00:00")])
    start = 1_482_192_000_000  # 2016-12-20
    with store.read() as session:
        titles = {r.title for r in st.events_in_window(session, start, start + 3_600_000)}
    assert titles == {"Siege"}


def _indexes(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
        ).fetchall()
    finally:
        conn.close()


def test_a_big_import_rebuilds_every_index_and_a_failed_one_keeps_them(tmp_path, monkeypatch):
    """Indexes dropped for speed must come back, also when the import fails half-way."""
    from timeline_app.core import store_bulk_write as store_bulk

    monkeypatch.setattr(store_bulk, "REINDEX_MIN_ROWS", 5)
    monkeypatch.setattr(store_bulk, "CHUNK", 4)
    path = tmp_path / "bulk.ctl"
    st.TimelineStore.create(path).close()
    before = _indexes(path)
    assert any(name == "ix_events_lo_hi" for name, _ in before)
    bad = an_event(title="bad")
    bad.status = "no such status"
    with st.TimelineStore.open(path) as s, pytest.raises(ValueError), s.write() as session:
        st.bulk_add_events(session, [a_rich_event(n) for n in range(10)] + [bad])
    assert _indexes(path) == before
    with st.TimelineStore.open(path) as s:
        with s.write() as session:
            added = st.bulk_add_events(session, [a_rich_event(n) for n in range(12)])
        with s.read() as session:
            assert st.count_events(session) == len(added.added) == 12
    assert _indexes(path) == before
    assert st.integrity_check(path) == []
