"""The visible time window: an immutable time<->pixel mapping for the time area of the canvas.

Every interaction (wheel zoom, drag pan, fit, overview drag) produces a *new* Viewport, so layout
results can be cached by viewport and compared cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass

MS_PER_DAY = 86_400_000
MS_PER_YEAR = 365.2425 * MS_PER_DAY

MIN_MS_PER_PX = 10.0
"""Finest zoom: 10 ms per pixel shows ~20 s on a wide screen, enough to separate minutes."""

MAX_VISIBLE_MS = 200 * MS_PER_YEAR
"""Coarsest zoom: about two centuries across the whole width."""

MIN_MS = -62_135_596_800_000.0  # 0001-01-01T00:00Z: the calendar maths (datetime) stops there
MAX_MS = 253_402_300_799_000.0  # 9999-12-31T23:59:59Z

DEFAULT_FIT_SPAN_MS = MS_PER_DAY
"""What `fit` shows around a single instant (lo == hi): one day centred on it."""


@dataclass(frozen=True, slots=True)
class Viewport:
    """Map epoch milliseconds to x pixels in the time area (x=0 is its left edge).

    `width` is the width of the time area only (the lane headers sit to its left); `height` is
    the height of the whole canvas (axis plus lanes).
    """

    start_ms: float
    ms_per_px: float
    width: int
    height: int

    @property
    def end_ms(self) -> float:
        """Time at the right edge of the time area."""
        return self.start_ms + self.ms_per_px * self.width

    @property
    def span_ms(self) -> float:
        """Duration shown across the whole width."""
        return self.ms_per_px * self.width

    def x_of(self, ms: float) -> float:
        """Pixel x (relative to the time area) of a time."""
        return (ms - self.start_ms) / self.ms_per_px

    def ms_at(self, x: float) -> float:
        """Time under pixel x (relative to the time area)."""
        return self.start_ms + x * self.ms_per_px

    def zoomed(self, factor: float, anchor_x: float) -> Viewport:
        """Zoom in by `factor` (>1 zooms in, <1 out), keeping the time under `anchor_x` fixed.

        This is wheel zoom about the cursor: what the analyst points at stays under the pointer.
        """
        if factor <= 0:
            raise ValueError(f"zoom factor must be positive, got {factor}")
        anchor_ms = self.ms_at(anchor_x)
        mpp = _clamp_ms_per_px(self.ms_per_px / factor, self.width)
        return Viewport(anchor_ms - anchor_x * mpp, mpp, self.width, self.height).clamped()

    def panned(self, dx_px: float) -> Viewport:
        """Move the content right by `dx_px` pixels (a drag to the right shows earlier times)."""
        return Viewport(
            self.start_ms - dx_px * self.ms_per_px, self.ms_per_px, self.width, self.height
        ).clamped()

    def resized(self, width: int, height: int) -> Viewport:
        """Keep start and scale when the canvas changes size (more width shows more time)."""
        mpp = _clamp_ms_per_px(self.ms_per_px, width)
        return Viewport(self.start_ms, mpp, width, height).clamped()

    def centred_on(self, ms: float) -> Viewport:
        """Same scale, with `ms` in the middle of the time area."""
        return Viewport(
            ms - self.width * self.ms_per_px / 2, self.ms_per_px, self.width, self.height
        ).clamped()

    def clamped(self) -> Viewport:
        """Keep the window inside the years 1..9999 that the calendar maths can label."""
        mpp = _clamp_ms_per_px(self.ms_per_px, self.width)
        span = mpp * max(self.width, 1)
        start = min(max(self.start_ms, MIN_MS), MAX_MS - span)
        if start == self.start_ms and mpp == self.ms_per_px:
            return self
        return Viewport(start, mpp, self.width, self.height)

    @classmethod
    def fit(
        cls, lo_ms: float, hi_ms: float, width: int, height: int, margin_px: float = 40.0
    ) -> Viewport:
        """Show [lo_ms, hi_ms] entirely with `margin_px` free on both sides.

        A single instant (lo == hi) gets a one-day window centred on it, so "fit" on one event
        does not zoom in to the millisecond.
        """
        if hi_ms < lo_ms:
            lo_ms, hi_ms = hi_ms, lo_ms
        span = hi_ms - lo_ms
        if span <= 0:
            span = DEFAULT_FIT_SPAN_MS
            lo_ms -= span / 2
        usable = max(1.0, width - 2 * margin_px)
        mpp = _clamp_ms_per_px(span / usable, width)
        centre = lo_ms + span / 2
        return cls(centre - max(width, 1) * mpp / 2, mpp, width, height).clamped()


def _clamp_ms_per_px(ms_per_px: float, width: int) -> float:
    """Limit the scale to [10 ms/px, 200 years over the width]."""
    max_mpp = MAX_VISIBLE_MS / max(width, 1)
    return min(max(ms_per_px, MIN_MS_PER_PX), max(max_mpp, MIN_MS_PER_PX))
