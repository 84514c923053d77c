"""Two-row time axis: calendar-correct ticks in the display zone, chosen by pixel spacing.

The fine row carries the ticks the analyst reads ("13", "14" or "06h", "09h"); the coarse row
above names the period they belong to ("Dec 2016", "Tue 13 Dec 2016"). Steps come from a table
(like pyqtgraph's date axis) and are walked in *local wall-clock time* of the display zone, so
day ticks in Asia/Damascus sit at Damascus midnight, not at UTC midnight.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import pairwise
from zoneinfo import ZoneInfo

from timeline_app.layout.text import elide
from timeline_app.layout.viewport import MS_PER_DAY, Viewport

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_HOUR = 3_600_000
_MAX_TICKS = 4000  # safety net: never loop forever on a degenerate viewport


@dataclass(frozen=True, slots=True)
class Tick:
    """One tick of the fine row; `major` when it also starts a coarse period.

    `label` is "" when the text would stick out of the time area (the grid line stays).
    """

    x: float
    label: str
    major: bool
    ms: float


@dataclass(frozen=True, slots=True)
class AxisSpan:
    """One period of the coarse row, [x0, x1); its label is drawn at `text_x`, already elided."""

    x0: float
    x1: float
    label: str
    text_x: float


@dataclass(frozen=True, slots=True)
class Axis:
    """Both rows of the axis in canvas x coordinates."""

    ticks: tuple[Tick, ...]
    spans: tuple[AxisSpan, ...]
    step: str
    zone_label: str
    """The display zone and its UTC offset in the middle of the view: "Asia/Damascus (UTC+2)"."""
    zone_name: str
    offset_label: str
    """Just the offset, e.g. "UTC+2" (or "UTC+5:30")."""


@dataclass(frozen=True, slots=True)
class _Step:
    unit: str
    count: int
    min_ms: float  # shortest real duration of one step (DST days are 23 h)
    coarse_unit: str
    coarse_count: int


def _s(unit: str, count: int, min_ms: float, coarse: tuple[str, int]) -> _Step:
    return _Step(unit, count, min_ms, coarse[0], coarse[1])


_DAY, _MONTH, _YEAR = ("day", 1), ("month", 1), ("year", 1)
_DECADE, _CENTURY, _MILLENNIUM = ("year", 10), ("year", 100), ("year", 1000)
STEPS: tuple[_Step, ...] = (
    *(_s("second", n, n * 1000, _DAY) for n in (1, 5, 15, 30)),
    *(_s("minute", n, n * 60_000, _DAY) for n in (1, 5, 15, 30)),
    *(_s("hour", n, n * _HOUR, _DAY) for n in (1, 3, 6, 12)),
    _s("day", 1, MS_PER_DAY - _HOUR, _MONTH),
    _s("week", 1, 7 * MS_PER_DAY - _HOUR, _MONTH),
    *(_s("month", n, n * 28 * MS_PER_DAY - _HOUR, _YEAR) for n in (1, 3, 6)),
    *(_s("year", n, n * 365 * MS_PER_DAY - _HOUR, _DECADE) for n in (1, 2, 5)),
    *(_s("year", n, n * 365 * MS_PER_DAY - _HOUR, _CENTURY) for n in (10, 20, 50)),
    *(_s("year", n, n * 365 * MS_PER_DAY - _HOUR, _MILLENNIUM) for n in (100, 200, 500)),
)

_SAMPLES: dict[str, tuple[str, ...]] = {
    "second": ("00:00:00",),
    "minute": ("00:00",),
    "hour": ("00h", "20h"),
    "day": ("28", "30"),
    "week": ("28", "30"),
    "month": MONTHS,
    "year": ("2000", "1988"),
}


@lru_cache(maxsize=64)
def zone_info(zone: str) -> ZoneInfo:
    """Cached ZoneInfo lookup (construction reads tzdata)."""
    return ZoneInfo(zone)


def compute_axis(
    viewport: Viewport,
    *,
    measure_text: Callable[[str], float],
    zone: str = "UTC",
    min_spacing_px: float = 48.0,
    label_gap_px: float = 10.0,
    x_offset: float = 0.0,
) -> Axis:
    """Choose the finest step whose labels fit and lay out both axis rows.

    `x_offset` is where the time area starts on the canvas (right of the lane headers). An
    unknown `zone` raises zoneinfo.ZoneInfoNotFoundError (the settings dialog should validate).
    """
    tz = zone_info(zone)
    lo, hi = viewport.start_ms, viewport.end_ms
    mpp = viewport.ms_per_px
    step = _choose_step(mpp, measure_text, min_spacing_px, label_gap_px)
    coarse_bounds = list(_boundaries(step.coarse_unit, step.coarse_count, lo, hi, tz))
    coarse_ms = {ms for ms, _ in coarse_bounds}

    ticks: list[Tick] = []
    right = x_offset + viewport.width
    last_x = last_w = None
    for ms, local in _boundaries(step.unit, step.count, lo, hi, tz):
        if ms < lo or ms > hi:
            continue
        x = x_offset + (ms - lo) / mpp
        label = _fine_label(step.unit, local)
        w = measure_text(label)
        if last_x is not None and (
            x - last_x < min_spacing_px or x - last_x < (w + last_w) / 2 + label_gap_px
        ):
            continue  # a DST gap or a short month would crowd labels: skip this one
        shown = label if x_offset <= x - w / 2 and x + w / 2 <= right else ""  # never half-cut
        ticks.append(Tick(x, shown, ms in coarse_ms, ms))
        last_x, last_w = x, w

    spans: list[AxisSpan] = []
    for (ms0, local0), (ms1, _) in pairwise(coarse_bounds):
        x0 = x_offset + (ms0 - lo) / mpp
        x1 = x_offset + (ms1 - lo) / mpp
        if x1 <= x_offset or x0 >= right:
            continue
        text_x = max(x0, x_offset) + 4.0
        label = elide(
            _coarse_label(step.coarse_unit, step.coarse_count, local0),
            min(x1, right) - text_x - 4.0,
            measure_text,
        )
        spans.append(AxisSpan(x0, x1, label, text_x))
    offset = _offset_label(tz, (lo + hi) / 2)
    zone_label = zone if zone == "UTC" else f"{zone} ({offset})"
    return Axis(tuple(ticks), tuple(spans), _step_name(step), zone_label, zone, offset)


def _choose_step(
    mpp: float, measure_text: Callable[[str], float], min_spacing: float, gap: float
) -> _Step:
    """Finest step whose shortest period is wider than both the minimum spacing and a label."""
    widths: dict[str, float] = {}
    for step in STEPS:
        px = step.min_ms / mpp
        if px < min_spacing:
            continue
        if step.unit not in widths:
            widths[step.unit] = max(measure_text(s) for s in _SAMPLES[step.unit])
        if px >= widths[step.unit] + gap:
            return step
    return STEPS[-1]


def _boundaries(
    unit: str, count: int, lo_ms: float, hi_ms: float, tz: ZoneInfo
) -> Iterator[tuple[float, datetime]]:
    """Yield (epoch ms, naive local time) of period starts from the one at/before lo to past hi.

    Walks in naive local wall time and converts each instant through the zone; instants that do
    not move forward (a skipped DST hour) are dropped.
    """
    try:
        local = (_EPOCH + timedelta(milliseconds=lo_ms)).astimezone(tz).replace(tzinfo=None)
    except OverflowError:
        return
    local = _floor(local, unit, count)
    last = None
    for _ in range(_MAX_TICKS):
        ms = local.replace(tzinfo=tz).timestamp() * 1000.0
        if last is None or ms > last:
            yield ms, local
            last = ms
        if ms > hi_ms:
            return
        try:
            local = _advance(local, unit, count)
        except (OverflowError, ValueError):
            return


def _floor(dt: datetime, unit: str, n: int) -> datetime:
    """Start of the step-aligned period containing dt (local wall time)."""
    dt = dt.replace(microsecond=0)
    if unit == "second":
        return dt.replace(second=dt.second - dt.second % n)
    dt = dt.replace(second=0)
    if unit == "minute":
        return dt.replace(minute=dt.minute - dt.minute % n)
    dt = dt.replace(minute=0)
    if unit == "hour":
        return dt.replace(hour=dt.hour - dt.hour % n)
    dt = dt.replace(hour=0)
    if unit == "day":
        return dt
    if unit == "week":
        return dt - timedelta(days=dt.weekday())
    if unit == "month":
        return dt.replace(day=1, month=(dt.month - 1) // n * n + 1)
    return dt.replace(day=1, month=1, year=max(1, dt.year - dt.year % n))


def _advance(dt: datetime, unit: str, n: int) -> datetime:
    """Next period start after dt (local wall time, calendar arithmetic)."""
    if unit == "second":
        return dt + timedelta(seconds=n)
    if unit == "minute":
        return dt + timedelta(minutes=n)
    if unit == "hour":
        return dt + timedelta(hours=n)
    if unit == "day":
        return dt + timedelta(days=1)
    if unit == "week":
        return dt + timedelta(days=7)
    if unit == "month":
        m = dt.month - 1 + n
        return dt.replace(year=dt.year + m // 12, month=m % 12 + 1)
    return dt.replace(year=(dt.year // n + 1) * n)


def _fine_label(unit: str, dt: datetime) -> str:
    if unit == "second":
        return f"{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}"
    if unit == "minute":
        return f"{dt.hour:02d}:{dt.minute:02d}"
    if unit == "hour":
        return f"{dt.hour:02d}h"
    if unit in ("day", "week"):
        return str(dt.day)
    if unit == "month":
        return MONTHS[dt.month - 1]
    return str(dt.year)


def _coarse_label(unit: str, n: int, dt: datetime) -> str:
    if unit == "day":
        return f"{WEEKDAYS[dt.weekday()]} {dt.day} {MONTHS[dt.month - 1]} {dt.year}"
    if unit == "month":
        return f"{MONTHS[dt.month - 1]} {dt.year}"
    if n == 1:
        return str(dt.year)
    if n == 10:
        return f"{dt.year}s"
    return f"{dt.year}–{dt.year // n * n + n - 1}"


def _step_name(step: _Step) -> str:
    return f"{step.count} {step.unit}{'s' if step.count > 1 else ''}"


def _offset_label(tz: ZoneInfo, at_ms: float) -> str:
    """'UTC+2', 'UTC-3:30': the zone's offset at a moment (offsets change with DST and law)."""
    try:
        offset = (_EPOCH + timedelta(milliseconds=at_ms)).astimezone(tz).utcoffset()
    except OverflowError:
        return "UTC"
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    h, m = divmod(abs(minutes), 60)
    return f"UTC{sign}{h}" + (f":{m:02d}" if m else "")
