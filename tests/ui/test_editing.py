"""Adding, editing, moving and deleting events by hand, with undo, through the real dialogs."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

from tests.ui.helpers import event_id_by_title, marker_point
from timeline_app.core import store as st
from timeline_app.ui import editing
from timeline_app.ui.citation_editor import CitationEditor
from timeline_app.ui.event_editor import EventEditor

EVACUATION_QUOTE = (
    "An evacuation due to begin at 5am local time was also delayed, possibly "
    "until Thursday, over the ceasefire breaches."
)


def ok_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def fill_citation(qtbot, dialog: CitationEditor) -> None:
    qtbot.keyClicks(dialog.url, "https://www.middleeasteye.net/news/aleppo")
    assert dialog.outlet.text() == "middleeasteye.net"  # pre-filled from the pasted link
    dialog.outlet.setText("Middle East Eye")
    qtbot.keyClicks(dialog.source_title, "Aleppo ceasefire broken by pro-Assad forces: Sources")
    qtbot.keyClicks(dialog.published, "14 December 2016")
    dialog.reliability.setCurrentIndex(dialog.reliability.findData("B"))
    dialog.quote.setPlainText(EVACUATION_QUOTE)
    dialog.credibility.setCurrentIndex(dialog.credibility.findData(2))


def fill_event(qtbot, dialog: EventEditor) -> None:
    qtbot.keyClicks(dialog.title_edit, "Evacuation of east Aleppo delayed")
    dialog.zone.setCurrentText("Asia/Damascus")
    qtbot.keyClicks(dialog.reference, "2016-12-14")
    qtbot.keyClicks(dialog.start, "5am local time")
    qtbot.keyClicks(dialog.end, "possibly until Thursday")
    dialog.category.setCurrentText("Evacuation")
    assert "05:00" in dialog.rows["start"].preview.text()
    assert "Thu 15 Dec 2016" in dialog.rows["end"].preview.text()


def drive(monkeypatch, qtbot, fillers: dict) -> None:
    """Replace exec() of the dialogs by filling them like a user and pressing OK."""

    def fake_exec(dialog):
        fillers[type(dialog)](qtbot, dialog)
        assert ok_button(dialog).isEnabled(), [r.error.text() for r in dialog.rows.values()]
        ok_button(dialog).click()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QDialog, "exec", fake_exec)


def add_source_then_fill(qtbot, dialog: EventEditor) -> None:
    fill_event(qtbot, dialog)
    dialog.add_citation()
    assert dialog.citation_list.count() == 1


def titles(path) -> list[str]:
    store = st.TimelineStore.open(path, read_only=True)
    try:
        with store.read() as session:
            return [r.title for r in st.events_in_window(session, -(2**62), 2**62)]
    finally:
        store.close()


def test_add_event_with_source_undo_redo_and_reopen(window_empty, qtbot, monkeypatch):
    """An analyst enters the delayed evacuation with its quote; undo/redo work; it is on disk."""
    window, path = window_empty
    drive(monkeypatch, qtbot, {EventEditor: add_source_then_fill, CitationEditor: fill_citation})
    event_id = editing.new_event(window)
    assert event_id is not None
    assert titles(path) == ["Evacuation of east Aleppo delayed"]
    detail = window.document.detail(event_id)
    assert detail.start.tz == "Asia/Damascus" and detail.end is not None
    assert detail.start.text == "5am local time"
    assert detail.citations[0].quote == EVACUATION_QUOTE
    assert detail.citations[0].grade == "B2"
    window.document.undo_stack.undo()
    assert titles(path) == []
    window.document.undo_stack.redo()
    assert titles(path) == ["Evacuation of east Aleppo delayed"]
    window.close()
    assert titles(path) == ["Evacuation of east Aleppo delayed"]


def test_edit_event_changes_it_and_undo_restores(window, qtbot, monkeypatch):
    """Editing the title is saved at once and undone with Ctrl+Z."""
    event_id = event_id_by_title(window.document, "Shelling of eastern Aleppo resumes")

    def retitle(qtbot, dialog):
        dialog.title_edit.setText("Artillery shelling resumes")
        assert dialog.start.text() == "Wednesday morning"

    drive(monkeypatch, qtbot, {EventEditor: retitle})
    assert editing.edit_event(window, event_id)
    assert window.document.detail(event_id).title == "Artillery shelling resumes"
    window.act_undo.trigger()
    assert window.document.detail(event_id).title == "Shelling of eastern Aleppo resumes"
    window.act_redo.trigger()
    assert window.document.detail(event_id).title == "Artillery shelling resumes"


def test_delete_asks_and_undo_brings_back_event_and_sources(window, monkeypatch):
    """Deleting an event that alone cites a source asks first; undo restores everything."""
    event_id = event_id_by_title(
        window.document,
        "Turkey accuses Syrian government and 'others' of obstructing the evacuation deal",
    )
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes,
    )
    with window.document.store.read() as session:
        before = st.counts(session)
    assert editing.delete_event(window, event_id)
    assert "1 source(s) are cited by no other event" in asked[0]
    with window.document.store.read() as session:
        after = st.counts(session)
    assert after["events"] == before["events"] - 1 and after["sources"] == before["sources"] - 1
    window.document.undo_stack.undo()
    detail = window.document.detail(event_id)
    assert detail is not None and detail.citations[0].outlet == "Government of Turkey"
    with window.document.store.read() as session:
        assert st.counts(session) == before


def test_delete_declined_changes_nothing(window, monkeypatch):
    """Answering No to the confirmation keeps the event."""
    event_id = event_id_by_title(window.document, "Shelling of eastern Aleppo resumes")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert not editing.delete_event(window, event_id)
    assert window.document.detail(event_id) is not None


def test_drag_moves_event_in_time_and_undo_moves_it_back(window, qtbot):
    """Dragging an event moves it by whole tick units; undo puts it back."""
    canvas = window.view.canvas
    event_id = event_id_by_title(
        window.document, "Russian military blames rebels: 'attack by the terrorists was warded off'"
    )
    before = window.document.detail(event_id).start
    start = marker_point(canvas, event_id)
    end = QPoint(start.x() + 150, start.y())
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 16):
        qtbot.mouseMove(canvas, QPoint(start.x() + 10 * step, start.y()))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)
    after = window.document.detail(event_id).start
    shift = after.best_ms - before.best_ms
    expected = 150 * canvas.viewport.ms_per_px
    assert shift > 0 and abs(shift - expected) <= expected * 0.6
    assert shift % 3_600_000 == 0  # snapped to the hour ticks of this zoom
    assert after.latest_ms - after.earliest_ms == before.latest_ms - before.earliest_ms
    window.document.undo_stack.undo()
    assert window.document.detail(event_id).start.best_ms == before.best_ms


def test_drag_to_another_lane_changes_category(window, qtbot):
    """Dropping an event on another category's lane moves it there (undoable)."""
    canvas = window.view.canvas
    event_id = event_id_by_title(window.document, "Shelling of eastern Aleppo resumes")
    start = marker_point(canvas, event_id)
    target = next(lane for lane in canvas.scene.lanes if lane.title == "Statements")
    end = QPoint(start.x(), int(target.y0 + 10))
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, QPoint(start.x(), start.y() + 20))
    qtbot.mouseMove(canvas, end)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)
    assert window.document.detail(event_id).category == "Statements"
    window.document.undo_stack.undo()
    assert window.document.detail(event_id).category == "Military action"
