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

from timeline_app.render.style import QtKit, darker, qcolor

_BADGE_R = 4.5


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


class MarkerSprites:
    """Cache of pre-drawn markers keyed by look (colour, flags, radius, device pixel ratio)."""

    def __init__(self, kit: QtKit) -> None:
        self._kit = kit
        self._cache: dict[tuple, tuple[QImage, int]] = {}

    def get(
        self, color: str, r: float, dpr: float, hollow: bool, disputed: bool, selected: bool
    ) -> tuple[QImage, int]:
        """(sprite, half size in whole px): draw it at (round(x) - half, round(y) - half)."""
        key = (color, r, dpr, hollow, disputed, selected)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = self._make(color, r, dpr, hollow, disputed, selected)
        return hit

    def badge(self, dpr: float) -> tuple[QImage, int]:
        """(sprite, half size) of the disputed badge alone, centred like draw_disputed_badge."""
        key = ("badge", dpr)
        hit = self._cache.get(key)
        if hit is None:
            half = ceil(_BADGE_R + 1.0)
            image = _blank(half, dpr)
            p = QPainter(image)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            draw_disputed_badge(p, half, half, self._kit)
            p.end()
            hit = self._cache[key] = (image, half)
        return hit

    def _make(
        self, color: str, r: float, dpr: float, hollow: bool, disputed: bool, selected: bool
    ) -> tuple[QImage, int]:
        half = ceil(r + 7.0)
        image = _blank(half, dpr)
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


def _blank(half: int, dpr: float) -> QImage:
    """A transparent square sprite of 2*half logical pixels for a device pixel ratio."""
    side = ceil(2 * half * dpr)
    image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(dpr)
    image.fill(Qt.GlobalColor.transparent)
    return image
