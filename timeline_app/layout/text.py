"""Text helpers for layout that need no Qt: elision with a measuring function, and direction.

Imported titles can be Arabic or Hebrew; the renderer must lay those out right-to-left, and the
decision is made here once per label (Unicode bidi class of the first strong character).

Imported text is data, so before it is measured or drawn: `strip_controls` removes C0 control
characters (SVG/XML cannot hold them, and they draw as boxes), and the renderer draws every
piece of user text inside a bidi isolate (`isolate`: FSI ... PDI), so a U+202E RIGHT-TO-LEFT
OVERRIDE inside one title cannot reverse anything drawn after it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from weakref import WeakKeyDictionary

ELLIPSIS = "…"
_RTL_CLASSES = frozenset(("R", "AL"))
FSI = "\u2068"  # FIRST STRONG ISOLATE: direction from the text itself, sealed off
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE: ends the isolate (and any override left open)
_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
_AS_SPACE = frozenset("\t\n\r\x0b\x0c")


def _control(match: re.Match[str]) -> str:
    return " " if match[0] in _AS_SPACE else ""


def strip_controls(text: str) -> str:
    """`text` without C0 control characters or DEL; tabs and line breaks become spaces."""
    if _CONTROLS.search(text) is None:
        return text
    return _CONTROLS.sub(_control, text)


def isolate(text: str) -> str:
    """`text` wrapped in FSI ... PDI, as user text is drawn (empty text stays empty)."""
    return f"{FSI}{text}{PDI}" if text else text


def elide(text: str, max_width: float, measure_text: Callable[[str], float]) -> str:
    """Return `text`, or its longest prefix + "…" that fits `max_width`; "" if nothing fits."""
    return elide_measured(text, max_width, measure_text)[0]


def elide_measured(
    text: str,
    max_width: float,
    measure_text: Callable[[str], float],
    full_width: float | None = None,
) -> tuple[str, float]:
    """Like `elide`, also returning the width of the result.

    The search starts from a proportional guess (prefix length ~ width ratio), which is right or
    one character off for most fonts, so a typical call measures twice; it falls back to
    bisection when the guess is far off.
    """
    if max_width <= 0:
        return "", 0.0
    if full_width is None:
        full_width = measure_text(text)
    if full_width <= max_width:
        return text, full_width
    lo, lo_w, hi = 0, 0.0, len(text) - 1  # prefix lo fits (0 = nothing); prefixes > hi do not
    k = int(len(text) * max_width / full_width) if full_width > 0 else 1
    for step in (0, 1):  # the guess, then its neighbour in the direction it points to
        k = min(max(k, lo + 1), hi)
        if k <= lo:
            break
        w = measure_text(text[:k].rstrip() + ELLIPSIS)
        if w <= max_width:
            lo, lo_w = k, w
            k += 1
        else:
            hi = k - 1
            k -= 1
        if lo >= hi or step:
            break
    while lo < hi:
        mid = (lo + hi + 1) // 2
        w = measure_text(text[:mid].rstrip() + ELLIPSIS)
        if w <= max_width:
            lo, lo_w = mid, w
        else:
            hi = mid - 1
    if lo == 0:
        return "", 0.0
    return text[:lo].rstrip() + ELLIPSIS, lo_w


_ELIDE_CACHES: WeakKeyDictionary[Callable[[str], float], dict[tuple[str, int], tuple[str, float]]]
_ELIDE_CACHES = WeakKeyDictionary()
_ELIDE_CACHE_LIMIT = 20_000


def elide_cached(
    text: str, max_width: float, measure_text: Callable[[str], float], full_width: float
) -> tuple[str, float]:
    """`elide_measured` to whole pixels, remembering results per measuring function.

    Panning keeps every label's room the same, so after the first frame elision is a lookup.
    The room is rounded down, so a remembered result always fits.
    """
    room = int(max_width) if max_width > 0 else 0
    try:
        cache = _ELIDE_CACHES.get(measure_text)
        if cache is None:
            cache = _ELIDE_CACHES[measure_text] = {}
    except TypeError:  # not weak-referenceable (e.g. a bound method): no cache
        return elide_measured(text, float(room), measure_text, full_width)
    key = (text, room)
    hit = cache.get(key)
    if hit is None:
        if len(cache) >= _ELIDE_CACHE_LIMIT:
            cache.clear()
        hit = cache[key] = elide_measured(text, float(room), measure_text, full_width)
    return hit


def is_rtl(text: str) -> bool:
    """True when the first strongly directional character is right-to-left (Arabic, Hebrew)."""
    if text.isascii():
        return False
    bidi = unicodedata.bidirectional
    for ch in text:
        if ch < "\u0590":  # fast path: Latin, Greek, Cyrillic, digits, punctuation
            if ch.isalpha():
                return False
            continue
        cls = bidi(ch)
        if cls in _RTL_CLASSES:
            return True
        if cls == "L":
            return False
    return False
