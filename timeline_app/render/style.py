"""How the timeline looks: colours and font sizes as plain data, Qt objects built lazily.

`RenderStyle` is a frozen, hashable value (compare, cache, and store it in settings); `qt_kit`
turns it into QFont/QColor/QPen objects once per style and caches them, so paint loops never
construct Qt objects for things that do not change between frames.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPen,
    QStaticText,
    QTextLayout,
    QTextOption,
    QTransform,
)

from timeline_app.layout.text import FSI, PDI, isolate


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
_FILL_CACHE_LIMIT = 8_192

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LruCache(Generic[K, V]):
    """A mapping that forgets its least recently used entries past a size limit.

    Paint caches (laid-out texts, pre-drawn sprites) must not grow without bound over a long
    session, and must not be cleared all at once either: a cleared cache makes the next
    frame rebuild everything it shows, a visible hitch while panning. `weigh` gives each
    value's cost (1 by default: the limit is then a count); entries are dropped, oldest use
    first, while the total exceeds the limit.
    """

    def __init__(self, limit: int, weigh: Callable[[V], int] | None = None) -> None:
        self.limit = limit
        self._weigh = weigh
        self._data: OrderedDict[K, V] = OrderedDict()
        self._total = 0

    def __len__(self) -> int:
        return len(self._data)

    def get(self, key: K) -> V | None:
        """The value for `key` (now the most recently used), or None."""
        value = self._data.get(key)
        if value is not None:
            self._data.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> V:
        """Remember `value` under `key`, dropping the least recently used past the limit."""
        old = self._data.pop(key, None)
        if old is not None:
            self._total -= self._weight(old)
        self._data[key] = value
        self._total += self._weight(value)
        while self._total > self.limit and len(self._data) > 1:
            _, dropped = self._data.popitem(last=False)
            self._total -= self._weight(dropped)
        return value

    def _weight(self, value: V) -> int:
        return 1 if self._weigh is None else self._weigh(value)


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
        self.badge_text_pen = QPen(qcolor(style.badge_text))
        self._texts: LruCache[tuple[str, bool], QStaticText] = LruCache(_TEXT_CACHE_LIMIT)
        self._badges: LruCache[str, QStaticText] = LruCache(_TEXT_CACHE_LIMIT)
        self._elided: LruCache[tuple[str, float, bool], QStaticText] = LruCache(1024)
        self._fills: dict[tuple[str, int, bool], QColor] = {}
        ascii_ascent = _line_ascent("Ag", self.font)
        self._ellipsis_inert = _line_ascent("Ag…", self.font) == ascii_ascent
        self.isolate_shift = _line_ascent(isolate("Ag"), self.font) - ascii_ascent
        """How much lower the isolate marks put a title's text (their font's taller ascent).

        Laying out a title with FSI ... PDI costs ~1.7x as much as without, and a jump of
        the view shows ~150 titles never laid out before. For a text bidi cannot touch
        (`bidi_inert`) the marks change nothing but this shift, so that text is laid out
        bare and drawn this much lower: the same pixels (tests/render), ~40% cheaper.
        """

    def bidi_inert(self, text: str) -> bool:
        """True when bidi isolation cannot change how `text` is drawn: plain ASCII (no
        right-to-left letters, no direction marks) from the label font itself."""
        return text.isascii() or (self._ellipsis_inert and text.replace("…", "").isascii())

    def badge_text(self, text: str) -> QStaticText:
        """Cached static text for cluster badges (drawn with `badge_font`)."""
        st = self._badges.get(text)
        if st is None:
            st = self._badges.put(text, _plain_static(text, self.badge_font))
        return st

    def elided_text(self, text: str, width: float, *, title: bool) -> QStaticText:
        """`text` elided to `width` px in the title (bold) or badge font, laid out once.

        For the lane titles and the display zone: the same few strings every frame, which
        `drawText` would elide and lay out again on each one. Titles (user text) are put in
        a bidi isolate after eliding, so the marks are never elided away; the zone is not.
        """
        key = (text, width, title)
        st = self._elided.get(key)
        if st is None:
            metrics, font = (
                (self.title_metrics, self.title_font)
                if title
                else (self.badge_metrics, self.badge_font)
            )
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
            st = self._elided.put(key, _plain_static(shown, font, isolated=title))
        return st

    def lane_band(self, color: str) -> QColor:
        """Opaque fill of a lane's band: its colour at `lane_band_alpha` over the background."""
        return self._fill(color, self.style.lane_band_alpha, on_band=False)

    def on_background(self, color: str, alpha: int) -> QColor:
        """Opaque `color` at `alpha` (0-255) over the background (e.g. lane headers)."""
        return self._fill(color, alpha, on_band=False)

    def on_band(self, color: str, alpha: int) -> QColor:
        """Opaque `color` at `alpha` (0-255) over the lane band of that colour.

        Cluster bands and span bars sit on their lane's band; an opaque pre-mixed fill is
        several times faster than alpha blending and looks the same. Cached per (colour,
        alpha): a frame's ~500 cluster bands use a few dozen distinct fills.
        """
        return self._fill(color, alpha, on_band=True)

    def _fill(self, color: str, alpha: int, *, on_band: bool) -> QColor:
        key = (color, alpha, on_band)
        fill = self._fills.get(key)
        if fill is None:
            if len(self._fills) >= _FILL_CACHE_LIMIT:
                self._fills.clear()  # ~100 colours' worth of fills: cheap to rebuild
            below = self.lane_band(color) if on_band else self.background
            fill = self._fills[key] = _mix(qcolor(color), below, alpha)
        return fill

    def static_text(self, text: str, rtl: bool = False) -> QStaticText:
        """Cached plain-text QStaticText (never rich text: titles are imported data).

        Laying text out is the costly part of drawing it; a static text is laid out once and
        then drawn many times while the analyst pans. A title in a bidi isolate whose text
        is `bidi_inert` is laid out without the isolate marks (see `isolate_shift`).
        """
        key = (text, rtl)
        st = self._texts.get(key)
        if st is None:
            inner = text[1:-1] if text[:1] == FSI and text[-1:] == PDI else None
            if inner and not rtl and self.bidi_inert(inner):
                # ASCII lays out left to right on one line (no width is set): the default
                # text option does, and setting one costs a fifth of the layout
                st = QStaticText(inner)
                st.setTextFormat(Qt.TextFormat.PlainText)
            else:
                st = QStaticText(text)
                st.setTextFormat(Qt.TextFormat.PlainText)
                option = QTextOption()
                option.setWrapMode(QTextOption.WrapMode.NoWrap)
                option.setTextDirection(
                    Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
                )
                st.setTextOption(option)
            self._texts.put(key, st)
        return st


def _line_ascent(text: str, font: QFont) -> float:
    """Ascent of the line `text` lays out to: the tallest of the fonts its characters use."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    line = layout.createLine()
    layout.endLayout()
    return line.ascent()


def _plain_static(text: str, font: QFont, *, isolated: bool = False) -> QStaticText:
    """A plain-text (never rich text) QStaticText laid out for `font`."""
    st = QStaticText(isolate(text) if isolated else text)
    st.setTextFormat(Qt.TextFormat.PlainText)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.NoWrap)
    st.setTextOption(option)
    st.prepare(QTransform(), font)
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
    return _mix(qcolor(hex_color), qcolor(over), alpha)


def _mix(top: QColor, below: QColor, alpha: int) -> QColor:
    """`top` at `alpha` (0-255) over `below`, as one opaque colour."""
    a = alpha / 255
    return QColor(
        round(below.red() + (top.red() - below.red()) * a),
        round(below.green() + (top.green() - below.green()) * a),
        round(below.blue() + (top.blue() - below.blue()) * a),
    )
