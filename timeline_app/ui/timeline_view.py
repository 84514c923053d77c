"""TimelineView: the canvas with its overview strip below, as the window's central widget."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from timeline_app.ui.overview_strip import OverviewStrip
from timeline_app.ui.timeline_canvas import TimelineCanvas
from timeline_app.ui.timeline_document import TimelineDocument


class TimelineView(QWidget):
    """Keeps the overview's window and the canvas's viewport in step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TimelineView")
        self.canvas = TimelineCanvas(self)
        self.overview = OverviewStrip(self)
        self.overview.left_margin = self.canvas.layout_style.header_width
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.overview)
        self.canvas.viewport_changed.connect(self.overview.set_viewport)
        self.overview.viewport_requested.connect(self.canvas.set_viewport)
        self.visible_range_changed = self.canvas.visible_range_changed
        self.event_activated = self.canvas.event_activated

    def set_document(self, document: TimelineDocument | None) -> None:
        self.overview.set_document(document)
        self.canvas.set_document(document)
        if document is not None:
            document.data_changed.connect(self.overview.update)
            document.filter_changed.connect(self.overview.update)
