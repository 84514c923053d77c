"""Timeline files: create, open, reopen, refuse what is not ours, never damage anything."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.core.conftest import an_event, digest, flip_middle_pages, neighbours, sqlite_value
from timeline_app import __version__
from timeline_app.core import store as st

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + bytes(200)


def test_created_file_is_stamped_as_ours_and_at_head(tmp_path):
    """Other tools and later versions could not recognise our files."""
    path = tmp_path / "new.ctl"
    with st.TimelineStore.create(path) as s:
        assert s.schema_version() == st.head_revision()
        assert s.path == path and not s.read_only
    assert sqlite_value(path, "PRAGMA application_id") == st.APPLICATION_ID
    assert sqlite_value(path, "SELECT value FROM meta WHERE key='app'") == (
        f"Conflict Timeline {__version__}"
    )
    assert sqlite_value(path, "SELECT value FROM meta WHERE key='schema_version'") == (
        st.head_revision()
    )
    assert int(sqlite_value(path, "SELECT value FROM meta WHERE key='created_ms'")) > 0
    assert path.read_bytes()[18:20] == b"\x02\x02", "the file must be in WAL mode"
    assert neighbours(path) == {"new.ctl"}, "no temporary or -wal file may be left behind"


def test_create_refuses_an_existing_file_unless_asked(tmp_path):
    """Choosing a wrong name in "New timeline" would wipe out somebody's work."""
    path = tmp_path / "precious.ctl"
    path.write_text("my notes")
    with pytest.raises(st.StoreError, match="already exists"):
        st.TimelineStore.create(path)
    assert path.read_text() == "my notes"
    st.TimelineStore.create(path, overwrite=True).close()
    assert sqlite_value(path, "PRAGMA application_id") == st.APPLICATION_ID


def test_create_in_a_missing_folder_says_so(tmp_path):
    """The user would get a traceback instead of "no such folder"."""
    with pytest.raises(st.MissingFileError, match="no such folder"):
        st.TimelineStore.create(tmp_path / "nowhere" / "t.ctl")


def test_an_edit_is_still_there_after_reopening(tmp_path):
    """Work would be lost between sessions."""
    path = tmp_path / "t.ctl"
    with st.TimelineStore.create(path) as s, s.write() as session:
        event_id = st.add_event(session, an_event("Convoy attacked"))
    with st.TimelineStore.open(path) as s, s.write() as session:
        st.update_event(session, event_id, an_event("Convoy attacked near Ramouseh"))
    assert neighbours(path) == {"t.ctl"}, "closing must fold the -wal back into the file"
    with st.TimelineStore.open(path, read_only=True) as s, s.read() as session:
        assert st.get_event(session, event_id).title == "Convoy attacked near Ramouseh"
        assert st.counts(session)["events"] == 1


def test_a_file_opened_twice_shares_its_changes(tmp_path):
    """Two windows on one file would show different, diverging data."""
    path = tmp_path / "t.ctl"
    st.TimelineStore.create(path).close()
    with st.TimelineStore.open(path) as one, st.TimelineStore.open(path) as two:
        with one.write() as session:
            st.add_event(session, an_event("seen by both"))
        with two.read() as session:
            assert [r.title for r in st.events_in_window(session, 0, 2**53)] == ["seen by both"]
        with two.write() as session:
            st.add_event(session, an_event("written by two"))
        with one.read() as session:
            assert st.counts(session)["events"] == 2


def test_missing_file_is_reported_as_such(tmp_path):
    """A typo in a path would be reported as a damaged file (or create a new one)."""
    path = tmp_path / "typo.ctl"
    with pytest.raises(st.MissingFileError, match="no such file") as info:
        st.TimelineStore.open(path)
    assert isinstance(info.value, FileNotFoundError)
    assert not path.exists()


def _foreign_sqlite(path: Path, *, wal: bool) -> None:
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.executemany("INSERT INTO notes (body) VALUES (?)", [(f"note {i}",) for i in range(50)])
    conn.commit()
    conn.close()


