"""OverviewStrip: density of the whole file with the visible window, draggable to navigate."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from timeline_app.core import store as st
from timeline_app.core.records import BucketCount
from timeline_app.layout.overview import Overview, layout_overview, viewport_for_overview_x
from timeline_app.layout.viewport import Viewport
from timeline_app.render.paint import paint_overview
from timeline_app.render.style import LIGHT, RenderStyle
from timeline_app.ui.timeline_document import TimelineDocument

STRIP_HEIGHT = 56
BARS = 400


class OverviewStrip(QWidget):
    """Whole-file minimap under the canvas; emits the viewport a drag asks for."""

    viewport_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, style: RenderStyle = LIGHT) -> None:
        super().__init__(parent)
        self.setObjectName("OverviewStrip")
        self.setFixedHeight(STRIP_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip("Overview of the whole timeline: drag the box to move through time")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._style = style
        self._doc: TimelineDocument | None = None
        self._viewport: Viewport | None = None
        self._buckets: tuple[tuple[int, int], tuple[BucketCount, ...]] | None = None
        self._key: int | None = None
        self._grab: float | None = None
        self.left_margin = 0.0

    def set_document(self, document: TimelineDocument | None) -> None:
        self._doc = document
        self._buckets = None
        self.update()

    def set_viewport(self, viewport: Viewport) -> None:
        self._viewport = viewport
        self.update()

    def _density(self) -> tuple[tuple[int, int], tuple[BucketCount, ...]] | None:
        """Bucket counts over the whole extent, recomputed only when the data changes."""
        if self._doc is None:
            return None
        if self._buckets is None or self._key != self._doc.generation:
            self._key = self._doc.generation
            with self._doc.store.read() as session:
                extent = st.time_extent(session, filters=self._doc.filters)
                if extent is None:
                    self._buckets = None
                    return None
                lo, hi = extent
                bucket = max(1, (hi - lo) // BARS + 1)
                counts = st.bucket_counts(
                    session, lo, hi + 1, bucket, filters=self._doc.filters, by_category=False
                )
            self._buckets = ((lo, hi), tuple(counts))
        return self._buckets

    def overview(self) -> Overview | None:
        density = self._density()
        if density is None or self._viewport is None:
            return None
        (lo, hi), buckets = density
        pad = max((hi - lo) * 0.02, 60_000)
        return layout_overview(
            buckets,
            lo_ms=lo - pad,
            hi_ms=hi + pad,
            viewport=self._viewport,
            width=self.width() - self.left_margin,
            height=self.height(),
            title="Overview: whole timeline",
        )

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), self.palette().window())
            overview = self.overview()
            if overview is not None:
                painter.setClipRect(int(self.left_margin), 0, self.width(), self.height())
                painter.translate(self.left_margin, 0)
                paint_overview(painter, overview, self._style)
        finally:
            painter.end()

    def _strip_x(self, pos: QPointF) -> float:
        return pos.x() - self.left_margin

    def mousePressEvent(self, event: QMouseEvent) -> None:
        overview = self.overview()
        if overview is None or self._viewport is None:
            return
        x = self._strip_x(event.position())
        window = overview.window
        self._grab = x - window.x if window.x <= x <= window.right else None
        self.viewport_requested.emit(
            viewport_for_overview_x(overview, self._viewport, x, grab_offset_px=self._grab)
        )
        if self._grab is None:
            self._grab = (window.right - window.x) / 2

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        overview = self.overview()
        if self._grab is None or overview is None or self._viewport is None:
            return
        self.viewport_requested.emit(
            viewport_for_overview_x(
                overview, self._viewport, self._strip_x(event.position()), grab_offset_px=self._grab
            )
        )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._grab = None
