"""The one drawing routine: paint a laid-out Scene (and the overview strip) onto any QPainter.

The timeline widget's paintEvent and every exporter (PNG, SVG, PDF) call `paint_scene`, so an
export looks exactly like the screen. Nothing here decides *where* things go - layout did that;
this module only turns shapes into paint calls.

Speed: a frame's cost is Python-side (one call per shape, building Qt value objects) plus
the raster engine's antialiasing, not the pixels themselves. So:
- fills (background, lanes, cluster bands, uncertainty bands, bars) are integer fillRect
  calls with opaque pre-mixed colours (alpha blending large areas is slow), painted with
  antialiasing off: on whole pixels it changes nothing but costs ~3x;
- grid lines sit on pixel centres (crisp, and cheap without antialiasing);
- antialiasing is on only for strokes and curves (outlines, markers, badges);
- markers and cluster badges are blitted from pre-drawn bitmaps on raster devices without
  scaling (`markers`, `badges`); SVG and PDF get the same shapes as vectors and text;
- text is cached QStaticText (laid out once, drawn many times), lane titles and the zone
  label too (elided once per string and width); plain ASCII titles are laid out without
  their bidi isolate marks, which change nothing for them but cost 2.5x (`QtKit.static_text`).
"""

from __future__ import annotations

from collections.abc import Sequence
from math import ceil, floor
from weakref import WeakKeyDictionary

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from timeline_app.layout.shapes import Label, Scene
from timeline_app.layout.text import isolate
from timeline_app.render.badges import (
    BadgeSprites,
    badge_origin,
    badge_width,
    draw_cluster_badge,
)
from timeline_app.render.markers import (
    MarkerSprites,
    draw_disputed_badge,
    draw_point_marker,
    sprites_usable,
)
from timeline_app.render.overview_paint import paint_overview
from timeline_app.render.style import QtKit, RenderStyle, darker, qcolor, qt_kit

__all__ = ["paint_overview", "paint_scene"]

_ANTIALIAS = QPainter.RenderHint.Antialiasing
_SPRITES: WeakKeyDictionary[QtKit, MarkerSprites] = WeakKeyDictionary()
_BADGES: WeakKeyDictionary[QtKit, BadgeSprites] = WeakKeyDictionary()


def paint_scene(painter: QPainter, scene: Scene, style: RenderStyle) -> None:
    """Draw background, lanes, axis and grid, clusters, events and labels, in that order."""
    kit = qt_kit(style)
    bitmaps = sprites_usable(painter)
    painter.save()
    try:
        painter.setRenderHint(_ANTIALIAS, False)  # fills on whole pixels: see the module docs
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.fillRect(0, 0, ceil(scene.width), ceil(scene.height), kit.background)
        _paint_lanes(painter, scene, kit)
        _paint_cluster_bands(painter, scene, kit)
        _paint_axis(painter, scene, kit)
        top = scene.axis_height
        painter.setClipRect(
            QRectF(scene.time_left, top, scene.time_right - scene.time_left, scene.height - top),
            Qt.ClipOperation.IntersectClip,
        )
        _paint_uncertainty(painter, scene, kit)
        _paint_span_bars(painter, scene, kit)
        painter.setRenderHint(_ANTIALIAS, True)  # strokes and curves from here on
        _paint_span_marks(painter, scene, kit, bitmaps)
        _paint_points(painter, scene, kit, bitmaps)
        _paint_labels(painter, scene.labels, kit)
        _paint_cluster_badges(painter, scene, kit, bitmaps)
    finally:
        painter.restore()


def _px(a: float, b: float) -> tuple[int, int]:
    """[a, b) on whole pixels: (start, length); neighbouring shapes neither gap nor overlap."""
    start = round(a)
    return start, round(b) - start


def _paint_lanes(painter: QPainter, scene: Scene, kit: QtKit) -> None:
    """Faintly tinted lane bands; headers with a colour stripe and the lane title."""
    style = kit.style
    fill = painter.fillRect
    tl, tw = _px(scene.time_left, scene.time_right)
    stripe = round(style.stripe_width)
    left = style.stripe_width + 5.0
    painter.setFont(kit.title_font)
    for lane in scene.lanes:
        y0, h = _px(lane.y0, lane.y1)
        if style.lane_band_alpha:
            fill(tl, y0, tw, h, kit.lane_band(lane.color))  # opaque: alpha fills are slow
        header = lane.header
        if header.w <= 0:
            continue
        hx, hw = _px(header.x, header.x + header.w)
        hy, hh = _px(header.y, header.y + header.h)
        fill(hx, hy, hw, hh, kit.on_background(lane.color, style.header_alpha))
        fill(0, y0, stripe, h, qcolor(lane.color))
        title = kit.elided_text(lane.title, header.w - left - 4.0, title=True)
        painter.setPen(darker(lane.color, 140))
        dy = (18.0 - title.size().height()) / 2  # centred in an 18 px line
        painter.drawStaticText(QPointF(left, round(lane.y0 + 4.0 + dy)), title)


