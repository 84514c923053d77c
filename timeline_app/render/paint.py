"""The one drawing routine: paint a laid-out Scene (and the overview strip) onto any QPainter.

The timeline widget's paintEvent and every exporter (PNG, SVG, PDF) call `paint_scene`, so an
export looks exactly like the screen. Nothing here decides *where* things go - layout did that;
this module only turns shapes into paint calls.

Speed: in a 1,500-event frame the cost is Python-side (building QRectF/QPointF objects, one
call per shape), not Qt's rasterising. So markers are blitted from pre-drawn sprites on raster
devices, bands and bars are integer fillRect calls with opaque pre-mixed colours (alpha blending
large areas is slow), and text is cached QStaticText (laid out once, drawn many times).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from weakref import WeakKeyDictionary

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from timeline_app.layout.shapes import Label, Scene
from timeline_app.layout.text import isolate
from timeline_app.render.markers import (
    MarkerSprites,
    draw_disputed_badge,
    draw_point_marker,
    sprites_usable,
)
from timeline_app.render.overview_paint import paint_overview
from timeline_app.render.style import QtKit, RenderStyle, darker, qcolor, qt_kit, tint

__all__ = ["paint_overview", "paint_scene"]

_ALIGN_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_ALIGN_CENTER = Qt.AlignmentFlag.AlignCenter
_SPRITES: WeakKeyDictionary[QtKit, MarkerSprites] = WeakKeyDictionary()


def paint_scene(painter: QPainter, scene: Scene, style: RenderStyle) -> None:
    """Draw background, lanes, axis and grid, clusters, events and labels, in that order."""
    kit = qt_kit(style)
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.fillRect(QRectF(0.0, 0.0, scene.width, scene.height), kit.background)
        _paint_lanes(painter, scene, kit)
        _paint_cluster_bands(painter, scene, kit)
        _paint_axis(painter, scene, kit)
        top = scene.axis_height
        painter.setClipRect(
            QRectF(scene.time_left, top, scene.time_right - scene.time_left, scene.height - top),
            Qt.ClipOperation.IntersectClip,
        )
        _paint_uncertainty(painter, scene, kit)
        _paint_spans(painter, scene, kit)
        _paint_points(painter, scene, kit)
        _paint_labels(painter, scene.labels, kit)
        _paint_cluster_badges(painter, scene, kit)
    finally:
        painter.restore()


def _paint_lanes(painter: QPainter, scene: Scene, kit: QtKit) -> None:
    """Faintly tinted lane bands; headers with a colour stripe and the lane title."""
    style = kit.style
    tl, tr = scene.time_left, scene.time_right
    painter.setFont(kit.title_font)
    for lane in scene.lanes:
        h = lane.y1 - lane.y0
        if style.lane_band_alpha:
            band = qcolor(_band_hex(lane.color, style))  # opaque: alpha fills are slow
            painter.fillRect(QRectF(tl, lane.y0, tr - tl, h), band)
        header = lane.header
        if header.w <= 0:
            continue
        header_fill = tint(lane.color, style.header_alpha / 255, style.background)
        painter.fillRect(QRectF(header.x, header.y, header.w, header.h), header_fill)
        painter.fillRect(QRectF(0.0, lane.y0, style.stripe_width, h), qcolor(lane.color))
        left = style.stripe_width + 5.0
        width = header.w - left - 4.0
        title = kit.title_metrics.elidedText(lane.title, Qt.TextElideMode.ElideRight, width)
        painter.setPen(darker(lane.color, 140))
        painter.drawText(QRectF(left, lane.y0 + 4.0, width, 18.0), _ALIGN_LEFT, isolate(title))


def _paint_axis(painter: QPainter, scene: Scene, kit: QtKit) -> None:
    """Axis background, grid lines through the lanes, fine labels and the coarse row above."""
    axis, tl, tr = scene.axis, scene.time_left, scene.time_right
    coarse_h, ah, bottom = scene.style.axis_coarse_height, scene.axis_height, scene.height
    painter.fillRect(QRectF(0.0, 0.0, scene.width, ah), kit.axis_background)
    painter.save()
    painter.setClipRect(QRectF(tl, 0.0, tr - tl, bottom), Qt.ClipOperation.IntersectClip)
    minor = [QLineF(t.x, coarse_h, t.x, bottom) for t in axis.ticks if not t.major]
    major = [QLineF(t.x, coarse_h, t.x, bottom) for t in axis.ticks if t.major]
    major += [QLineF(s.x0, 0.0, s.x0, coarse_h) for s in axis.spans if tl <= s.x0 <= tr]
    painter.setPen(kit.grid_pen)
    painter.drawLines(minor)
    painter.setPen(kit.grid_major_pen)
    painter.drawLines(major)
    painter.drawLine(QLineF(tl, ah - 0.5, tr, ah - 0.5))
    painter.setFont(kit.font)
    dy = (scene.style.axis_fine_height - kit.font_height) / 2
    painter.setPen(kit.axis_pen)
    for t in axis.ticks:
        st = kit.static_text(t.label)
        painter.drawStaticText(QPointF(t.x - st.size().width() / 2, coarse_h + dy), st)
    dy = (coarse_h - kit.font_height) / 2
    painter.setPen(kit.axis_coarse_pen)
    for s in axis.spans:
        if s.label:
            painter.drawStaticText(QPointF(s.text_x, dy), kit.static_text(s.label))
    painter.restore()
    if tl > 8:  # the display zone above the lane headers: name, then offset
        painter.setPen(kit.axis_pen)
        painter.setFont(kit.badge_font)
        elide = kit.badge_metrics.elidedText
        for text, y, h in (
            (axis.zone_name, 0.0, coarse_h),
            (axis.offset_label, coarse_h, ah - coarse_h),
        ):
            label = elide(text, Qt.TextElideMode.ElideRight, tl - 8)
            painter.drawText(QRectF(4.0, y, tl - 8.0, h), _ALIGN_LEFT, label)


def _band_hex(color: str, style: RenderStyle) -> str:
    """The opaque colour of a lane's band, to pre-mix fills that sit on it."""
    return _mix_hex(color, style.lane_band_alpha, style.background)


