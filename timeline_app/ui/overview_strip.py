"""OverviewStrip: density of the whole file with the visible window, draggable to navigate.

The density of a big file is 400 index counts (~0.3 s at 1M events): the paint never waits
for it. It is computed in a thread the first time a paint needs it (and after each change),
and the strip repaints when it arrives; `overview()` (mouse handling, tests) still computes
it synchronously if it is not there yet.
"""

from __future__ import annotations

import contextlib
import threading

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

Density = tuple[tuple[int, int], tuple[BucketCount, ...]]


def _compute_density(store: st.TimelineStore, filters) -> Density | None:
    """Bucket counts over the whole extent (any thread: one session, one connection)."""
    with store.read() as session:
        extent = st.time_extent(session, filters=filters)
        if extent is None:
            return None
        lo, hi = extent
        bucket = max(1, (hi - lo) // BARS + 1)
        counts = st.bucket_counts(session, lo, hi + 1, bucket, filters=filters, by_category=False)
    return (lo, hi), tuple(counts)


class OverviewStrip(QWidget):
    """Whole-file minimap under the canvas; emits the viewport a drag asks for."""

    viewport_requested = Signal(object)
    _density_loaded = Signal(object)  # (document, generation, density), from the loading thread

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
        self._loading: int | None = None  # generation being computed in the background
        self.left_margin = 0.0
        self._density_loaded.connect(self._on_density_loaded)

    def set_document(self, document: TimelineDocument | None) -> None:
        self._doc = document
        self._buckets = None
        self._key = self._loading = None
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
            self._buckets = _compute_density(self._doc.store, self._doc.filters)
        return self._buckets

    def _density_for_paint(self) -> Density | None:
        """The density if known (maybe of older data), starting its computation if not."""
        doc = self._doc
        if doc is None:
            return None
        generation = doc.generation
        if self._key != generation and self._loading != generation:
            self._loading = generation
            store, filters = doc.store, doc.filters

            def load() -> None:
                try:
                    density = _compute_density(store, filters)
                except Exception:  # the file was closed meanwhile: nothing to show
                    return
                with contextlib.suppress(RuntimeError):  # RuntimeError: the strip is gone
                    self._density_loaded.emit((doc, generation, density))

            threading.Thread(target=load, name="timeline-overview", daemon=True).start()
        return self._buckets

    def _on_density_loaded(self, loaded: tuple[TimelineDocument, int, Density | None]) -> None:
        doc, generation, density = loaded
        if doc is self._doc and generation == doc.generation:
            self._key, self._buckets = generation, density
            self.update()

    def overview(self, density: Density | None = None) -> Overview | None:
        density = density or self._density()
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
            density = self._density_for_paint()
            overview = self.overview(density) if density is not None else None
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
