"""Plain, immutable rows the store hands to layout and views (no ORM objects leave the store)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple


class EventRow(NamedTuple):
    """What the canvas needs to draw one event; all times are epoch milliseconds UTC.

    A NamedTuple, not a frozen dataclass: a frame at a day's zoom builds ~1,600 of these
    from SQL rows, and a frozen dataclass's `__init__` (13 `object.__setattr__` calls,
    ~2.5 us) cost more than reading the row. A tuple is built from the row in one C call
    (`store_queries.event_rows_from_driver`, ~0.3 us), and one that holds only numbers,
    strings and None is untracked by the cyclic garbage collector after its first pass, so
    cached rows do not lengthen full collections. Fields are read by name as before; being
    a tuple, a row also compares equal to a plain tuple of the same values.
    """

    id: int
    title: str
    start_ms: int
    start_earliest_ms: int
    start_latest_ms: int
    end_ms: int | None
    end_earliest_ms: int | None
    end_latest_ms: int | None
    precision: str
    category_id: int | None
    status: str
    source_count: int = 0
    disputed: bool = False

    @property
    def lo_ms(self) -> int:
        return self.start_earliest_ms

    @property
    def hi_ms(self) -> int:
        return hi_ms_of(self)

    @property
    def is_span(self) -> bool:
        return self.end_ms is not None


def hi_ms_of(row: EventRow) -> int:
    """The latest moment of an event's extent (`EventRow.hi_ms`; as a function, for loops)."""
    end, latest = row.end_latest_ms, row.start_latest_ms
    return latest if end is None or end < latest else end


@dataclass(frozen=True, slots=True)
class CategoryRow:
    id: int
    name: str
    color: str
    sort_order: int = 0


class BucketCount(NamedTuple):
    """Number of events whose extent touches [start_ms, end_ms) in one lane.

    A NamedTuple for the reason EventRow is one: a zoomed-out frame builds ~1,100 of them.
    """

    start_ms: int
    end_ms: int
    category_id: int | None
    count: int


def bucket_rows(
    starts: Iterable[int], ends: Iterable[int], lanes: Iterable[int | None], counts: Iterable[int]
) -> list[BucketCount]:
    """BucketCounts from parallel columns, each tuple made in one C call (~0.3 us, not ~1.5).

    A zoomed-out frame makes ~700 of them from the in-memory index's numpy columns.
    """
    new = tuple.__new__
    return [new(BucketCount, row) for row in zip(starts, ends, lanes, counts, strict=True)]


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What the analyst narrowed the view to; None/empty means no restriction."""

    text: str | None = None
    category_ids: frozenset[int] | None = None
    category_names: frozenset[str] | None = None
    actor_ids: frozenset[int] | None = None
    tag_ids: frozenset[int] | None = None
    statuses: frozenset[str] | None = None
    min_reliability: str | None = None  # e.g. "C": only events cited by an A-C source
    from_ms: int | None = None
    to_ms: int | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, name) in (None, frozenset(), "") for name in self.__slots__)


@dataclass(frozen=True, slots=True)
class TableRow:
    """One line of the event table."""

    id: int
    start_ms: int
    start_earliest_ms: int
    start_latest_ms: int
    precision: str
    approximate: bool
    tz: str
    time_text: str
    title: str
    category: str | None
    status: str
    disputed: bool
    location: str | None
    sources: str  # outlets, "; "-joined, contradicting ones marked


TABLE_ORDERS = ("time", "title", "category", "status", "location", "sources")