@pytest.mark.parametrize("kind", ["text", "png", "empty", "sqlite", "sqlite-wal", "folder"])
def test_files_that_are_not_ours_are_refused_and_untouched(tmp_path, kind):
    """Opening the wrong file could modify or lock someone else's data."""
    path = tmp_path / f"other.{kind}"
    if kind == "text":
        path.write_text("date,event\n2016-12-13,strike\n")
    elif kind == "png":
        path.write_bytes(PNG)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "folder":
        path.mkdir()
    else:
        _foreign_sqlite(path, wal=kind == "sqlite-wal")
    before = neighbours(path)
    content = None if kind == "folder" else digest(path)
    with pytest.raises(st.NotATimelineError) as info:
        st.TimelineStore.open(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)
    with pytest.raises(st.NotATimelineError):
        st.integrity_check(path)
    assert neighbours(path) == before, "no -wal/-shm/journal file may appear"
    if content is not None:
        assert digest(path) == content


def test_sqlite_with_our_stamp_but_no_tables_is_not_a_timeline(tmp_path):
    """A half-made or forged file would crash the app instead of being refused."""
    path = tmp_path / "stamped.ctl"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {st.APPLICATION_ID}")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    content, before = digest(path), neighbours(path)
    with pytest.raises(st.NotATimelineError, match="not a Conflict Timeline file"):
        st.TimelineStore.open(path)
    assert digest(path) == content and neighbours(path) == before


def test_a_damaged_file_is_refused_and_left_exactly_as_it_was(timeline_file):
    """A damaged file could be made worse, losing what a recovery tool might still save."""
    damaged = timeline_file.with_name("damaged.ctl")
    shutil.copyfile(timeline_file, damaged)  # a closed file: nothing is left in a -wal
    flip_middle_pages(damaged)
    content, before = digest(damaged), neighbours(damaged)
    with pytest.raises(st.CorruptFileError, match="damaged") as info:
        st.TimelineStore.open(damaged)
    assert "\n" not in str(info.value)
    problems = st.integrity_check(damaged)
    assert problems
    assert digest(damaged) == content and neighbours(damaged) == before


def test_a_file_from_a_newer_app_is_refused_untouched(timeline_file):
    """An old app could corrupt a file whose format it does not know."""
    conn = sqlite3.connect(timeline_file)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.execute("UPDATE meta SET value = 'Conflict Timeline 9.0' WHERE key = 'app'")
    conn.commit()
    conn.close()
    content, before = digest(timeline_file), neighbours(timeline_file)
    with pytest.raises(st.NewerSchemaError, match=r"Conflict Timeline 9\.0"):
        st.TimelineStore.open(timeline_file)
    assert digest(timeline_file) == content and neighbours(timeline_file) == before


def test_read_only_refuses_writes_and_changes_nothing(timeline_file):
    """ "Open read-only" would silently modify evidence files."""
    content = digest(timeline_file)
    with st.TimelineStore.open(timeline_file, read_only=True) as s:
        assert s.read_only
        with pytest.raises(st.ReadOnlyError, match="read-only"), s.write():
            pass
        with s.read() as session, pytest.raises(Exception, match="readonly"):
            st.add_event(session, an_event("sneaky"))
        with s.read() as session:
            assert st.counts(session)["events"] == 40
    assert digest(timeline_file) == content


def test_a_closed_store_says_so(store):
    """Using a closed file would raise a confusing SQLAlchemy error."""
    store.close()
    with pytest.raises(st.StoreError, match="closed"), store.read():
        pass


def test_integrity_check_passes_a_sound_file_and_finds_stale_columns(timeline_file):
    """`timeline-app check` would miss events drawn in the wrong place."""
    assert st.integrity_check(timeline_file) == []
    conn = sqlite3.connect(timeline_file)
    conn.execute("UPDATE events SET hi_ms = hi_ms + 1 WHERE id = 3")
    conn.execute("UPDATE events SET source_count = 7 WHERE id = 4")
    conn.commit()
    conn.close()
    problems = st.integrity_check(timeline_file)
    assert any("time extent" in p for p in problems)
    assert any("number of sources" in p for p in problems)
