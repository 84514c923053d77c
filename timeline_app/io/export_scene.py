"""Build an export figure headless: store + filters + range + size -> Scene and decorations.

No widget is needed, so `timeline-app export` works without a window. The data is fetched
the way the canvas fetches it (an indexed window query, or per-bucket counts when the range
holds more events than can be drawn), laid out by `layout_timeline` with the renderer's own
text measurement, and the title, legend, zone and sources footnote are prepared for
`render.decorations`. Wide figures may show more events before clustering: the layout's
`max_events` grows with the width (1,500 per 1,500 px, as on a typical screen).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from timeline_app.core import store as st
from timeline_app.core.records import BucketCount, EventFilter, EventRow
from timeline_app.core.viewport_data import bucket_size
from timeline_app.layout.lanes import lanes_from_categories
from timeline_app.layout.metrics import DEFAULT_LAYOUT_STYLE, LayoutStyle
from timeline_app.layout.scene import layout_timeline
from timeline_app.layout.shapes import Scene
from timeline_app.layout.viewport import MS_PER_DAY, Viewport
from timeline_app.render.decorations import Decorations, footer_height, header_height
from timeline_app.render.measure import style_text_measurer
from timeline_app.render.style import LIGHT, PRINT, RenderStyle

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
STYLES: dict[str, RenderStyle] = {"light": LIGHT, "print": PRINT}
MIN_SCENE_HEIGHT = 120.0
MAX_FOOTNOTE_OUTLETS = 80


class ExportCancelled(Exception):
    """The user cancelled the export; no file was written."""


@dataclass(frozen=True, slots=True)
class FigureOptions:
    """What to show and how; times are epoch ms, None = the whole (filtered) timeline."""

    start_ms: float | None = None
    end_ms: float | None = None
    filters: EventFilter = field(default_factory=EventFilter)
    zone: str | None = None
    """Display zone of the axis; None: the zone most events were reported in."""
    title: str = ""
    subtitle: str = ""
    legend: bool = True
    zone_note: bool = True
    sources_footnote: bool = True
    style: str = "light"
    """"light" (the screen's look) or "print" (white paper, black text)."""

    @property
    def render_style(self) -> RenderStyle:
        if self.style not in STYLES:
            raise ValueError(f"unknown style {self.style!r} (light or print)")
        return STYLES[self.style]


@dataclass(slots=True)
class Figure:
    """A laid-out figure in logical pixels: header, scene below it, footer below that."""

    scene: Scene
    decorations: Decorations
    style: RenderStyle
    header: float
    width: float
    height: float
    event_count: int = 0
    """Events in the figure's range (drawn or counted in clusters)."""


class _Steps:
    """Progress in percent over the export's stages, with cancel checks between them."""

    def __init__(self, progress: Progress | None, cancelled: Cancelled | None) -> None:
        self.progress, self.cancelled = progress, cancelled

    def at(self, percent: int) -> None:
        if self.progress is not None:
            self.progress(percent, 100)
        if self.cancelled is not None and self.cancelled():
            raise ExportCancelled("export cancelled")


def layout_style_for(width: float) -> LayoutStyle:
    """The screen's layout sizes; wide figures may draw more events before clustering."""
    base = DEFAULT_LAYOUT_STYLE
    return replace(base, max_events=max(base.max_events, round(base.max_events * width / 1500)))


def _range(session, options: FigureOptions) -> tuple[float, float, bool]:
    """(start, end, exact): the asked range, or the data's extent with a margin (not exact)."""
    if options.start_ms is not None and options.end_ms is not None:
        if options.end_ms <= options.start_ms:
            raise ValueError("the end of the range must lie after its start")
        return float(options.start_ms), float(options.end_ms), True
    extent = st.time_extent(session, filters=options.filters)
    lo, hi = extent if extent else (0, MS_PER_DAY)
    lo = options.start_ms if options.start_ms is not None else lo
    hi = options.end_ms if options.end_ms is not None else hi
    return float(lo), float(max(hi, lo)), False


def _fetch(
    session, viewport: Viewport, filters: EventFilter, limit: int
) -> tuple[list[EventRow], list[BucketCount] | None]:
    rows = st.events_in_window(
        session, int(viewport.start_ms), int(viewport.end_ms) + 1, filters=filters, limit=limit + 1
    )
    if len(rows) <= limit:
        return rows, None
    bucket_ms = bucket_size(viewport.ms_per_px)
    lo = int(viewport.start_ms // bucket_ms) * bucket_ms
    return [], st.bucket_counts(session, lo, int(viewport.end_ms) + 1, bucket_ms, filters=filters)


def cited_outlets(session, filters: EventFilter, cancelled: Cancelled | None = None) -> list[str]:
    """Outlets (else source titles) cited by the events matching `filters`, sorted."""
    outlets: set[str] = set()
    for count, event in enumerate(st.iter_events_full(session, filters=filters), 1):
        if count % 500 == 0 and cancelled is not None and cancelled():
            raise ExportCancelled("export cancelled")
        for citation in event.citations:
            name = (citation.source.outlet or citation.source.title or "").strip()
            if name:
                outlets.add(name)
    return sorted(outlets, key=str.casefold)


def footnote_text(outlets: list[str]) -> str:
    if not outlets:
        return "Sources: none cited for the events shown."
    shown = outlets[:MAX_FOOTNOTE_OUTLETS]
    more = len(outlets) - len(shown)
    return "Sources: " + "; ".join(shown) + (f"; and {more} more." if more else ".")


def _decorations(options: FigureOptions, legend: tuple, zone_note: str, footnote: str):
    return Decorations(
        title=options.title.strip(),
        subtitle=options.subtitle.strip(),
        legend=legend if options.legend else (),
        zone_note=zone_note if options.zone_note else "",
        footnote=footnote if options.sources_footnote else "",
    )


def build_figure(
    store: st.TimelineStore,
    options: FigureOptions,
    *,
    width: float,
    height: float,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Figure:
    """Fetch, lay out and decorate a figure of `width` x `height` logical pixels.

    Progress is reported in percent up to 60 (painting and saving are the writer's part);
    ExportCancelled is raised between stages when `cancelled()` turns true.
    """
    steps = _Steps(progress, cancelled)
    style = options.render_style
    measure = style_text_measurer(style)
    layout_style = layout_style_for(width)
    time_width = max(100, round(width - layout_style.header_width))
    steps.at(0)
    with store.read() as session:
        zone = options.zone or st.dominant_zone(session) or "UTC"
        categories = st.list_categories(session)
        start, end, exact = _range(session, options)
        filters = options.filters
        legend = tuple((spec.title, spec.color) for spec in lanes_from_categories(categories))
        footnote = ""
        if options.sources_footnote:
            window = replace(
                filters,
                from_ms=int(start) if filters.from_ms is None else max(filters.from_ms, int(start)),
                to_ms=int(end) if filters.to_ms is None else min(filters.to_ms, int(end)),
            )
            footnote = footnote_text(cited_outlets(session, window, cancelled))
        steps.at(15)
        deco = _decorations(options, legend, f"Times shown in {zone}", footnote)
        top = header_height(deco, width, style)
        bottom = footer_height(deco, width, style)
        scene_h = max(MIN_SCENE_HEIGHT, height - top - bottom)
        if exact:
            viewport = Viewport(start, (end - start) / time_width, time_width, round(scene_h))
        else:
            viewport = Viewport.fit(start, end, time_width, round(scene_h))
        rows, buckets = _fetch(session, viewport, filters, 4 * layout_style.max_events)
    steps.at(40)
    lanes = lanes_from_categories(categories)

    def lay_out(scene_height: float) -> Scene:
        vp = Viewport(viewport.start_ms, viewport.ms_per_px, time_width, round(scene_height))
        return layout_timeline(
            rows, lanes, vp, measure_text=measure, buckets=buckets, zone=zone, style=layout_style
        )

    scene = lay_out(scene_h)
    full_legend = tuple((lane.title, lane.color) for lane in scene.lanes)
    zone_note = f"Times shown in {scene.axis.zone_label or zone}"
    deco = _decorations(options, full_legend, zone_note, footnote)
    new_bottom = footer_height(deco, width, style)
    if new_bottom != bottom:
        scene = lay_out(max(MIN_SCENE_HEIGHT, height - top - new_bottom))
    steps.at(55)
    figure_height = top + scene.height + footer_height(deco, width, style)
    return Figure(scene, deco, style, top, float(scene.width), figure_height, scene.visible_count)
