"""Lanes: horizontal bands, one per category (or any key the caller groups by).

The caller decides the grouping with `lane_of(event) -> key` and the order and colours with a
list of LaneSpec; anything whose key has no spec lands in the "Uncategorised" lane, so no event
silently disappears because its category was deleted or never set.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from operator import attrgetter

from timeline_app.core.records import CategoryRow, EventRow
from timeline_app.layout.metrics import LayoutStyle
from timeline_app.layout.text import elide, strip_controls

UNCATEGORISED_KEY = None
"""Lane key of events whose key has no LaneSpec (e.g. no category)."""


@dataclass(frozen=True, slots=True)
class LaneSpec:
    """What the caller wants as a lane: its grouping key, title and colour ("#rrggbb")."""

    key: Hashable
    title: str
    color: str


UNCATEGORISED = LaneSpec(UNCATEGORISED_KEY, "Uncategorised", "#8a8f98")
"""Appended after the caller's lanes when needed; pass it in `lanes` to place it elsewhere."""


@dataclass(frozen=True, slots=True)
class Rect:
    """Axis-aligned rectangle in canvas pixels."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def contains(self, px: float, py: float) -> bool:
        """True when the point lies inside (edges included)."""
        return self.x <= px <= self.x + self.w and self.y <= py <= self.y + self.h


@dataclass(frozen=True, slots=True)
class LaneBox:
    """A laid-out lane: band [y0, y1), header rectangle and the rows events are packed into."""

    key: Hashable
    title: str
    color: str
    y0: float
    y1: float
    header: Rect
    title_text: str
    """Title elided to the header width."""
    rows: int
    first_row_y: float
    """Centre y of row 0; row r is at first_row_y + r * row_height."""
    row_height: float

    def row_y(self, row: int) -> float:
        """Centre y of a row."""
        return self.first_row_y + row * self.row_height


category_lane_of: Callable[[EventRow], Hashable] = attrgetter("category_id")
"""Default grouping: one lane per category id (attrgetter: a C call, 2x cheaper per event)."""


def lanes_from_categories(categories: Sequence[CategoryRow]) -> list[LaneSpec]:
    """One lane per category in the analyst's order (sort_order, then name)."""
    ordered = sorted(categories, key=lambda c: (c.sort_order, c.name.casefold(), c.id))
    return [LaneSpec(c.id, c.name, c.color) for c in ordered]


def resolve_lanes(specs: Sequence[LaneSpec], need_uncategorised: bool) -> list[LaneSpec]:
    """The specs in order, plus the Uncategorised lane when something needs it."""
    out = list(specs)
    if need_uncategorised and all(s.key != UNCATEGORISED_KEY for s in out):
        out.append(UNCATEGORISED)
    return out


def _lane_metrics(n: int, space: float, style: LayoutStyle) -> tuple[float, float, int]:
    """(lane height, padding, rows) of each of `n` lanes sharing `space` pixels."""
    share = space / n
    padding = style.lane_padding
    if share >= style.min_lane_height:
        lane_h = share
    else:
        one_row = style.row_height + style.lane_gap + 2.0
        lane_h = max(share, one_row)
        padding = min(padding, max(1.0, (lane_h - style.lane_gap - style.row_height) / 2))
    content = lane_h - style.lane_gap - 2 * padding
    return lane_h, padding, max(1, int(content // style.row_height))


def max_lane_rows(n_lanes: int, space: float, style: LayoutStyle) -> int:
    """At most how many rows each lane gets when `n_lanes` or more share `space` pixels.

    Rows never decrease as a lane's share grows (below `min_lane_height` every lane has one
    row), and an extra lane (Uncategorised) only shrinks the share: so this bounds the rows
    of any layout of that space. The fetcher needs the bound to know that a bin holding more
    events than this is always drawn as a cluster (`ViewportFetcher.load`).
    """
    return _lane_metrics(max(1, n_lanes), space, style)[2]


def stack_lanes(
    specs: Sequence[LaneSpec],
    *,
    top: float,
    height: float,
    style: LayoutStyle,
    measure_text: Callable[[str], float],
) -> list[LaneBox]:
    """Share the height below the axis equally.

    Lanes are at least `min_lane_height` tall while they all fit; with more lanes than that
    allows they shrink (padding first) down to a single row each, so every lane stays on
    screen. Only past one row per lane do they run off the bottom.
    """
    n = len(specs)
    if n == 0:
        return []
    lane_h, padding, rows = _lane_metrics(n, height - top, style)
    boxes = []
    for i, spec in enumerate(specs):
        y0 = top + i * lane_h
        y1 = y0 + lane_h - style.lane_gap
        header = Rect(0.0, y0, style.header_width, y1 - y0)
        title = elide(strip_controls(spec.title), style.header_width - 14.0, measure_text)
        first = y0 + padding + style.row_height / 2
        boxes.append(
            LaneBox(
                spec.key,
                spec.title,
                spec.color,
                y0,
                y1,
                header,
                title,
                rows,
                first,
                style.row_height,
            )
        )
    return boxes
