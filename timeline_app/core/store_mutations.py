"""Changes to events: add, update, delete, citations; reuse of categories, actors, sources.

Callers pass drafts (validated in full by `core.validation`); these functions still refuse
what would store garbage (empty title, end before start, bounds around the wrong way), and
keep the denormalised columns (lo_ms/hi_ms, kind, source_count, contested) and the
`max_extent_ms` hint in step with the rows, in the caller's transaction.
"""

from __future__ import annotations

import re
import time

from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import Session

from timeline_app.core.drafts import CitationDraft, EventDraft
from timeline_app.core.models import (
    PRECISIONS,
    STATUSES,
    Category,
    Citation,
    Event,
    EventActor,
    EventTag,
    Meta,
    Tag,
)
from timeline_app.core.store_queries import MAX_EXTENT_KEY, max_extent
from timeline_app.core.store_refs import (
    actor_id,
    check_citation,
    location_id,
    named_id,
    source_id,
)
from timeline_app.core.timespec import TimeSpec
from timeline_app.core.validation import MAX_TEXT, MAX_TITLE

# Distinct, readable on white and dark; assigned in turn to categories created without one.
PALETTE = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#ff7f0e",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
)
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")


def now_ms() -> int:
    """Current time as epoch milliseconds (created/updated stamps)."""
    return time.time_ns() // 1_000_000


def get_or_create_category(
    session: Session, name: str, *, color: str | None = None, sort_order: int | None = None
) -> int:
    """Id of the category called `name` (also matched ignoring case), created if missing.

    A new category gets `color` or the next colour of PALETTE, and `sort_order` or the end
    of the list. An existing category keeps its colour and place.
    """
    name = (name or "").strip()
    if not name:
        raise ValueError("a category needs a name")
    if color is not None and not _COLOR.match(color):
        raise ValueError(f"category colour must look like #rrggbb, not {color!r}")
    existing = named_id(session, Category, name, create=False)
    if existing is not None:
        return existing
    total = session.scalar(select(func.count()).select_from(Category)) or 0
    if sort_order is None:
        last = session.scalar(select(func.max(Category.sort_order)))
        sort_order = 0 if last is None else last + 1
    category = Category(
        name=name, color=color or PALETTE[total % len(PALETTE)], sort_order=sort_order
    )
    session.add(category)
    session.flush()
    return category.id


def _check_spec(spec: TimeSpec, what: str) -> None:
    if str(spec.precision) not in PRECISIONS:
        raise ValueError(f"{what}: unknown precision {spec.precision!r}")
    if not spec.earliest_ms <= spec.best_ms <= spec.latest_ms:
        raise ValueError(f"{what}: the best estimate lies outside its earliest-latest bounds")


def check_draft(draft: EventDraft, *, citations: bool = True) -> None:
    """Raise ValueError for what must never be stored; full validation lives in core.validation.

    `citations=False` leaves the citations to the caller (bulk imports check each distinct
    one once).
    """
    if not (draft.title or "").strip():
        raise ValueError("an event needs a title")
    if len(draft.title) > MAX_TITLE:
        raise ValueError(f"the title is longer than {MAX_TITLE:,} characters")
    if draft.description and len(draft.description) > MAX_TEXT:
        raise ValueError(f"the description is longer than {MAX_TEXT:,} characters")
    if draft.status not in STATUSES:
        raise ValueError(f"unknown status {draft.status!r} (one of {', '.join(STATUSES)})")
    _check_spec(draft.start, "start")
    if draft.end is not None:
        _check_spec(draft.end, "end")
        if draft.end.best_ms < draft.start.best_ms:
            raise ValueError("the event ends before it starts")
    if draft.category_color is not None and not _COLOR.match(draft.category_color):
        raise ValueError(f"category colour must look like #rrggbb, not {draft.category_color!r}")
    if draft.lat is not None and not -90 <= draft.lat <= 90:
        raise ValueError(f"latitude {draft.lat} is outside -90..90")
    if draft.lon is not None and not -180 <= draft.lon <= 180:
        raise ValueError(f"longitude {draft.lon} is outside -180..180")
    if citations:
        for citation in draft.citations:
            check_citation(citation)


def _set_time(event: Event, prefix: str, spec: TimeSpec | None) -> None:
    values = {
        "ms": spec.best_ms if spec else None,
        "earliest_ms": spec.earliest_ms if spec else None,
        "latest_ms": spec.latest_ms if spec else None,
        "precision": str(spec.precision) if spec else None,
        "approx": bool(spec.approximate) if spec else None,
        "tz": spec.tz if spec else None,
        "text": spec.text if spec else None,
    }
    for name, value in values.items():
        setattr(event, f"{prefix}_{name}", value)


def _fill(session: Session, event: Event, draft: EventDraft) -> None:
    """Resolve references first (they may flush), then set every column and child row."""
    category = (
        get_or_create_category(session, draft.category, color=draft.category_color)
        if draft.category and draft.category.strip()
        else None
    )
    location = location_id(session, draft)
    # Blank rows (an empty line left in a dialog) are skipped; duplicates are stored once.
    named = [(n, r) for n, r in draft.actors if (n or "").strip()]
    actors = list(dict.fromkeys((actor_id(session, n), (r or "").strip()) for n, r in named))
    tags = list(dict.fromkeys(named_id(session, Tag, t) for t in draft.tags if (t or "").strip()))
    cited: dict[tuple[int, str], CitationDraft] = {}
    for citation in draft.citations:
        cited.setdefault((source_id(session, citation.source), citation.quote or ""), citation)

    event.title = draft.title.strip()
    event.description = draft.description or ""
    event.status = draft.status
    event.kind = "span" if draft.end is not None else "point"
    _set_time(event, "start", draft.start)
    _set_time(event, "end", draft.end)
    event.lo_ms = draft.start.earliest_ms
    event.hi_ms = max(
        draft.start.latest_ms, draft.end.latest_ms if draft.end else draft.start.latest_ms
    )
    event.category_id = category
    event.location_id = location
    event.actors = [EventActor(actor_id=a, role=role) for a, role in actors]
    event.tags = [EventTag(tag_id=t) for t in tags]
    event.citations = [_citation(sid, quote, c) for (sid, quote), c in cited.items()]
    # The same numbers refresh_event_source_stats would count, known here without a query.
    stances = {c.stance for c in cited.values()}
    event.source_count = len({sid for sid, _ in cited})
    event.contested = {"supports", "contradicts"} <= stances
    event.updated_ms = now_ms()