def _paint_axis(painter: QPainter, scene: Scene, kit: QtKit) -> None:
    """Axis background, grid lines through the lanes, fine labels and the coarse row above.

    Grid lines are drawn on the centre of the pixel column holding their time (crisp 1 px
    lines, no antialiasing needed); the labels stay centred on the exact time.
    """
    axis, tl, tr = scene.axis, scene.time_left, scene.time_right
    coarse_h, ah, bottom = scene.style.axis_coarse_height, scene.axis_height, scene.height
    painter.fillRect(0, 0, ceil(scene.width), round(ah), kit.axis_background)
    painter.save()
    painter.setClipRect(QRectF(tl, 0.0, tr - tl, bottom), Qt.ClipOperation.IntersectClip)
    minor, major = [], []
    for t in axis.ticks:
        x = floor(t.x) + 0.5  # the centre of the pixel column that holds the tick
        (major if t.major else minor).append(QLineF(x, coarse_h, x, bottom))
    for s in axis.spans:
        if tl <= s.x0 <= tr:
            x = floor(s.x0) + 0.5
            major.append(QLineF(x, 0.0, x, coarse_h))
    painter.setPen(kit.grid_pen)
    painter.drawLines(minor)
    painter.setPen(kit.grid_major_pen)
    painter.drawLines(major)
    painter.drawLine(QLineF(tl, ah - 0.5, tr, ah - 0.5))
    painter.setFont(kit.font)
    dy = (scene.style.axis_fine_height - kit.font_height) / 2
    painter.setPen(kit.axis_pen)
    static, draw = kit.static_text, painter.drawStaticText
    for t in axis.ticks:
        if t.label:
            st = static(t.label)
            draw(QPointF(t.x - st.size().width() / 2, coarse_h + dy), st)
    dy = (coarse_h - kit.font_height) / 2
    painter.setPen(kit.axis_coarse_pen)
    for s in axis.spans:
        if s.label:
            draw(QPointF(s.text_x, dy), static(s.label))
    painter.restore()
    if tl > 8:  # the display zone above the lane headers: name, then offset
        painter.setPen(kit.axis_pen)
        painter.setFont(kit.badge_font)
        for text, y, h in (
            (axis.zone_name, 0.0, coarse_h),
            (axis.offset_label, coarse_h, ah - coarse_h),
        ):
            st = kit.elided_text(text, tl - 8.0, title=False)
            draw(QPointF(4.0, y + (h - kit.badge_height) / 2), st)


def _paint_cluster_bands(painter: QPainter, scene: Scene, kit: QtKit) -> None:
    """Density bands, darker for denser clusters (opaque pre-mixed fills: alpha is slow)."""
    style = kit.style
    lo, span = style.cluster_alpha_min, style.cluster_alpha_max - style.cluster_alpha_min
    tl, tr = scene.time_left, scene.time_right
    fill, on_band = painter.fillRect, kit.on_band
    for c in scene.clusters:
        x0 = round(c.x0 + 1.0 if c.x0 + 1.0 > tl else tl)
        x1 = round(c.x1 - 1.0 if c.x1 - 1.0 < tr else tr)
        if x1 > x0:
            y0 = round(c.y0)
            color = on_band(c.color, round(lo + span * c.intensity))
            fill(x0, y0, x1 - x0, round(c.y1) - y0, color)


def _paint_cluster_badges(painter: QPainter, scene: Scene, kit: QtKit, bitmaps: bool) -> None:
    """A rounded badge with the count on each cluster, above everything else."""
    clusters = scene.clusters
    if not clusters:
        return
    painter.setFont(kit.badge_font)
    tl = scene.time_left  # a cluster reaching in from the left: its badge stays in view
    if bitmaps:
        sprites = _badge_sprites(kit)
        dpr, m, draw = _device_ratio(painter), sprites.margin, painter.drawImage
        for c in clusters:
            image, w = sprites.get(c.badge, c.color, dpr)
            left, top = badge_origin(c.x0, c.x1, (c.y0 + c.y1) / 2, w)
            draw((left if left >= tl else round(tl) + 1) - m, top - m, image)
        return
    for c in clusters:
        left, top = badge_origin(c.x0, c.x1, c.y, badge_width(kit, c.badge))
        left = left if left >= tl else round(tl) + 1
        draw_cluster_badge(painter, left, top, c.badge, c.color, kit)


