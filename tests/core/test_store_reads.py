"""guarded_read: a damaged file raises the store's CorruptFileError, a bad query its own error.

The table and the canvas read through it from inside Qt's paint and model calls, where
only StoreError is caught, so what it translates (and what it must not) is pinned here.
"""

from __future__ import annotations

import sqlite3

import pytest

from tests.core.conftest import digest
from tests.core.test_store_verify import _damage_last_pages, _file_with_events
from timeline_app.core import store as st
from timeline_app.core.store_reads import guarded_read


def test_reading_damaged_pages_raises_corrupt_file_error_and_writes_nothing(tmp_path):
    path = _file_with_events(tmp_path / "damaged.ctl", 300)
    _damage_last_pages(path)
    before = digest(path)
    with st.TimelineStore.open(path, read_only=True, sync_check_max_bytes=0) as store:
        with pytest.raises(st.CorruptFileError, match=r"damaged\.ctl is damaged \(database"):
            for offset in range(0, 300, 50):
                with guarded_read(store) as session:
                    st.event_page(session, offset=offset, limit=50)
        with guarded_read(store) as session:  # the store stays usable for readable pages
            assert len(st.event_page(session, limit=10)) == 10
    assert digest(path) == before


def test_unreadable_file_errors_become_store_errors(timeline_file):
    unreadable = pytest.raises(st.StoreError, match="cannot be read \\(disk I/O error\\)")
    with st.TimelineStore.open(timeline_file) as store, unreadable, guarded_read(store):
        raise sqlite3.OperationalError("disk I/O error")


@pytest.mark.parametrize(
    "sql", ["SELECT * FROM no_such_table", "SELEKT 1", "INSERT INTO events (id) VALUES (NULL)"]
)
def test_bugs_in_queries_are_not_hidden_as_damage(timeline_file, sql):
    """SQLite calls a bad query an OperationalError too; it must still reach the developer."""
    with (
        st.TimelineStore.open(timeline_file) as store,
        pytest.raises(Exception) as raised,
        guarded_read(store) as session,
    ):
        session.connection().exec_driver_sql(sql)
    assert not isinstance(raised.value, st.StoreError)


def test_store_errors_pass_through_unchanged(timeline_file):
    store = st.TimelineStore.open(timeline_file)
    store.close()
    with pytest.raises(st.StoreError, match="is closed"), guarded_read(store):
        pass
