"""Backups, restore, damaged files (issue 7, points 5, 6 and the checks before point 8)."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from tests.core.conftest import a_rich_event, digest, flip_middle_pages, neighbours, sqlite_value
from tests.core.test_migrations import populated_file
from timeline_app.core import store as st
from timeline_app.core.recovery import backups_of, damaged_message, newest_backup, restore_copy
from timeline_app.core.store_migrate import backup_path


def _named_backup(source: Path, name: str) -> Path:
    """A backup as the upgrade would make it (backup API copy), under a chosen name."""
    with st.TimelineStore.open(source, read_only=True) as s:
        return s.backup_to(source.with_name(name))


def test_a_damaged_file_is_refused_and_its_newest_backup_offered(timeline_file):
    """The user would be left with a dead file and no idea that a backup exists."""
    older = _named_backup(timeline_file, "aleppo.backup-0001-20240101-090000.ctl")
    newest = _named_backup(timeline_file, "aleppo.backup-0001-20241125-142501.ctl")
    same_second = _named_backup(timeline_file, "aleppo.backup-0001-20241125-142501-2.ctl")
    (timeline_file.parent / "aleppo.backup-notes.ctl").write_text("not a backup")
    (timeline_file.parent / "other.backup-0001-20251231-000000.ctl").write_text("other file")
    flip_middle_pages(timeline_file)
    content, before = digest(timeline_file), neighbours(timeline_file)
    with pytest.raises(st.CorruptFileError, match="damaged"):
        st.TimelineStore.open(timeline_file, edit_lock=True)
    assert backups_of(timeline_file) == [same_second, newest, older]
    assert newest_backup(timeline_file) == same_second
    message = damaged_message(timeline_file, newest_backup(timeline_file))
    assert "aleppo.ctl is damaged" in message and same_second.name in message
    assert "not be written" in message
    assert digest(timeline_file) == content and neighbours(timeline_file) == before


def test_a_damaged_backup_is_skipped_and_no_backup_is_said_plainly(timeline_file, tmp_path):
    """The app would offer a backup that is itself broken, or invent one that is not there."""
    good = _named_backup(timeline_file, "aleppo.backup-0001-20240101-090000.ctl")
    bad = _named_backup(timeline_file, "aleppo.backup-0002-20250101-090000.ctl")
    flip_middle_pages(bad)
    assert newest_backup(timeline_file) == good
    lonely = tmp_path / "lonely.ctl"
    shutil.copyfile(timeline_file, lonely)
    assert newest_backup(lonely) is None
    assert "No backup" in damaged_message(lonely, None)


def test_restoring_a_backup_gives_an_editable_copy_and_keeps_the_backup(timeline_file):
    """Opening the backup for editing would change the last good copy of the evidence."""
    backup = _named_backup(timeline_file, "aleppo.backup-0002-20241125-142501.ctl")
    flip_middle_pages(timeline_file)
    kept = digest(backup)
    restored = restore_copy(newest_backup(timeline_file))
    assert restored.name.startswith("aleppo.restored-") and restored.suffix == ".ctl"
    with st.TimelineStore.open(restored, edit_lock=True) as store:
        with store.write() as session:
            st.add_event(session, a_rich_event(99))
        with store.read() as session:
            assert st.counts(session)["events"] == 41
    assert digest(backup) == kept
    assert st.integrity_check(restored) == []


def test_a_backup_taken_while_writing_restores_completely(tmp_path):
    """A copy made during an import could be missing committed events or be unreadable."""
    path = tmp_path / "live.ctl"
    st.TimelineStore.create(path).close()
    stop, committed, started = threading.Event(), [], threading.Event()

    def keep_writing() -> None:
        with st.TimelineStore.open(path) as writer:
            while not stop.is_set():
                with writer.write() as session:
                    st.add_event(session, a_rich_event(len(committed)))
                committed.append(len(committed))
                started.set()

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        assert started.wait(10)
        with st.TimelineStore.open(path) as store:
            before = len(committed)
            backup = store.backup_to(backup_path(path, st.head_revision()))
            after = len(committed)
    finally:
        stop.set()
        thread.join()
    assert Path(f"{path}-wal").exists() is False  # the writer closed and checkpointed
    copied = sqlite_value(backup, "SELECT count(*) FROM events")
    assert before <= copied <= after + 1
    restored = restore_copy(backup, tmp_path / "restored.ctl")
    with st.TimelineStore.open(restored) as s, s.read() as session:
        titles = sorted(r.title for r in st.events_in_window(session, 0, 2**53))
    assert titles == sorted(f"Shelling of district {n}" for n in range(copied))
    assert st.integrity_check(restored) == []
    with pytest.raises(st.StoreError, match="already exists"):
        restore_copy(backup, restored)


def test_an_old_file_with_broken_references_is_not_upgraded(tmp_path):
    """An upgrade of a damaged file would bake the damage in, with no clean backup."""
    path = populated_file(tmp_path / "old.ctl", "0001", events=3)
    conn = sqlite3.connect(path)  # damage quick_check cannot see: a dangling reference
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM sources WHERE id = (SELECT min(source_id) FROM citations)")
    conn.commit()
    conn.close()
    content = digest(path)
    with pytest.raises(st.CorruptFileError, match="not upgraded"):
        st.TimelineStore.open(path)
    assert digest(path) == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.ctl"], "no backup, no -wal"


def test_the_package_never_deletes_or_moves_sqlite_side_files():
    """Deleting a -wal file throws away committed edits that are not yet in the main file."""
    import re

    import timeline_app

    root = Path(timeline_app.__file__).parent
    side_file = re.compile(r"-(wal|journal|shm)\b")
    destructive = re.compile(r"\b(unlink|remove|rename|replace|rmtree|move|truncate)\(")
    offenders = [
        f"{py.relative_to(root)}:{number}: {line.strip()}"
        for py in root.rglob("*.py")
        for number, line in enumerate(py.read_text(encoding="utf-8").splitlines(), 1)
        if side_file.search(line) and destructive.search(line)
    ]
    assert offenders == []
    assert side_file.search('Path(f"{path}-wal").unlink()')  # the check itself works
    assert destructive.search('Path(f"{path}-wal").unlink()')