def _paint_uncertainty(painter: QPainter, scene: Scene, kit: QtKit) -> None:
    """Faded earliest..latest bands with a whisker and end caps in the lane colour.

    Drawn with integer fillRect calls: in a 1,500-event frame building QRectF objects in
    Python costs more than the painting itself, and whole pixels keep the thin whiskers crisp.
    A band one or two pixels wide is all end caps: one solid fill gives the same pixels.
    """
    half = round(scene.style.marker_radius * 0.75)
    tall = 2 * half + 1
    alpha = kit.style.uncertainty_alpha
    fill = painter.fillRect
    looks: dict[str, tuple[QColor, QColor]] = {}  # lane colour -> (solid, faded)
    for m in scene.markers:
        start, end = m.start_band, m.end_band
        if start is None and end is None:
            continue
        look = looks.get(m.color)
        if look is None:
            look = looks[m.color] = (qcolor(m.color), qcolor(m.color, alpha))
        solid, faded = look
        y = round(m.y)
        top = y - half
        for band in (start, end):
            if band is None:
                continue
            b0 = round(band[0])
            w = round(band[1]) - b0
            if w <= 2:
                fill(b0, top, max(1, w), tall, solid)
                continue
            fill(b0, top, w, tall, faded)
            fill(b0, y, w, 1, solid)
            fill(b0, top, 1, tall, solid)
            fill(b0 + w - 1, top, 1, tall, solid)


def _paint_span_bars(painter: QPainter, scene: Scene, kit: QtKit) -> None:
    """Span bars: tinted fill, hollow when unsourced, red edge when disputed (fills only).

    Solid outlines are an outer filled rectangle under an inner one (cheaper than a stroke);
    the dashed outline of unsourced spans is stroked by `_paint_span_marks`.
    """
    style = kit.style
    half = round(scene.style.span_bar_height / 2)
    fill = painter.fillRect
    for m in scene.markers:
        if m.kind != "span":
            continue
        x0, y0 = round(m.x), round(m.y) - half
        w, h = max(2, round(m.x1) - x0), 2 * half
        if m.unsourced and not m.disputed:
            fill(x0, y0, w, h, kit.background)
            continue
        edge = 2 if m.disputed else 1
        fill(x0, y0, w, h, qcolor(style.disputed) if m.disputed else darker(m.color, 120))
        inner = kit.background if m.unsourced else kit.on_band(m.color, style.span_fill_alpha)
        fill(x0 + edge, y0 + edge, max(0, w - 2 * edge), h - 2 * edge, inner)


def _paint_span_marks(painter: QPainter, scene: Scene, kit: QtKit, bitmaps: bool) -> None:
    """Over the bars: dashed outlines of unsourced spans, selection, disputed badges."""
    half = round(scene.style.span_bar_height / 2)
    spans = [m for m in scene.markers if m.kind == "span"]
    if not spans:
        return
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for m in spans:
        if m.unsourced and not m.disputed:
            x0, y0 = round(m.x), round(m.y) - half
            w = max(2, round(m.x1) - x0)
            painter.setPen(QPen(qcolor(m.color), 1.2, Qt.PenStyle.DashLine))
            painter.drawRect(QRectF(x0 + 0.5, y0 + 0.5, w - 1.0, 2 * half - 1.0))
    painter.setPen(kit.selection_pen)
    for m in spans:
        if m.selected:
            x0 = round(m.x)
            w = max(2, round(m.x1) - x0)
            painter.drawRect(QRectF(x0 - 3, round(m.y) - half - 3, w + 6, 2 * half + 6))
    disputed = [m for m in spans if m.disputed]
    if disputed and bitmaps:
        image, r = _sprites(kit).badge(_device_ratio(painter))
        for m in disputed:
            painter.drawImage(round(m.x) - r, round(m.y) - half - r, image)
    else:
        for m in disputed:
            draw_disputed_badge(painter, round(m.x), round(m.y) - half, kit)


def _paint_points(painter: QPainter, scene: Scene, kit: QtKit, bitmaps: bool) -> None:
    """Point markers (selected ones last, so their halo is on top)."""
    r = scene.style.marker_radius
    points = [m for m in scene.markers if m.kind == "point" and not m.selected]
    points += [m for m in scene.markers if m.kind == "point" and m.selected]
    if bitmaps:
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
        draw_point_marker(  # on whole pixels, as the bitmaps are: exports match the screen
            painter,
            round(m.x),
            round(m.y),
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


def _badge_sprites(kit: QtKit) -> BadgeSprites:
    sprites = _BADGES.get(kit)
    if sprites is None:
        sprites = _BADGES[kit] = BadgeSprites(kit)
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
    static, draw, inert = kit.static_text, painter.drawStaticText, kit.bidi_inert
    shift = kit.isolate_shift
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
            elif inert(lb.elided):  # laid out without its isolate marks: see QtKit.static_text
                draw(QPointF(round(lb.x), round(lb.y + dy) + shift), static(isolate(lb.elided)))
            else:
                draw(round(lb.x), round(lb.y + dy), static(isolate(lb.elided)))
