"""A second window on the same file is detected and never writes (issue 7, point 4)."""

from __future__ import annotations

import multiprocessing
import os
import shutil

import pytest

from tests.core.conftest import an_event, digest, flip_middle_pages, neighbours
from timeline_app.core import file_lock
from timeline_app.core import store as st
from timeline_app.core.file_lock import acquire_edit_lock, lock_path


def test_a_second_lock_on_the_same_file_is_refused_and_names_the_holder(tmp_path):
    """Two windows could edit one file, each overwriting what the other shows."""
    path = tmp_path / "aleppo.ctl"
    path.touch()
    first = acquire_edit_lock(path)
    assert first.held and lock_path(path).exists()
    with pytest.raises(st.FileInUseError) as info:
        acquire_edit_lock(path)  # same process, another window: refused as well
    message = str(info.value)
    assert "aleppo.ctl" in message and "read-only" in message and "\n" not in message
    assert f"process {os.getpid()}" in message
    first.release()
    assert not lock_path(path).exists(), "the lock file must go with the lock"
    with acquire_edit_lock(path) as again:
        assert again.held
    assert neighbours(path) == {"aleppo.ctl"}


def test_the_second_window_opens_read_only_and_cannot_write(timeline_file):
    """The second window would write behind the first one's back."""
    with st.TimelineStore.open(timeline_file, edit_lock=True) as first:
        assert first.edit_locked
        with pytest.raises(st.FileInUseError):
            st.TimelineStore.open(timeline_file, edit_lock=True)
        with st.TimelineStore.open(timeline_file, read_only=True, edit_lock=True) as second:
            assert second.read_only and not second.edit_locked
            with pytest.raises(st.ReadOnlyError), second.write():
                pass
            with first.write() as session:
                st.add_event(session, an_event("written by the first window"))
            with second.read() as session:  # sees the first window's edits
                assert st.counts(session)["events"] == 41
    assert not lock_path(timeline_file).exists()
    with st.TimelineStore.open(timeline_file, edit_lock=True) as later:
        assert later.edit_locked  # free again once the first window closed


def _hold_lock(path: str, ready) -> None:
    lock = acquire_edit_lock(path)
    ready.send("locked")
    ready.recv()  # wait to be killed
    lock.release()


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs fork() (POSIX)"
)
def test_another_process_holds_the_lock_until_it_is_killed(tmp_path):
    """A second app instance would not be noticed; a crashed one would lock the file forever."""
    path = tmp_path / "t.ctl"
    st.TimelineStore.create(path).close()
    ctx = multiprocessing.get_context("fork")
    parent_end, child_end = ctx.Pipe()
    child = ctx.Process(target=_hold_lock, args=(str(path), child_end), daemon=True)
    child.start()
    try:
        assert parent_end.poll(10) and parent_end.recv() == "locked"
        with pytest.raises(st.FileInUseError, match=f"process {child.pid}"):
            st.TimelineStore.open(path, edit_lock=True)
    finally:
        child.kill()
        child.join(10)
    assert lock_path(path).exists()  # left behind by the killed process, but not held
    with st.TimelineStore.open(path, edit_lock=True) as store:
        assert store.edit_locked


def test_no_lock_file_possible_means_read_only(tmp_path, monkeypatch):
    """A file on a read-only share would be opened for editing without any protection."""
    path = tmp_path / "t.ctl"
    st.TimelineStore.create(path).close()

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(file_lock.os, "open", refuse)
    with pytest.raises(st.LockUnavailableError, match="read-only"):
        st.TimelineStore.open(path, edit_lock=True)
    monkeypatch.undo()
    with st.TimelineStore.open(path, read_only=True, edit_lock=True) as store:
        assert store.read_only


def test_a_refused_open_releases_the_lock(timeline_file):
    """A damaged file would stay locked after the error, blocking its backup and repair."""
    damaged = timeline_file.with_name("damaged.ctl")
    shutil.copyfile(timeline_file, damaged)
    flip_middle_pages(damaged)
    content = digest(damaged)
    with pytest.raises(st.CorruptFileError):
        st.TimelineStore.open(damaged, edit_lock=True)
    assert not lock_path(damaged).exists()
    assert digest(damaged) == content
    acquire_edit_lock(damaged).release()
