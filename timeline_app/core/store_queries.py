"""Read queries the views need: window, counts, buckets, extent, rows by id, full events.

The canvas never loads the whole file. A window query is an index range scan on
(lo_ms, hi_ms): an event overlaps [start, end] when lo <= end and hi >= start, and since no
event is longer than `max_extent_ms` (kept in `meta`), lo also lies in
[start - max_extent, end], which bounds the scan even when long spans exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Boolean, ColumnElement, Select, func, or_, select, true, type_coerce
from sqlalchemy.orm import Session, joinedload, selectinload

from timeline_app.core.models import (
    Actor,
    Category,
    Citation,
    Event,
    EventActor,
    EventTag,
    Location,
    Meta,
    Source,
    Tag,
)
from timeline_app.core.records import CategoryRow, EventFilter, EventRow
from timeline_app.core.store_filters import EVENTS, filter_conditions, time_range

MAX_EXTENT_KEY = "max_extent_ms"
_ROW_COLUMNS = (
    EVENTS.c.id,
    EVENTS.c.title,
    EVENTS.c.start_ms,
    EVENTS.c.start_earliest_ms,
    EVENTS.c.start_latest_ms,
    EVENTS.c.end_ms,
    EVENTS.c.end_earliest_ms,
    EVENTS.c.end_latest_ms,
    EVENTS.c.start_precision,
    EVENTS.c.category_id,
    EVENTS.c.status,
    EVENTS.c.source_count,
    # EventRow.disputed: the status says so, or its citations disagree.
    type_coerce(or_(EVENTS.c.status == "disputed", EVENTS.c.contested == true()), Boolean),
)


def max_extent(session: Session) -> int:
    """Longest event extent (hi - lo) in ms: the stored hint, or computed if it is missing."""
    value = session.scalar(select(Meta.value).where(Meta.key == MAX_EXTENT_KEY))
    if value is not None:
        return int(value)
    return int(session.scalar(select(func.max(EVENTS.c.hi_ms - EVENTS.c.lo_ms))) or 0)


def data_extent(session: Session) -> tuple[int, int] | None:
    """(min lo_ms, max hi_ms) over all events, from the two index ends; None if empty."""
    lo = session.scalar(select(EVENTS.c.lo_ms).order_by(EVENTS.c.lo_ms).limit(1))
    hi = session.scalar(select(EVENTS.c.hi_ms).order_by(EVENTS.c.hi_ms.desc()).limit(1))
    return None if lo is None or hi is None else (int(lo), int(hi))


def _wide(lo: int | None, hi: int | None, extent: tuple[int, int]) -> bool:
    """True if the window covers over a tenth of the data's time span.

    Measured at 1M events: reading the whole table costs about as much as an index walk
    with a row lookup for 8% of the events.
    """
    first, last = extent
    covered = min(last, hi if hi is not None else last) - max(
        first, lo if lo is not None else first
    )
    return covered * 10 > last - first


def where_clauses(
    session: Session, start_ms: int | None, end_ms: int | None, filters: EventFilter | None
) -> list[ColumnElement[bool]] | None:
    """Conditions for events overlapping the window and matching filters; None if none can.

    Three shapes, chosen so SQLite reads as little as possible:
    - the window covers every event: no time condition at all;
    - a narrow window: a range on (lo_ms, hi_ms) bounded by `max_extent_ms`;
    - a wide window with other filters: the same tests on `lo_ms + 0` (and so on), which
      no index matches, so the table is read once in order instead of an index walk plus
      one row lookup per event (up to 25x faster at 1M events). Plain SQL, portable.
    """
    lo, hi = time_range(start_ms, end_ms, filters)
    if lo is not None and hi is not None and lo > hi:
        return None
    conditions = filter_conditions(filters)
    if lo is None and hi is None:
        return conditions
    extent = data_extent(session)
    if extent is None:
        return None
    if (lo is None or lo <= extent[0]) and (hi is None or hi >= extent[1]):
        return conditions
    lo_col: ColumnElement[int] = EVENTS.c.lo_ms
    hi_col: ColumnElement[int] = EVENTS.c.hi_ms
    if conditions and _wide(lo, hi, extent):
        lo_col, hi_col = lo_col + 0, hi_col + 0
        conditions = filter_conditions(filters, scan=True)
    window: list[ColumnElement[bool]] = []
    if hi is not None:
        window.append(lo_col <= hi)
    if lo is not None:
        window += [lo_col >= lo - max_extent(session), hi_col >= lo]
    return window + conditions


_new_tuple = tuple.__new__  # EventRow is a NamedTuple: built from a row in one C call


def _to_rows(rows: Iterable[Sequence[Any]]) -> list[EventRow]:
    """EventRows from result rows of `_ROW_COLUMNS` (SQLAlchemy made `disputed` a bool)."""
    return [_new_tuple(EventRow, row) for row in rows]


def event_rows_from_driver(raw: Iterable[tuple[Any, ...]]) -> list[EventRow]:
    """EventRows from DB-API rows of `_ROW_COLUMNS`, whose last column is the driver's 0/1.

    `tuple.__new__` skips the NamedTuple's Python `__new__`: ~0.35 us a row instead of
    ~2.5 us for the frozen dataclass EventRow was (a day's frame builds ~1,600). The
    column count is fixed by `_ROW_COLUMNS`, so the arity check it skips cannot fail.
    """
    return [_new_tuple(EventRow, (*row[:-1], row[-1] == 1)) for row in raw]


def _rows_query(conditions: list[ColumnElement[bool]]) -> Select:
    return select(*_ROW_COLUMNS).where(*conditions).order_by(EVENTS.c.start_ms, EVENTS.c.id)


def events_in_window(
    session: Session,
    start_ms: int,
    end_ms: int,
    *,
    filters: EventFilter | None = None,
    limit: int | None = None,
) -> list[EventRow]:
    """Events whose extent overlaps [start_ms, end_ms] (both inclusive), by start time.

    Reads only the columns the canvas draws (Core select, no ORM objects): this runs on
    every repaint of a new viewport.
    """
    conditions = where_clauses(session, start_ms, end_ms, filters)
    if conditions is None:
        return []
    query = _rows_query(conditions)
    if limit is not None:
        query = query.limit(limit)
    return _to_rows(session.execute(query))


def time_extent(session: Session, *, filters: EventFilter | None = None) -> tuple[int, int] | None:
    """(earliest lo_ms, latest hi_ms) of matching events, or None if there are none.

    Two ORDER BY ... LIMIT 1 queries, so each walks one index from its end.
    """
    conditions = where_clauses(session, None, None, filters)
    if conditions is None:
        return None
    lo = session.scalar(select(EVENTS.c.lo_ms).where(*conditions).order_by(EVENTS.c.lo_ms).limit(1))
    if lo is None:
        return None
    hi = session.scalar(
        select(EVENTS.c.hi_ms).where(*conditions).order_by(EVENTS.c.hi_ms.desc()).limit(1)
    )
    return int(lo), int(hi)


_rows_by_id_sql: dict[str, tuple[str, str]] = {}  # dialect name -> text around the id list


def _rows_by_id_statement(dialect: Any) -> tuple[str, str]:
    """("SELECT <row columns> FROM events WHERE id IN (", ") ORDER BY start_ms, id")."""
    text = _rows_by_id_sql.get(dialect.name)
    if text is None:
        columns = select(*_ROW_COLUMNS).compile(
            dialect=dialect, compile_kwargs={"literal_binds": True}
        )
        c = EVENTS.c
        text = (f"{columns} WHERE {c.id.name} IN (", f") ORDER BY {c.start_ms.name}, {c.id.name}")
        _rows_by_id_sql[dialect.name] = text
    return text


def event_rows_by_ids(session: Session, ids: Iterable[int]) -> list[EventRow]:
    """Rows for the given event ids (missing ids are skipped), ordered by start time.

    The canvas asks for up to ~4,500 rows a frame this way (the ids chosen by the
    in-memory index, `core.time_index`), so the rows come straight from the DB-API cursor,
    in one statement: SQLAlchemy's result rows tripled the cost of each row. The statement
    is rendered by SQLAlchemy for the session's dialect (portable SQL); the ids, integers,
    are written inline, so no driver's limit on parameters applies.
    """
    wanted = ",".join(map(str, sorted(set(map(int, ids)))))  # integers only: into the SQL
    if not wanted:
        return []
    connection = session.connection()
    head, tail = _rows_by_id_statement(connection.dialect)
    dbapi = connection.connection.dbapi_connection
    assert dbapi is not None
    cursor = dbapi.cursor()
    try:
        cursor.execute(head + wanted + tail)
        raw = cursor.fetchall()
    finally:
        cursor.close()
    return event_rows_from_driver(raw)


def _full_event_options() -> list[Any]:
    return [
        selectinload(Event.citations).joinedload(Citation.source),
        selectinload(Event.actors).joinedload(EventActor.actor),
        selectinload(Event.tags).joinedload(EventTag.tag),
        joinedload(Event.category),
        joinedload(Event.location),
    ]


def get_event(session: Session, event_id: int) -> Event | None:
    """One event with citations (and their sources), actors, tags, location and category."""
    return session.get(Event, event_id, options=_full_event_options())


def iter_events_full(session: Session, *, filters: EventFilter | None = None) -> Iterator[Event]:
    """Every matching event as a fully loaded ORM object, by start time, in batches of 500.

    For exports and listings; the canvas uses `events_in_window` instead.
    """
    conditions = where_clauses(session, None, None, filters)
    if conditions is None:
        return iter(())
    query = (
        select(Event)
        .where(*conditions)
        .order_by(Event.start_ms, Event.id)
        .options(*_full_event_options())
        .execution_options(yield_per=500)
    )
    return iter(session.scalars(query))


def list_categories(session: Session) -> list[CategoryRow]:
    """All categories (lanes) in display order."""
    query = select(Category.id, Category.name, Category.color, Category.sort_order).order_by(
        Category.sort_order, Category.name
    )
    return [CategoryRow(*row) for row in session.execute(query)]


def list_sources(session: Session) -> list[Source]:
    """Every source (ORM objects, for source pickers and the detail pane), by outlet and title."""
    return list(session.scalars(select(Source).order_by(Source.outlet, Source.title, Source.id)))


def counts(session: Session) -> dict[str, int]:
    """How many rows of each kind the file holds (for `timeline-app check` and the status bar)."""
    models = {
        "events": Event,
        "sources": Source,
        "citations": Citation,
        "categories": Category,
        "actors": Actor,
        "tags": Tag,
        "locations": Location,
    }
    return {
        name: int(session.scalar(select(func.count()).select_from(model)) or 0)
        for name, model in models.items()
    }
