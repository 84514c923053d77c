"""The raw floor: a scene's visible shapes painted by a minimal QPainter loop, no app code.

The shapes are first copied out of the scene into plain tuples (not timed), then painted
with the cheapest calls QPainter offers for them. It paints every element the app's frame
shows, with the same number of marks, so `ratio_to_raw` compares equal work:
- the background; per lane its band, header box, colour stripe and title;
- the axis: its background, minor and major grid lines (two drawLines), the line under it,
  fine and coarse labels, and the zone name and offset left of it;
- cluster bands (one fillRect each) and their count badges (a pre-drawn image per count
  text and colour, blitted);
- uncertainty bands (a translucent fill with a whisker and two end caps: four fillRects);
- span bars (outer and inner fillRect; a dashed outline when unsourced; a pre-drawn "!"
  badge when disputed), point markers (a pre-drawn diamond per colour), labels (QStaticText).
Fills and lines are drawn without antialiasing, as the app draws them; the dashed outlines
with it, as the app does. What differs from the app's frame, on purpose: colours are
approximate (the cost of a fill does not depend on its colour), all text uses one font, and
selection halos are not drawn (a selected event is one mark among thousands).
What the app's frame costs above this is its own overhead: data fetch, layout, and the
Python side of painting.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen, QPolygonF, QStaticText

Shapes = dict[str, list]


def extract(scene) -> Shapes:
    """Plain tuples of everything the scene shows (read from the Scene's public fields)."""
    axis, style = scene.axis, scene.style
    return {
        "lanes": [
            (lane.y0, lane.y1 - lane.y0, lane.color, lane.title, lane.header.w)
            for lane in scene.lanes
        ],
        "minor": [t.x for t in axis.ticks if not t.major],
        "major": [t.x for t in axis.ticks if t.major],
        "coarse_lines": [s.x0 for s in axis.spans],
        "tick_labels": [(t.x, t.label) for t in axis.ticks if t.label],
        "coarse_labels": [(s.text_x, s.label) for s in axis.spans if s.label],
        "zone": [axis.zone_name, axis.offset_label],
        "bands": [
            (b[0], m.y, b[1] - b[0], m.color)
            for m in scene.markers
            for b in (m.start_band, m.end_band)
            if b is not None
        ],
        "spans": [
            (m.x, m.y, m.x1 - m.x, m.color, m.unsourced and not m.disputed, m.disputed)
            for m in scene.markers
            if m.kind == "span"
        ],
        "points": [(m.x, m.y, m.color) for m in scene.markers if m.kind == "point"],
        "labels": [(lb.x, lb.y, lb.elided) for lb in scene.labels],
        "clusters": [
            (c.x0, c.y0, c.x1 - c.x0, c.y1 - c.y0, c.color, c.badge) for c in scene.clusters
        ],
        "size": (
            int(scene.width),
            int(scene.height),
            scene.time_left,
            style.axis_coarse_height,
            style.axis_height,
        ),
    }


class RawPainter:
    """Paints Shapes; keeps its text layouts and pre-drawn images between frames (as any
    fast painter would), so a repeated frame measures painting, not set-up."""

    def __init__(self) -> None:
        self.font = QFont()
        self.font.setPixelSize(12)
        self.texts: dict[str, QStaticText] = {}
        self.images: dict[tuple[str, str], QImage] = {}
        self.colors: dict[tuple[str, int, int], QColor] = {}

    def _color(self, name: str, alpha: int = 255, lighter: int = 100) -> QColor:
        """A colour, translucent only where the app blends too (opaque fills are cheaper)."""
        c = self.colors.get((name, alpha, lighter))
        if c is None:
            c = self.colors[name, alpha, lighter] = QColor(name).lighter(lighter)
            c.setAlpha(alpha)
        return c

    def _text(self, text: str) -> QStaticText:
        st = self.texts.get(text)
        if st is None:
            st = self.texts[text] = QStaticText(text)
            st.prepare(font=self.font)
        return st

    def _image(self, kind: str, key: str, width: int, height: int) -> QImage:
        """A pre-drawn diamond, count badge or "!" badge, made on first use."""
        image = self.images.get((kind, key))
        if image is not None:
            return image
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        p = QPainter(image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if kind == "diamond":
            p.setBrush(self._color(key))
            p.drawPolygon(QPolygonF([QPointF(7, 1), QPointF(13, 7), QPointF(7, 13), QPointF(1, 7)]))
        elif kind == "badge":
            color, text = key.split("|", 1)
            p.setBrush(self._color(color, lighter=150))
            p.drawRoundedRect(QRectF(0.5, 0.5, width - 1, height - 1), 8, 8)
            p.setFont(self.font)
            p.drawText(QRectF(0, 0, width, height), Qt.AlignmentFlag.AlignCenter, text)
        else:  # the disputed "!"
            p.setBrush(QColor("#d32f2f"))
            p.drawEllipse(QRectF(1, 1, width - 2, height - 2))
        p.end()
        self.images[kind, key] = image
        return image

    def paint(self, image: QImage, shapes: Shapes) -> float:
        """Paint the shapes into `image`; return the milliseconds it took."""
        t0 = time.perf_counter()
        w, h, left, coarse_h, axis_h = shapes["size"]
        tl = int(left)
        p = QPainter(image)
        fill = p.fillRect
        fill(0, 0, w, h, Qt.GlobalColor.white)
        p.setFont(self.font)
        draw_text = p.drawStaticText
        for y, lh, color, title, header_w in shapes["lanes"]:
            fill(tl, int(y), w - tl, int(lh), self._color(color, lighter=190))
            fill(0, int(y), int(header_w), int(lh), self._color(color, lighter=150))
            fill(0, int(y), 5, int(lh), self._color(color))
            draw_text(QPointF(10, int(y) + 4), self._text(title))
        for x, y, cw, ch, color, _badge in shapes["clusters"]:
            fill(int(x), int(y), int(cw), int(ch), self._color(color))
        fill(0, 0, w, int(axis_h), QColor("#f3f4f6"))
        p.setPen(QColor("#e6e8eb"))
        p.drawLines([QLineF(x, coarse_h, x, h) for x in shapes["minor"]])
        p.setPen(QColor("#b9bec6"))
        p.drawLines(
            [QLineF(x, coarse_h, x, h) for x in shapes["major"]]
            + [QLineF(x, 0, x, coarse_h) for x in shapes["coarse_lines"]]
        )
        p.drawLine(QLineF(left, axis_h - 0.5, w, axis_h - 0.5))
        p.setPen(Qt.GlobalColor.black)
        for x, label in shapes["tick_labels"]:
            st = self._text(label)
            draw_text(QPointF(x - st.size().width() / 2, coarse_h + 2), st)
        for x, label in shapes["coarse_labels"]:
            draw_text(QPointF(x, 2), self._text(label))
        for i, text in enumerate(shapes["zone"]):
            draw_text(QPointF(4, 2 + i * coarse_h), self._text(text))
        for x, y, bw, color in shapes["bands"]:
            x, y, bw, solid = int(x), int(y), max(1, int(bw)), self._color(color)
            fill(x, y - 4, bw, 9, self._color(color, 70))
            fill(x, y, bw, 1, solid)
            fill(x, y - 4, 1, 9, solid)
            fill(x + bw - 1, y - 4, 1, 9, solid)
        dashed = []
        for x, y, sw, color, unsourced, _disputed in shapes["spans"]:
            x, y, sw = int(x), int(y) - 6, max(2, int(sw))
            if unsourced:  # hollow: a white fill and a dashed outline
                fill(x, y, sw, 12, Qt.GlobalColor.white)
                dashed.append(QRectF(x + 0.5, y + 0.5, sw - 1, 11))
                continue
            fill(x, y, sw, 12, self._color(color))
            fill(x + 1, y + 1, sw - 2, 10, self._color(color, lighter=140))
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(QColor("#555"), 1.2, Qt.PenStyle.DashLine))
        for rect in dashed:
            p.drawRect(rect)
        draw_image = p.drawImage
        bang = self._image("bang", "", 11, 11)
        for x, y, _sw, _color, _unsourced, disputed in shapes["spans"]:
            if disputed:
                draw_image(int(x) - 5, int(y) - 11, bang)
        for x, y, color in shapes["points"]:
            draw_image(int(x) - 7, int(y) - 7, self._image("diamond", color, 14, 14))
        p.setPen(Qt.GlobalColor.black)
        for x, y, text in shapes["labels"]:
            draw_text(QPointF(int(x), int(y)), self._text(text))
        for x, y, cw, ch, color, badge in shapes["clusters"]:
            sprite = self._image("badge", f"{color}|{badge}", 8 * len(badge) + 12, 18)
            draw_image(int(x + (cw - sprite.width()) / 2), int(y + ch / 2) - 9, sprite)
        p.end()
        return (time.perf_counter() - t0) * 1000
