"""The raw floor: a scene's visible shapes painted by a minimal QPainter loop, no app code.

The shapes are first copied out of the scene into plain tuples (not timed), then painted
with the cheapest calls QPainter offers for them: integer fillRect for lanes, bands, bars and
cluster bands, one drawLines for the grid, a pre-drawn diamond image per colour for point
markers, QStaticText for labels and badges. What the app's frame costs above this is its
own overhead (data fetch, layout, and the Python side of painting).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QLineF, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPolygonF, QStaticText

Shapes = dict[str, list]


def extract(scene) -> Shapes:
    """Plain tuples of everything the scene shows (read from the Scene's public fields)."""
    return {
        "lanes": [(lane.y0, lane.y1 - lane.y0, lane.color, lane.title) for lane in scene.lanes],
        "ticks": [t.x for t in scene.axis.ticks],
        "tick_labels": [(t.x, t.label) for t in scene.axis.ticks],
        "bands": [
            (b[0], m.y, b[1] - b[0], m.color)
            for m in scene.markers
            for b in (m.start_band, m.end_band)
            if b is not None
        ],
        "spans": [(m.x, m.y, m.x1 - m.x, m.color) for m in scene.markers if m.kind == "span"],
        "points": [(m.x, m.y, m.color) for m in scene.markers if m.kind == "point"],
        "labels": [(lb.x, lb.y, lb.elided) for lb in scene.labels],
        "clusters": [
            (c.x0, c.y0, c.x1 - c.x0, c.y1 - c.y0, c.color, c.badge) for c in scene.clusters
        ],
        "size": (int(scene.width), int(scene.height), scene.time_left),
    }


class RawPainter:
    """Paints Shapes; keeps its text layouts and marker images between frames (as any fast
    painter would), so a repeated frame measures painting, not set-up."""

    def __init__(self) -> None:
        self.font = QFont()
        self.font.setPixelSize(12)
        self.texts: dict[str, QStaticText] = {}
        self.diamonds: dict[str, QImage] = {}
        self.colors: dict[str, QColor] = {}

    def _color(self, name: str) -> QColor:
        c = self.colors.get(name)
        if c is None:
            c = self.colors[name] = QColor(name)
        return c

    def _text(self, text: str) -> QStaticText:
        st = self.texts.get(text)
        if st is None:
            st = self.texts[text] = QStaticText(text)
            st.prepare(font=self.font)
        return st

    def _diamond(self, color: str) -> QImage:
        image = self.diamonds.get(color)
        if image is None:
            image = QImage(14, 14, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            p = QPainter(image)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setBrush(self._color(color))
            p.drawPolygon(QPolygonF([QPointF(7, 1), QPointF(13, 7), QPointF(7, 13), QPointF(1, 7)]))
            p.end()
            self.diamonds[color] = image
        return image

    def paint(self, image: QImage, shapes: Shapes) -> float:
        """Paint the shapes into `image`; return the milliseconds it took."""
        t0 = time.perf_counter()
        w, h, left = shapes["size"]
        p = QPainter(image)
        p.fillRect(0, 0, w, h, Qt.GlobalColor.white)
        fill = p.fillRect
        for y, lh, color, _title in shapes["lanes"]:
            fill(int(left), int(y), w - int(left), int(lh), self._color(color).lighter(190))
        p.setPen(QColor("#ddd"))
        p.drawLines([QLineF(x, 20, x, h) for x in shapes["ticks"]])
        p.setFont(self.font)
        draw_text = p.drawStaticText
        for x, label in shapes["tick_labels"]:
            draw_text(QPointF(x, 22), self._text(label))
        for x, y, cw, ch, color, _badge in shapes["clusters"]:
            fill(int(x), int(y), int(cw), int(ch), self._color(color))
        for x, y, bw, color in shapes["bands"]:
            fill(int(x), int(y) - 4, max(1, int(bw)), 9, self._color(color))
        for x, y, sw, color in shapes["spans"]:
            fill(int(x), int(y) - 6, max(2, int(sw)), 12, self._color(color))
        draw_image = p.drawImage
        for x, y, color in shapes["points"]:
            draw_image(int(x) - 7, int(y) - 7, self._diamond(color))
        p.setPen(Qt.GlobalColor.black)
        for x, y, text in shapes["labels"]:
            draw_text(QPointF(int(x), int(y)), self._text(text))
        for x, y, cw, ch, _color, badge in shapes["clusters"]:
            draw_text(QPointF(int(x + cw / 2), int(y + ch / 2) - 6), self._text(badge))
        p.end()
        return (time.perf_counter() - t0) * 1000
