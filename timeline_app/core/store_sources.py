"""Sources edited once for every event citing them; events as drafts for undo and the editor."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from timeline_app.core.drafts import CitationDraft, EventDraft, SourceDraft
from timeline_app.core.models import Citation, Event, Source
from timeline_app.core.store_queries import get_event
from timeline_app.core.timespec import TimeSpec, exact, from_ms, timespec_from_columns


def stored_timespec(event: Event, prefix: str) -> TimeSpec | None:
    """The uncertain time kept in an event's `start_*` or `end_*` columns."""
    best = getattr(event, f"{prefix}_ms")
    if best is None:
        return None
    return timespec_from_columns(
        best_ms=best,
        earliest_ms=getattr(event, f"{prefix}_earliest_ms"),
        latest_ms=getattr(event, f"{prefix}_latest_ms"),
        precision=getattr(event, f"{prefix}_precision"),
        approximate=bool(getattr(event, f"{prefix}_approx")),
        tz=getattr(event, f"{prefix}_tz") or "UTC",
        text=getattr(event, f"{prefix}_text") or "",
    )


def source_to_draft(source: Source) -> SourceDraft:
    """A stored source as the draft the editor shows and undo restores."""
    published = None
    if source.published_ms is not None:
        published = exact(from_ms(source.published_ms), tz=source.published_tz or "UTC")
    accessed = exact(from_ms(source.accessed_ms)) if source.accessed_ms is not None else None
    return SourceDraft(
        outlet=source.outlet or "",
        title=source.title or "",
        url=source.url,
        author=source.author,
        published=published,
        accessed=accessed,
        reliability=source.reliability,
        notes=source.notes or "",
    )


def event_draft(session: Session, event_id: int) -> tuple[EventDraft, int] | None:
    """Everything about an event as a draft plus its creation time; None if it is gone."""
    event = get_event(session, event_id)
    if event is None:
        return None
    start = stored_timespec(event, "start")
    assert start is not None
    draft = EventDraft(
        title=event.title,
        start=start,
        end=stored_timespec(event, "end"),
        description=event.description or "",
        category=event.category.name if event.category else None,
        status=event.status,
        location_name=event.location.name if event.location else None,
        lat=event.location.lat if event.location else None,
        lon=event.location.lon if event.location else None,
        location_precision=event.location.precision if event.location else None,
        actors=[(a.actor.name, a.role) for a in event.actors],
        tags=sorted(t.tag.name for t in event.tags),
        citations=[
            CitationDraft(
                source=source_to_draft(c.source),
                quote=c.quote or "",
                credibility=c.credibility,
                stance=c.stance,
                note=c.note or "",
            )
            for c in event.citations
        ],
    )
    return draft, event.created_ms


def citing_events(session: Session, source_id: int) -> list[tuple[int, str]]:
    """(id, title) of every event citing a source, by start time."""
    query = (
        select(Event.id, Event.title)
        .join(Citation, Citation.event_id == Event.id)
        .where(Citation.source_id == source_id)
        .distinct()
        .order_by(Event.start_ms)
    )
    return [(int(i), t) for i, t in session.execute(query)]


def update_source(session: Session, source_id: int, draft: SourceDraft) -> None:
    """Change a source once, for every event citing it."""
    source = session.get(Source, source_id)
    if source is None:
        raise LookupError(f"source {source_id} does not exist (deleted meanwhile?)")
    source.outlet = draft.outlet or ""
    source.title = draft.title or ""
    source.url = draft.url or None
    source.author = draft.author or None
    source.published_ms = draft.published.best_ms if draft.published else None
    source.published_tz = draft.published.tz if draft.published else None
    source.accessed_ms = draft.accessed.best_ms if draft.accessed else None
    source.reliability = draft.reliability or None
    source.notes = draft.notes or ""
    session.flush()


def delete_source(session: Session, source_id: int) -> None:
    """Delete a source nobody cites; refuse, naming the events, when it is still cited."""
    users = citing_events(session, source_id)
    if users:
        names = "; ".join(f"'{title}'" for _, title in users[:5])
        more = f" and {len(users) - 5} more" if len(users) > 5 else ""
        raise ValueError(f"the source is cited by {len(users)} event(s): {names}{more}")
    source = session.get(Source, source_id)
    if source is not None:
        session.delete(source)
        session.flush()


def sources_only_cited_by(session: Session, event_id: int) -> list[int]:
    """Sources that only this event cites (deleting it leaves them orphaned)."""
    mine = select(Citation.source_id).where(Citation.event_id == event_id).distinct()
    shared = select(Citation.source_id).where(Citation.event_id != event_id)
    query = select(Source.id).where(Source.id.in_(mine), Source.id.not_in(shared))
    return [int(i) for i in session.scalars(query)]


def source_choices(session: Session) -> list[tuple[int, str, SourceDraft]]:
    """(id, label, draft) of every source for the editor's completer, by outlet."""
    rows = session.scalars(select(Source).order_by(func.lower(Source.outlet), Source.id))
    out = []
    for source in rows:
        label = " — ".join(p for p in (source.outlet, source.title) if p) or (source.url or "?")
        out.append((source.id, label, source_to_draft(source)))
    return out


def add_source(session: Session, draft: SourceDraft, *, source_id: int | None = None) -> int:
    """Store a source as given (undo of a delete passes its old id); return its id."""
    source = Source(id=source_id) if source_id is not None else Source()
    session.add(source)
    session.flush()
    update_source(session, source.id, draft)
    return source.id


def source_rows(session: Session) -> list[tuple[int, SourceDraft, int]]:
    """(id, draft, number of events citing it) for every source, by outlet then title."""
    counts = dict(
        session.execute(
            select(Citation.source_id, func.count(func.distinct(Citation.event_id))).group_by(
                Citation.source_id
            )
        ).all()
    )
    query = select(Source).order_by(func.lower(Source.outlet), func.lower(Source.title), Source.id)
    return [(s.id, source_to_draft(s), int(counts.get(s.id, 0))) for s in session.scalars(query)]
