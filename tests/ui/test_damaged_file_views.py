"""Views over a damaged file: no exception may escape a Qt virtual (data(), paintEvent()).

A big file opens before its background check has read every page, so the table and the
canvas can read damaged pages while painting. An exception raised there is only printed by
PySide6; pytest-qt turns it into a test failure (its exception capture is on by default, and
these tests must not use `qt_no_exception_capture`), so each test here fails if one escapes.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.core.conftest import digest
from tests.core.test_store_verify import _damage_last_pages, _file_with_events
from tests.ui.helpers import shown
from timeline_app.core import store as st
from timeline_app.ui.event_table import EventTable
from timeline_app.ui.event_table_model import UNREADABLE
from timeline_app.ui.timeline_document import TimelineDocument


@pytest.fixture
def damaged(tmp_path) -> Path:
    """300 events whose last pages (rows and index entries written last) are unreadable."""
    path = _file_with_events(tmp_path / "damaged.ctl", 300)
    _damage_last_pages(path)
    return path


@pytest.fixture
def document(damaged, qtbot):
    """The damaged file open read-only, as after "open anyway": its check runs meanwhile."""
    store = st.TimelineStore.open(damaged, read_only=True, sync_check_max_bytes=0)
    doc = TimelineDocument(store)
    yield doc
    doc.close()


def _show_table(qtbot, document: TimelineDocument) -> EventTable:
    return shown(qtbot, EventTable(), 900, 600, document)


def test_the_table_shows_unreadable_rows_instead_of_raising(document, damaged, qtbot):
    before = digest(damaged)
    table = _show_table(qtbot, document)
    model = table.model
    assert model.rowCount() == 300  # the count is readable; some pages are not
    for row in range(0, model.rowCount(), 20):  # paint every page, as scrolling would
        table.view.scrollTo(model.index(row, 0))
        table.view.viewport().repaint()
    shown = [model.data(model.index(row, 1)) for row in range(model.rowCount())]
    assert UNREADABLE in shown and any(text and text != UNREADABLE for text in shown)
    assert model.data(model.index(shown.index(UNREADABLE), 1), Qt.ItemDataRole.UserRole) is None
    assert model.problem is not None and "damaged" in model.problem
    qtbot.waitUntil(table.problem.isVisible)
    assert "damaged.ctl" in table.problem.text()
    document.store.close()
    assert digest(damaged) == before  # reading a damaged file never writes to it


def test_a_count_that_fails_leaves_the_table_empty_with_the_reason(document, qtbot, monkeypatch):
    def malformed(*_args, **_kwargs):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(st, "count_events", malformed)
    table = _show_table(qtbot, document)
    table.view.viewport().repaint()
    assert table.model.rowCount() == 0
    qtbot.waitUntil(table.problem.isVisible)
    assert "damaged" in table.problem.text()
    assert table.model.position_of(1) is None

    monkeypatch.undo()  # readable again (say, after a reload): the note goes away
    # (Hidden, so no paint reads the damaged pages of this file and brings the note back.)
    table.hide()
    table.model.reload()
    assert table.model.rowCount() == 300 and table.model.problem is None
    qtbot.waitUntil(table.problem.isHidden)


def test_a_zone_that_cannot_be_sampled_falls_back_to_utc(document):
    """The canvas asks for the zone in paintEvent; the sampled id ranges are damaged."""
    assert document.dominant_zone() == "UTC"
