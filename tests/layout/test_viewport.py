"""Viewport: the time<->pixel mapping behind zoom, pan and fit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.layout.builders import a_viewport, ms
from timeline_app.layout.viewport import (
    MAX_VISIBLE_MS,
    MIN_MS_PER_PX,
    Viewport,
)


def test_x_of_and_ms_at_are_inverse() -> None:
    """Clicking on a pixel would select a different time than the one drawn there."""
    vp = a_viewport()
    t = ms("14 Dec 2016 08:00")
    assert vp.ms_at(vp.x_of(t)) == pytest.approx(t)
    assert vp.x_of(vp.start_ms) == 0
    assert vp.x_of(vp.end_ms) == pytest.approx(vp.width)


@given(
    factor=st.floats(min_value=0.05, max_value=20.0),
    anchor=st.floats(min_value=0.0, max_value=1000.0),
)
def test_zoom_keeps_time_under_cursor_fixed(factor: float, anchor: float) -> None:
    """Wheel-zooming would make the event under the mouse pointer slide away."""
    vp = a_viewport()
    before = vp.ms_at(anchor)
    after = vp.zoomed(factor, anchor)
    assert after.ms_at(anchor) == pytest.approx(before, abs=after.ms_per_px * 1e-6 + 1e-3)


def test_zoom_in_shows_less_time() -> None:
    """The zoom-in button would not zoom in."""
    vp = a_viewport()
    assert vp.zoomed(2.0, 500).span_ms == pytest.approx(vp.span_ms / 2)


def test_zoom_is_clamped_between_ten_ms_per_px_and_two_centuries() -> None:
    """Zooming far in or out would break the axis (no ticks, or dates outside the calendar)."""
    vp = a_viewport()
    assert vp.zoomed(1e12, 10).ms_per_px == MIN_MS_PER_PX
    out = vp.zoomed(1e-12, 10)
    assert out.span_ms == pytest.approx(MAX_VISIBLE_MS)


def test_zoom_rejects_non_positive_factor() -> None:
    """A bad wheel delta would flip or collapse the timeline instead of raising."""
    with pytest.raises(ValueError):
        a_viewport().zoomed(0, 10)


def test_pan_moves_content_with_the_mouse() -> None:
    """Dragging right would show later times instead of earlier ones."""
    vp = a_viewport()
    t = ms("14 Dec 2016 08:00")
    x = vp.x_of(t)
    assert vp.panned(120).x_of(t) == pytest.approx(x + 120)


def test_fit_shows_all_events_with_margin() -> None:
    """'Fit' would cut off the first or last event at the edge of the view."""
    lo, hi = ms("1 Mar 2011"), ms("20 Dec 2016")
    vp = Viewport.fit(lo, hi, 1200, 500, margin_px=40)
    assert vp.x_of(lo) == pytest.approx(40, abs=0.01)
    assert vp.x_of(hi) == pytest.approx(1160, abs=0.01)
    assert (vp.width, vp.height) == (1200, 500)


def test_fit_single_instant_shows_a_day_around_it() -> None:
    """'Fit' on one event would zoom to the millisecond (or divide by zero)."""
    t = ms("14 Dec 2016 08:00")
    vp = Viewport.fit(t, t, 1000, 400)
    assert vp.start_ms < t < vp.end_ms
    assert vp.x_of(t) == pytest.approx(500)
    assert vp.span_ms == pytest.approx(86_400_000 * 1000 / 920, rel=1e-6)


def test_fit_accepts_reversed_bounds() -> None:
    """Fit with bounds in the wrong order would show an empty or mirrored window."""
    lo, hi = ms("1 Dec 2016"), ms("31 Dec 2016")
    assert Viewport.fit(hi, lo, 800, 300) == Viewport.fit(lo, hi, 800, 300)


def test_viewport_stays_within_the_calendar() -> None:
    """Panning far into the past would crash the axis with dates before year 1."""
    vp = a_viewport().panned(1e15)
    assert vp.start_ms >= -62_135_596_800_000


def test_resized_keeps_scale_and_start() -> None:
    """Making the window wider would zoom instead of showing more time."""
    vp = a_viewport()
    wider = vp.resized(2000, 400)
    assert (wider.start_ms, wider.ms_per_px) == (vp.start_ms, vp.ms_per_px)
    assert wider.span_ms == pytest.approx(2 * vp.span_ms)
