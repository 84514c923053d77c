"""How the timeline looks: colours and font sizes as plain data, Qt objects built lazily.

`RenderStyle` is a frozen, hashable value (compare, cache, and store it in settings); `qt_kit`
turns it into QFont/QColor/QPen objects once per style and caches them, so paint loops never
construct Qt objects for things that do not change between frames.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPen,
    QStaticText,
    QTextOption,
    QTransform,
)


@dataclass(frozen=True, slots=True)
class RenderStyle:
    """Colours are "#rrggbb"; alphas 0-255; sizes in canvas pixels."""

    name: str = "light"
    background: str = "#ffffff"
    axis_background: str = "#f3f4f6"
    axis_text: str = "#4a4f57"
    axis_coarse_text: str = "#15171a"
    grid: str = "#e6e8eb"
    grid_major: str = "#b9bec6"
    lane_band_alpha: int = 14
    header_alpha: int = 64
    stripe_width: float = 5.0
    label_text: str = "#202124"
    label_disputed: str = "#8e1b1b"
    label_unsourced: str = "#6a6f76"
    disputed: str = "#d32f2f"
    selection: str = "#1a73e8"
    uncertainty_alpha: int = 70
    span_fill_alpha: int = 90
    cluster_alpha_min: int = 35
    cluster_alpha_max: int = 110
    badge_text: str = "#15171a"
    overview_background: str = "#eef0f3"
    overview_bar: str = "#8e959e"
    overview_window: str = "#1a73e8"
    overview_text: str = "#4a4f57"
    font_family: str = ""
    """Empty: the platform's default sans-serif font."""
    font_px: int = 12
    """Label and axis text; the layout must measure with this font (see render.measure)."""
    title_px: int = 12
    badge_px: int = 10


LIGHT = RenderStyle()
PRINT = replace(
    LIGHT,
    name="print",
    axis_background="#ffffff",
    axis_text="#000000",
    axis_coarse_text="#000000",
    grid="#d0d0d0",
    grid_major="#707070",
    lane_band_alpha=0,
    header_alpha=40,
    label_text="#000000",
    label_unsourced="#505050",
    uncertainty_alpha=90,
    overview_background="#ffffff",
    overview_bar="#606060",
)
"""Print-friendly: white paper, black text, stronger grid, no tinted lane bands."""


def light_style() -> RenderStyle:
    """The on-screen look."""
    return LIGHT


def print_style() -> RenderStyle:
    """For PDF/PNG figures in reports: white background, black text."""
    return PRINT


def make_font(family: str, px: int, *, bold: bool = False) -> QFont:
    """A font sized in pixels, so screen, PNG, SVG and PDF all lay out the same."""
    font = QFont(family) if family else QFont()
    font.setPixelSize(px)
    font.setBold(bold)
    return font


def label_font(style: RenderStyle) -> QFont:
    """The font labels and axis text are drawn (and measured) with."""
    return make_font(style.font_family, style.font_px)


@lru_cache(maxsize=512)
def qcolor(hex_color: str, alpha: int = 255) -> QColor:
    """Cached QColor for "#rrggbb" with an alpha (invalid strings fall back to grey)."""
    color = QColor(hex_color)
    if not color.isValid():
        color = QColor("#808080")
    color.setAlpha(alpha)
    return color


@lru_cache(maxsize=512)
def darker(hex_color: str, factor: int = 160) -> QColor:
    """A darker shade of a lane colour for outlines and header titles."""
    return qcolor(hex_color).darker(factor)


_TEXT_CACHE_LIMIT = 20_000


class QtKit:
    """The Qt objects one style needs, built once (see `qt_kit`)."""

    def __init__(self, style: RenderStyle) -> None:
        self.style = style
        self.font = label_font(style)
        self.title_font = make_font(style.font_family, style.title_px, bold=True)
        self.badge_font = make_font(style.font_family, style.badge_px, bold=True)
        self.background = qcolor(style.background)
        self.axis_background = qcolor(style.axis_background)
        self.axis_pen = QPen(qcolor(style.axis_text))
        self.axis_coarse_pen = QPen(qcolor(style.axis_coarse_text))
        self.grid_pen = _pen(style.grid, 1.0)
        self.grid_major_pen = _pen(style.grid_major, 1.0)
        self.label_pens = {
            "normal": QPen(qcolor(style.label_text)),
            "disputed": QPen(qcolor(style.label_disputed)),
            "unsourced": QPen(qcolor(style.label_unsourced)),
        }
        self.disputed_pen = _pen(style.disputed, 2.0)
        self.disputed_brush = QBrush(qcolor(style.disputed))
        self.selection_brush = QBrush(qcolor(style.selection, 70))
        self.selection_pen = _pen(style.selection, 2.0)
        self.white_pen = QPen(qcolor("#ffffff"))
        self.background_brush = QBrush(self.background)
        self.no_pen = QPen(Qt.PenStyle.NoPen)
        self.font_height = QFontMetricsF(self.font).height()
        self.title_metrics = QFontMetricsF(self.title_font)
        self.badge_metrics = QFontMetricsF(self.badge_font)
        self.badge_height = self.badge_metrics.height()
        self._texts: dict[tuple[str, bool], QStaticText] = {}
        self._badges: dict[str, QStaticText] = {}

    def badge_text(self, text: str) -> QStaticText:
        """Cached static text for cluster badges (drawn with `badge_font`)."""
        st = self._badges.get(text)
        if st is None:
            if len(self._badges) >= _TEXT_CACHE_LIMIT:
                self._badges.clear()
            st = self._badges[text] = QStaticText(text)
            st.setTextFormat(Qt.TextFormat.PlainText)
            st.prepare(QTransform(), self.badge_font)
        return st

    def static_text(self, text: str, rtl: bool = False) -> QStaticText:
        """Cached plain-text QStaticText (never rich text: titles are imported data).

        Laying text out is the costly part of drawing it; a static text is laid out once and
        then drawn many times while the analyst pans.
        """
        key = (text, rtl)
        st = self._texts.get(key)
        if st is None:
            if len(self._texts) >= _TEXT_CACHE_LIMIT:
                self._texts.clear()
            st = QStaticText(text)
            st.setTextFormat(Qt.TextFormat.PlainText)
            option = QTextOption()
            option.setWrapMode(QTextOption.WrapMode.NoWrap)
            option.setTextDirection(
                Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
            )
            st.setTextOption(option)
            self._texts[key] = st
        return st


def _pen(hex_color: str, width: float, alpha: int = 255) -> QPen:
    pen = QPen(qcolor(hex_color, alpha))
    pen.setWidthF(width)
    return pen


@lru_cache(maxsize=16)
def qt_kit(style: RenderStyle) -> QtKit:
    """Cached Qt objects for a style (needs a Q(Gui)Application for fonts)."""
    return QtKit(style)


def tint(hex_color: str, amount: float, over: str = "#ffffff") -> QColor:
    """Opaque mix of a colour over another (amount 0 = `over`, 1 = the colour).

    Filling large areas with an opaque pre-mixed colour is several times faster than letting
    the raster engine alpha-blend every pixel, and looks the same.
    """
    return _tint(hex_color, round(amount * 255), over)


@lru_cache(maxsize=512)
def _tint(hex_color: str, alpha: int, over: str) -> QColor:
    top, below = qcolor(hex_color), qcolor(over)
    a = alpha / 255
    return QColor(
        round(below.red() + (top.red() - below.red()) * a),
        round(below.green() + (top.green() - below.green()) * a),
        round(below.blue() + (top.blue() - below.blue()) * a),
    )
