"""Time axis: calendar-correct ticks in the display zone, in two rows, never crowded."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.layout.builders import a_viewport, measure, ms
from timeline_app.layout.ticks import compute_axis
from timeline_app.layout.viewport import MIN_MS_PER_PX, Viewport

DAMASCUS = ZoneInfo("Asia/Damascus")


def local(ms_value: float, zone: ZoneInfo = DAMASCUS) -> datetime:
    return datetime.fromtimestamp(ms_value / 1000, tz=UTC).astimezone(zone)


def test_day_ticks_sit_at_damascus_midnight_not_utc_midnight() -> None:
    """Day lines would be drawn two hours off for an analyst working in Damascus time."""
    vp = a_viewport("1 Dec 2016", "12 Dec 2016", width=1000)
    axis = compute_axis(vp, measure_text=measure, zone="Asia/Damascus")
    assert axis.step == "1 day"
    assert len(axis.ticks) >= 10
    for tick in axis.ticks:
        t = local(tick.ms)
        assert (t.hour, t.minute) == (0, 0)
        assert datetime.fromtimestamp(tick.ms / 1000, tz=UTC).hour != 0
        assert tick.label == str(t.day)


def test_ticks_are_monotonic_and_spaced() -> None:
    """Axis labels would overlap or come out of order."""
    vp = a_viewport("13 Dec 2016 12:00", "15 Dec 2016 18:00", width=900)
    axis = compute_axis(vp, measure_text=measure, zone="Asia/Damascus", min_spacing_px=48)
    xs = [t.x for t in axis.ticks]
    assert xs == sorted(xs)
    assert all(b - a >= 48 for a, b in pairwise(xs))


@settings(max_examples=150, deadline=None)
@given(
    start=st.floats(min_value=-2e12, max_value=4e12),
    log_mpp=st.floats(min_value=1.0, max_value=10.5),
    width=st.integers(min_value=200, max_value=3000),
    zone=st.sampled_from(["UTC", "Asia/Damascus", "America/New_York", "Asia/Kolkata"]),
)
def test_ticks_never_crowd_at_any_zoom(start: float, log_mpp: float, width: int, zone: str) -> None:
    """At some zoom level the axis would show overlapping or unordered labels."""
    vp = Viewport(start, max(MIN_MS_PER_PX, 10**log_mpp), width, 300).clamped()
    axis = compute_axis(vp, measure_text=measure, zone=zone, min_spacing_px=40)
    for a, b in pairwise(axis.ticks):
        assert b.ms > a.ms
        assert b.x - a.x >= 40
        if a.label and b.label:
            assert b.x - a.x >= (measure(a.label) + measure(b.label)) / 2
    for tick in axis.ticks:
        assert 0 <= tick.x <= width
    for a, b in pairwise(axis.spans):
        assert a.x1 == pytest.approx(b.x0)


def test_coarse_row_spans_months_above_day_ticks() -> None:
    """The month names above the day numbers would be missing or misplaced."""
    vp = a_viewport("20 Nov 2016", "10 Jan 2017", width=1400, zone="Asia/Damascus")
    axis = compute_axis(vp, measure_text=measure, zone="Asia/Damascus")
    assert axis.step in ("1 day", "1 week")
    assert [s.label for s in axis.spans] == ["Nov 2016", "Dec 2016", "Jan 2017"]
    december = axis.spans[1]
    assert december.x0 == pytest.approx(vp.x_of(ms("1 Dec 2016", "Asia/Damascus")))
    assert december.x1 == pytest.approx(vp.x_of(ms("1 Jan 2017", "Asia/Damascus")))
    assert december.text_x >= december.x0


def test_tick_starting_a_month_is_major() -> None:
    """Month boundaries would not stand out from ordinary day lines."""
    vp = a_viewport("25 Nov 2016", "8 Dec 2016", width=1000)
    axis = compute_axis(vp, measure_text=measure, zone="UTC")
    majors = [t for t in axis.ticks if t.major]
    assert [local(t.ms, ZoneInfo("UTC")).day for t in majors] == [1]


def test_hour_ticks_with_day_names_above() -> None:
    """At hour zoom the analyst would not see which day the hours belong to."""
    vp = a_viewport("13 Dec 2016 12:00", "15 Dec 2016 18:00", width=900, zone="Asia/Damascus")
    axis = compute_axis(vp, measure_text=measure, zone="Asia/Damascus")
    assert axis.step == "3 hours"
    assert "15h" in [t.label for t in axis.ticks]
    assert [s.label for s in axis.spans] == [
        "Tue 13 Dec 2016",
        "Wed 14 Dec 2016",
        "Thu 15 Dec 2016",
    ]
    assert axis.zone_label == "Asia/Damascus (UTC+2)"


def test_coarse_label_sticks_to_the_left_edge_and_elides() -> None:
    """A period that began before the view would lose its name, or names would overlap."""
    vp = a_viewport("13 Dec 2016 20:00", "14 Dec 2016 01:00", width=600)
    axis = compute_axis(vp, measure_text=measure, zone="UTC", x_offset=100)
    first = axis.spans[0]
    assert first.x0 < 100
    assert first.text_x == pytest.approx(104)
    for span in axis.spans:
        right = min(span.x1, 700)
        assert span.text_x + measure(span.label) <= right


def test_year_and_decade_rows_when_zoomed_out() -> None:
    """Zoomed out over decades, the axis would show days or nothing readable."""
    vp = a_viewport("1 Jan 1990", "1 Jan 2020", width=2000)
    axis = compute_axis(vp, measure_text=measure, zone="UTC")
    assert axis.step == "1 year"
    assert "2000" in [t.label for t in axis.ticks]
    assert "2000s" in [s.label for s in axis.spans]


def test_minute_ticks_when_zoomed_in() -> None:
    """Zoomed in on one hour, the axis would not show minutes."""
    vp = a_viewport("14 Dec 2016 08:00", "14 Dec 2016 09:00", width=1200)
    axis = compute_axis(vp, measure_text=measure, zone="UTC")
    assert axis.step in ("1 minute", "5 minutes")
    assert "08:30" in [t.label for t in axis.ticks]


def test_dst_change_does_not_break_hour_ticks() -> None:
    """On the night clocks change, the axis would repeat or skip hour ticks out of order."""
    vp = a_viewport("26 Mar 2016 18:00", "27 Mar 2016 08:00", width=1400)
    axis = compute_axis(vp, measure_text=measure, zone="Europe/London")
    values = [t.ms for t in axis.ticks]
    assert values == sorted(set(values))
