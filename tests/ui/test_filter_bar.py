"""The filter bar: narrows table and timeline together, refuses bad times, keeps views."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox, QToolBar

from timeline_app.core import store as st
from timeline_app.core.records import EventFilter
from timeline_app.ui.filter_bar import FilterBar

ALL = 8  # events in the Aleppo example


def attach_filter_bar(window) -> FilterBar:
    """The window's filter bar; placed here the way MainWindow does it until it has one."""
    bar = getattr(window, "filter_bar", None)
    if bar is None:
        bar = FilterBar(window)
        window.addToolBarBreak()
        toolbar = QToolBar("Filter", window)
        toolbar.setObjectName("FilterToolbar")
        toolbar.addWidget(bar)
        window.addToolBar(toolbar)
    if bar._doc is not window.document:
        bar.set_document(window.document)
    return bar


@pytest.fixture
def bar(window) -> FilterBar:
    return attach_filter_bar(window)


def shown(window) -> tuple[int, int]:
    """(rows in the table, events drawn on the canvas)."""
    return window.table.model.rowCount(), window.view.canvas.scene.visible_count


def tick(bar: FilterBar, key: str, name: str) -> None:
    """Tick one entry of a filter menu, as a click on it does."""
    bar.action(key, name).trigger()


def test_category_narrows_table_and_canvas_together(window, bar):
    """Choosing a category would leave the table or the timeline showing every event."""
    assert shown(window) == (ALL, ALL)
    tick(bar, "category", "Military action")
    assert shown(window) == (3, 3)
    assert bar.buttons["category"].text() == "Categories (1)"
    tick(bar, "category", "Statements")
    assert shown(window) == (5, 5)
    bar.clear_button.click()
    assert shown(window) == (ALL, ALL)
    assert window.document.filters.is_empty()


def test_status_disputed(window, bar):
    """Filtering by 'disputed' would miss the event whose sources contradict each other."""
    tick(bar, "status", "disputed")
    assert shown(window) == (1, 1)
    assert window.table.model.row_at(0).title == "Ceasefire broken by pro-Assad forces"


def test_reliability_minimum(window, bar):
    """Asking for well-graded sources only would not hide events cited only by weaker ones."""
    bar.reliability.setCurrentIndex(bar.reliability.findData("B"))
    assert window.document.filters.min_reliability == "B"
    assert shown(window) == (6, 6)
    bar.reliability.setCurrentIndex(bar.reliability.findData("A"))
    assert shown(window) == (0, 0)
    bar.reliability.setCurrentIndex(0)
    assert shown(window) == (ALL, ALL)


def test_time_range_narrows(window, bar, qtbot):
    """A typed date range would not narrow the events, or would lose the analyst's wording."""
    bar.from_edit.setText("14 Dec 2016 06:00")
    bar.to_edit.setText("14 Dec 2016")
    qtbot.keyClick(bar.to_edit, Qt.Key.Key_Return)
    filters = window.document.filters
    assert filters.from_ms is not None and filters.to_ms is not None
    with window.document.store.read() as session:
        expected = st.count_events(session, filters=filters)
    assert 0 < expected < ALL
    assert shown(window) == (expected, expected)
    assert bar.from_edit.text() == "14 Dec 2016 06:00"
    assert bar.message.text() == ""


def test_invalid_time_range_shows_message_and_changes_nothing(window, bar, qtbot):
    """A mistyped date would silently filter wrongly instead of saying what is wrong."""
    tick(bar, "category", "Evacuation")
    before = window.document.filters
    bar.from_edit.setText("yesterday")
    qtbot.keyClick(bar.from_edit, Qt.Key.Key_Return)
    assert "'yesterday' is relative" in bar.message.toolTip()
    assert bar.message.isVisible()
    assert window.document.filters == before
    assert shown(window) == (1, 1)
    bar.from_edit.setText("16 Dec 2016")
    bar.to_edit.setText("13 Dec 2016")
    qtbot.keyClick(bar.to_edit, Qt.Key.Key_Return)
    assert bar.message.text() == "the range ends before it starts"
    assert window.document.filters == before


def test_search_text_and_bar_combine(window, bar, qtbot):
    """The search box and the filter bar would override each other instead of combining."""
    tick(bar, "category", "Statements")
    window.table.search.setText("obstruct")
    qtbot.waitUntil(lambda: window.table.model.rowCount() == 1, timeout=3000)
    assert window.document.filters.category_ids
    tick(bar, "category", "Statements")  # untick: the search stays
    assert window.document.filters.text == "obstruct"
    assert shown(window) == (1, 1)


def test_save_view_reopen_and_load(window, bar, qtbot, monkeypatch, aleppo_file):
    """A saved view would be lost when the file is closed, or would not restore the filter."""
    tick(bar, "category", "Military action")
    tick(bar, "status", "confirmed")
    saved = window.document.filters
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Confirmed fighting", True))
    bar.save_button.click()
    assert bar.views.currentText() == "Confirmed fighting"
    window.close()

    from timeline_app.ui.main_window import MainWindow

    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    assert again.open_file(aleppo_file)
    again_bar = attach_filter_bar(again)
    assert again.document.filters == EventFilter()
    assert shown(again) == (ALL, ALL)
    index = again_bar.views.findText("Confirmed fighting")
    assert index > 0
    again_bar.views.setCurrentIndex(index)
    again_bar.views.activated.emit(index)
    assert again.document.filters == saved
    assert shown(again) == (1, 1)
    assert again_bar.buttons["status"].text() == "Status (1)"

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    again_bar.delete_button.click()
    assert again_bar.views.findText("Confirmed fighting") < 0
    with again.document.store.read() as session:
        assert st.list_views(session) == []
    again.close()


def test_deleted_category_leaves_the_filter(window, bar):
    """Deleting a category that is filtered on would leave an invisible filter hiding events."""
    tick(bar, "category", "Evacuation")
    category_id = next(c.id for c in window.document.categories() if c.name == "Evacuation")
    from timeline_app.ui.manage_commands import DeleteItemCommand

    window.document.push(DeleteItemCommand(window.document, "category", category_id, "x"))
    assert window.document.filters.category_ids is None
    assert bar.buttons["category"].text() == "Categories"
    assert shown(window) == (ALL, ALL)


def test_view_naming_a_deleted_category_hides_nothing_invisibly(window, bar, monkeypatch):
    """A view whose category was deleted would hide every event with no choice shown ticked."""
    from timeline_app.ui.manage_commands import DeleteItemCommand

    tick(bar, "category", "Evacuation")
    tick(bar, "status", "reported")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Evacuation", True))
    bar.save_button.click()
    category_id = next(c.id for c in window.document.categories() if c.name == "Evacuation")
    window.document.push(DeleteItemCommand(window.document, "category", category_id, "x"))
    bar.clear_button.click()
    bar.load_view("Evacuation")
    assert window.document.filters == EventFilter(statuses=frozenset({"reported"}))
    assert shown(window) == (5, 5)
