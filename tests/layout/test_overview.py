"""Overview strip: density of the whole file and the window the analyst is looking at."""

from __future__ import annotations

import pytest

from tests.layout.builders import a_viewport, ms
from timeline_app.core.records import BucketCount
from timeline_app.layout.overview import layout_overview, viewport_for_overview_x

DAY = 86_400_000


def december_buckets() -> list[BucketCount]:
    start = ms("1 Dec 2016")
    return [BucketCount(start + i * DAY, start + (i + 1) * DAY, 1, i + 1) for i in range(31)]


def strip(vp=None):
    return layout_overview(
        december_buckets(),
        lo_ms=ms("1 Dec 2016"),
        hi_ms=ms("1 Jan 2017"),
        viewport=vp or a_viewport("13 Dec 2016 12:00", "15 Dec 2016 18:00"),
        width=620,
        height=40,
        title="Overview: Dec 2016",
    )


def test_bars_grow_with_counts_and_fit_the_strip() -> None:
    """Busy days would not stand out in the overview, or bars would spill out of the strip."""
    ov = strip()
    assert len(ov.bars) == 31
    heights = [b.h for b in sorted(ov.bars, key=lambda b: b.x)]
    assert heights == sorted(heights)
    assert all(b.y >= 0 and b.y + b.h <= ov.height and 0 <= b.x <= ov.width for b in ov.bars)
    assert ov.max_count == 31


def test_window_marks_the_visible_range() -> None:
    """The overview would show the wrong part of the file as 'you are here'."""
    vp = a_viewport("13 Dec 2016 12:00", "15 Dec 2016 18:00")
    ov = strip(vp)
    assert ov.window.x == pytest.approx(ov.x_of(vp.start_ms))
    assert ov.window.right == pytest.approx(ov.x_of(vp.end_ms))


def test_tiny_window_stays_grabbable() -> None:
    """Zoomed in to minutes, the window would be too thin to see or drag."""
    ov = strip(a_viewport("14 Dec 2016 08:00", "14 Dec 2016 08:05"))
    assert ov.window.w >= 4


def test_dragging_the_strip_moves_the_viewport() -> None:
    """Clicking a busy day in the overview would not bring it into view."""
    vp = a_viewport("13 Dec 2016 12:00", "15 Dec 2016 18:00")
    ov = strip(vp)
    target = ms("24 Dec 2016 12:00")
    moved = viewport_for_overview_x(ov, vp, ov.x_of(target))
    assert moved.ms_per_px == vp.ms_per_px
    assert (moved.start_ms + moved.end_ms) / 2 == pytest.approx(target)
    grabbed = viewport_for_overview_x(ov, vp, ov.window.x + 30, grab_offset_px=10)
    assert grabbed.start_ms == pytest.approx(ov.ms_at(ov.window.x + 20))


def test_empty_file_gives_an_empty_strip() -> None:
    """A new, empty timeline would crash the overview."""
    ov = layout_overview([], lo_ms=0, hi_ms=0, viewport=a_viewport(), width=300, height=30)
    assert ov.bars == () and ov.max_count == 0