@lru_cache(maxsize=256)
def _mix_hex(color: str, alpha: int, over: str) -> str:
    return tint(color, alpha / 255, over).name()


def _paint_cluster_bands(painter: QPainter, scene: Scene, kit: QtKit) -> None:
    """Density bands, darker for denser clusters (opaque pre-mixed fills: alpha is slow)."""
    style = kit.style
    lo, hi = style.cluster_alpha_min, style.cluster_alpha_max
    tl, tr = scene.time_left, scene.time_right
    for c in scene.clusters:
        x0, x1 = max(c.x0 + 1.0, tl), min(c.x1 - 1.0, tr)
        if x1 > x0:
            alpha = lo + (hi - lo) * c.intensity
            fill = tint(c.color, alpha / 255, _band_hex(c.color, style))
            painter.fillRect(QRectF(x0, c.y0, x1 - x0, c.y1 - c.y0), fill)


def _paint_cluster_badges(painter: QPainter, scene: Scene, kit: QtKit) -> None:
    """A rounded badge with the count on each cluster, above everything else."""
    painter.setFont(kit.badge_font)
    text_pen = QPen(qcolor(kit.style.badge_text))
    dy = (16.0 - kit.badge_height) / 2
    for c in scene.clusters:
        text = kit.badge_text(c.badge)
        w = text.size().width() + 10.0
        rect = QRectF((c.x0 + c.x1 - w) / 2, c.y - 8.0, w, 16.0)
        painter.setPen(darker(c.color, 120))
        painter.setBrush(tint(c.color, 0.35))
        painter.drawRoundedRect(rect, 8.0, 8.0)
        painter.setPen(text_pen)
        painter.drawStaticText(QPointF(rect.x() + 5.0, rect.y() + dy), text)


def _paint_uncertainty(painter: QPainter, scene: Scene, kit: QtKit) -> None:
    """Faded earliest..latest bands with a whisker and end caps in the lane colour.

    Drawn with integer fillRect calls: in a 1,500-event frame building QRectF objects in
    Python costs more than the painting itself, and whole pixels keep the thin whiskers crisp.
    """
    half = round(scene.style.marker_radius * 0.75)
    alpha = kit.style.uncertainty_alpha
    fill = painter.fillRect
    for m in scene.markers:
        for band in (m.start_band, m.end_band):
            if band is None:
                continue
            b0, b1, y = round(band[0]), round(band[1]), round(m.y)
            w = max(1, b1 - b0)
            solid = qcolor(m.color)
            fill(b0, y - half, w, 2 * half + 1, qcolor(m.color, alpha))
            fill(b0, y, w, 1, solid)
            fill(b0, y - half, 1, 2 * half + 1, solid)
            fill(b0 + w - 1, y - half, 1, 2 * half + 1, solid)


