"""Small helpers for driving the real widgets in GUI tests."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF

from timeline_app.core import store as st


def event_id_by_title(document, title: str) -> int:
    with document.store.read() as session:
        rows = st.events_in_window(session, -(2**62), 2**62)
    matches = [row.id for row in rows if row.title == title]
    assert matches, f"no event titled {title!r}"
    return matches[0]


def marker_point(canvas, event_id: int) -> QPoint:
    """Where the event's marker is drawn on the canvas (centre of its hit box)."""
    for x0, y0, x1, y1, hit_id in canvas.scene.hit_boxes:
        if hit_id == event_id:
            mark = next(m for m in canvas.scene.markers if m.event_id == event_id)
            x = min(max(mark.x, x0 + 1), x1 - 1)
            return QPointF(x, (y0 + y1) / 2).toPoint()
    raise AssertionError(f"event {event_id} is not drawn")


def shown(qtbot, widget, width: int, height: int, document=None):
    """`widget` on screen at width x height (offscreen), then given `document` if any."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    if document is not None:
        widget.set_document(document)
    return widget
