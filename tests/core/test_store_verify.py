"""Big files open at once and are checked in the background; writes wait for the verdict."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.core.conftest import a_rich_event, an_event, digest
from timeline_app.core import store as st
from timeline_app.core.store_migrate import known_revisions, scripts


def _file_with_events(path: Path, n: int) -> Path:
    with st.TimelineStore.create(path) as s, s.write() as session:
        for i in range(n):
            st.add_event(session, a_rich_event(i))
    return path


def _damage_last_pages(path: Path, count: int = 3) -> None:
    """Invert the last pages (event rows and indexes written last), keep the schema readable."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    pages = len(data) // page
    assert pages > count + 10, "need a file with more pages"
    for i in range((pages - count) * page, pages * page):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def test_small_files_are_checked_before_open_returns(timeline_file):
    with st.TimelineStore.open(timeline_file) as s:
        assert s.verification.state == "passed" and s.verification.done


def test_a_big_sound_file_opens_at_once_and_becomes_writable(timeline_file):
    with st.TimelineStore.open(timeline_file, sync_check_max_bytes=0) as s:
        assert s.verification.wait(10)
        assert s.verification.state == "passed"
        with s.write() as session:
            st.add_event(session, an_event(title="after the check"))


def test_writes_are_refused_while_the_check_runs(timeline_file, monkeypatch, held_file_check):
    """A write during the check could build on damaged pages; it is refused, not lost."""
    release = held_file_check
    monkeypatch.setenv("TIMELINE_SYNC_CHECK_MAX_BYTES", "0")
    with st.TimelineStore.open(timeline_file) as s:
        assert s.verification.state == "checking"
        with s.read() as session:  # reading is fine meanwhile
            assert st.count_events(session) == 40
        refused = pytest.raises(st.FileCheckPendingError, match="still being checked")
        with refused, s.write() as session:
            st.add_event(session, an_event(title="too early"))
        assert isinstance(st.FileCheckPendingError("x"), st.StoreBusyError)
        seen = []
        s.verification.on_done(seen.append)
        release.set()
        assert s.verification.wait(10) and seen == [s.verification]
        with s.write() as session:
            st.add_event(session, an_event(title="in time"))
    with st.TimelineStore.open(timeline_file) as s, s.read() as session:
        assert st.count_events(session) == 41


def test_a_write_can_wait_for_the_check(timeline_file, monkeypatch):
    monkeypatch.setenv("TIMELINE_SYNC_CHECK_MAX_BYTES", "0")
    with st.TimelineStore.open(timeline_file) as s:
        s.check_wait_s = 10.0
        with s.write() as session:
            st.add_event(session, an_event(title="waited"))
        assert s.verification.state == "passed"


def test_a_damaged_big_file_is_found_in_the_background_and_never_written(tmp_path):
    path = _file_with_events(tmp_path / "big.ctl", 300)
    damaged = tmp_path / "damaged.ctl"
    shutil.copyfile(path, damaged)
    _damage_last_pages(damaged)
    with pytest.raises(st.CorruptFileError):  # small-file rule: refused on open
        st.TimelineStore.open(damaged)
    content = digest(damaged)
    with st.TimelineStore.open(damaged, read_only=True, sync_check_max_bytes=0) as s:
        assert s.verification.wait(10)
        assert s.verification.state == "damaged" and s.verification.problem
    with st.TimelineStore.open(damaged, sync_check_max_bytes=0) as s:
        reports = []
        s.verification.on_done(reports.append)
        assert s.verification.wait(10) and reports == [s.verification]
        with pytest.raises(st.CorruptFileError, match="damaged"), s.write() as session:
            st.add_event(session, an_event(title="never written"))
    assert digest(damaged) == content


def test_closing_during_the_check_stops_it(timeline_file):
    s = st.TimelineStore.open(timeline_file, sync_check_max_bytes=0)
    s.close()
    assert s.verification.done


def test_revision_ids_read_without_alembic_agree_with_alembic():
    revisions, head = known_revisions()
    assert head == scripts().get_current_head()
    assert revisions == {r.revision for r in scripts().walk_revisions()}
