"""Properties over random data: labels never overlap, and every event is drawn or counted."""

from __future__ import annotations

import random
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.layout.builders import LANES, measure
from timeline_app.core.records import EventRow
from timeline_app.layout.metrics import LayoutStyle
from timeline_app.layout.scene import layout_timeline
from timeline_app.layout.text import ELLIPSIS, elide
from timeline_app.layout.viewport import Viewport

T0 = 1_481_587_200_000  # 13 Dec 2016 00:00 UTC
HOUR = 3_600_000


TITLE_CHARS = "abcdefgh ijk قصف"


def random_events(seed: int, n: int, spread_hours: int) -> list[EventRow]:
    """`n` events from a seed: points and spans, exact and uncertain, in all lanes.

    Hypothesis draws only (seed, n, spread): drawing every field through Hypothesis made this
    test 10x slower for no extra power; failures still shrink to the smallest n.
    """
    rng = random.Random(seed)
    out = []
    for i in range(n):
        start = T0 + rng.randint(-12, spread_hours) * HOUR // 2 + rng.randint(0, 59) * 60_000
        before = rng.choice([0, 0, HOUR, 6 * HOUR])
        after = rng.choice([0, 0, HOUR, 6 * HOUR])
        end = rng.choice([None, None, None, rng.randint(0, 72) * HOUR])
        out.append(
            EventRow(
                id=i,
                title="".join(rng.choice(TITLE_CHARS) for _ in range(rng.randint(0, 40))),
                start_ms=start,
                start_earliest_ms=start - before,
                start_latest_ms=start + after,
                end_ms=None if end is None else start + end,
                end_earliest_ms=None if end is None else start + end,
                end_latest_ms=None if end is None else start + end + after,
                precision="hour",
                category_id=rng.choice([1, 2, 3, None]),
                status="reported",
                source_count=rng.randint(0, 2),
                disputed=rng.random() < 0.2,
            )
        )
    return out


def overlap(a, b) -> bool:
    """Positive-area intersection of two labels' rectangles."""
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


@settings(max_examples=200, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**32),
    n=st.integers(min_value=0, max_value=250),
    spread=st.sampled_from([4, 24, 96, 400]),
    width=st.integers(min_value=200, max_value=1600),
    height=st.integers(min_value=60, max_value=600),
    hours=st.integers(min_value=2, max_value=200),
    offset=st.integers(min_value=-20, max_value=40),
    max_events=st.sampled_from([1500, 40]),
)
def test_labels_never_overlap_and_every_event_is_drawn_or_counted(
    seed: int,
    n: int,
    spread: int,
    width: int,
    height: int,
    hours: int,
    offset: int,
    max_events: int,
) -> None:
    """Titles would print over each other, or some events would be neither drawn nor counted."""
    evs = random_events(seed, n, spread)
    vp = Viewport(T0 + offset * HOUR, hours * HOUR / width, width, height)
    style = LayoutStyle(max_events=max_events)
    scene = layout_timeline(evs, LANES, vp, measure_text=measure, style=style)
    for a, b in combinations(scene.labels, 2):
        assert not overlap(a, b), (a, b)
    for lb in scene.labels:
        assert lb.elided == lb.text or lb.elided.endswith(ELLIPSIS)
        assert lb.w == measure(lb.elided)
        assert lb.w <= measure(lb.text)
    tl, tr = scene.time_left, scene.time_right
    visible = [
        e
        for e in evs
        if min(e.start_ms, e.start_earliest_ms) <= vp.ms_at(tr - tl + 6)
        and max(e.start_latest_ms, e.start_ms, e.end_ms or 0, e.end_latest_ms or 0) >= vp.ms_at(-6)
    ]
    assert scene.visible_count == len(visible)
    assert len(scene.markers) + sum(c.count for c in scene.clusters) == len(visible)
    drawn = [m.event_id for m in scene.markers]
    assert len(drawn) == len(set(drawn))


@settings(max_examples=300, deadline=None)
@given(text=st.text(min_size=0, max_size=60), width=st.floats(min_value=-5, max_value=500))
def test_elide_returns_the_longest_prefix_that_fits(text: str, width: float) -> None:
    """Titles would be cut shorter than needed, or stick out of their space."""
    out = elide(text, width, measure)
    if width <= 0:
        assert out == ""
        return
    if out == text:
        assert measure(text) <= width
        return
    assert measure(out) <= width
    if out:
        prefix = out[: -len(ELLIPSIS)]
        assert text.startswith(prefix)
        longer = text[: len(prefix) + 1].rstrip() + ELLIPSIS
        assert len(prefix) + 1 >= len(text) or measure(longer) > width or longer == out
