"""Paint the overview strip (minimap) laid out by `layout.overview`."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPen

from timeline_app.layout.overview import Overview
from timeline_app.render.style import RenderStyle, qcolor, qt_kit

_ALIGN_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def paint_overview(painter: QPainter, overview: Overview, style: RenderStyle) -> None:
    """Draw the overview strip at (0, 0): density bars, the visible window, the title."""
    kit = qt_kit(style)
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.fillRect(
            QRectF(0, 0, overview.width, overview.height), qcolor(style.overview_background)
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(qcolor(style.overview_bar))
        painter.drawRects([QRectF(b.x, b.y, b.w, b.h) for b in overview.bars])
        w = overview.window
        painter.setBrush(qcolor(style.overview_window, 40))
        painter.setPen(QPen(qcolor(style.overview_window), 1.5))
        painter.drawRect(QRectF(w.x, w.y, w.w, w.h))
        painter.setFont(kit.badge_font)
        painter.setPen(QPen(qcolor(style.overview_text)))
        painter.drawText(
            QRectF(4.0, 0.0, overview.width - 8.0, overview.plot_top), _ALIGN_LEFT, overview.title
        )
    finally:
        painter.restore()
