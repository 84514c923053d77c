"""Cluster count badges: one vector drawing routine, and bitmap copies of it for the screen.

A zoomed-out frame shows ~500 clusters, each with a rounded badge holding its count. Drawn as
vectors (pen, brush, antialiased rounded rectangle, text) that was ~12 ms a frame; blitting a
pre-drawn copy of each distinct badge (count text x lane colour) is ~1 ms. As with the point
markers, bitmaps are used only where they are exact (raster device, no scaling: the screen,
PNG at 1:1); SVG and PDF get the vector routine, so the count stays text in those files.

Both paths place a badge at whole pixels (`badge_origin`), so the copy and the drawing cover
the same pixels. The cache key holds everything the bitmap depends on besides the style
(the kit): count text, lane colour and device pixel ratio, so a recoloured category or a
changed count draws a new bitmap instead of reusing a stale one.
"""

from __future__ import annotations

from math import ceil

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QImage, QPainter

from timeline_app.render.markers import blank_sprite
from timeline_app.render.style import LruCache, QtKit, darker, tint

BADGE_HEIGHT = 16.0
BADGE_PAD = 5.0
"""Room left and right of the count text."""
_RADIUS = 8.0
_MARGIN = 1
"""Sprite border around the badge: the antialiased outline reaches half a pixel outside."""
_SPRITE_BUDGET = 16 << 20
"""Bytes of badge bitmaps kept (~5,000 badges at 1x): several frames' worth of counts."""


def badge_width(kit: QtKit, text: str) -> float:
    """Width of the badge for a count text."""
    return kit.badge_text(text).size().width() + 2 * BADGE_PAD


def badge_origin(x0: float, x1: float, y: float, width: float) -> tuple[int, int]:
    """Top-left corner of a badge centred on [x0, x1) at height y, on whole pixels."""
    return round((x0 + x1 - width) / 2), round(y - BADGE_HEIGHT / 2)


def draw_cluster_badge(
    painter: QPainter, left: float, top: float, text: str, color: str, kit: QtKit
) -> None:
    """Draw one badge as vector shapes and text, its top-left corner at (left, top).

    Expects the painter's font to be `kit.badge_font` (the count text is laid out with it).
    """
    st = kit.badge_text(text)
    width = st.size().width() + 2 * BADGE_PAD
    painter.setPen(darker(color, 120))
    painter.setBrush(tint(color, 0.35))
    painter.drawRoundedRect(QRectF(left, top, width, BADGE_HEIGHT), _RADIUS, _RADIUS)
    painter.setPen(kit.badge_text_pen)
    dy = (BADGE_HEIGHT - kit.badge_height) / 2
    painter.drawStaticText(QPointF(left + BADGE_PAD, top + dy), st)


class BadgeSprites:
    """Pre-drawn badges keyed by (count text, lane colour, device pixel ratio), LRU-bounded."""

    margin = _MARGIN

    def __init__(self, kit: QtKit, budget_bytes: int = _SPRITE_BUDGET) -> None:
        self._kit = kit
        self._cache: LruCache[tuple[str, str, float], tuple[QImage, float]] = LruCache(
            budget_bytes, weigh=lambda hit: hit[0].sizeInBytes()
        )

    def __len__(self) -> int:
        return len(self._cache)

    def get(self, text: str, color: str, dpr: float) -> tuple[QImage, float]:
        """(bitmap, badge width): draw it at `badge_origin(...)` minus `margin` on both axes."""
        key = (text, color, dpr)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache.put(key, self._make(text, color, dpr))
        return hit

    def _make(self, text: str, color: str, dpr: float) -> tuple[QImage, float]:
        kit = self._kit
        width = badge_width(kit, text)
        m = _MARGIN
        image = blank_sprite(ceil(width) + 2 * m, ceil(BADGE_HEIGHT) + 2 * m, dpr)
        p = QPainter(image)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
            p.setFont(kit.badge_font)
            draw_cluster_badge(p, m, m, text, color, kit)
        finally:
            p.end()
        return image, width
