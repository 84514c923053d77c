"""First pass of layout: put each event in its lane, drop what cannot show, count pixel bins."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

from timeline_app.core.records import EventRow
from timeline_app.layout.metrics import LayoutStyle

Item = tuple[float, int, EventRow, float | None]
"""A culled event, sortable by (earliest ms, id): (lo_ms, id, event, bin or None when off view)."""


def cull_events(
    events: Iterable[EventRow],
    lane_of: Callable[[EventRow], Hashable],
    key_index: dict[Hashable, int],
    fallback: int,
    n_lanes: int,
    inv: float,
    off: float,
    tl: float,
    tr: float,
    style: LayoutStyle,
) -> tuple[list[list[Item]], list[dict[float, int]], int]:
    """Sort events into lanes, drop those right of the view or far left of it, count bins.

    Bins are counted here, in the one pass over all events, so lanes that are not crowded
    never look at their events twice. An event counts in the bin of its start (clamped to the
    left edge for spans that began before the view).
    """
    per_lane: list[list[Item]] = [[] for _ in range(n_lanes + 1)]
    counts: list[dict[float, int]] = [{} for _ in range(n_lanes + 1)]
    r = style.marker_radius
    bin_px = style.cluster_bin_px
    left = tl - style.cull_margin_px
    visible = 0
    get = key_index.get
    for e in events:
        start = e.start_ms
        lo = e.start_earliest_ms
        if start < lo:
            lo = start
        if lo * inv + off - r > tr:
            continue
        hi = e.start_latest_ms
        if hi < start:
            hi = start
        end = e.end_ms
        if end is not None:
            if end > hi:
                hi = end
            el = e.end_latest_ms
            if el is not None and el > hi:
                hi = el
        h = hi * inv + off + r
        if h < left:
            continue
        li = get(lane_of(e), fallback)
        if h >= tl:
            visible += 1
            x = start * inv + off
            k = ((x if x > tl else tl) - off) // bin_px
            lane_counts = counts[li]
            lane_counts[k] = lane_counts.get(k, 0) + 1
        else:
            k = None
        per_lane[li].append((lo, e.id, e, k))
    return per_lane, counts, visible
