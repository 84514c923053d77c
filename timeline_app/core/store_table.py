"""What the event table, actor lanes and axis need: counts, sorted pages, positions, actors.

The table never loads every event: it knows the count and asks for pages of `TableRow`,
sorted in SQL. Time order walks the start_ms index, so any page of a million events comes
back in milliseconds; other orders sort the matching events once per page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select
from sqlalchemy.orm import Session

from timeline_app.core.models import Actor, Category, Citation, EventActor, Location, Source
from timeline_app.core.records import TABLE_ORDERS, EventFilter, TableRow
from timeline_app.core.store_buckets import count_in_window
from timeline_app.core.store_filters import EVENTS
from timeline_app.core.store_queries import data_extent, where_clauses
from timeline_app.core.zone_sample import dominant_zone_of

_CATEGORY = select(Category.name).where(Category.id == EVENTS.c.category_id).scalar_subquery()
_LOCATION = select(Location.name).where(Location.id == EVENTS.c.location_id).scalar_subquery()
_SORT_KEYS: dict[str, Any] = {
    "time": EVENTS.c.start_ms,
    "title": EVENTS.c.title,
    "category": Category.name,
    "status": EVENTS.c.status,
    "location": Location.name,
    "sources": EVENTS.c.source_count,
}
assert set(_SORT_KEYS) == set(TABLE_ORDERS)


def count_events(session: Session, *, filters: EventFilter | None = None) -> int:
    """How many events match `filters` over the whole timeline (the table's row count).

    Unfiltered, that is every event (the extent holds them all by definition): a plain
    count(*), ~15 ms at 1M events against ~100 ms for the windowed count, and the table,
    the canvas and the status bar each ask when a file opens.
    """
    if filters is None or filters.is_empty():
        return int(session.scalar(select(func.count()).select_from(EVENTS)) or 0)
    extent = data_extent(session)
    if extent is None:
        return 0
    return count_in_window(session, extent[0], extent[1], filters=filters)


def _ordering(order: str, descending: bool) -> list[ColumnElement[Any]]:
    if order not in _SORT_KEYS:
        raise ValueError(f"unknown table order {order!r} (one of {', '.join(TABLE_ORDERS)})")
    keys = [EVENTS.c.start_ms, EVENTS.c.id]
    direction = (lambda k: k.desc()) if descending else (lambda k: k.asc())
    if order == "time":
        return [direction(k) for k in keys]
    first = direction(_SORT_KEYS[order])
    if order in ("category", "location"):
        first = first.nulls_last()  # events without one go last, in either direction
    return [first, *(direction(k) for k in keys)]


def _sorted_ids(
    session: Session, filters: EventFilter | None, order: str, descending: bool
) -> Select:
    """Ids of matching events in table order; sorts only (key, start, id), not whole rows."""
    ordering = _ordering(order, descending)
    conditions = where_clauses(session, None, None, filters)
    source = EVENTS
    if order == "category":
        source = source.outerjoin(Category, Category.id == EVENTS.c.category_id)
    elif order == "location":
        source = source.outerjoin(Location, Location.id == EVENTS.c.location_id)
    query = select(EVENTS.c.id).select_from(source).order_by(*ordering)
    return query.where(false()) if conditions is None else query.where(*conditions)


def _source_lists(session: Session, event_ids: list[int]) -> dict[int, str]:
    """Outlets citing each event, "; "-joined; contradicting ones marked with "(contra)"."""
    if not event_ids:
        return {}
    query = (
        select(Citation.event_id, Source.outlet, Source.title, Citation.stance)
        .join(Source, Source.id == Citation.source_id)
        .where(Citation.event_id.in_(event_ids))
        .order_by(Citation.event_id, Citation.id)
    )
    names: dict[int, dict[str, None]] = {}
    for event_id, outlet, title, stance in session.execute(query):
        name = outlet or title or "?"
        if stance == "contradicts":
            name += " (contra)"
        names.setdefault(event_id, {})[name] = None
    return {event_id: "; ".join(found) for event_id, found in names.items()}


def event_page(
    session: Session,
    *,
    filters: EventFilter | None = None,
    order: str = "time",
    descending: bool = False,
    offset: int = 0,
    limit: int = 256,
) -> list[TableRow]:
    """One page of the event table: matching events sorted by `order` (see TABLE_ORDERS)."""
    ids_query = _sorted_ids(session, filters, order, descending)
    ids = list(session.scalars(ids_query.offset(max(0, offset)).limit(limit)))
    if not ids:
        return []
    query = select(
        EVENTS.c.id,
        EVENTS.c.start_ms,
        EVENTS.c.start_earliest_ms,
        EVENTS.c.start_latest_ms,
        EVENTS.c.start_precision,
        EVENTS.c.start_approx,
        EVENTS.c.start_tz,
        EVENTS.c.start_text,
        EVENTS.c.title,
        _CATEGORY.label("category"),
        EVENTS.c.status,
        EVENTS.c.contested,
        _LOCATION.label("location"),
    ).where(EVENTS.c.id.in_(ids))
    rows = {row.id: row for row in session.execute(query)}
    sources = _source_lists(session, ids)
    return [
        TableRow(
            id=row.id,
            start_ms=row.start_ms,
            start_earliest_ms=row.start_earliest_ms,
            start_latest_ms=row.start_latest_ms,
            precision=row.start_precision,
            approximate=bool(row.start_approx),
            tz=row.start_tz,
            time_text=row.start_text,
            title=row.title,
            category=row.category,
            status=row.status,
            disputed=row.status == "disputed" or bool(row.contested),
            location=row.location,
            sources=sources.get(row.id, ""),
        )
        for row in (rows[i] for i in ids)
    ]


def event_position(
    session: Session,
    event_id: int,
    *,
    filters: EventFilter | None = None,
    order: str = "time",
    descending: bool = False,
) -> int | None:
    """Row number of `event_id` in the table under this sort; None if filtered out or gone.

    In time order: the number of matching events that sort before it (an index range
    count). Other orders number the sorted ids (ROW_NUMBER) and pick it out.
    """
    conditions = where_clauses(session, None, None, filters)
    if conditions is None:
        return None
    found = session.execute(
        select(EVENTS.c.start_ms).where(EVENTS.c.id == event_id, *conditions)
    ).first()
    if found is None:
        return None
    if order == "time":
        start = found.start_ms
        if descending:
            before = or_(
                EVENTS.c.start_ms > start, and_(EVENTS.c.start_ms == start, EVENTS.c.id > event_id)
            )
        else:
            before = or_(
                EVENTS.c.start_ms < start, and_(EVENTS.c.start_ms == start, EVENTS.c.id < event_id)
            )
        count = select(func.count()).select_from(EVENTS).where(before, *conditions)
        return int(session.scalar(count) or 0)
    ordering = _ordering(order, descending)
    ranked = (
        _sorted_ids(session, filters, order, descending)
        .add_columns(func.row_number().over(order_by=ordering).label("n"))
        .order_by(None)
        .subquery()
    )
    number = session.scalar(select(ranked.c.n).where(ranked.c.id == event_id))
    return None if number is None else int(number) - 1


def list_actors(session: Session) -> list[tuple[int, str, str | None]]:
    """(id, name, colour) of every actor, by name: the lanes of the actor view."""
    query = select(Actor.id, Actor.name, Actor.color).order_by(Actor.name, Actor.id)
    return [(row.id, row.name, row.color) for row in session.execute(query)]


def actor_links(session: Session, event_ids: Iterable[int]) -> dict[int, tuple[int, ...]]:
    """Actor ids of each event, lowest id first; events without actors are left out."""
    wanted = sorted(set(event_ids))
    links: dict[int, list[int]] = {}
    for i in range(0, len(wanted), 500):
        query = (
            select(EventActor.event_id, EventActor.actor_id)
            .where(EventActor.event_id.in_(wanted[i : i + 500]))
            .order_by(EventActor.event_id, EventActor.actor_id)
        )
        for event_id, actor in session.execute(query):
            if actor not in links.setdefault(event_id, []):
                links[event_id].append(actor)
    return {event_id: tuple(actors) for event_id, actors in links.items()}


def dominant_zone(session: Session) -> str | None:
    """The zone most events were reported in (the natural zone for the axis); None if empty.

    Sampled in big files: see `zone_sample`.
    """
    return dominant_zone_of(session.connection().connection.driver_connection)
