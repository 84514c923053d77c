"""Readable test data: `an_event(start="13 Dec 2016 22:00")` instead of a 13-field constructor."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import count
from zoneinfo import ZoneInfo

from timeline_app.core.records import EventRow
from timeline_app.layout.lanes import LaneSpec
from timeline_app.layout.viewport import Viewport

_ids = count(1)


def measure(text: str) -> float:
    """Deterministic stand-in for a font: every character is 7 px wide."""
    return 7.0 * len(text)


def ms(text: str, zone: str = "UTC") -> int:
    """Epoch ms of a wall time like "13 Dec 2016 22:00" (or "2016-12-13 22:00") in `zone`."""
    for fmt in ("%d %b %Y %H:%M", "%d %b %Y", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            naive = datetime.strptime(text, fmt)
        except ValueError:
            continue
        tz = UTC if zone == "UTC" else ZoneInfo(zone)
        return int(naive.replace(tzinfo=tz).timestamp() * 1000)
    raise ValueError(f"unreadable test time {text!r}")


def an_event(
    start: str = "13 Dec 2016 22:00",
    *,
    title: str = "Ceasefire announced",
    earliest: str | None = None,
    latest: str | None = None,
    end: str | None = None,
    end_earliest: str | None = None,
    end_latest: str | None = None,
    category: int | None = 1,
    sources: int = 1,
    disputed: bool = False,
    event_id: int | None = None,
    zone: str = "UTC",
) -> EventRow:
    """An event with sensible defaults; times are wall times in `zone`."""
    s = ms(start, zone)
    e = ms(end, zone) if end else None
    return EventRow(
        id=event_id if event_id is not None else next(_ids),
        title=title,
        start_ms=s,
        start_earliest_ms=ms(earliest, zone) if earliest else s,
        start_latest_ms=ms(latest, zone) if latest else s,
        end_ms=e,
        end_earliest_ms=ms(end_earliest, zone) if end_earliest else e,
        end_latest_ms=ms(end_latest, zone) if end_latest else e,
        precision="minute",
        category_id=category,
        status="disputed" if disputed else "reported",
        source_count=sources,
        disputed=disputed,
    )


def an_event_at_ms(
    start_ms: int, *, event_id: int, title: str = "Event", category: int | None = 1, **kw: int
) -> EventRow:
    """An exact point event at an epoch-ms time (for generated data)."""
    return EventRow(
        id=event_id,
        title=title,
        start_ms=start_ms,
        start_earliest_ms=kw.get("earliest", start_ms),
        start_latest_ms=kw.get("latest", start_ms),
        end_ms=kw.get("end"),
        end_earliest_ms=kw.get("end"),
        end_latest_ms=kw.get("end"),
        precision="minute",
        category_id=category,
        status="reported",
        source_count=1,
        disputed=False,
    )


LANES = [
    LaneSpec(1, "Diplomacy", "#3b7dd8"),
    LaneSpec(2, "Military", "#d84a4a"),
    LaneSpec(3, "Humanitarian", "#2aa876"),
]


def a_viewport(
    start: str = "13 Dec 2016 12:00",
    end: str = "15 Dec 2016 18:00",
    *,
    width: int = 1000,
    height: int = 400,
    zone: str = "UTC",
) -> Viewport:
    """A viewport showing exactly [start, end] over `width` pixels."""
    lo, hi = ms(start, zone), ms(end, zone)
    return Viewport(lo, (hi - lo) / width, width, height)