def _paint_spans(painter: QPainter, scene: Scene, kit: QtKit) -> None:
    """Span bars: tinted fill, hollow when unsourced, red outline and badge when disputed.

    Solid outlines are an outer filled rectangle under an inner one (cheaper than a stroke);
    only the dashed outline of unsourced spans is stroked.
    """
    style = kit.style
    half = round(scene.style.span_bar_height / 2)
    fill = painter.fillRect
    spans = [m for m in scene.markers if m.kind == "span"]
    dashed = []
    for m in spans:
        x0, y0 = round(m.x), round(m.y) - half
        w, h = max(2, round(m.x1) - x0), 2 * half
        if m.unsourced and not m.disputed:
            fill(x0, y0, w, h, kit.background)
            dashed.append((m.color, QRectF(x0 + 0.5, y0 + 0.5, w - 1.0, h - 1.0)))
            continue
        edge = 2 if m.disputed else 1
        fill(x0, y0, w, h, qcolor(style.disputed) if m.disputed else darker(m.color, 120))
        inner = kit.background if m.unsourced else _span_fill(m.color, style)
        fill(x0 + edge, y0 + edge, max(0, w - 2 * edge), h - 2 * edge, inner)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for color, rect in dashed:
        painter.setPen(QPen(qcolor(color), 1.2, Qt.PenStyle.DashLine))
        painter.drawRect(rect)
    painter.setPen(kit.selection_pen)
    for m in spans:
        if m.selected:
            x0 = round(m.x)
            w = max(2, round(m.x1) - x0)
            painter.drawRect(QRectF(x0 - 3, round(m.y) - half - 3, w + 6, 2 * half + 6))
    disputed = [m for m in spans if m.disputed]
    if disputed and sprites_usable(painter):
        image, r = _sprites(kit).badge(_device_ratio(painter))
        for m in disputed:
            painter.drawImage(round(m.x) - r, round(m.y) - half - r, image)
    else:
        for m in disputed:
            draw_disputed_badge(painter, round(m.x), round(m.y) - half, kit)


def _span_fill(color: str, style: RenderStyle) -> QColor:
    """Opaque bar fill: the lane colour at `span_fill_alpha` over the lane band."""
    return tint(color, style.span_fill_alpha / 255, _band_hex(color, style))


def _paint_points(painter: QPainter, scene: Scene, kit: QtKit) -> None:
    """Point markers (selected ones last, so their halo is on top)."""
    r = scene.style.marker_radius
    points = [m for m in scene.markers if m.kind == "point" and not m.selected]
    points += [m for m in scene.markers if m.kind == "point" and m.selected]
    if sprites_usable(painter):
        sprites = _sprites(kit)
        dpr = _device_ratio(painter)
        looks: dict[tuple[str, bool, bool, bool], tuple[QImage, float]] = {}
        draw = painter.drawImage
        for m in points:
            look = (m.color, m.unsourced, m.disputed, m.selected)
            hit = looks.get(look)
            if hit is None:
                hit = looks[look] = sprites.get(m.color, r, dpr, *look[1:])
            image, half = hit
            draw(round(m.x) - half, round(m.y) - half, image)
        return
    for m in points:
        draw_point_marker(
            painter,
            m.x,
            m.y,
            r,
            m.color,
            kit,
            hollow=m.unsourced,
            disputed=m.disputed,
            selected=m.selected,
        )


def _sprites(kit: QtKit) -> MarkerSprites:
    sprites = _SPRITES.get(kit)
    if sprites is None:
        sprites = _SPRITES[kit] = MarkerSprites(kit)
    return sprites


def _device_ratio(painter: QPainter) -> float:
    device = painter.device()
    return device.devicePixelRatioF() if device is not None else 1.0


def _paint_labels(painter: QPainter, labels: Sequence[Label], kit: QtKit) -> None:
    """Plain-text titles, grouped by pen; right-to-left titles laid out right-to-left.

    Each title is drawn in a bidi isolate (FSI ... PDI): an override character inside one
    title (U+202E) then cannot reorder anything outside it.
    """
    painter.setFont(kit.font)
    selected = [QRectF(lb.x - 2, lb.y, lb.w + 4, lb.h) for lb in labels if lb.selected]
    if selected:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(kit.selection_brush)
        painter.drawRects(selected)
    groups: dict[str, list[Label]] = {"normal": [], "disputed": [], "unsourced": []}
    for lb in labels:
        groups["disputed" if lb.disputed else "unsourced" if lb.unsourced else "normal"].append(lb)
    dy_cache: dict[float, float] = {}
    static, draw = kit.static_text, painter.drawStaticText
    for kind, batch in groups.items():
        if not batch:
            continue
        painter.setPen(kit.label_pens[kind])
        for lb in batch:
            dy = dy_cache.get(lb.h)
            if dy is None:
                dy = dy_cache[lb.h] = (lb.h - kit.font_height) / 2
            if lb.rtl:
                painter.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
                draw(round(lb.x), round(lb.y + dy), static(isolate(lb.elided), True))
                painter.setLayoutDirection(Qt.LayoutDirection.LayoutDirectionAuto)
            else:
                draw(round(lb.x), round(lb.y + dy), static(isolate(lb.elided)))
