"""Transactions and connections: all-or-nothing writes, foreign keys, concurrent writers."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlalchemy import text

from tests.core.conftest import a_rich_event, an_event
from timeline_app.core import store as st


def test_an_error_inside_a_write_leaves_nothing_behind(store):
    """A failed import or dialog would leave half an event (and stray sources) in the file."""
    with store.write() as session:
        st.add_event(session, an_event("kept"))
    with pytest.raises(RuntimeError), store.write() as session:
        st.add_event(session, a_rich_event(1))
        raise RuntimeError("user pressed cancel")
    with store.read() as session:
        counts = st.counts(session)
    assert counts["events"] == 1
    assert counts["sources"] == counts["actors"] == counts["categories"] == 0


def test_every_pooled_connection_enforces_foreign_keys(store):
    """Some user actions would silently break links between events and sources."""
    pool_size = store.engine.pool.size()
    connections = [store.engine.connect() for _ in range(pool_size + 3)]
    try:
        for conn in connections:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
            conn.rollback()
    finally:
        for conn in connections:
            conn.close()
    with pytest.raises(Exception, match="FOREIGN KEY"), store.write() as session:
        session.execute(
            text(
                "INSERT INTO citations (event_id, source_id, quote, stance, note)"
                " VALUES (999, 999, '', 'supports', '')"
            )
        )


def test_a_write_takes_the_write_lock_at_once(store):
    """Two windows editing at once would fail with "database is locked" mid-edit."""
    other = sqlite3.connect(store.path, timeout=0, isolation_level=None)
    try:
        with store.write(), pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # free again after commit
        other.execute("ROLLBACK")
        with store.read() as session:
            session.execute(text("SELECT count(*) FROM events")).scalar()
            other.execute("BEGIN IMMEDIATE")  # a reader does not block a writer
            other.execute("ROLLBACK")
    finally:
        other.close()


def test_concurrent_read_then_write_transactions_all_succeed(tmp_path):
    """Two windows adding events at the same time would lose one with SQLITE_BUSY."""
    path = tmp_path / "busy.ctl"
    st.TimelineStore.create(path).close()
    stores = [st.TimelineStore.open(path) for _ in range(2)]
    per_writer = 15
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def writer(s: st.TimelineStore, name: str) -> None:
        try:
            start.wait()
            for i in range(per_writer):
                with s.write() as session:
                    seen = st.counts(session)["events"]  # read first, then write
                    st.add_event(session, an_event(f"{name} {i} after {seen}"))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(s, f"w{n}")) for n, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        with stores[0].read() as session:
            assert st.counts(session)["events"] == 2 * per_writer
    finally:
        for s in stores:
            s.close()


def test_a_read_sees_one_consistent_snapshot(store):
    """A repaint during a save could draw half of the saved change."""
    with store.read() as session:
        assert st.counts(session)["events"] == 0
        with store.write() as other:
            st.add_event(other, an_event("meanwhile"))
        assert st.counts(session)["events"] == 0
    with store.read() as session:
        assert st.counts(session)["events"] == 1
