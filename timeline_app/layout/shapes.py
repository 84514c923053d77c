"""Plain data that layout produces and the renderer paints: no behaviour beyond lookups.

These are slots dataclasses (not frozen: a frozen dataclass costs ~6x more to build, and a scene
holds thousands of them). Treat them as read-only.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

from timeline_app.layout.lanes import LaneBox
from timeline_app.layout.metrics import LayoutStyle
from timeline_app.layout.ticks import Axis
from timeline_app.layout.viewport import Viewport

HitBox = tuple[float, float, float, float, int]
"""(x0, y0, x1, y1, event_id) in canvas pixels."""


@dataclass(slots=True)
class EventMark:
    """One event drawn individually: a point marker or a span bar, with uncertainty bands.

    `x` is the best-estimate start, `x1` the best-estimate end (== x for points). A band is the
    (x_earliest, x_latest) interval of an uncertain start or end, None when the time is exact.
    """

    event_id: int
    lane_key: Hashable
    kind: str  # "point" | "span"
    x: float
    x1: float
    y: float
    start_band: tuple[float, float] | None
    end_band: tuple[float, float] | None
    color: str
    disputed: bool
    unsourced: bool  # no source cited yet: drawn hollow
    selected: bool

    @property
    def approximate(self) -> bool:
        """Start or end known only within a band (earliest != latest)."""
        return self.start_band is not None or self.end_band is not None

    @property
    def x0(self) -> float:
        """Start x (alias of `x`, pairs with `x1` for spans)."""
        return self.x


@dataclass(slots=True)
class Label:
    """An event title placed in a free slot of its lane row; `elided` is what gets drawn."""

    event_id: int
    text: str
    x: float
    y: float  # top
    w: float  # width of `elided`
    h: float
    elided: str
    rtl: bool
    disputed: bool
    unsourced: bool
    selected: bool


@dataclass(slots=True)
class Cluster:
    """Events too dense to draw one by one: a density band over [x0, x1) with a count badge."""

    lane_key: Hashable
    x0: float
    x1: float
    y0: float
    y1: float
    count: int
    lo_ms: float
    hi_ms: float
    color: str
    badge: str
    intensity: float = 1.0
    """0..1, relative to the densest cluster in the scene (sqrt scale), for the band's alpha."""

    @property
    def y(self) -> float:
        """Vertical centre, where the badge goes."""
        return (self.y0 + self.y1) / 2


@dataclass(slots=True)
class Scene:
    """Everything the renderer needs for one viewport, in canvas pixels.

    The canvas is `width` x `height`: lane headers occupy [0, time_left), the time area
    [time_left, time_right); the axis rows sit at the top (coarse row above the fine row).
    """

    viewport: Viewport
    zone: str
    style: LayoutStyle
    width: float
    height: float
    time_left: float
    time_right: float
    axis: Axis
    lanes: list[LaneBox]
    markers: list[EventMark] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)
    visible_count: int = 0
    """Events in view: drawn markers plus the counts of all clusters."""
    from_buckets: bool = False
    _hits: list[HitBox] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def hit_boxes(self) -> list[HitBox]:
        """Boxes for hit testing, markers first, labels last (drawn on top), built on first use.

        Built lazily: most frames (during pan and zoom) are never hit-tested.
        """
        if self._hits is None:
            r = self.style.marker_radius
            half = self.style.row_height / 2
            hits: list[HitBox] = []
            for m in self.markers:
                x0, x1 = m.x - r, (m.x + r if m.kind == "point" else m.x1)
                for band in (m.start_band, m.end_band):
                    if band is not None:
                        x0, x1 = min(x0, band[0]), max(x1, band[1])
                hits.append((x0, m.y - half, x1, m.y + half, m.event_id))
            hits += [(lb.x, lb.y, lb.x + lb.w, lb.y + lb.h, lb.event_id) for lb in self.labels]
            self._hits = hits
        return self._hits

    @property
    def axis_height(self) -> float:
        return self.style.axis_height

    def to_viewport_x(self, canvas_x: float) -> float:
        """Canvas x -> x in the viewport's time area (use for wheel-zoom anchors)."""
        return canvas_x - self.time_left

    def event_at(self, x: float, y: float) -> int | None:
        """Id of the event whose marker, bar or label is under (x, y), topmost first."""
        if x < self.time_left:
            return None
        for x0, y0, x1, y1, event_id in reversed(self.hit_boxes):
            if x0 <= x <= x1 and y0 <= y <= y1:
                return event_id
        return None

    def cluster_at(self, x: float, y: float) -> Cluster | None:
        """The cluster band under (x, y), e.g. to zoom into it on click."""
        for c in self.clusters:
            if c.x0 <= x <= c.x1 and c.y0 <= y <= c.y1:
                return c
        return None

    def lane_at(self, y: float) -> LaneBox | None:
        """The lane whose band contains y."""
        for lane in self.lanes:
            if lane.y0 <= y < lane.y1:
                return lane
        return None
