"""Header and footer around an exported figure: title, subtitle, legend, zone, sources.

The timeline itself is still drawn by `paint_scene` (the one routine); this module only adds
what a figure in a report needs and the screen does not. Everything is drawn as plain text
(QPainter.drawText never interprets markup), so imported titles and outlets stay text; control
characters are removed first and each text is drawn in a bidi isolate (FSI ... PDI), as the
labels are.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPen

from timeline_app.layout.shapes import Scene
from timeline_app.layout.text import isolate, strip_controls
from timeline_app.render.paint import paint_scene
from timeline_app.render.style import RenderStyle, make_font, qcolor

MARGIN = 12.0
SWATCH = 10.0
_WRAP = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
_LINE = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True, slots=True)
class Decorations:
    """What is drawn around the timeline; empty strings and tuples draw nothing."""

    title: str = ""
    subtitle: str = ""
    legend: tuple[tuple[str, str], ...] = ()
    """(name, "#rrggbb") of each lane."""
    zone_note: str = ""
    """E.g. "Times shown in Asia/Damascus (UTC+2)"."""
    footnote: str = ""
    """E.g. "Sources: Middle East Eye; Reuters"."""


def _fonts(style: RenderStyle) -> tuple[QFont, QFont, QFont]:
    title = make_font(style.font_family, round(style.font_px * 1.6), bold=True)
    body = make_font(style.font_family, style.font_px)
    small = make_font(style.font_family, max(8, style.font_px - 1))
    return title, body, small


def _shown(text: str) -> str:
    """User text as drawn: no control characters, sealed in a bidi isolate."""
    return isolate(strip_controls(text))


def _wrapped_height(font: QFont, text: str, width: float) -> float:
    rect = QRectF(0.0, 0.0, max(1.0, width), 1e6)
    return QFontMetricsF(font).boundingRect(rect, int(_WRAP), _shown(text)).height()


def header_height(deco: Decorations, width: float, style: RenderStyle) -> float:
    """Height of the title block (0 without title and subtitle)."""
    title_font, body, _ = _fonts(style)
    inner = width - 2 * MARGIN
    h = 0.0
    if deco.title:
        h += _wrapped_height(title_font, deco.title, inner)
    if deco.subtitle:
        h += _wrapped_height(body, deco.subtitle, inner) + (4.0 if deco.title else 0.0)
    return h + 2 * MARGIN if h else 0.0


def _legend_rows(
    deco: Decorations, width: float, font: QFont
) -> list[list[tuple[str, str, float]]]:
    """Legend entries flowed into rows: (name, colour, entry width)."""
    metrics = QFontMetricsF(font)
    rows: list[list[tuple[str, str, float]]] = [[]]
    used, inner = 0.0, width - 2 * MARGIN
    for raw_name, color in deco.legend:
        name = strip_controls(raw_name)
        w = SWATCH + 6.0 + min(metrics.horizontalAdvance(name), inner - SWATCH - 6.0) + 18.0
        if rows[-1] and used + w > inner:
            rows.append([])
            used = 0.0
        rows[-1].append((name, color, w))
        used += w
    return [row for row in rows if row]


def footer_height(deco: Decorations, width: float, style: RenderStyle) -> float:
    """Height of the legend, zone note and sources footnote (0 when all are empty)."""
    _, body, small = _fonts(style)
    line = QFontMetricsF(body).height() + 4.0
    inner = width - 2 * MARGIN
    h = len(_legend_rows(deco, width, body)) * line
    if deco.zone_note:
        h += _wrapped_height(small, deco.zone_note, inner) + 2.0
    if deco.footnote:
        h += _wrapped_height(small, deco.footnote, inner) + 2.0
    return h + 2 * MARGIN if h else 0.0


def paint_header(painter: QPainter, deco: Decorations, width: float, style: RenderStyle) -> None:
    """Title and subtitle at the top of the figure."""
    title_font, body, _ = _fonts(style)
    inner = width - 2 * MARGIN
    y = MARGIN
    painter.setPen(QPen(qcolor(style.label_text)))
    if deco.title:
        painter.setFont(title_font)
        h = _wrapped_height(title_font, deco.title, inner)
        painter.drawText(QRectF(MARGIN, y, inner, h), int(_WRAP), _shown(deco.title))
        y += h + 4.0
    if deco.subtitle:
        painter.setFont(body)
        painter.setPen(QPen(qcolor(style.axis_text)))
        h = _wrapped_height(body, deco.subtitle, inner)
        painter.drawText(QRectF(MARGIN, y, inner, h), int(_WRAP), _shown(deco.subtitle))


def paint_footer(
    painter: QPainter, deco: Decorations, top: float, width: float, style: RenderStyle
) -> None:
    """Legend swatches, then the zone note, then the sources footnote, from `top` down."""
    _, body, small = _fonts(style)
    inner = width - 2 * MARGIN
    line = QFontMetricsF(body).height() + 4.0
    y = top + MARGIN
    painter.setFont(body)
    for row in _legend_rows(deco, width, body):
        x = MARGIN
        for name, color, w in row:
            painter.fillRect(QRectF(x, y + (line - SWATCH) / 2, SWATCH, SWATCH), qcolor(color))
            painter.setPen(QPen(qcolor(style.label_text)))
            text_w = w - SWATCH - 6.0 - 18.0
            shown = QFontMetricsF(body).elidedText(name, Qt.TextElideMode.ElideRight, text_w)
            box = QRectF(x + SWATCH + 6.0, y, text_w + 2.0, line)
            painter.drawText(box, int(_LINE), isolate(shown))
            x += w
        y += line
    painter.setFont(small)
    painter.setPen(QPen(qcolor(style.axis_text)))
    for text in (deco.zone_note, deco.footnote):
        if text:
            h = _wrapped_height(small, text, inner)
            painter.drawText(QRectF(MARGIN, y, inner, h), int(_WRAP), _shown(text))
            y += h + 2.0


def paint_figure(
    painter: QPainter, scene: Scene, style: RenderStyle, deco: Decorations, *, header: float
) -> None:
    """Header, the timeline (via paint_scene, shifted down by `header`), then the footer."""
    width = float(scene.width)
    painter.save()
    try:
        painter.fillRect(
            QRectF(0.0, 0.0, width, header + scene.height + footer_height(deco, width, style)),
            qcolor(style.background),
        )
        paint_header(painter, deco, width, style)
        painter.translate(0.0, header)
        paint_scene(painter, scene, style)
        painter.translate(0.0, -header)
        paint_footer(painter, deco, header + scene.height, width, style)
    finally:
        painter.restore()
