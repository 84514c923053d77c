"""The timeline canvas as an analyst uses it: zoom, pan, fit, select, hover."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import event_id_by_title, marker_point

HEADLINES = (
    "Ceasefire agreement announced for east Aleppo",
    "Shelling of eastern Aleppo resumes",
    "Evacuation of east Aleppo delayed",
)


def wheel(widget, pos: QPointF, steps: int, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    event = QWheelEvent(
        pos,
        widget.mapToGlobal(pos),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def time_under(canvas, x: float) -> float:
    return canvas.viewport.ms_at(x - canvas.layout_style.header_width)


def test_wheel_zoom_keeps_the_time_under_the_cursor(window):
    """Zooming with the wheel narrows the view around the pointer, not around the centre."""
    canvas = window.view.canvas
    pos = QPointF(canvas.layout_style.header_width + 200, 150)
    before_time = time_under(canvas, pos.x())
    before_span = canvas.viewport.span_ms
    wheel(canvas, pos, 2)
    assert canvas.viewport.span_ms < before_span * 0.7
    assert abs(time_under(canvas, pos.x()) - before_time) <= canvas.viewport.ms_per_px
    wheel(canvas, pos, -2)
    assert abs(canvas.viewport.span_ms - before_span) < before_span * 0.01


def test_fit_all_shows_every_event(window):
    """Home brings every event of the file into view."""
    canvas = window.view.canvas
    canvas.zoom_by(50)
    canvas.setFocus()
    from pytestqt.qtbot import QtBot  # noqa: F401 - keep qtbot import local to the test module

    QApplication.sendEvent(canvas, _key(Qt.Key.Key_Home))
    scene = canvas.scene
    drawn = {m.event_id for m in scene.markers}
    assert scene.visible_count == 8
    assert len(drawn) == 8
    for mark in scene.markers:
        assert scene.time_left <= mark.x <= scene.time_right


def _key(key):
    from PySide6.QtGui import QKeyEvent

    return QKeyEvent(QKeyEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier)


def test_keyboard_zoom_and_pan(window):
    """+ and - zoom, the arrow keys move through time."""
    canvas = window.view.canvas
    span = canvas.viewport.span_ms
    QApplication.sendEvent(canvas, _key(Qt.Key.Key_Plus))
    assert canvas.viewport.span_ms < span
    start = canvas.viewport.start_ms
    QApplication.sendEvent(canvas, _key(Qt.Key.Key_Right))
    assert canvas.viewport.start_ms > start
    QApplication.sendEvent(canvas, _key(Qt.Key.Key_Left))
    assert abs(canvas.viewport.start_ms - start) < canvas.viewport.ms_per_px
    QApplication.sendEvent(canvas, _key(Qt.Key.Key_Minus))
    assert abs(canvas.viewport.span_ms - span) < span * 0.01


def test_drag_pans_the_timeline(window, qtbot):
    """Dragging the lanes to the right shows earlier times."""
    canvas = window.view.canvas
    start = canvas.viewport.start_ms
    y = canvas.height() - 60
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(600, y))
    for x in range(610, 800, 10):
        qtbot.mouseMove(canvas, QPoint(x, y))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(800, y))
    moved_px = (start - canvas.viewport.start_ms) / canvas.viewport.ms_per_px
    assert 150 <= moved_px <= 210


def test_drag_on_the_axis_zooms_to_that_range(window, qtbot):
    """Dragging across the time axis zooms to exactly the dragged range."""
    canvas = window.view.canvas
    x0, x1 = 400, 700
    lo, hi = time_under(canvas, x0), time_under(canvas, x1)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(x0, 10))
    qtbot.mouseMove(canvas, QPoint(550, 10))
    qtbot.mouseMove(canvas, QPoint(x1, 10))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(x1, 10))
    vp = canvas.viewport
    assert abs(vp.start_ms - lo) <= 2 * vp.ms_per_px
    assert abs(vp.end_ms - hi) <= 2 * vp.ms_per_px


def test_headline_events_are_visible_and_selectable(window, qtbot):
    """Clicking each headline event selects it and shows its sources."""
    canvas = window.view.canvas
    for title in HEADLINES:
        event_id = event_id_by_title(window.document, title)
        point = marker_point(canvas, event_id)
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=point)
        assert window.document.selected_id == event_id
        assert window.detail.texts()[0] == title
        assert any(m.selected for m in canvas.scene.markers if m.event_id == event_id)


def test_uncertain_times_are_drawn_as_bands(window):
    """'Late on Tuesday' is drawn as an interval, the 5am evacuation start as a point in time."""
    canvas = window.view.canvas
    marks = {m.event_id: m for m in canvas.scene.markers}
    ceasefire = marks[event_id_by_title(window.document, HEADLINES[0])]
    assert ceasefire.start_band is not None
    assert ceasefire.start_band[1] - ceasefire.start_band[0] > 20
    evacuation = marks[event_id_by_title(window.document, HEADLINES[2])]
    assert evacuation.kind == "span"
    assert evacuation.x1 > evacuation.x


def test_disputed_event_is_marked(window):
    """The contested ceasefire breach carries the disputed mark on the canvas."""
    canvas = window.view.canvas
    event_id = event_id_by_title(window.document, "Ceasefire broken by pro-Assad forces")
    mark = next(m for m in canvas.scene.markers if m.event_id == event_id)
    assert mark.disputed
    assert not mark.unsourced


def test_hover_tooltip_names_event_time_and_category(window):
    """Hovering an event explains what, when (with its uncertainty) and which category."""
    canvas = window.view.canvas
    event_id = event_id_by_title(window.document, HEADLINES[0])
    text = canvas.tooltip_text(event_id)
    assert HEADLINES[0] in text
    assert "late" in text and "18:00" in text
    assert "Ceasefire & diplomacy" in text


def test_events_sit_in_their_category_lanes(window):
    """Each event is drawn inside the lane of its category."""
    canvas = window.view.canvas
    scene = canvas.scene
    names = {c.id: c.name for c in window.document.categories()}
    for mark in scene.markers:
        lane = scene.lane_at(mark.y)
        assert lane is not None and names[lane.key] == names[mark.lane_key]


def test_lanes_by_actor(window):
    """Switching to lanes by actor shows one lane per actor."""
    window.set_lane_mode("actor")
    titles = {lane.title for lane in window.view.canvas.scene.lanes}
    assert {"Russia", "Turkey", "Rebels"} <= titles
    window.set_lane_mode("category")
    assert "Military action" in {lane.title for lane in window.view.canvas.scene.lanes}


def test_axis_follows_the_chosen_zone(window):
    """The axis labels change when the analyst switches between the events' zone and UTC."""
    canvas = window.view.canvas
    assert canvas.display_zone() == "Asia/Damascus"
    local = [t.x for t in canvas.scene.axis.ticks]
    window.zone_combo.setCurrentText("UTC")
    assert canvas.display_zone() == "UTC"
    assert [t.x for t in canvas.scene.axis.ticks] != local
    window.zone_combo.setCurrentText("Not/AZone")
    assert canvas.display_zone() == "UTC"


def test_overview_drag_moves_the_view(window, qtbot):
    """Dragging in the overview strip scrolls the timeline."""
    strip = window.view.overview
    overview = strip.overview()
    assert overview is not None and overview.bars
    start = window.view.canvas.viewport.start_ms
    window.view.canvas.zoom_by(4)
    start = window.view.canvas.viewport.start_ms
    y = strip.height() - 10
    x = int(strip.left_margin + strip.overview().window.x + 2)
    qtbot.mousePress(strip, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    qtbot.mouseMove(strip, QPoint(x + 60, y))
    qtbot.mouseRelease(strip, Qt.MouseButton.LeftButton, pos=QPoint(x + 60, y))
    assert window.view.canvas.viewport.start_ms > start
