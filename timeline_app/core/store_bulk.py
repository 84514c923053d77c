"""Adding many events at once (imports): one transaction, progress, cancel, duplicates.

Stores exactly what `add_event` would for each draft, but in bulk: drafts are checked and
their references (categories, locations, actors, tags, sources) resolved through per-import
caches, so each distinct name costs one lookup; then events, citations and links go in with
Core executemany, a chunk at a time. Source counts and the disputed flag are known from the
drafts (as in `add_event`), and the `max_extent_ms` hint is recomputed once at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from timeline_app.core.drafts import CitationDraft, EventDraft
from timeline_app.core.models import (
    Citation,
    Event,
    EventActor,
    EventTag,
    Source,
)
from timeline_app.core.store_bulk_refs import BulkRefs
from timeline_app.core.store_mutations import (
    check_draft,
    now_ms,
    recompute_max_extent,
)
from timeline_app.core.store_sqlite import driver_connection, secondary_indexes_dropped

CHUNK = 500
"""Drafts per executemany round; progress and cancel are checked between chunks."""

REINDEX_MIN_ROWS = 20_000
"""Imports at least this big (and at least as big as the file) rebuild the indexes once."""

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

    def add(self, event_id: int, draft: EventDraft, refs: BulkRefs, now: int) -> None:
        """Resolve the draft's references and queue its rows (as `_fill` would set them)."""
        check_draft(draft, citations=False)
        for citation in draft.citations:
            refs.check_citation(citation)
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
    refs = BulkRefs(session)
    now = now_ms()
    session.flush()
    # Ids are given, not generated: the write transaction holds the file's write lock, so
    # nobody else inserts meanwhile (on a server database, advance the id sequence after).
    next_id = int(session.scalar(select(func.max(Event.id))) or 0) + 1
    with _indexes_suspended(session, total, next_id - 1):
        _add_chunks(session, drafts, result, seen if skip_duplicates else None, refs, now,
                    next_id, progress, cancelled)  # fmt: skip
    if result.added:
        recompute_max_extent(session)
    if progress is not None:
        progress(total, total)
    return result


def _indexes_suspended(session: Session, adding: int, last_id: int) -> AbstractContextManager:
    """Drop and rebuild the secondary indexes around a big import into an SQLite file.

    Only when the import is big and at least doubles the file (rebuilding sorts every row,
    old ones too); `last_id` (the highest event id) stands in for the count. Same
    transaction: a failure or cancel rolls the dropped indexes back with the rows.
    """
    connection = session.connection()
    if adding < REINDEX_MIN_ROWS or adding < last_id or connection.dialect.name != "sqlite":
        return nullcontext()
    raw = driver_connection(connection)
    return secondary_indexes_dropped(raw, ("events", "citations", "event_actors", "event_tags"))


def _add_chunks(
    session: Session,
    drafts: Sequence[EventDraft],
    result: BulkResult,
    seen: set[tuple[str, int, str]] | None,
    refs: BulkRefs,
    now: int,
    next_id: int,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> None:
    """Queue and write the drafts a chunk at a time (see `bulk_add_events`)."""
    total = len(drafts)
    for first in range(0, total, CHUNK):
        if cancelled is not None and cancelled():
            raise BulkCancelled()
        if progress is not None:
            progress(first, total)
        chunk = _Chunk()
        for index in range(first, min(first + CHUNK, total)):
            draft = drafts[index]
            if seen is not None:
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
