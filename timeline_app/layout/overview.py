"""Overview strip (minimap): event density over the whole file and where the view is.

Built from the store's per-bucket counts, never from events, so it costs the same for 100 or
1,000,000 events. Dragging on the strip maps back to a viewport with `viewport_for_overview_x`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from timeline_app.core.records import BucketCount
from timeline_app.layout.lanes import Rect
from timeline_app.layout.viewport import Viewport


@dataclass(frozen=True, slots=True)
class Overview:
    """Bars of event counts across [lo_ms, hi_ms] and the visible window, in strip pixels."""

    width: float
    height: float
    lo_ms: float
    hi_ms: float
    bars: tuple[Rect, ...]
    window: Rect
    max_count: int
    title: str
    plot_top: float
    """Bars and window start below the title line at this y."""

    def ms_at(self, x: float) -> float:
        """Time under strip x."""
        if self.width <= 0:
            return self.lo_ms
        return self.lo_ms + (self.hi_ms - self.lo_ms) * x / self.width

    def x_of(self, ms: float) -> float:
        """Strip x of a time."""
        span = self.hi_ms - self.lo_ms
        return 0.0 if span <= 0 else (ms - self.lo_ms) * self.width / span


def layout_overview(
    buckets: Sequence[BucketCount],
    *,
    lo_ms: float,
    hi_ms: float,
    viewport: Viewport,
    width: float,
    height: float,
    bar_px: float = 4.0,
    bar_gap_px: float = 1.0,
    title: str = "Overview",
    title_height: float = 14.0,
) -> Overview:
    """Sum bucket counts (all lanes) into bars of `bar_px` and mark the viewport's window.

    Bars are scaled linearly to the tallest one, with at least 1 px for any non-zero count so
    a lone event is still visible. The window is at least 4 px wide so it can be grabbed.
    """
    if hi_ms <= lo_ms:
        hi_ms = lo_ms + 1.0
    span = hi_ms - lo_ms
    n = max(1, int(width // bar_px))
    sums = [0] * n
    for b in buckets:
        mid = (b.start_ms + b.end_ms) / 2
        i = int((mid - lo_ms) / span * n)
        if 0 <= i < n:
            sums[i] += b.count
    top = max(sums)
    plot_top = title_height
    plot_h = max(1.0, height - plot_top - 2.0)
    bars = []
    if top > 0:
        step = width / n
        for i, count in enumerate(sums):
            if count:
                h = max(1.0, plot_h * count / top)
                bars.append(Rect(i * step, height - 1.0 - h, max(1.0, step - bar_gap_px), h))
    x0 = (viewport.start_ms - lo_ms) * width / span
    x1 = (viewport.end_ms - lo_ms) * width / span
    if x1 - x0 < 4.0:
        mid = (x0 + x1) / 2
        x0, x1 = mid - 2.0, mid + 2.0
    window = Rect(x0, plot_top - 2.0, x1 - x0, height - plot_top + 1.0)
    return Overview(
        float(width), float(height), lo_ms, hi_ms, tuple(bars), window, top, title, plot_top
    )


def viewport_for_overview_x(
    overview: Overview, viewport: Viewport, x: float, *, grab_offset_px: float | None = None
) -> Viewport:
    """Viewport (same scale) after the strip was clicked or dragged at strip x.

    `grab_offset_px` is where inside the window rectangle the drag started (strip px from its
    left edge), so the window does not jump under the pointer; None centres the window on x.
    """
    if grab_offset_px is None:
        return viewport.centred_on(overview.ms_at(x))
    return Viewport(
        overview.ms_at(x - grab_offset_px), viewport.ms_per_px, viewport.width, viewport.height
    ).clamped()
