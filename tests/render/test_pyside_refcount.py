"""Regression guard for the PySide6 version pin in pyproject.toml."""

from __future__ import annotations

import sys

from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QPen

CALLS = 100_000


def test_many_void_qpainter_calls_do_not_leak_references_to_none(gui_app) -> None:
    """With PySide6 6.12.0 on Python 3.11 the app would crash while painting ("none_dealloc").

    That release drops one reference to None on every wrapped call that returns void
    (QPainter.setPen, drawRect, drawLine, QWidget.update, ...). After enough calls None's count
    reaches zero and CPython aborts with "Fatal Python error: none_dealloc" - a timeline
    repaint makes thousands of such calls. pyproject.toml pins PySide6 below 6.12 on Python
    3.11; if this test fails (or the process dies), do not lift the pin. On Python >= 3.12
    None is immortal and its count does not move, so the test passes trivially there.
    """
    image = QImage(64, 64, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    pens = [QPen(QColor("#3b7dd8")), QPen(QColor("#d84a4a"))]
    rect = QRectF(4, 4, 20, 20)
    line = QLineF(0, 0, 63, 63)
    painter = QPainter(image)
    try:
        before = sys.getrefcount(None)
        for i in range(CALLS // 3):
            painter.setPen(pens[i & 1])
            painter.drawRect(rect)
            painter.drawLine(line)
        after = sys.getrefcount(None)
    finally:
        painter.end()
    assert after >= before - 100, f"None lost {before - after} references in {CALLS} calls"