def _citation(source: int, quote: str, draft: CitationDraft) -> Citation:
    return Citation(
        source_id=source,
        quote=quote,
        credibility=draft.credibility,
        stance=draft.stance,
        note=draft.note or "",
    )


def note_extent(session: Session, lo_ms: int, hi_ms: int) -> None:
    """Raise the stored `max_extent_ms` hint if this event is longer than any before.

    It never shrinks on delete or edit (a too-large hint is only slower, never wrong); call
    `recompute_max_extent` after bulk changes that bypass these functions.
    """
    meta = session.get(Meta, MAX_EXTENT_KEY)
    if meta is None:
        session.add(Meta(key=MAX_EXTENT_KEY, value=str(max(hi_ms - lo_ms, max_extent(session)))))
    elif int(meta.value) < hi_ms - lo_ms:
        meta.value = str(hi_ms - lo_ms)


def recompute_max_extent(session: Session) -> int:
    """Recompute the `max_extent_ms` hint from every event (after bulk inserts or deletes)."""
    session.flush()
    value = int(session.scalar(select(func.max(Event.hi_ms - Event.lo_ms))) or 0)
    meta = session.get(Meta, MAX_EXTENT_KEY)
    if meta is None:
        session.add(Meta(key=MAX_EXTENT_KEY, value=str(value)))
    else:
        meta.value = str(value)
    return value


def refresh_event_source_stats(session: Session, event_id: int) -> None:
    """Recount distinct sources and whether citations disagree, after citations changed.

    Denormalised onto the event so the canvas reads one table to draw the hollow
    (unsourced) marker and the disputed badge.
    """
    session.flush()
    sources, supports, contradicts = session.execute(
        select(
            func.count(distinct(Citation.source_id)),
            func.coalesce(func.sum(case((Citation.stance == "supports", 1), else_=0)), 0),
            func.coalesce(func.sum(case((Citation.stance == "contradicts", 1), else_=0)), 0),
        ).where(Citation.event_id == event_id)
    ).one()
    event = session.get(Event, event_id)
    if event is not None:
        event.source_count = int(sources)
        event.contested = bool(supports and contradicts)
        session.flush()


def add_event(
    session: Session,
    draft: EventDraft,
    *,
    event_id: int | None = None,
    created_ms: int | None = None,
) -> int:
    """Store a new event from `draft` (reusing categories, actors, tags, sources); return its id.

    `event_id`/`created_ms` recreate a deleted event as it was (undo of a delete, redo of a
    create), so commands that remember the id keep working.
    """
    check_draft(draft)
    event = Event(created_ms=created_ms if created_ms is not None else now_ms())
    if event_id is not None:
        if session.get(Event, event_id) is not None:
            raise ValueError(f"event {event_id} already exists")
        event.id = event_id
    _fill(session, event, draft)
    session.add(event)
    session.flush()
    note_extent(session, event.lo_ms, event.hi_ms)
    return event.id


def update_event(session: Session, event_id: int, draft: EventDraft) -> None:
    """Replace everything about event `event_id` by `draft` (creation time is kept)."""
    check_draft(draft)
    event = session.get(Event, event_id)
    if event is None:
        raise LookupError(f"event {event_id} does not exist (deleted meanwhile?)")
    # Old child rows go first: new citations may repeat (event, source, quote), which is unique.
    event.citations.clear()
    event.actors.clear()
    event.tags.clear()
    session.flush()
    _fill(session, event, draft)
    session.flush()
    note_extent(session, event.lo_ms, event.hi_ms)


def delete_event(session: Session, event_id: int) -> bool:
    """Delete an event with its citations and links; False if it did not exist.

    Sources, actors, tags and locations stay: other events may use them.
    """
    event = session.get(Event, event_id)
    if event is None:
        return False
    session.delete(event)
    session.flush()
    return True


def add_citation(session: Session, event_id: int, draft: CitationDraft) -> int:
    """Cite a source (reused if known) for an event; return the citation id."""
    check_citation(draft)
    event = session.get(Event, event_id)
    if event is None:
        raise LookupError(f"event {event_id} does not exist (deleted meanwhile?)")
    citation = _citation(source_id(session, draft.source), draft.quote or "", draft)
    if any((c.source_id, c.quote) == (citation.source_id, citation.quote) for c in event.citations):
        raise ValueError("this source is already cited with the same quote")
    event.citations.append(citation)
    session.flush()
    refresh_event_source_stats(session, event_id)
    return citation.id


def remove_citation(session: Session, citation_id: int) -> bool:
    """Remove one citation (the source stays); False if it did not exist."""
    citation = session.get(Citation, citation_id)
    if citation is None:
        return False
    event = session.get(Event, citation.event_id)
    assert event is not None  # citations cascade with their event
    event.citations.remove(citation)  # delete-orphan: removes the row at flush
    refresh_event_source_stats(session, event.id)
    return True
