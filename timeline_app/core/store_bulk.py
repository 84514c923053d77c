"""Adding many events at once (imports): one transaction, progress, cancel, duplicates.

Stores exactly what `add_event` would for each draft, but in bulk: drafts are checked and
their references (categories, locations, actors, tags, sources) resolved through per-import
caches, so each distinct name costs one lookup; then events, citations and links go in with
Core executemany, a chunk at a time. Source counts and the disputed flag are known from the
drafts (as in `add_event`), and the `max_extent_ms` hint is recomputed once at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from timeline_app.core.drafts import CitationDraft, EventDraft, SourceDraft
from timeline_app.core.models import Actor, Citation, Event, EventActor, EventTag, Source, Tag
from timeline_app.core.store_mutations import (
    check_draft,
    get_or_create_category,
    now_ms,
    recompute_max_extent,
)
from timeline_app.core.store_refs import location_id, named_id, source_id
from timeline_app.core.timespec import TimeSpec

CHUNK = 500
"""Drafts per executemany round; progress and cancel are checked between chunks."""

_EVENTS = Event.__table__
_CITATIONS = Citation.__table__
_ACTOR_LINKS = EventActor.__table__
_TAG_LINKS = EventTag.__table__


class BulkCancelled(Exception):
    """The caller's cancel callback asked to stop; the transaction must be rolled back."""


@dataclass(slots=True)
class BulkResult:
    added: list[int] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)  # indexes into the drafts
    """Drafts skipped because an event with the same title, start and source exists."""


def _identity(title: str, start_ms: int, source: str) -> tuple[str, int, str]:
    return (title.strip().casefold(), start_ms, source.strip().casefold())


def _first_source(draft: EventDraft) -> str:
    if not draft.citations:
        return ""
    s = draft.citations[0].source
    return s.url or s.outlet or s.title or ""


def existing_identities(session: Session) -> set[tuple[str, int, str]]:
    """(title, start, first source) of every stored event, for duplicate detection."""
    found: set[tuple[str, int, str]] = set()
    query = (
        select(Event.title, Event.start_ms, Source.url, Source.outlet, Source.title)
        .outerjoin(Citation, Citation.event_id == Event.id)
        .outerjoin(Source, Source.id == Citation.source_id)
    )
    for title, start, url, outlet, source_title in session.execute(query):
        found.add(_identity(title, start, url or outlet or source_title or ""))
        found.add(_identity(title, start, ""))
    return found


_TimeColumns = tuple[int, int, int, str, bool, str, str]


