"""Level of detail: where a lane is too dense to draw event by event, count instead of draw.

Bins are aligned to absolute time (bin k covers pixels [k*w, (k+1)*w) counted from the epoch at
the current scale), so panning moves clusters with the content instead of re-cutting them.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from functools import lru_cache
from math import sqrt
from operator import itemgetter

from timeline_app.core.records import BucketCount, EventRow, hi_ms_of
from timeline_app.layout.lanes import LaneBox
from timeline_app.layout.shapes import Cluster


@lru_cache(maxsize=4096)
def format_count(n: int) -> str:
    """Compact badge text: 37, 950, 1.2k, 12k, 1.2M (fits a 40 px bin)."""
    if n < 1000:
        return str(n)
    div, suffix = (1000, "k") if n < 999_500 else (1_000_000, "M")
    v = n / div
    return f"{v:.1f}{suffix}" if v < 9.95 else f"{round(v)}{suffix}"


def cluster_band(lane: LaneBox, padding: float) -> tuple[float, float]:
    """Vertical extent of a lane's clusters: the lane band minus half its padding."""
    return lane.y0 + padding / 2, lane.y1 - padding / 2


def make_cluster(
    lane: LaneBox, x0: float, x1: float, count: int, lo_ms: float, hi_ms: float, padding: float
) -> Cluster:
    """A cluster over [x0, x1) filling the lane's band."""
    y0, y1 = cluster_band(lane, padding)
    return Cluster(lane.key, x0, x1, y0, y1, count, lo_ms, hi_ms, lane.color, format_count(count))


def crowded_clusters(
    lane: LaneBox,
    items: Sequence[tuple[float, int, EventRow, float | None]],
    crowded: set[float],
    selected_ids: Set[int],
    *,
    off: float,
    bin_px: float,
    padding: float,
) -> list[Cluster]:
    """One cluster per crowded bin of a lane, sorted by x.

    `items` are (earliest ms, id, event, bin or None); the events of crowded bins are counted,
    except selected ones, which stay drawn individually.
    """
    acc: dict[float, list] = {}  # bin -> [count, lo_ms, hi_ms]
    for lo, event_id, e, k in items:
        if k not in crowded or event_id in selected_ids:
            continue
        hi = hi_ms_of(e)  # the whole extent, uncertain end included (as the index has it)
        slot = acc.get(k)
        if slot is None:
            acc[k] = [1, lo, hi]
        else:
            slot[0] += 1
            if hi > slot[2]:
                slot[2] = hi
    out = []
    for k in sorted(acc):
        count, lo, hi = acc[k]
        x0 = k * bin_px + off
        out.append(make_cluster(lane, x0, x0 + bin_px, count, lo, hi, padding))
    return out


def set_intensities(clusters: Sequence[Cluster]) -> None:
    """Scale each band's intensity to the densest cluster (sqrt: small ones stay visible)."""
    if not clusters:
        return
    top = max(c.count for c in clusters)
    for c in clusters:
        c.intensity = sqrt(c.count / top) if top else 0.0


def clusters_from_buckets(
    buckets: Sequence[BucketCount],
    lane_indices: Sequence[int],
    lanes: Sequence[LaneBox],
    *,
    inv: float,
    off: float,
    time_left: float,
    time_right: float,
    bin_px: float,
    padding: float,
) -> list[Cluster]:
    """Turn the store's per-bucket counts into clusters, merging buckets narrower than a bin.

    `lane_indices[i]` is the lane of `buckets[i]`; `x = ms * inv + off` maps time to canvas x.
    A bucket at least a bin wide stays one cluster; narrower buckets are summed into the
    absolute pixel bin that holds their middle.

    This runs on every zoomed-out frame over ~1,000 buckets, so the loop is kept lean: each
    lane's band is worked out once, and clusters are built directly.
    """
    acc: dict[tuple[int, float], list[float]] = {}  # (lane, bin) -> [count, lo_ms, hi_ms]
    wide: list[tuple[int, float, float, int, float, float]] = []
    for b, li in zip(buckets, lane_indices, strict=True):
        count = b.count
        if count <= 0:
            continue
        start, end = b.start_ms, b.end_ms
        x0 = start * inv + off
        x1 = end * inv + off
        if x1 < time_left or x0 > time_right:
            continue
        if x1 - x0 >= bin_px:
            wide.append((li, x0, x1, count, start, end))
            continue
        k = (li, ((x0 + x1) / 2 - off) // bin_px)
        slot = acc.get(k)
        if slot is None:
            acc[k] = [count, start, end]
        else:
            slot[0] += count
            if start < slot[1]:
                slot[1] = start
            if end > slot[2]:
                slot[2] = end
    bands = [(lane.key, *cluster_band(lane, padding), lane.color) for lane in lanes]
    out = []
    for li, x0, x1, n, lo, hi in wide:
        key, y0, y1, color = bands[li]
        out.append((li, x0, Cluster(key, x0, x1, y0, y1, n, lo, hi, color, format_count(n))))
    for (li, k), (count, lo, hi) in acc.items():
        key, y0, y1, color = bands[li]
        x0 = k * bin_px + off
        n = int(count)
        out.append(
            (li, x0, Cluster(key, x0, x0 + bin_px, y0, y1, n, lo, hi, color, format_count(n)))
        )
    out.sort(key=itemgetter(0, 1))  # by lane, then x
    return [c for _, _, c in out]
