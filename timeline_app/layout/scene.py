"""The layout entry point: events + lanes + viewport -> a Scene of plain shapes.

Pure Python (no Qt), deterministic, and fast enough to run on every repaint: one pass assigns
events to lanes and culls them, then each lane decides its clusters and packs the rest into rows
(see `packing`). Text is measured by the `measure_text` function the caller passes in.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Hashable, Iterable, Sequence, Set
from math import inf

from timeline_app.core.records import BucketCount, EventRow
from timeline_app.layout.clusters import (
    clusters_from_buckets,
    crowded_clusters,
    set_intensities,
)
from timeline_app.layout.culling import Item, cull_events
from timeline_app.layout.lanes import (
    UNCATEGORISED_KEY,
    LaneBox,
    LaneSpec,
    category_lane_of,
    resolve_lanes,
    stack_lanes,
)
from timeline_app.layout.metrics import DEFAULT_LAYOUT_STYLE, LayoutStyle
from timeline_app.layout.packing import RowPacker
from timeline_app.layout.shapes import EventMark, Scene
from timeline_app.layout.text import strip_controls
from timeline_app.layout.ticks import compute_axis
from timeline_app.layout.viewport import Viewport


def layout_timeline(
    events: Iterable[EventRow],
    lanes: Sequence[LaneSpec],
    viewport: Viewport,
    *,
    measure_text: Callable[[str], float],
    lane_of: Callable[[EventRow], Hashable] = category_lane_of,
    selected_ids: Set[int] = frozenset(),
    buckets: Sequence[BucketCount] | None = None,
    zone: str = "UTC",
    style: LayoutStyle = DEFAULT_LAYOUT_STYLE,
    bucket_lane_of: Callable[[BucketCount], Hashable] | None = None,
) -> Scene:
    """Lay out one frame of the timeline.

    When `buckets` is given (zoomed far out on a big file) `events` are ignored and every lane is
    drawn as clusters of the pre-aggregated counts; `bucket_lane_of` maps a bucket to a lane key
    (default: its category id). Selected events are never swallowed by a cluster.
    """
    tl = style.header_width
    tr = tl + viewport.width
    inv = 1.0 / viewport.ms_per_px
    off = tl - viewport.start_ms * inv
    axis = compute_axis(
        viewport,
        measure_text=measure_text,
        zone=zone,
        min_spacing_px=style.min_tick_spacing,
        x_offset=tl,
    )
    key_index: dict[Hashable, int] = {}
    for i, spec in enumerate(lanes):
        key_index.setdefault(spec.key, i)
    extra = len(lanes)  # index of the appended Uncategorised lane, if it is needed
    fallback = key_index.get(UNCATEGORISED_KEY, extra)

    def make_scene(need_uncategorised: bool) -> Scene:
        boxes = stack_lanes(
            resolve_lanes(lanes, need_uncategorised),
            top=style.axis_height,
            height=viewport.height,
            style=style,
            measure_text=measure_text,
        )
        height = max(float(viewport.height), boxes[-1].y1 if boxes else 0.0)
        return Scene(viewport, zone, style, tr, height, tl, tr, axis, boxes)

    if buckets is not None:
        buckets = buckets_in_view(buckets, viewport.start_ms, viewport.end_ms)
        get = key_index.get
        if bucket_lane_of is None:  # by category: no call per bucket (~1,000 a frame)
            indices = [get(b.category_id, fallback) for b in buckets]
        else:
            indices = [get(bucket_lane_of(b), fallback) for b in buckets]
        scene = make_scene(extra in indices)
        scene.clusters = clusters_from_buckets(
            buckets,
            indices,
            scene.lanes,
            inv=inv,
            off=off,
            time_left=tl,
            time_right=tr,
            bin_px=style.cluster_bin_px,
            padding=style.lane_padding,
        )
        scene.visible_count = sum(c.count for c in scene.clusters)
        scene.from_buckets = True
        set_intensities(scene.clusters)
        return scene

    per_lane, bin_counts, visible = cull_events(
        events, lane_of, key_index, fallback, extra, inv, off, tl, tr, style
    )
    need_uncategorised = bool(per_lane[extra])
    if not need_uncategorised:
        per_lane.pop()
    scene = make_scene(need_uncategorised)
    scene.visible_count = visible
    everything_clustered = visible > style.max_events
    for box, items, counts in zip(scene.lanes, per_lane, bin_counts, strict=False):
        if items:
            _lay_lane(
                scene,
                box,
                items,
                counts,
                selected_ids,
                everything_clustered,
                inv,
                off,
                measure_text,
            )
    set_intensities(scene.clusters)
    return scene


def buckets_in_view(
    buckets: Sequence[BucketCount], start_ms: float, end_ms: float
) -> Sequence[BucketCount]:
    """The buckets that can overlap [start_ms, end_ms], found by bisection when sorted.

    The fetched data spans three viewports, so two thirds of its buckets are off screen;
    mapping each to a lane and a pixel bin was most of a zoomed-out layout. Buckets come
    sorted by start (as `store.bucket_counts` returns them); unsorted input is kept whole
    (the cluster pass culls it, only slower).
    """
    keys = _bucket_keys(buckets)
    if keys is None:
        return buckets
    starts, widest = keys
    first = bisect_left(starts, start_ms - widest)
    last = bisect_right(starts, end_ms)
    return buckets if first == 0 and last == len(buckets) else buckets[first:last]


_last_keys: list = [None, None]  # [buckets, keys]: every frame of one fetch reuses them


def _bucket_keys(buckets: Sequence[BucketCount]) -> tuple[list[float], float] | None:
    """(sorted starts, widest bucket) of `buckets`, or None if they are not sorted by start."""
    if _last_keys[0] is buckets:
        return _last_keys[1]
    starts = [b.start_ms for b in buckets]
    keys = None
    if starts == sorted(starts):  # linear on sorted input
        keys = (starts, max((b.end_ms - b.start_ms for b in buckets), default=0))
    _last_keys[:] = [buckets, keys]
    return keys


def _lay_lane(
    scene: Scene,
    box: LaneBox,
    items: list[Item],
    counts: dict[float, int],
    selected_ids: Set[int],
    everything_clustered: bool,
    inv: float,
    off: float,
    measure_text: Callable[[str], float],
) -> None:
    """Cluster the crowded bins of one lane, then pack the remaining events into its rows."""
    style = scene.style
    tl, tr = scene.time_left, scene.time_right
    items.sort()  # by (earliest ms, id): ids are unique, so events are never compared
    limit = 0 if everything_clustered else box.rows
    crowded = {k for k, n in counts.items() if n > limit}
    clusters = []
    if crowded:
        clusters = crowded_clusters(
            box,
            items,
            crowded,
            selected_ids,
            off=off,
            bin_px=style.cluster_bin_px,
            padding=style.lane_padding,
        )
    packer = RowPacker(
        box.rows,
        first_label_top=box.first_row_y - style.label_height / 2,
        row_height=box.row_height,
        style=style,
        measure_text=measure_text,
        time_left=tl,
        time_right=tr,
        labels=scene.labels,
    )
    place = packer.place
    markers = scene.markers
    r, pad = style.marker_radius, style.label_pad
    key, color = box.key, box.color
    first_y, row_h = box.first_row_y, box.row_height
    ci, n_clusters = 0, len(clusters)
    next_cluster_x = clusters[0].x0 if clusters else inf
    for lo, event_id, e, k in items:
        if k in crowded and event_id not in selected_ids:
            continue  # counted in a cluster
        if everything_clustered and k is None:
            continue  # off view: no room to reserve when all is clusters
        a = lo * inv + off - r  # grows monotonically over the sorted items: packing relies on it
        while next_cluster_x <= a:
            packer.block(next_cluster_x, clusters[ci].x1)
            ci += 1
            next_cluster_x = clusters[ci].x0 if ci < n_clusters else inf
        x = e.start_ms * inv + off
        se, sl = e.start_earliest_ms, e.start_latest_ms
        band = None if se == sl else (se * inv + off, sl * inv + off)
        end = e.end_ms
        title = strip_controls(e.title)
        w = measure_text(title)
        if end is None:
            x1 = x
            end_band = None
            h = x + r if band is None or band[1] < x + r else band[1]
            lx = h + pad
            soft = lx + w
            span_end = None
        else:
            x1 = end * inv + off
            if x1 < x + 2:
                x1 = x + 2
            ee, el = e.end_earliest_ms, e.end_latest_ms
            if ee is None or el is None or ee == el:
                end_band = None
                h = x1
            else:
                end_band = (ee * inv + off, el * inv + off)
                h = x1 if end_band[1] < x1 else end_band[1]
            if band is not None and band[1] > h:
                h = band[1]
            lx = x + pad
            soft = lx + w if lx + w > h else h
            span_end = x1
        selected = event_id in selected_ids
        disputed = e.disputed
        unsourced = e.source_count == 0
        y = first_y + row_h * place(
            a, h, soft, (event_id, title, lx, w, span_end, disputed, unsourced, selected)
        )
        if k is not None:
            markers.append(
                EventMark(
                    event_id,
                    key,
                    "point" if end is None else "span",
                    x,
                    x1,
                    y,
                    band,
                    end_band,
                    color,
                    disputed,
                    unsourced,
                    selected,
                )
            )
    while ci < n_clusters:
        packer.block(clusters[ci].x0, clusters[ci].x1)
        ci += 1
    packer.finish()
    scene.clusters.extend(clusters)