class _Refs:
    """Ids of the things drafts refer to, looked up (or created) once per distinct value.

    Each lookup is the very function `add_event` uses, so reuse rules (case-insensitive
    names, sources matched by URL or outlet+title and completed with what they lacked) are
    the same; a repeated value is answered from the cache.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.categories: dict[tuple[str, str | None], int] = {}
        self.locations: dict[tuple, int | None] = {}
        self.actors: dict[str, int] = {}
        self.tags: dict[str, int] = {}
        self.sources: dict[tuple, int] = {}
        self.source_objects: dict[int, tuple[SourceDraft, int]] = {}  # id(draft) -> draft, id
        self.times: dict[int, tuple[TimeSpec, _TimeColumns]] = {}  # id(spec) -> spec, columns

    def category(self, draft: EventDraft) -> int | None:
        name = draft.category
        if not name or not name.strip():
            return None
        key = (name, draft.category_color)
        found = self.categories.get(key)
        if found is None:
            found = self.categories[key] = get_or_create_category(
                self.session, name, color=draft.category_color
            )
        return found

    def location(self, draft: EventDraft) -> int | None:
        if not draft.location_name and draft.lat is None:
            return None
        key = (draft.location_name, draft.lat, draft.lon, draft.location_precision)
        try:
            return self.locations[key]
        except KeyError:
            found = self.locations[key] = location_id(self.session, draft)
            return found

    def actor(self, name: str) -> int:
        found = self.actors.get(name)
        if found is None:
            found = self.actors[name] = _named(self.session, Actor, name)
        return found

    def tag(self, name: str) -> int:
        found = self.tags.get(name)
        if found is None:
            found = self.tags[name] = _named(self.session, Tag, name)
        return found

    def source(self, draft: SourceDraft) -> int:
        hit = self.source_objects.get(id(draft))
        if hit is not None and hit[0] is draft:
            return hit[1]
        key = _source_key(draft)
        found = self.sources.get(key)
        if found is None:
            found = self.sources[key] = source_id(self.session, draft)
        self.source_objects[id(draft)] = (draft, found)
        return found

    def time(self, spec: TimeSpec) -> _TimeColumns:
        hit = self.times.get(id(spec))
        if hit is not None and hit[0] is spec:
            return hit[1]
        columns = (
            spec.best_ms,
            spec.earliest_ms,
            spec.latest_ms,
            str(spec.precision),
            bool(spec.approximate),
            spec.tz,
            spec.text,
        )
        self.times[id(spec)] = (spec, columns)
        return columns


def _named(session: Session, model: Any, name: str) -> int:
    found = named_id(session, model, name)
    assert found is not None
    return found


def _ms(spec: TimeSpec | None) -> int | None:
    return spec.best_ms if spec is not None else None


def _source_key(draft: SourceDraft) -> tuple:
    """Everything `source_id` reads from a draft: equal keys store the same way."""
    return (
        draft.url,
        draft.outlet,
        draft.title,
        draft.author,
        _ms(draft.published),
        draft.published.tz if draft.published else None,
        _ms(draft.accessed),
        draft.reliability,
        draft.notes,
    )


_NO_END = (None, None, None, None, None, None, None)
_EVENT_COLUMNS = (
    "id", "title", "description", "kind", "status", "start_ms", "start_earliest_ms",
    "start_latest_ms", "start_precision", "start_approx", "start_tz", "start_text", "end_ms",
    "end_earliest_ms", "end_latest_ms", "end_precision", "end_approx", "end_tz", "end_text",
    "lo_ms", "hi_ms", "source_count", "contested", "category_id", "location_id", "created_ms",
    "updated_ms",
)  # fmt: skip
_CITATION_COLUMNS = ("event_id", "source_id", "quote", "credibility", "stance", "note")


def _insert_many(session: Session, table: Any, columns: Sequence[str], rows: list[tuple]) -> None:
    """INSERT `rows` (tuples in `columns` order) with one DBAPI executemany.

    The statement is compiled once by SQLAlchemy for the session's dialect; the rows go to
    the driver as they are, skipping SQLAlchemy's per-row parameter processing (which costs
    more than SQLite's insert itself). Values must already be what the driver takes.
    """
    if not rows:
        return
    connection = session.connection()
    compiled = insert(table).compile(dialect=connection.dialect, column_keys=list(columns))
    if compiled.positional:
        order = [columns.index(name) for name in compiled.positiontup or ()]
        params: list[Any] = (
            rows
            if order == list(range(len(columns)))
            else [tuple(row[i] for i in order) for row in rows]
        )
    else:
        params = [dict(zip(columns, row, strict=True)) for row in rows]
    connection.exec_driver_sql(str(compiled), params)


class _Chunk:
    """Rows of one executemany round, as tuples in column order."""

    def __init__(self) -> None:
        self.events: list[tuple] = []
        self.citations: list[tuple] = []
        self.actors: list[tuple[int, int, str]] = []
        self.tags: list[tuple[int, int]] = []

    def add(self, event_id: int, draft: EventDraft, refs: _Refs, now: int) -> None:
        """Resolve the draft's references and queue its rows (as `_fill` would set them)."""
        check_draft(draft)
        category = refs.category(draft)
        location = refs.location(draft)
        for pair in dict.fromkeys(
            (refs.actor(n), (r or "").strip()) for n, r in draft.actors if (n or "").strip()
        ):
            self.actors.append((event_id, *pair))
        for tag in dict.fromkeys(refs.tag(t) for t in draft.tags if (t or "").strip()):
            self.tags.append((event_id, tag))
        cited: dict[tuple[int, str], CitationDraft] = {}
        for citation in draft.citations:
            cited.setdefault((refs.source(citation.source), citation.quote or ""), citation)
        stances = set()
        for (sid, quote), c in cited.items():
            stances.add(c.stance)
            self.citations.append((event_id, sid, quote, c.credibility, c.stance, c.note or ""))
        start = refs.time(draft.start)
        end = refs.time(draft.end) if draft.end is not None else _NO_END
        self.events.append(
            (
                event_id,
                draft.title.strip(),
                draft.description or "",
                "span" if draft.end is not None else "point",
                draft.status,
                *start,
                *end,
                start[1],
                start[2] if end[2] is None or end[2] < start[2] else end[2],
                len({sid for sid, _ in cited}),
                "supports" in stances and "contradicts" in stances,
                category,
                location,
                now,
                now,
            )
        )

    def write(self, session: Session) -> None:
        """Insert the queued rows."""
        _insert_many(session, _EVENTS, _EVENT_COLUMNS, self.events)
        _insert_many(session, _CITATIONS, _CITATION_COLUMNS, self.citations)
        _insert_many(session, _ACTOR_LINKS, ("event_id", "actor_id", "role"), self.actors)
        _insert_many(session, _TAG_LINKS, ("event_id", "tag_id"), self.tags)


def bulk_add_events(
    session: Session,
    drafts: Sequence[EventDraft],
    *,
    skip_duplicates: bool = True,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> BulkResult:
    """Add `drafts` in the caller's transaction; duplicates are skipped when asked.

    Raises BulkCancelled when `cancelled()` turns true: the caller rolls back, so a
    cancelled import leaves the file exactly as it was. A draft that must not be stored
    raises ValueError (as `add_event` does), and the caller rolls back too.
    """
    result = BulkResult()
    seen = existing_identities(session) if skip_duplicates else set()
    total = len(drafts)
    refs = _Refs(session)
    now = now_ms()
    session.flush()
    # Ids are given, not generated: the write transaction holds the file's write lock, so
    # nobody else inserts meanwhile (on a server database, advance the id sequence after).
    next_id = int(session.scalar(select(func.max(Event.id))) or 0) + 1
    for first in range(0, total, CHUNK):
        if cancelled is not None and cancelled():
            raise BulkCancelled()
        if progress is not None:
            progress(first, total)
        chunk = _Chunk()
        for index in range(first, min(first + CHUNK, total)):
            draft = drafts[index]
            if skip_duplicates:
                key = _identity(draft.title, draft.start.best_ms, _first_source(draft))
                if key in seen:
                    result.duplicates.append(index)
                    continue
                seen.add(key)
            chunk.add(next_id, draft, refs, now)
            result.added.append(next_id)
            next_id += 1
        session.flush()  # categories, sources, ... created by the lookups
        chunk.write(session)
    if result.added:
        recompute_max_extent(session)
    if progress is not None:
        progress(total, total)
    return result
