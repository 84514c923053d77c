"""A seeded random timeline written in bulk: the awkward cases of windows and buckets.

Points with and without uncertainty bands, spans from an hour to a month with uncertain
ends, a few spans of years (so events begin long before most windows and still reach into
them), events without a category, and many events sharing exact times (so window edges
fall on event starts and ends). Used to check the in-memory index against SQL.
"""

from __future__ import annotations

import random

from sqlalchemy import insert

from timeline_app.core import store as st
from timeline_app.core.models import Event

HOUR = 3_600_000
DAY = 24 * HOUR
START = 1_451_606_400_000  # 2016-01-01T00:00Z
SPAN = 365 * DAY


def _row(rng: random.Random, i: int, categories: list[int | None]) -> dict:
    start = START + rng.randrange(SPAN) // 60_000 * 60_000  # whole minutes: shared times
    before = after = 0
    if rng.random() < 0.5:  # an uncertainty band: hour, part of day or day precision
        before, after = rng.choice([(0, HOUR), (6 * HOUR, 6 * HOUR), (12 * HOUR, 11 * HOUR)])
    end = end_early = end_late = None
    kind = "point"
    roll = rng.random()
    if roll < 0.3:
        kind, end = "span", start + rng.randrange(HOUR, 30 * DAY)
    elif roll < 0.303:  # a very long span, starting up to two years before the data
        kind, start = "span", start - rng.randrange(2 * SPAN)
        end = start + rng.randrange(SPAN, 3 * SPAN)
    if end is not None:
        spread = rng.choice([0, 0, HOUR, DAY])
        end_early, end_late = end - spread, end + spread
        end_early = max(end_early, start)
    lo = start - before
    hi = max(start + after, end_late) if end_late is not None else start + after
    return dict(
        title=f"Event {i:05d}",
        description="",
        kind=kind,
        status=rng.choice(["reported", "confirmed", "disputed"]),
        start_ms=start,
        start_earliest_ms=start - before,
        start_latest_ms=start + after,
        start_precision="minute" if before == after == 0 else "hour",
        start_approx=bool(before),
        start_tz="UTC",
        start_text="",
        end_ms=end,
        end_earliest_ms=end_early,
        end_latest_ms=end_late,
        end_precision="minute" if end is not None else None,
        lo_ms=lo,
        hi_ms=hi,
        category_id=rng.choice(categories),
        created_ms=0,
        updated_ms=0,
        source_count=rng.randrange(0, 3),
        contested=rng.random() < 0.05,
    )


def fill_random(store: st.TimelineStore, n: int, *, seed: int) -> None:
    """Write `n` random events (4 categories and none) into `store`, in one transaction."""
    rng = random.Random(seed)
    with store.write() as session:
        categories: list[int | None] = [
            st.get_or_create_category(session, f"Lane {i}") for i in range(4)
        ]
        categories.append(None)
        session.execute(insert(Event), [_row(rng, i, categories) for i in range(n)])
        st.recompute_max_extent(session)


def random_windows(rng: random.Random, count: int, edges: list[int]) -> list[tuple[int, int]]:
    """Windows of an hour to two years; half of them start or end exactly on an event edge."""
    windows = []
    for _ in range(count):
        width = rng.choice([HOUR, DAY, 7 * DAY, 60 * DAY, 2 * SPAN])
        lo = START + rng.randrange(-SPAN // 4, SPAN)
        if rng.random() < 0.5:
            edge = rng.choice(edges)
            lo = edge if rng.random() < 0.5 else edge - width
        windows.append((lo, lo + width))
    return windows
