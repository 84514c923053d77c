"""TimelineCanvas: the custom-painted, zoomable, pannable timeline.

The widget only turns input into viewport changes and selection calls: the data comes from
`ViewportFetcher` (window query or bucket counts, cached), the shapes from `layout_timeline`
(pure Python), the pixels from `paint_scene` (the same routine the image exports use).

A paint never waits for SQL. When the cached data cannot serve the viewport but the
fetcher's in-memory index can (unfiltered views, once it has loaded: a few ms, only the
rows to draw read by primary key), the paint fetches and its first frame is already right.
Otherwise (filtered views, or before the index is there) the frame lays out the last data
at the new viewport and `canvas_fetch.FetchWorker` fetches the real data in a thread; when
it arrives the canvas repaints (`data_pending` meanwhile). The `scene` property and
`build_scene` (hit tests of tests, export) stay synchronous, and `wait_for_data()` lets
tests and the benchmark wait for the settled frame.
"""

from __future__ import annotations

import itertools
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from timeline_app.core import store as st
from timeline_app.core.quick_look import QuickLook
from timeline_app.core.records import EventRow
from timeline_app.core.timespec import TimeSpec, format_timespec, timespec_from_columns
from timeline_app.core.viewport_data import (
    DEFAULT_BUDGET,
    Crowding,
    ViewportData,
    ViewportFetcher,
    ViewRequest,
    summary_view,
)
from timeline_app.layout.lanes import LaneSpec, lanes_from_categories, max_lane_rows
from timeline_app.layout.metrics import DEFAULT_LAYOUT_STYLE
from timeline_app.layout.scene import layout_timeline
from timeline_app.layout.shapes import Scene
from timeline_app.layout.viewport import MS_PER_DAY, Viewport
from timeline_app.render.measure import style_text_measurer
from timeline_app.render.paint import paint_scene
from timeline_app.render.style import LIGHT, RenderStyle
from timeline_app.ui.canvas_fetch import FetchWorker
from timeline_app.ui.canvas_modes import IdleMode, MouseMode
from timeline_app.ui.safe_text import plain_tooltip
from timeline_app.ui.timeline_document import TimelineDocument

ZOOM_STEP = 1.25
PAN_FRACTION = 0.1
ACTOR_LANE_COLORS = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
)


def row_timespec(row: EventRow, prefix: str, zone: str) -> TimeSpec:
    """An EventRow's start or end as a TimeSpec shown in `zone` (for tooltips)."""
    return timespec_from_columns(
        best_ms=getattr(row, f"{prefix}_ms"),
        earliest_ms=getattr(row, f"{prefix}_earliest_ms"),
        latest_ms=getattr(row, f"{prefix}_latest_ms"),
        precision=row.precision,
        approximate=False,
        tz=zone,
        text="",
    )


