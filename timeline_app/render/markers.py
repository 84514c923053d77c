"""Point markers: one vector drawing routine, and bitmap copies of it for fast screen painting.

A diamond in the lane colour; hollow when no source is cited; a red outline and a red "!" badge
when disputed; a halo when selected. On raster devices without scaling (the screen, PNG at 1:1)
each combination is drawn once into a small sprite and then blitted - ~5x faster than drawing
1,500 polygons from Python - and vector devices (SVG, PDF) get the same routine as real shapes.
"""

from __future__ import annotations

from math import ceil

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage, QPaintEngine, QPainter, QPen, QPolygonF, QTransform

from timeline_app.render.style import LruCache, QtKit, darker, qcolor

_BADGE_R = 4.5
_SPRITE_LIMIT = 1024
"""Marker looks kept (colour x flags x device pixel ratio): a few hundred in practice."""


def draw_point_marker(
    painter: QPainter,
    x: float,
    y: float,
    r: float,
    color: str,
    kit: QtKit,
    *,
    hollow: bool,
    disputed: bool,
    selected: bool,
) -> None:
    """Draw one point marker as vector shapes centred on (x, y)."""
    if selected:
        painter.setPen(kit.selection_pen)
        painter.setBrush(kit.selection_brush)
        painter.drawEllipse(QPointF(x, y), r + 4.0, r + 4.0)
    if hollow:
        pen = QPen(qcolor(color))
        pen.setWidthF(2.0)
        painter.setBrush(kit.background_brush)
    else:
        pen = QPen(darker(color))
        pen.setWidthF(1.0)
        painter.setBrush(qcolor(color))
    if disputed:
        pen = kit.disputed_pen
    painter.setPen(pen)
    painter.drawPolygon(
        QPolygonF([QPointF(x, y - r), QPointF(x + r, y), QPointF(x, y + r), QPointF(x - r, y)])
    )
    if disputed:
        draw_disputed_badge(painter, x + r * 0.9, y - r * 0.9, kit)


def draw_disputed_badge(painter: QPainter, bx: float, by: float, kit: QtKit) -> None:
    """A small red disc with a white "!" (drawn as shapes: no font needed, same everywhere)."""
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(kit.disputed_brush)
    painter.drawEllipse(QPointF(bx, by), _BADGE_R, _BADGE_R)
    pen = QPen(kit.white_pen)
    pen.setWidthF(1.4)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawLine(QPointF(bx, by - 2.6), QPointF(bx, by + 0.6))
    painter.drawPoint(QPointF(bx, by + 2.4))


def sprites_usable(painter: QPainter) -> bool:
    """Bitmaps only where they are exact: raster device, no scaling or rotation."""
    engine = painter.paintEngine()
    if engine is None or engine.type() != QPaintEngine.Type.Raster:
        return False
    return painter.worldTransform().type().value <= QTransform.TransformationType.TxTranslate.value


def sprite_half(r: float, *, disputed: bool, selected: bool) -> int:
    """Half the side of a marker's sprite: room for what this look draws, and no more.

    The diamond's outline (2 px pen, mitred corners) reaches r + 1.5; the selection halo
    r + 5; the disputed badge 0.9 r + 4.5 to the side; antialiasing and whole pixels add
    one. Most markers are plain, and their 16 px sprite blends 2.6x fewer pixels than the
    26 px one sized for every look (tests/render checks sprites against the vectors).
    """
    reach = r + 1.5
    if selected:
        reach = max(reach, r + 5.0)
    if disputed:
        reach = max(reach, 0.9 * r + _BADGE_R)
    return ceil(reach + 1.0)


class MarkerSprites:
    """Cache of pre-drawn markers keyed by look (colour, flags, radius, device pixel ratio)."""

    def __init__(self, kit: QtKit) -> None:
        self._kit = kit
        self._cache: LruCache[tuple, tuple[QImage, int]] = LruCache(_SPRITE_LIMIT)

    def get(
        self, color: str, r: float, dpr: float, hollow: bool, disputed: bool, selected: bool
    ) -> tuple[QImage, int]:
        """(sprite, half size in whole px): draw it at (round(x) - half, round(y) - half)."""
        key = (color, r, dpr, hollow, disputed, selected)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache.put(key, self._make(color, r, dpr, hollow, disputed, selected))
        return hit

    def badge(self, dpr: float) -> tuple[QImage, int]:
        """(sprite, half size) of the disputed badge alone, centred like draw_disputed_badge."""
        key = ("badge", dpr)
        hit = self._cache.get(key)
        if hit is None:
            half = ceil(_BADGE_R + 1.0)
            image = blank_sprite(2 * half, 2 * half, dpr)
            p = QPainter(image)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            draw_disputed_badge(p, half, half, self._kit)
            p.end()
            hit = self._cache.put(key, (image, half))
        return hit

    def _make(
        self, color: str, r: float, dpr: float, hollow: bool, disputed: bool, selected: bool
    ) -> tuple[QImage, int]:
        half = sprite_half(r, disputed=disputed, selected=selected)
        image = blank_sprite(2 * half, 2 * half, dpr)
        p = QPainter(image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        draw_point_marker(
            p,
            half,
            half,
            r,
            color,
            self._kit,
            hollow=hollow,
            disputed=disputed,
            selected=selected,
        )
        p.end()
        return image, half


def blank_sprite(width: int, height: int, dpr: float) -> QImage:
    """A transparent sprite of width x height logical pixels for a device pixel ratio.

    Drawn at whole logical pixels, it covers the same device pixels the vector drawing would.
    """
    image = QImage(ceil(width * dpr), ceil(height * dpr), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(dpr)
    image.fill(Qt.GlobalColor.transparent)
    return image
