"""Two writers on one file: every edit lands; a conflict waits, then retries or says so.

Issue 7, point 3 (BEGIN IMMEDIATE + busy timeout; two processes adding N events give 2N;
a conflict shows a retry, never a lost edit).
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading

import pytest

from tests.core.conftest import an_event
from timeline_app.core import store as st

PER_PROCESS = 40

needs_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs fork() (POSIX)"
)


def _add_events(path: str, name: str, start, results) -> None:
    """Child process: add PER_PROCESS events, each read-then-write in its own transaction."""
    try:
        with st.TimelineStore.open(path) as store:
            start.wait(10)
            for i in range(PER_PROCESS):
                with store.write() as session:
                    seen = st.counts(session)["events"]
                    st.add_event(session, an_event(f"{name} {i} (after {seen})"))
        results.put((name, "ok"))
    except BaseException as exc:
        results.put((name, f"{type(exc).__name__}: {exc}"))


@needs_fork
def test_two_processes_adding_n_events_each_give_2n(tmp_path):
    """Two app instances saving at once would lose edits or fail with SQLITE_BUSY."""
    path = tmp_path / "shared.ctl"
    st.TimelineStore.create(path).close()
    ctx = multiprocessing.get_context("fork")
    start, results = ctx.Barrier(2), ctx.Queue()
    children = [
        ctx.Process(target=_add_events, args=(str(path), name, start, results))
        for name in ("A", "B")
    ]
    for child in children:
        child.start()
    outcome = dict(results.get(timeout=60) for _ in children)
    for child in children:
        child.join(10)
    assert outcome == {"A": "ok", "B": "ok"}
    with st.TimelineStore.open(path, read_only=True) as store, store.read() as session:
        titles = [r.title.split(" (")[0] for r in st.events_in_window(session, 0, 2**53)]
    assert sorted(titles) == sorted(f"{n} {i}" for n in "AB" for i in range(PER_PROCESS))
    assert st.integrity_check(path) == []


def test_a_write_waits_for_the_other_writer_and_then_succeeds(store):
    """A save while another window saves would fail at once instead of waiting its turn."""
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another window in the middle of a save
    done, errors = threading.Event(), []

    def save() -> None:
        try:
            with store.write() as session:
                st.add_event(session, an_event("saved after waiting"))
            done.set()
        except BaseException as exc:  # reported below
            errors.append(exc)

    thread = threading.Thread(target=save)
    thread.start()
    try:
        assert not done.wait(0.3), "wrote while another connection held the write lock"
    finally:
        other.execute("ROLLBACK")
        other.close()
    thread.join(10)
    assert errors == [] and done.is_set()
    with store.read() as session:
        assert st.counts(session)["events"] == 1


def test_a_lock_held_too_long_gives_a_clear_error_and_the_edit_can_be_retried(tmp_path):
    """A stuck writer would crash the app with "database is locked" or lose the edit."""
    path = tmp_path / "busy.ctl"
    st.TimelineStore.create(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    with st.TimelineStore.open(path, busy_timeout_ms=150) as store:
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(st.StoreBusyError) as info, store.write() as session:
                st.add_event(session, an_event("first attempt"))
        finally:
            other.execute("ROLLBACK")
            other.close()
        message = str(info.value)
        assert str(path) in message and "\n" not in message
        assert "busy" in message and "nothing was saved" in message and "try again" in message
        with store.write() as session:  # the retry the message offers
            st.add_event(session, an_event("second attempt"))
        with store.read() as session:
            titles = [r.title for r in st.events_in_window(session, 0, 2**53)]
    assert titles == ["second attempt"]
