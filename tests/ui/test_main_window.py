"""The main window: docks, menus, selection kept in step, settings, screenshot."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from tests.ui.helpers import event_id_by_title, marker_point

ARTIFACTS = Path(__file__).resolve().parents[2] / "build" / "test-artifacts"


def test_detail_pane_shows_sources_and_the_contradiction(window):
    """Selecting the contested event shows supporting and contradicting sources apart."""
    event_id = event_id_by_title(window.document, "Ceasefire broken by pro-Assad forces")
    window.document.select(event_id)
    texts = window.detail.texts()
    joined = "\n".join(texts)
    assert texts[0] == "Ceasefire broken by pro-Assad forces"
    assert "SUPPORTS (1)" in texts and "CONTRADICTS (2)" in texts
    assert "DISPUTED" in joined
    assert texts.index("SUPPORTS (1)") < texts.index("CONTRADICTS (2)")
    after_contradicts = texts[texts.index("CONTRADICTS (2)") :]
    assert any("Russian military" in t and "[D3]" in t for t in after_contradicts)
    assert any("terrorists was warded off" in t for t in after_contradicts)
    assert 'as written: "Wednesday morning"' in joined
    assert "06:00" in joined and "12:00" in joined


def test_detail_pane_shows_time_as_written_and_normalised(window):
    """The evacuation's start and uncertain end are both shown, as written and as bounds."""
    event_id = event_id_by_title(window.document, "Evacuation of east Aleppo delayed")
    window.document.select(event_id)
    joined = "\n".join(window.detail.texts())
    assert '"5am local time"' in joined and '"possibly until Thursday"' in joined
    assert "05:00" in joined and "Thu 15 Dec 2016" in joined
    assert "Asia/Damascus" in joined


def test_table_selection_scrolls_and_selects_on_canvas(window, qtbot):
    """Choosing an event in the table selects it on the canvas and brings it into view."""
    canvas = window.view.canvas
    canvas.set_viewport(canvas.viewport.panned(-5000))  # far away from every event
    table = window.table
    row = next(
        r
        for r in range(table.model.rowCount())
        if table.model.row_at(r).title == "Evacuation of east Aleppo delayed"
    )
    table.view.selectRow(row)
    event_id = table.model.row_at(row).id
    assert window.document.selected_id == event_id
    mark = next(m for m in canvas.scene.markers if m.event_id == event_id)
    assert mark.selected
    assert canvas.scene.time_left <= mark.x <= canvas.scene.time_right


def test_canvas_selection_selects_the_table_row(window, qtbot):
    """Clicking an event on the canvas highlights its row in the table."""
    canvas = window.view.canvas
    event_id = event_id_by_title(window.document, "Shelling of eastern Aleppo resumes")
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=marker_point(canvas, event_id))
    assert window.table.selected_id() == event_id


def test_search_box_filters_table_and_canvas(window, qtbot):
    """Typing in the search box narrows both the table and the timeline."""
    window.table.search.setText("obstruct")
    qtbot.waitUntil(lambda: window.table.model.rowCount() == 1, timeout=3000)
    assert window.view.canvas.scene.visible_count == 1
    assert window._count_label.text() == "1 of 8 events · 1 in view"
    window.table.search.clear()
    qtbot.waitUntil(lambda: window.table.model.rowCount() == 8, timeout=3000)


def test_table_sorts_by_column(window):
    """Sorting the table by title orders the rows alphabetically."""
    window.table.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    titles = [window.table.model.row_at(r).title for r in range(window.table.model.rowCount())]
    assert titles == sorted(titles)
    window.table.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    starts = [window.table.model.row_at(r).start_ms for r in range(window.table.model.rowCount())]
    assert starts == sorted(starts, reverse=True)


def test_status_bar_shows_range_and_count(window):
    """The status bar names the visible time range and how many events are shown."""
    window.view.canvas.fit_all()
    _ = window.view.canvas.scene
    assert "Visible:" in window._range_label.text() and "2016" in window._range_label.text()
    assert window._count_label.text() == "8 of 8 events · 8 in view"


def test_docks_can_be_hidden_and_restored(window):
    """The table and sources docks can be closed and brought back from the View menu."""
    window.detail_dock.toggleViewAction().trigger()
    assert not window.detail_dock.isVisible()
    window.reset_layout()
    assert window.detail_dock.isVisible() and window.table_dock.isVisible()


def test_settings_persist_between_sessions(qtbot, aleppo_file):
    """Lane mode and recent files survive closing and reopening the window."""
    from timeline_app.ui.main_window import MainWindow

    first = MainWindow()
    qtbot.addWidget(first)
    first.open_file(aleppo_file)
    first.set_lane_mode("actor")
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    assert second.view.canvas.lane_mode == "actor"
    assert second.recent_files()[0] == str(aleppo_file)
    assert second.recent_menu.actions()[0].toolTip() == str(aleppo_file)
    second.close()


def test_opening_a_foreign_file_keeps_the_current_one(window, tmp_path, monkeypatch):
    """A file that is not a timeline gives an error and the open timeline stays."""
    shown = []
    monkeypatch.setattr(
        "timeline_app.ui.main_window.show_message", lambda *args, **kwargs: shown.append(args[2])
    )
    bogus = tmp_path / "bogus.ctl"
    bogus.write_bytes(b"\x89PNG not a timeline")
    before = window.document
    assert not window.open_file(bogus)
    assert window.document is before
    assert shown and "bogus.ctl" in shown[0]
    assert bogus.read_bytes() == b"\x89PNG not a timeline"


def test_screenshot_shows_events_in_their_lane_colours(window, qtbot):
    """A screenshot of the window shows each event's marker in its category colour."""
    window.document.select(
        event_id_by_title(window.document, "Ceasefire broken by pro-Assad forces")
    )
    qtbot.wait(50)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = window.grab()
    assert shot.save(str(ARTIFACTS / "main-window.png"))
    image = shot.toImage()
    canvas = window.view.canvas
    offset = canvas.mapTo(window, QPoint(0, 0))
    colours = {c.id: QColor(c.color) for c in window.document.categories()}
    ratio = image.devicePixelRatio()
    checked = 0
    for mark in canvas.scene.markers:
        if mark.kind != "point" or mark.unsourced:
            continue
        x = int((mark.x + offset.x()) * ratio)
        y = int((mark.y + offset.y()) * ratio)
        want = colours[mark.lane_key]
        near = [image.pixelColor(x + dx, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
        assert any(_close(c, want) for c in near), (mark, want.name(), [c.name() for c in near])
        checked += 1
    assert checked >= 5


def _close(a: QColor, b: QColor, tolerance: int = 60) -> bool:
    return (
        abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) <= tolerance
    )


def test_damage_found_by_the_background_check_is_reported(window, qtbot, tmp_path, monkeypatch):
    """A big file opens at once; when its check finds damage the user is told."""
    from tests.core.test_store_verify import _damage_last_pages, _file_with_events

    shown = []
    monkeypatch.setattr(
        "timeline_app.ui.main_window.show_message", lambda *args, **kwargs: shown.append(args[2])
    )
    path = _file_with_events(tmp_path / "big.ctl", 300)
    _damage_last_pages(path)
    monkeypatch.setenv("TIMELINE_SYNC_CHECK_MAX_BYTES", "0")  # "big": checked in the background
    assert window.open_file(path)
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "damage" in shown[0] and "big.ctl" in shown[0]
    assert window.document.store.verification.state == "damaged"
