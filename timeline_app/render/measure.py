"""Text measurement for layout, with the very font the renderer draws with.

Layout is pure Python and receives `measure_text` as a function; this module supplies the real
one. Widths are cached per string because the same titles are measured on every repaint.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QFont, QFontMetricsF

from timeline_app.render.style import RenderStyle, label_font

_CACHE_LIMIT = 50_000


def qt_text_measurer(font: QFont) -> Callable[[str], float]:
    """Return `measure(text) -> width in px` for `font` (cached; cleared when it grows large)."""
    metrics = QFontMetricsF(font)
    advance = metrics.horizontalAdvance
    cache: dict[str, float] = {}

    def measure(text: str) -> float:
        width = cache.get(text)
        if width is None:
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            width = cache[text] = advance(text)
        return width

    return measure


def style_text_measurer(style: RenderStyle) -> Callable[[str], float]:
    """The measurer matching the label/axis font of a render style."""
    return qt_text_measurer(label_font(style))
