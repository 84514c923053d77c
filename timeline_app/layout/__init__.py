"""Pure-Python layout: events + viewport -> plain shapes (no Qt; text measured by a callback)."""

from timeline_app.layout.lanes import (
    UNCATEGORISED,
    LaneBox,
    LaneSpec,
    Rect,
    category_lane_of,
    lanes_from_categories,
)
from timeline_app.layout.metrics import DEFAULT_LAYOUT_STYLE, LayoutStyle
from timeline_app.layout.overview import Overview, layout_overview, viewport_for_overview_x
from timeline_app.layout.scene import layout_timeline
from timeline_app.layout.shapes import Cluster, EventMark, Label, Scene
from timeline_app.layout.ticks import Axis, AxisSpan, Tick, compute_axis
from timeline_app.layout.viewport import Viewport

__all__ = [
    "DEFAULT_LAYOUT_STYLE",
    "UNCATEGORISED",
    "Axis",
    "AxisSpan",
    "Cluster",
    "EventMark",
    "Label",
    "LaneBox",
    "LaneSpec",
    "LayoutStyle",
    "Overview",
    "Rect",
    "Scene",
    "Tick",
    "Viewport",
    "category_lane_of",
    "compute_axis",
    "lanes_from_categories",
    "layout_overview",
    "layout_timeline",
    "viewport_for_overview_x",
]
