"""Everything the detail pane shows about one event, as plain data (no ORM objects in widgets)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from timeline_app.core import store as st
from timeline_app.core.timespec import TimeSpec, from_ms


@dataclass(frozen=True, slots=True)
class CitationDetail:
    citation_id: int
    source_id: int
    outlet: str
    source_title: str
    author: str | None
    url: str | None
    published: datetime | None
    """Publication time in the zone it was published in (shown as a date)."""
    reliability: str | None
    credibility: int | None
    stance: str
    quote: str
    note: str

    @property
    def grade(self) -> str:
        """Admiralty grade as analysts write it, e.g. "B2"; "?" for what is not graded."""
        return f"{self.reliability or '?'}{self.credibility or '?'}"


@dataclass(frozen=True, slots=True)
class EventDetail:
    id: int
    title: str
    description: str
    status: str
    contested: bool
    start: TimeSpec
    end: TimeSpec | None
    category: str | None
    category_color: str | None
    location: str | None
    lat: float | None
    lon: float | None
    actors: tuple[tuple[str, str], ...]
    tags: tuple[str, ...]
    citations: tuple[CitationDetail, ...]

    @property
    def disputed(self) -> bool:
        return self.status == "disputed" or self.contested

    def citations_by_stance(self, stance: str) -> list[CitationDetail]:
        return [c for c in self.citations if c.stance == stance]


def _published(source: Any) -> datetime | None:
    if source.published_ms is None:
        return None
    try:
        zone = ZoneInfo(source.published_tz or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return from_ms(source.published_ms).astimezone(zone)


def event_detail(session: Any, event_id: int) -> EventDetail | None:
    """Load one event with its sources for display; None if it no longer exists."""
    from timeline_app.core.store_sources import stored_timespec  # loaded with the store

    event = st.get_event(session, event_id)
    if event is None:
        return None
    start = stored_timespec(event, "start")
    assert start is not None
    return EventDetail(
        id=event.id,
        title=event.title,
        description=event.description or "",
        status=event.status,
        contested=bool(event.contested),
        start=start,
        end=stored_timespec(event, "end"),
        category=event.category.name if event.category else None,
        category_color=event.category.color if event.category else None,
        location=event.location.name if event.location else None,
        lat=event.location.lat if event.location else None,
        lon=event.location.lon if event.location else None,
        actors=tuple((a.actor.name, a.role) for a in event.actors),
        tags=tuple(sorted(t.tag.name for t in event.tags)),
        citations=tuple(
            CitationDetail(
                citation_id=c.id,
                source_id=c.source_id,
                outlet=c.source.outlet,
                source_title=c.source.title,
                author=c.source.author,
                url=c.source.url,
                published=_published(c.source),
                reliability=c.source.reliability,
                credibility=c.credibility,
                stance=c.stance,
                quote=c.quote,
                note=c.note,
            )
            for c in event.citations
        ),
    )
