"""Mouse modes of the timeline canvas: one small class per gesture, the canvas delegates.

Idle (hover tooltips, click to select, press starts a gesture), Pan (drag the content) and
AxisZoom (drag across the time axis to zoom to that range). Each mode gets the canvas and
returns the mode that handles the next event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt

if TYPE_CHECKING:
    from timeline_app.ui.timeline_canvas import TimelineCanvas

DRAG_THRESHOLD_PX = 4


class MouseMode:
    """Base: ignore everything, stay in this mode."""

    def press(self, canvas: TimelineCanvas, pos: QPointF, button) -> MouseMode:
        return self

    def move(self, canvas: TimelineCanvas, pos: QPointF) -> MouseMode:
        return self

    def release(self, canvas: TimelineCanvas, pos: QPointF) -> MouseMode:
        return self


class IdleMode(MouseMode):
    def press(self, canvas: TimelineCanvas, pos: QPointF, button) -> MouseMode:
        if button != Qt.MouseButton.LeftButton:
            return self
        if canvas.is_on_axis(pos):
            return AxisZoomMode(pos)
        event_id = canvas.event_at(pos)
        if event_id is not None:
            canvas.select(event_id)
            return PressOnEventMode(pos, event_id)
        return PressMode(pos)

    def move(self, canvas: TimelineCanvas, pos: QPointF) -> MouseMode:
        canvas.hover(pos)
        return self


class PressMode(MouseMode):
    """Button down on the lanes: a click selects, moving past the threshold starts a pan."""

    def __init__(self, origin: QPointF) -> None:
        self.origin = origin

    def move(self, canvas: TimelineCanvas, pos: QPointF) -> MouseMode:
        if (pos - self.origin).manhattanLength() >= DRAG_THRESHOLD_PX:
            canvas.setCursor(Qt.CursorShape.ClosedHandCursor)
            return PanMode(self.origin).move(canvas, pos)
        return self

    def release(self, canvas: TimelineCanvas, pos: QPointF) -> MouseMode:
        canvas.click(pos)
        return IdleMode()


class PanMode(MouseMode):
    def __init__(self, origin: QPointF) -> None:
        self.last_x = origin.x()

    def move(self, canvas: TimelineCanvas, pos: QPointF) -> MouseMode:
        canvas.pan_by(pos.x() - self.last_x)
        self.last_x = pos.x()
        return self

    def release(self, canvas: TimelineCanvas, pos: QPointF) -> MouseMode:
        canvas.unsetCursor()
        return IdleMode()


class AxisZoomMode(MouseMode):
    """Drag across the axis: the range is highlighted and zoomed to on release."""

    def __init__(self, origin: QPointF) -> None:
        self.x0 = origin.x()

    def move(self, canvas: TimelineCanvas, pos: QPointF) -> MouseMode:
        canvas.set_rubber_band(self.x0, pos.x())
        return self

    def release(self, canvas: TimelineCanvas, pos: QPointF) -> MouseMode:
        canvas.set_rubber_band(None, None)
        if abs(pos.x() - self.x0) >= DRAG_THRESHOLD_PX:
            canvas.zoom_to_x_range(self.x0, pos.x())
        return IdleMode()


class PressOnEventMode(MouseMode):
    """Button down on an event: it is selected; dragging past the threshold moves it."""

    def __init__(self, origin: QPointF, event_id: int) -> None:
        self.origin = origin
        self.event_id = event_id

    def move(self, canvas: TimelineCanvas, pos: QPointF) -> MouseMode:
        if (pos - self.origin).manhattanLength() >= DRAG_THRESHOLD_PX and canvas.can_edit():
            canvas.setCursor(Qt.CursorShape.SizeAllCursor)
            return MoveEventMode(self.origin, self.event_id).move(canvas, pos)
        return self

    def release(self, canvas: TimelineCanvas, pos: QPointF) -> MouseMode:
        return IdleMode()


class MoveEventMode(MouseMode):
    """Drag an event in time (snapped to the axis tick unit) or to another lane."""

    def __init__(self, origin: QPointF, event_id: int) -> None:
        self.origin = origin
        self.event_id = event_id

    def move(self, canvas: TimelineCanvas, pos: QPointF) -> MouseMode:
        canvas.preview_move(self.event_id, pos.x() - self.origin.x(), pos)
        return self

    def release(self, canvas: TimelineCanvas, pos: QPointF) -> MouseMode:
        canvas.unsetCursor()
        canvas.finish_move(self.event_id, pos.x() - self.origin.x(), pos)
        return IdleMode()
