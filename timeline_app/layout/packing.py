"""Greedy row packing of markers and labels inside one lane, so labels never overlap.

Items arrive sorted by their left edge. Each row remembers where its last marker ends (`hard`)
and where its last label ends (`soft`); that last label stays *pending* until the next item in
the row (or a cluster) decides how much room it may keep. Placement, in order of preference:

1. the first row whose label end is left of the item: the pending label keeps its full text;
2. otherwise the row whose *marker* ends first: the pending label there is elided to end before
   the item (or hidden when too little remains) - its marker always stays. If even that marker
   reaches past the item, the two markers touch, but labels still never overlap.

Every shown label ends before the left edge of the next item in its row, and every item's label
starts right of that edge, which is why no two labels in a row can intersect.
"""

from __future__ import annotations

from collections.abc import Callable
from math import inf

from timeline_app.layout.metrics import LayoutStyle
from timeline_app.layout.shapes import Label
from timeline_app.layout.text import elide_cached, is_rtl

# Pending label: (event_id, text, x, width, span_end_or_None, disputed, unsourced, selected)
Pending = tuple[int, str, float, float, float | None, bool, bool, bool]


class RowPacker:
    """Pack one lane's items into its rows and emit the labels that survive."""

    __slots__ = (
        "_elide_min",
        "_gap",
        "_hard",
        "_label_h",
        "_labels",
        "_measure",
        "_pad",
        "_pend",
        "_range",
        "_row_h",
        "_soft",
        "_tl",
        "_top",
        "_tr",
    )

    def __init__(
        self,
        rows: int,
        *,
        first_label_top: float,
        row_height: float,
        style: LayoutStyle,
        measure_text: Callable[[str], float],
        time_left: float,
        time_right: float,
        labels: list[Label],
    ) -> None:
        self._top = first_label_top
        self._row_h = row_height
        self._hard = [-inf] * rows
        self._soft = [-inf] * rows
        self._pend: list[Pending | None] = [None] * rows
        self._range = range(rows)
        self._gap = style.label_gap
        self._pad = style.label_pad
        self._elide_min = style.min_label_width
        self._label_h = style.label_height
        self._measure = measure_text
        self._tl = time_left
        self._tr = time_right
        self._labels = labels

    def place(self, a: float, h: float, soft: float, pending: Pending) -> int:
        """Put an item whose marker covers [a, h] and whose label ends at `soft` into a row.

        `pending` describes its label, emitted once the next item in the row decides its room.
        """
        limit = a - self._gap
        soft_ends, hard_ends, pend = self._soft, self._hard, self._pend
        if soft_ends[0] <= limit:  # case 1, top row free (the usual case in sparse lanes)
            row = 0
        elif min(soft_ends) <= limit:  # case 1 (min() runs in C: dense lanes skip the scan)
            for row, end in enumerate(soft_ends):  # noqa: B007 - the loop finds `row`
                if end <= limit:
                    break
        else:  # case 2: the row whose marker ends first
            row = hard_ends.index(min(hard_ends))
        p = pend[row]
        if p is not None:
            self._finalize(row, p, limit)
        hard_ends[row] = h
        soft_ends[row] = soft if soft > h else h
        pend[row] = pending
        return row

    def block(self, x0: float, x1: float) -> None:
        """Reserve [x0, x1] in every row (a cluster band): pending labels must end before x0."""
        limit = x0 - self._gap
        hard_ends, soft_ends, pend = self._hard, self._soft, self._pend
        for r in self._range:
            p = pend[r]
            if p is not None:
                self._finalize(r, p, limit)
            end = hard_ends[r] if hard_ends[r] > x1 else x1
            hard_ends[r] = soft_ends[r] = end
            pend[r] = None

    def finish(self) -> None:
        """Emit every label still pending: nothing follows them, so they keep their full text."""
        for r in self._range:
            p = self._pend[r]
            if p is not None:
                self._finalize(r, p, inf)
            self._pend[r] = None

    def _finalize(self, row: int, p: Pending, limit: float) -> None:
        """Emit the label `p` of `row`, elided to end before `limit`, or hide it."""
        event_id, text, x, w, span_end, disputed, unsourced, selected = p
        room_end = x + w if span_end is None or span_end < x + w else span_end
        if limit < room_end:
            room_end = limit
        if x > self._tr or room_end < self._tl:
            return  # off view: skip the elision work
        if x + w > limit:
            avail = limit - x
            if avail < self._elide_min:
                return
            shown, w = elide_cached(text, avail, self._measure, w)
            if not shown:
                return
        else:
            shown = text
        if span_end is not None:  # span labels slide right to stay readable when panned past
            x = max(x, min(self._tl + self._pad, room_end - w))
        if x + w < self._tl:
            return
        top = self._top + row * self._row_h
        self._labels.append(
            Label(
                event_id,
                text,
                x,
                top,
                w,
                self._label_h,
                shown,
                is_rtl(text),
                disputed,
                unsourced,
                selected,
            )
        )
