"""Importing into a timeline file: peer tools' samples, duplicates, all-or-nothing safety."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.io.exchange_builders import a_timeline, an_event_draft
from timeline_app.core import store as st
from timeline_app.io.import_into import (
    ImportCancelled,
    import_file,
    read_input,
)
from timeline_app.io.importers import ImportFormatError, read_import
from timeline_app.io.native_json import DocumentError

FIXTURES = Path(__file__).parent / "fixtures"
PEERS = Path(__file__).resolve().parents[2].parent / "shared" / "peers"
ALEPPO_JSON = Path(__file__).resolve().parents[2] / "resources" / "examples" / "aleppo.json"


def peer(relative: str) -> Path:
    path = PEERS / relative
    if not path.is_file():
        pytest.skip(f"peer sample {relative} is absent ({PEERS} not checked out here)")
    return path


def _counts(store: st.TimelineStore) -> dict[str, int]:
    with store.read() as session:
        return st.counts(session)


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("thetimelineproj/versions.timeline", 59),
        ("thetimelineproj/example.timeline", None),
        ("TimelineJS3/women_in_computing.json", 10),
        ("TimelineJS3/my-own-timeline.csv", None),
        ("timemap/timemap_data.xlsx", 11),
    ],
)
def test_each_peer_sample_imports_into_a_new_file(relative, expected, tmp_path):
    """A file from The Timeline Project, TimelineJS or TimeMap would not import completely."""
    path = peer(relative)
    readable = len(read_import(path).events)
    store = st.TimelineStore.create(tmp_path / "new.ctl")
    try:
        began = time.perf_counter()
        summary = import_file(store, path)
        elapsed = time.perf_counter() - began
        assert summary.imported + summary.duplicates == readable
        if expected is not None:
            assert summary.imported == expected
        assert summary.imported > 0
        assert _counts(store)["events"] == summary.imported
        assert elapsed < 20
    finally:
        store.close()


def test_timeline_project_categories_keep_their_colours(tmp_path):
    """Categories from a .timeline file would arrive without their colours."""
    path = peer("thetimelineproj/versions.timeline")
    wanted = dict(read_import(path).categories)
    store = st.TimelineStore.create(tmp_path / "new.ctl")
    try:
        import_file(store, path)
        with store.read() as session:
            stored = {c.name: c.color for c in st.list_categories(session)}
        for name, color in wanted.items():
            if color:
                assert stored[name].lower() == color.lower()
    finally:
        store.close()


@pytest.mark.parametrize(
    ("name", "imported", "skipped"),
    [("acled_small.csv", 4, 4), ("our_export.csv", 4, None), ("timelinejs_small.json", None, 5)],
)
def test_own_fixtures_import_with_skipped_rows_listed(name, imported, skipped, tmp_path):
    """Rows that cannot be imported would vanish silently instead of being listed with reasons."""
    result = read_import(FIXTURES / name)
    store = st.TimelineStore.create(tmp_path / "new.ctl")
    try:
        summary = import_file(store, FIXTURES / name)
        assert summary.imported == (imported if imported is not None else len(result.events))
        assert len(summary.skipped) == (skipped if skipped is not None else len(result.skipped))
        assert all(where and reason for where, reason in summary.skipped)
        assert summary.lines()[0].startswith(f"{summary.imported} imported")
    finally:
        store.close()


def test_our_v1_json_document_imports(tmp_path):
    """Our own JSON document (the bundled example's format) would not import."""
    store = st.TimelineStore.create(tmp_path / "new.ctl")
    try:
        assert read_input(ALEPPO_JSON).format == "native-json"
        summary = import_file(store, ALEPPO_JSON)
        assert summary.imported == 8
        assert _counts(store)["categories"] == 4
    finally:
        store.close()


def test_duplicates_are_skipped_kept_or_merged_as_chosen(tmp_path):
    """Importing the same file twice would double every event, or merging would lose sources."""
    path = FIXTURES / "acled_small.csv"
    store = st.TimelineStore.create(tmp_path / "dup.ctl")
    try:
        first = import_file(store, path)
        again = import_file(store, path)
        assert (again.imported, again.duplicates) == (0, first.imported)
        assert _counts(store)["events"] == first.imported
        kept = import_file(store, path, skip_duplicates=False)
        assert kept.imported == first.imported
        assert _counts(store)["events"] == 2 * first.imported
    finally:
        store.close()


def test_merge_adds_the_missing_citations_to_the_existing_event(tmp_path):
    """A second report of a known event would be dropped instead of added as a source."""
    store = a_timeline(tmp_path / "m.ctl", [an_event_draft("Shelling", 5, outlet="SANA")])
    try:
        from timeline_app.io.import_into import ImportInput, store_import
        from timeline_app.io.importers import ImportResult

        twice = an_event_draft("Shelling", 5, outlet="SANA")
        twice.citations += an_event_draft("x", 0, outlet="Reuters").citations
        found = ImportInput(ImportResult(events=[twice]), "test")
        summary = store_import(store, found, merge_duplicates=True)
        assert (summary.imported, summary.duplicates, summary.merged) == (0, 1, 1)
        with store.read() as session:
            (event,) = list(st.iter_events_full(session))
            assert sorted(c.source.outlet for c in event.citations) == ["Reuters", "SANA"]
            assert event.source_count == 2
        again = store_import(store, found, merge_duplicates=True)
        assert again.merged == 0
        assert _counts(store)["citations"] == 2
    finally:
        store.close()


def _closed_bytes(path: Path) -> bytes:
    return path.read_bytes()


def test_a_failure_midway_leaves_the_file_exactly_as_it_was(tmp_path, monkeypatch):
    """A crash during an import would leave half of the events in the analyst's file."""
    target = tmp_path / "safe.ctl"
    a_timeline(target, [an_event_draft("Existing", 1)]).close()
    before = target.read_bytes()
    real = st.bulk_add_events

    def fail_after_adding(session, drafts, **kwargs):
        real(session, drafts, **kwargs)
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(st, "bulk_add_events", fail_after_adding)
    store = st.TimelineStore.open(target)
    with pytest.raises(RuntimeError, match="disk on fire"):
        import_file(store, FIXTURES / "acled_small.csv")
    assert _counts(store)["events"] == 1
    store.close()
    assert target.read_bytes() == before


def test_cancel_leaves_the_file_exactly_as_it_was(tmp_path):
    """Cancelling an import would keep the events stored so far."""
    target = tmp_path / "safe.ctl"
    a_timeline(target, [an_event_draft("Existing", 1)]).close()
    before = target.read_bytes()
    store = st.TimelineStore.open(target)
    seen: list[int] = []

    def cancel_when_storing() -> bool:
        return bool(seen) and seen[-1] >= 500  # reading done, storing started

    with pytest.raises(ImportCancelled):
        import_file(
            store,
            peer("thetimelineproj/versions.timeline"),
            progress=lambda done, total: seen.append(done),
            cancelled=cancel_when_storing,
        )
    assert _counts(store)["events"] == 1
    store.close()
    assert target.read_bytes() == before


@pytest.mark.parametrize(
    ("name", "error", "where"),
    [
        ("broken.timeline", ImportFormatError, "broken.timeline"),
        ("xxe.timeline", ImportFormatError, "xxe.timeline"),
    ],
)
def test_malformed_input_is_refused_clearly_and_changes_nothing(name, error, where, tmp_path):
    """A damaged input file would change the timeline or fail with a vague message."""
    target = tmp_path / "safe.ctl"
    a_timeline(target, [an_event_draft("Existing", 1)]).close()
    before = target.read_bytes()
    store = st.TimelineStore.open(target)
    with pytest.raises(error, match=where):
        import_file(store, FIXTURES / name)
    store.close()
    assert target.read_bytes() == before


def test_a_bad_json_document_names_the_element(tmp_path):
    """A hand-edited JSON document with a bad time would fail without saying where."""
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"format": "conflict-timeline", "version": 2, "events": '
        '[{"title": "x", "start": {"best": "yesterday-ish"}}]}',
        encoding="utf-8",
    )
    store = st.TimelineStore.create(tmp_path / "t.ctl")
    try:
        with pytest.raises(DocumentError, match=r"events\[0\]\.start"):
            import_file(store, bad)
        assert _counts(store)["events"] == 0
    finally:
        store.close()
