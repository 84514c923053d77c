"""`Save a copy`: a consistent, complete copy even while the file is being written."""

from __future__ import annotations

import threading

import pytest

from tests.core.conftest import a_rich_event, an_event, neighbours, sqlite_value
from timeline_app.core import store as st


def test_backup_while_another_connection_writes_is_a_valid_timeline(tmp_path):
    """A copy saved during an import could be damaged or miss committed events."""
    path = tmp_path / "live.ctl"
    st.TimelineStore.create(path).close()
    copies = tmp_path / "copies"
    copies.mkdir()
    stop, writing = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def keep_writing() -> None:
        try:
            with st.TimelineStore.open(path) as writer:
                n = 0
                while not stop.is_set():
                    with writer.write() as session:
                        st.add_event(session, a_rich_event(n))
                    n += 1
                    if n == 3:
                        writing.set()
        except BaseException as exc:  # reported below
            errors.append(exc)

    thread = threading.Thread(target=keep_writing)
    with st.TimelineStore.open(path) as store:
        with store.write() as session:
            st.add_event(session, an_event("committed before the copy"))
        thread.start()
        assert writing.wait(10)
        try:
            made = [store.backup_to(copies / f"copy{i}.ctl") for i in range(4)]
        finally:
            stop.set()
            thread.join()
    assert errors == []
    seen = []
    for copy in made:
        assert st.integrity_check(copy) == []
        with st.TimelineStore.open(copy, read_only=True) as c, c.read() as session:
            titles = [r.title for r in st.events_in_window(session, 0, 2**53)]
        assert "committed before the copy" in titles
        seen.append(len(titles))
    assert seen == sorted(seen) and seen[0] >= 4  # the writer was busy meanwhile
    assert {p.name for p in copies.iterdir()} >= {f"copy{i}.ctl" for i in range(4)}
    assert not [p for p in copies.iterdir() if "partial" in p.name], "temp files left"


def test_backup_replaces_an_old_copy_atomically_and_refuses_the_file_itself(store, tmp_path):
    """Saving a copy over the open file would destroy it; over an old copy, leave a mix."""
    dest = tmp_path / "copy.ctl"
    dest.write_text("an old, unrelated file")
    with store.write() as session:
        st.add_event(session, an_event())
    assert store.backup_to(dest) == dest
    assert sqlite_value(dest, "SELECT count(*) FROM events") == 1
    assert sqlite_value(dest, "PRAGMA application_id") == st.APPLICATION_ID
    with pytest.raises(st.StoreError, match="open file itself"):
        store.backup_to(store.path)
    assert neighbours(dest) >= {"copy.ctl", "timeline.ctl"}
    assert not [n for n in neighbours(dest) if n.endswith(".partial")]


def test_read_only_store_can_still_save_a_copy(timeline_file, tmp_path):
    """An analyst viewing evidence read-only could not hand a copy to a colleague."""
    with st.TimelineStore.open(timeline_file, read_only=True) as store:
        copy = store.backup_to(tmp_path / "handover.ctl")
    assert st.integrity_check(copy) == []
    assert sqlite_value(copy, "SELECT count(*) FROM events") == 40
