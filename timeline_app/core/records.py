"""Plain, immutable rows the store hands to layout and views (no ORM objects leave the store)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EventRow:
    """What the canvas needs to draw one event; all times are epoch milliseconds UTC."""

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
        if self.end_latest_ms is not None:
            return max(self.end_latest_ms, self.start_latest_ms)
        return self.start_latest_ms

    @property
    def is_span(self) -> bool:
        return self.end_ms is not None


@dataclass(frozen=True, slots=True)
class CategoryRow:
    id: int
    name: str
    color: str
    sort_order: int = 0


@dataclass(frozen=True, slots=True)
class BucketCount:
    """Number of events whose extent touches [start_ms, end_ms) in one lane."""

    start_ms: int
    end_ms: int
    category_id: int | None
    count: int


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