class TimelineCanvas(QWidget):
    """Draws the document's events for the current viewport and handles mouse and keys."""

    visible_range_changed = Signal(float, float, int, int)  # start, end, visible, total
    viewport_changed = Signal(object)
    event_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None, *, style: RenderStyle = LIGHT) -> None:
        super().__init__(parent)
        self.setObjectName("TimelineCanvas")
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(400, 200)
        # paint_scene fills every pixel: Qt need not clear the background first (~0.2 ms)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.render_style = style
        self.layout_style = DEFAULT_LAYOUT_STYLE
        self._measure = style_text_measurer(style)
        self._doc: TimelineDocument | None = None
        self._fetcher: ViewportFetcher | None = None
        self._preview: QuickLook | None = None  # a file's first frame while its store loads
        self._worker: FetchWorker | None = None
        #: Fetch in a worker thread when the cache misses (False: paint fetches synchronously).
        self.background_fetch = True
        self._scene_pending = False  # the scene shows older data while the worker fetches
        self._request: ViewRequest | None = None  # to hand the worker after this paint
        self._viewport = Viewport(0.0, 60_000.0, 800, 400)
        self._fitted = False
        self._scene: Scene | None = None
        self._data: ViewportData | None = None
        self._mode: MouseMode = IdleMode()
        self._rubber: tuple[float, float] | None = None
        self.lane_mode = "category"
        self._zone: str | None = None  # None: the zone most events were reported in
        self._actor_cache: dict[int, tuple[int, ...]] = {}
        self._pointer: QPointF | None = None
        self._move_preview: tuple[float, float] | None = None  # (x, y) of a dragged event

    # -- document --------------------------------------------------------------------------
    def set_document(self, document: TimelineDocument | None) -> None:
        if self._doc is not None:
            for signal, slot in self._connections():
                signal.disconnect(slot)
        self._doc = document
        if self._worker is not None:
            self._worker.close()
            self._worker.arrived.disconnect(self._on_fetch_arrived)
        self._preview = None
        self._fetcher = (
            ViewportFetcher(document.store.read, save_summary=document.store.save_start_summary)
            if document
            else None
        )
        self._worker = FetchWorker(self._fetcher) if self._fetcher is not None else None
        if self._worker is not None:
            self._worker.arrived.connect(self._on_fetch_arrived)
        self._data = None
        self._scene = None
        self._fitted = False
        self._actor_cache.clear()
        if document is not None:
            for signal, slot in self._connections():
                signal.connect(slot)
            # Zoomed-out frames of big files count from an in-memory index of start times.
            # Its load (~0.8 s of a thread at 1M events) is started by the first aggregated
            # fetch, not here: loading it while the first frame is built slowed that by 0.25 s.
            if self.width() > self.layout_style.header_width:
                self.fit_all()
        self.update()

    @property
    def document(self) -> TimelineDocument | None:
        return self._doc

    def show_quick_look(self, look: QuickLook) -> bool:
        """Paint the fit-all frame of a file about to be opened, now; True if it was painted.

        Opening a big file the first time in a session means loading the store (~0.5 s of
        imports) before anything of it can be drawn. Its stored start summary and lanes
        (`core.quick_look`, standard library only) give the same frame sooner: it is laid
        out and painted at once, and stays up until `set_document` replaces it with the
        store's own frame, which the fetcher answers from the same summary. Only with no
        document open (the window's first file), in category lanes (the summary counts
        categories), and for files big enough to be drawn as density anyway.
        """
        if self._doc is not None or self.lane_mode != "category" or not self.isVisible():
            return False
        summary = look.summary
        viewport = Viewport.fit(summary.first_ms, summary.end_ms, self.time_width(), self.height())
        data = summary_view(
            summary, viewport.start_ms, viewport.end_ms, viewport.ms_per_px, budget=DEFAULT_BUDGET
        )
        if data is None:
            return False
        self._preview = look
        self._viewport = viewport
        self._data = data
        self._scene = self._layout(viewport, data)
        start, end = viewport.start_ms, viewport.end_ms
        self.visible_range_changed.emit(start, end, data.visible_count(start, end), summary.total)
        self.repaint()
        return True

    def _connections(self) -> list:
        assert self._doc is not None
        return [
            (self._doc.data_changed, self._on_data_changed),
            (self._doc.filter_changed, self._on_filter_changed),
            (self._doc.selection_changed, self._on_selection_changed),
        ]

    def _on_data_changed(self) -> None:
        if self._fetcher is not None:
            # its in-memory index too: updated (or reloaded) in the background
            self._fetcher.invalidate(self._doc.changed_events if self._doc else None)
        self._actor_cache.clear()
        self._invalidate()

    def _on_filter_changed(self) -> None:
        """Refetch for the new filter; the data, and the fetcher's index of it, stay."""
        if self._fetcher is not None:
            self._fetcher.forget_viewport()
        self._invalidate()

    def _on_selection_changed(self, event_id: int | None) -> None:
        if event_id is not None:
            self.ensure_visible(event_id)
        self._invalidate()

    # -- settings --------------------------------------------------------------------------
    def set_lane_mode(self, mode: str) -> None:
        if mode not in ("category", "actor"):
            raise ValueError(f"unknown lane mode {mode!r}")
        self.lane_mode = mode
        self._invalidate()

    def set_display_zone(self, zone: str | None) -> bool:
        """Label the axis in `zone` (None: the events' own zone). False if the zone is unknown."""
        if zone is not None:
            try:
                ZoneInfo(zone)
            except (ZoneInfoNotFoundError, ValueError):
                return False
        self._zone = zone
        self._invalidate()
        return True

    def display_zone(self) -> str:
        if self._zone is not None:
            return self._zone
        if self._doc is not None:
            return self._doc.dominant_zone()
        zone = self._preview.zone if self._preview is not None else None
        return zone or "UTC"

    def display_tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.display_zone())

    def zone_label(self) -> str:
        zone = self.display_zone()
        return zone if self._zone is not None else f"{zone}, the events' zone"

    # -- viewport --------------------------------------------------------------------------
    @property
    def viewport(self) -> Viewport:
        return self._viewport

    def time_width(self) -> int:
        return max(1, self.width() - int(self.layout_style.header_width))

    def set_viewport(self, viewport: Viewport) -> None:
        self._viewport = viewport.clamped()
        self._fitted = True
        self._invalidate()
        self.viewport_changed.emit(self._viewport)

    def fit_all(self) -> None:
        """Show every event (matching the filter), with a margin."""
        extent = None
        if self._fetcher is not None and self._doc is not None:
            extent = self._fetcher.extent(filters=self._doc.filters)
        if extent is None:
            extent = (0, MS_PER_DAY)
        self.set_viewport(Viewport.fit(extent[0], extent[1], self.time_width(), self.height()))

    def zoom_by(self, factor: float, anchor_x: float | None = None) -> None:
        """Zoom by `factor` around canvas x `anchor_x` (default: the middle of the time area)."""
        time_x = (
            self.time_width() / 2 if anchor_x is None else anchor_x - self.layout_style.header_width
        )
        self.set_viewport(self._viewport.zoomed(factor, time_x))

    def zoom_in(self) -> None:
        self.zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom_by(1 / ZOOM_STEP)

    def pan_by(self, dx_px: float) -> None:
        self.set_viewport(self._viewport.panned(dx_px))

    def zoom_to_x_range(self, x0: float, x1: float) -> None:
        left = self.layout_style.header_width
        lo, hi = sorted((x0 - left, x1 - left))
        self.set_viewport(
            Viewport.fit(
                self._viewport.ms_at(lo),
                self._viewport.ms_at(hi),
                self.time_width(),
                self.height(),
                margin_px=0,
            )
        )

    def _row(self, event_id: int) -> EventRow | None:
        if self._doc is None:
            return None
        with self._doc.store.read() as session:
            rows = st.event_rows_by_ids(session, [event_id])
        return rows[0] if rows else None

    def zoom_to_selection(self) -> None:
        """Fit the selected event (with its uncertainty) in the view."""
        if self._doc is None or self._doc.selected_id is None:
            return
        row = self._row(self._doc.selected_id)
        if row is not None:
            span = max(row.hi_ms - row.lo_ms, 3_600_000)
            mid = (row.lo_ms + row.hi_ms) / 2
            self.set_viewport(
                Viewport.fit(mid - span, mid + span, self.time_width(), self.height())
            )

    def ensure_visible(self, event_id: int) -> None:
        """Scroll (keeping the zoom) so the event is in view; zoom out if it is wider."""
        row = self._row(event_id)
        if row is None:
            return
        vp = self._viewport
        if row.lo_ms >= vp.start_ms and row.hi_ms <= vp.end_ms:
            return
        if row.hi_ms - row.lo_ms < vp.span_ms * 0.8:
            self.set_viewport(vp.centred_on((row.lo_ms + row.hi_ms) / 2))
        else:
            self.set_viewport(Viewport.fit(row.lo_ms, row.hi_ms, self.time_width(), self.height()))

    def clear_quick_look(self) -> None:
        """Drop a quick-look frame whose file did not open after all."""
        if self._preview is not None and self._doc is None:
            self._preview = None
            self._data = None
            self._invalidate()

    # -- scene -----------------------------------------------------------------------------
    def _invalidate(self) -> None:
        self._scene = None
        self.update()

    @property
    def scene(self) -> Scene:
        """The laid-out frame for the current viewport with its data (fetched if need be)."""
        if self._scene is None or self._scene_pending:
            self._scene = self.build_scene(self._viewport)
            self._scene_pending = False
            self._request = None  # fetched here already
            self._announce()
        return self._scene

    @property
    def shown_scene(self) -> Scene:
        """The frame on screen (maybe older data while a fetch runs): what clicks hit."""
        return self._scene if self._scene is not None else self.scene

    @property
    def data_pending(self) -> bool:
        """True while the frame shows older data and the worker fetches the real data."""
        busy = self._worker is not None and self._worker.busy
        return self._scene_pending or busy or self._request is not None

    def _frame_scene(self) -> Scene:
        """The scene to paint now: never waits for SQL (see the module docs)."""
        if self._scene is not None:
            return self._scene
        if not self.background_fetch or self._fetcher is None or self._doc is None:
            return self.scene
        vp, doc = self._viewport, self._doc
        request = ViewRequest(
            vp.start_ms, vp.end_ms, vp.ms_per_px, doc.filters, doc.generation, self._crowding()
        )
        try:  # the cache, or memory and a primary-key read: this frame is right at once
            data = self._fetcher.fetch_at_once(request)
        except Exception:  # e.g. the file went away: the worker tries, as for SQL
            data = None
        self._scene_pending = data is None
        if data is None:
            # Asked for once this frame is painted: a fetch running meanwhile would compete
            # with the paint for the GIL and delay the very frame it is meant to spare.
            self._request = request
            # the last data laid out at the new viewport meanwhile (stand-ins left out: only
            # the views of their own window are sure to count them in a cluster)
            data = self._data.without_stand_ins() if self._data is not None else None
        self._data = data
        self._scene = self._layout(vp, data)
        self._announce()
        return self._scene

    def _crowding(self) -> Crowding | None:
        """How this canvas's layout treats crowded bins, for the fetcher (see `Crowding`).

        By category only (stand-ins have a category, not actors); the selected event is
        always read in full, as layout draws it even inside a cluster.
        """
        if self._doc is None or self.lane_mode != "category":
            return None
        style = self.layout_style
        space = self._viewport.height - style.axis_height
        rows = max_lane_rows(len(self._doc.categories()), space, style)
        selected = self._doc.selected_id
        return Crowding(rows, frozenset() if selected is None else frozenset({selected}))

    def _on_fetch_arrived(self) -> None:
        """Data from the worker (GUI thread): cache it and repaint with it."""
        result = self._worker.take_result() if self._worker is not None else None
        if result is None or self._fetcher is None or self._doc is None:
            return
        request, data = result
        if isinstance(data, Exception):
            self._scene_pending = False  # keep the older frame; the next change retries
            return
        if self._scene is not None and not self._scene_pending:
            return  # the frame shows data fetched since (from memory, or the cache)
        if request.generation != self._doc.generation or request.filters != self._doc.filters:
            return  # fetched for data or a filter that has changed since
        self._fetcher.accept(request, data)
        self._data = data
        self._invalidate()

    def _send_request(self) -> None:
        request, self._request = self._request, None
        if request is not None and self._worker is not None:
            self._worker.request(request)

    def wait_for_data(self, timeout: float = 30.0) -> None:
        """Block until a running fetch has arrived and been taken in (tests, benchmark)."""
        self._send_request()
        if self._worker is not None:
            self._worker.wait_idle(timeout)
            self._on_fetch_arrived()

    def _announce(self) -> None:
        data = self._data
        total = 0
        if self._fetcher is not None and self._doc is not None:
            total = self._fetcher.total(filters=self._doc.filters, generation=self._doc.generation)
        vp = self._viewport
        visible = data.visible_count(vp.start_ms, vp.end_ms) if data is not None else 0
        self.visible_range_changed.emit(vp.start_ms, vp.end_ms, visible, total)

    def build_scene(self, viewport: Viewport) -> Scene:
        """Lay out `viewport` with its data, fetched synchronously (export uses this too)."""
        if self._fetcher is not None and self._doc is not None:
            self._data = self._fetcher.fetch(
                ViewRequest(
                    viewport.start_ms,
                    viewport.end_ms,
                    viewport.ms_per_px,
                    self._doc.filters,
                    self._doc.generation,
                )
            )
        return self._layout(viewport, self._data)

    def _layout(self, viewport: Viewport, data: ViewportData | None) -> Scene:
        """Lay `data` (None: nothing) out at `viewport`: pure layout, no database."""
        events: tuple[EventRow, ...] = ()
        buckets = None
        if data is not None and (self._doc is not None or self._preview is not None):
            events = data.events or ()
            buckets = data.buckets
        lanes, lane_of, bucket_lane_of = self._lanes(events)
        selected = (
            frozenset({self._doc.selected_id})
            if self._doc is not None and self._doc.selected_id is not None
            else frozenset()
        )
        return layout_timeline(
            events,
            lanes,
            viewport,
            measure_text=self._measure,
            lane_of=lane_of,
            selected_ids=selected,
            buckets=buckets,
            zone=self.display_zone(),
            style=self.layout_style,
            bucket_lane_of=bucket_lane_of,
        )

    def _lanes(self, events):
        if self._doc is None:
            categories = self._preview.categories if self._preview is not None else ()
            return lanes_from_categories(categories), (lambda e: e.category_id), None
        if self.lane_mode == "category":
            return lanes_from_categories(self._doc.categories()), (lambda e: e.category_id), None
        missing = [e.id for e in events if e.id not in self._actor_cache]
        if missing:
            with self._doc.store.read() as session:
                links = st.actor_links(session, missing)
            for event_id in missing:
                self._actor_cache[event_id] = tuple(links.get(event_id, ()))
        actors = self._doc.actors()
        lanes = [
            LaneSpec(actor_id, name, color or ACTOR_LANE_COLORS[i % len(ACTOR_LANE_COLORS)])
            for i, (actor_id, name, color) in enumerate(actors)
        ]
        cache = self._actor_cache

        def lane_of(event: EventRow):
            ids = cache.get(event.id)
            return ids[0] if ids else None

        # Bucket counts are per category: zoomed far out, actor view shows one density lane.
        return lanes, lane_of, (lambda bucket: None)

    # -- painting --------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        vp = self._viewport
        if not self._fitted and self._doc is not None:
            self._viewport = vp.resized(self.time_width(), self.height())
            self.fit_all()
        else:
            self._viewport = vp.resized(self.time_width(), self.height())
            self._invalidate()
        super().resizeEvent(event)

    def paintEvent(self, event) -> None:
        scene = self._frame_scene()
        painter = QPainter(self)
        try:
            paint_scene(painter, scene, self.render_style)
            if self._move_preview is not None:
                x, y = self._move_preview
                painter.setPen(QColor(26, 115, 232))
                painter.drawLine(int(x), int(self.layout_style.axis_height), int(x), self.height())
                painter.drawEllipse(QPointF(x, y), 7.0, 7.0)
            if self._rubber is not None:
                x0, x1 = sorted(self._rubber)
                painter.fillRect(QRectF(x0, 0, x1 - x0, self.height()), QColor(26, 115, 232, 40))
            if self._doc is not None and scene.visible_count == 0 and not self._scene_pending:
                painter.setPen(QColor("#777"))
                painter.drawText(
                    self.rect(),
                    Qt.AlignmentFlag.AlignCenter,
                    "No events here. Press Home to see all events.",
                )
        finally:
            painter.end()
            self._send_request()

    # -- input -----------------------------------------------------------------------------
    def is_on_axis(self, pos: QPointF) -> bool:
        return pos.y() < self.layout_style.axis_height and pos.x() >= self.layout_style.header_width

    def set_rubber_band(self, x0: float | None, x1: float | None) -> None:
        self._rubber = None if x0 is None or x1 is None else (x0, x1)
        self.update()

    def event_at(self, pos: QPointF) -> int | None:
        return self.shown_scene.event_at(pos.x(), pos.y())

    def select(self, event_id: int | None) -> None:
        if self._doc is not None:
            self._doc.select(event_id)

    def can_edit(self) -> bool:
        return self._doc is not None and not self._doc.read_only

    def time_under_pointer(self) -> float:
        """Time under the mouse pointer, or the middle of the view when it is elsewhere."""
        pos = self._pointer
        left = self.layout_style.header_width
        if pos is None or not self.rect().contains(pos.toPoint()) or pos.x() < left:
            return self._viewport.ms_at(self.time_width() / 2)
        return self._viewport.ms_at(pos.x() - left)

    def snap_ms(self, delta_ms: float) -> int:
        """Round a drag to the axis's current tick unit (an hour when hours are shown...)."""
        ticks = self.scene.axis.ticks
        step = min(
            (b.ms - a.ms for a, b in itertools.pairwise(ticks)),
            default=self._viewport.ms_per_px,
        )
        step = max(step, 1.0)
        return int(round(delta_ms / step) * step)

    def _moved(self, event_id: int, dx: float, pos: QPointF):
        """(old draft, new draft) for a drag of dx pixels ending at pos; None if unchanged."""
        from timeline_app.core.editor_form import moved_draft

        assert self._doc is not None
        with self._doc.store.read() as session:
            snapshot = st.event_draft(session, event_id)
        if snapshot is None:
            return None
        old = snapshot[0]
        delta = self.snap_ms(dx * self._viewport.ms_per_px)
        category: str | bool | None = False
        lane = self.scene.lane_at(pos.y())
        if (
            self.lane_mode == "category"
            and lane is not None
            and lane.title != (old.category or "Uncategorised")
        ):
            category = None if lane.key is None else lane.title
        if delta == 0 and category is False:
            return None
        return old, moved_draft(old, delta, category=category)

    def preview_move(self, event_id: int, dx: float, pos: QPointF) -> None:
        moved = self._moved(event_id, dx, pos)
        self._move_preview = (pos.x(), pos.y())
        if moved is None:
            QToolTip.showText(self.mapToGlobal(pos.toPoint()), "(not moved)", self)
        else:
            old, new = moved
            lane = (
                f"\nlane: {new.category or 'Uncategorised'}" if new.category != old.category else ""
            )
            QToolTip.showText(
                self.mapToGlobal(pos.toPoint()),
                f"Move to {format_timespec(new.start, zone=self.display_zone())}{lane}",
                self,
            )
        self.update()

    def finish_move(self, event_id: int, dx: float, pos: QPointF) -> None:
        """Drop a dragged event: one undoable command, one transaction."""
        from timeline_app.ui.commands import EditEventCommand

        self._move_preview = None
        QToolTip.hideText()
        self.update()
        if self._doc is None:
            return
        moved = self._moved(event_id, dx, pos)
        if moved is None:
            return
        old, new = moved
        try:
            self._doc.push(
                EditEventCommand(
                    self._doc, event_id, old, new, text=f"Move event '{old.title[:40]}'"
                )
            )
        except Exception as exc:
            self._doc.error.emit(f"Could not move the event: {exc}")

    def click(self, pos: QPointF) -> None:
        """Select the event under the pointer; a click on a cluster zooms into it."""
        if self._doc is None:
            return
        event_id = self.event_at(pos)
        if event_id is None:
            cluster = self.shown_scene.cluster_at(pos.x(), pos.y())
            if cluster is not None:
                span = max(cluster.hi_ms - cluster.lo_ms, 60_000)
                self.set_viewport(
                    Viewport.fit(
                        cluster.lo_ms, cluster.lo_ms + span, self.time_width(), self.height()
                    )
                )
                return
        self._doc.select(event_id)

    def hover(self, pos: QPointF) -> None:
        event_id = self.event_at(pos)
        if event_id is None:
            cluster = self.shown_scene.cluster_at(pos.x(), pos.y())
            tip = (
                f"{cluster.count:,} events here - click or zoom in to see them"
                if cluster is not None
                else ""
            )
        else:
            tip = self.tooltip_text(event_id)
        if tip:
            QToolTip.showText(self.mapToGlobal(pos.toPoint()), plain_tooltip(tip), self)
        else:
            QToolTip.hideText()

    def tooltip_text(self, event_id: int) -> str:
        """Title, time with its uncertainty, category and sourcing of one event."""
        row = (
            next((e for e in (self._data.events or ()) if e.id == event_id), None)
            if self._data is not None
            else None
        )
        row = row or self._row(event_id)
        if row is None or self._doc is None:
            return ""
        zone = self.display_zone()
        when = format_timespec(row_timespec(row, "start", zone))
        if row.end_ms is not None:
            when += f" → {format_timespec(row_timespec(row, 'end', zone))}"
        names = {c.id: c.name for c in self._doc.categories()}
        lines = [row.title, when, f"category: {names.get(row.category_id, 'none')}"]
        if row.disputed:
            lines.append("DISPUTED: sources disagree")
        lines.append(f"{row.source_count} source(s)" if row.source_count else "unsourced")
        return "\n".join(lines)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._mode = self._mode.press(self, event.position(), event.button())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._pointer = event.position()
        self._mode = self._mode.move(self, event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._mode = self._mode.release(self, event.position())

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        event_id = self.event_at(event.position())
        if event_id is not None and self._doc is not None:
            self._doc.select(event_id)
            self.event_activated.emit(event_id)

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        steps = (delta.y() or delta.x()) / 120.0
        if not steps:
            return
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.pan_by(steps * self.time_width() * PAN_FRACTION)
        else:
            self.zoom_by(ZOOM_STEP**steps, event.position().x())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Left:
            self.pan_by(self.time_width() * PAN_FRACTION)
        elif key == Qt.Key.Key_Right:
            self.pan_by(-self.time_width() * PAN_FRACTION)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key == Qt.Key.Key_Minus:
            self.zoom_out()
        elif key == Qt.Key.Key_Home:
            self.fit_all()
        elif (
            key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self._doc
            and self._doc.selected_id is not None
        ):
            self.event_activated.emit(self._doc.selected_id)
        elif key == Qt.Key.Key_Escape and self._doc is not None:
            self._doc.select(None)
        else:
            super().keyPressEvent(event)

    def leaveEvent(self, event) -> None:
        QToolTip.hideText()
        super().leaveEvent(event)
