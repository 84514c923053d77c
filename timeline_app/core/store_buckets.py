"""Event counts: per window, and per bucket for zoomed-out views, without reading every row.

Without filters on row contents this is one SQL statement: a recursive CTE lists the
buckets, and for every (bucket, lane) a correlated COUNT walks one short stretch of an
index, (category_id, lo_ms) per lane or (lo_ms, hi_ms) without lanes: no sort of all rows,
no table lookups. Filters on text, actors, tags, status or sources need every row anyway,
so then one GROUP BY pass over the table is cheaper.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import itemgetter

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    Subquery,
    case,
    cast,
    func,
    literal,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session

from timeline_app.core.models import Category
from timeline_app.core.records import BucketCount, EventFilter
from timeline_app.core.store_filters import EVENTS, filter_conditions, time_range
from timeline_app.core.store_queries import max_extent, where_clauses

MAX_BUCKETS = 100_000
_ROW_FILTERS = ("text", "actor_ids", "tag_ids", "statuses", "min_reliability")
Counts = dict[tuple[int, int | None], int]


def _reads_rows(filters: EventFilter | None) -> bool:
    return filters is not None and any(getattr(filters, name) for name in _ROW_FILTERS)


def _has_categories(filters: EventFilter | None) -> bool:
    return filters is not None and bool(filters.category_ids or filters.category_names)


def _lanes(filters: EventFilter | None) -> Subquery:
    """Category ids to count (plus NULL for events without one, unless categories are filtered)."""
    ids = select(Category.id.label("id"))
    if not _has_categories(filters):
        return union_all(ids, select(literal(None, Integer).label("id"))).subquery("lanes")
    if filters.category_ids:
        ids = ids.where(Category.id.in_(sorted(filters.category_ids)))
    if filters.category_names:
        ids = ids.where(Category.name.in_(sorted(filters.category_names)))
    return ids.subquery("lanes")


def _per_bucket(
    session: Session, start_ms: int, bucket_ms: int, lo: int, hi: int, *, filters, by_category
) -> Counts:
    """Index-only counts of events whose lo_ms lies inside [lo, hi], per (bucket, lane)."""
    first, last = (lo - start_ms) // bucket_ms, (hi - start_ms) // bucket_ms
    buckets = select(literal(first, Integer).label("i")).cte("buckets", recursive=True)
    buckets = buckets.union_all(select((buckets.c.i + 1).label("i")).where(buckets.c.i < last))
    begin = start_ms + buckets.c.i * bucket_ms
    where: list[ColumnElement[bool]] = [
        EVENTS.c.lo_ms >= case((begin < lo, lo), else_=begin),
        EVENTS.c.lo_ms < case((begin + bucket_ms > hi, hi + 1), else_=begin + bucket_ms),
        *filter_conditions(filters),
    ]
    if by_category:
        lanes = _lanes(filters)
        where.append(EVENTS.c.category_id.is_not_distinct_from(lanes.c.id))
        count = select(func.count()).select_from(EVENTS).where(*where).scalar_subquery()
        query = select(buckets.c.i, lanes.c.id, count).select_from(buckets).join(lanes, true())
    else:
        count = select(func.count()).select_from(EVENTS).where(*where).scalar_subquery()
        query = select(buckets.c.i, literal(None, Integer), count)
    counts: Counts = {(int(i), lane): int(n) for i, lane, n in session.execute(query) if n}

    for lane, n in earlier_counts(session, lo, filters=filters, by_category=by_category):
        counts[(first, lane)] = counts.get((first, lane), 0) + n
    return counts


def earlier_counts(
    session: Session, lo: int, *, filters: EventFilter | None = None, by_category: bool = True
) -> list[tuple[int | None, int]]:
    """(lane, n) of events that began before `lo` but reach it: few, found via (lo_ms, hi_ms)."""
    earlier = [
        EVENTS.c.lo_ms >= lo - max_extent(session),
        EVENTS.c.lo_ms < lo,
        EVENTS.c.hi_ms >= lo,
        *filter_conditions(filters),
    ]
    if by_category:
        query = select(EVENTS.c.category_id, func.count()).where(*earlier)
        rows = session.execute(query.group_by(EVENTS.c.category_id)).all()
    else:
        rows = [(None, session.scalar(select(func.count()).where(*earlier)))]
    return [(lane, int(n)) for lane, n in rows if n]


def lane_starts(session: Session) -> dict[int | None, array]:
    """Every event's lo_ms, sorted, per category (None: none): one walk of a covering index.

    For the per-day start summary (`core.store_summary`). A million rows through
    SQLAlchemy's result rows took ~1.2 s of a thread that holds the GIL against the GUI; a
    plain DB-API cursor grouped with itertools (C loops) takes ~0.8 s. The SQL is portable.
    """
    dbapi = session.connection().connection.dbapi_connection
    assert dbapi is not None
    cursor = dbapi.cursor()
    try:
        cursor.execute("SELECT category_id, lo_ms FROM events ORDER BY category_id, lo_ms")
        lanes: dict[int | None, array] = {}
        for lane, rows in groupby(cursor, key=itemgetter(0)):
            lanes.setdefault(lane, array("q")).extend(map(itemgetter(1), rows))
    finally:
        cursor.close()
    return lanes


EXTENT_CHUNK = 65_536


def _as_text(column: ColumnElement[int]) -> ColumnElement[str]:
    """A column's values joined with commas into one string (an aggregate)."""
    return func.aggregate_strings(cast(column, String), ",")


def extent_columns(
    session: Session, *, chunk: int = EXTENT_CHUNK
) -> Iterator[tuple[int, str, str, str]]:
    """(n, lo_ms, hi_ms, id) of every event as comma-separated text, a slice of time at a time.

    For the in-memory index (`core.time_index`), which parses the text with numpy: the
    database builds the text from the (lo_ms, hi_ms) index alone (SQLite without holding
    Python's GIL, so the GUI thread keeps painting meanwhile), where a million Python row
    tuples cost ~1.5 s of GIL. Slices of about `chunk` events keep each string, and the
    GIL-holding parse of it, short. The aggregates of one statement see the rows in the
    same order, so the columns line up; the order of the rows does not matter. Portable
    (`aggregate_strings` is group_concat on SQLite, string_agg elsewhere); call it in one
    read transaction so every slice comes from the same snapshot.
    """
    first, last, total = session.execute(
        select(func.min(EVENTS.c.lo_ms), func.max(EVENTS.c.lo_ms), func.count())
    ).one()
    if not total:
        return
    slices = -(-int(total) // chunk)
    step = (int(last) - int(first)) // slices + 1
    columns = (func.count(), *map(_as_text, (EVENTS.c.lo_ms, EVENTS.c.hi_ms, EVENTS.c.id)))
    for low in range(int(first), int(last) + 1, step):
        query = select(*columns).where(EVENTS.c.lo_ms >= low, EVENTS.c.lo_ms < low + step)
        n, lo, hi, ids = session.execute(query).one()
        if n:
            yield int(n), lo, hi, ids


IndexRow = tuple[int, int, int, int | None, int]
"""(id, lo_ms, hi_ms, category id, start_ms) of an event: what the in-memory index holds."""


def index_rows(session: Session, ids: Iterable[int]) -> list[IndexRow]:
    """The index rows of those of `ids` that exist: an index's changed events.

    After an edit the in-memory index replaces just these (`EventIndex.updated`); an id
    missing here was deleted.
    """
    wanted = sorted(set(ids))
    rows: list[IndexRow] = []
    c = EVENTS.c
    for i in range(0, len(wanted), 500):
        query = select(c.id, c.lo_ms, c.hi_ms, c.category_id, c.start_ms).where(
            c.id.in_(wanted[i : i + 500])
        )
        rows += [(int(a), int(b), int(h), d, int(e)) for a, b, h, d, e in session.execute(query)]
    return rows


def start_spread(session: Session) -> int:
    """How much later than its extent's start (lo_ms) any event's start time lies, at most.

    So the index, which holds lo_ms only, knows that an event whose lo_ms is more than this
    before a moment also starts (is drawn from) before it. One scan (~0.3 s at 1M events,
    in the index loader's thread).
    """
    value = session.scalar(select(func.max(EVENTS.c.start_ms - EVENTS.c.lo_ms)))
    return max(0, int(value or 0))


def lane_ids(session: Session) -> Iterator[tuple[int | None, int, str]]:
    """(category id or None, n, ids as comma-separated text) of each non-empty lane.

    The other half of `extent_columns` (same reasons, same transaction): one walk of the
    (category_id, lo_ms) index per lane.
    """
    for category in [None, *session.scalars(select(Category.id).order_by(Category.id))]:
        lane = EVENTS.c.category_id
        where = lane.is_(None) if category is None else lane == category
        n, ids = session.execute(select(func.count(), _as_text(EVENTS.c.id)).where(where)).one()
        if n:
            yield category, int(n), ids


def _grouped(
    session: Session, start_ms: int, end_ms: int, bucket_ms: int, *, filters, by_category
) -> Counts:
    """One GROUP BY pass (for filters that must read every row anyway)."""
    conditions = where_clauses(session, start_ms, end_ms, filters)
    if conditions is None:
        return {}
    lo, _ = time_range(start_ms, end_ms, filters)
    assert lo is not None
    first = (lo - start_ms) // bucket_ms
    index = case((EVENTS.c.lo_ms < lo, first), else_=(EVENTS.c.lo_ms - start_ms) // bucket_ms)
    bucket = index.label("bucket")
    lane = EVENTS.c.category_id if by_category else literal(None, Integer)
    query = select(bucket, lane, func.count()).where(*conditions).group_by(bucket)
    if by_category:
        query = query.group_by(EVENTS.c.category_id)
    return {(int(i), c): int(n) for i, c, n in session.execute(query)}


def bucket_counts(
    session: Session,
    start_ms: int,
    end_ms: int,
    bucket_ms: int,
    *,
    filters: EventFilter | None = None,
    by_category: bool = True,
) -> list[BucketCount]:
    """Events per time bucket (and lane) for zoomed-out views; only non-empty buckets.

    Buckets are [start_ms + i*bucket_ms, start_ms + (i+1)*bucket_ms). Each event counts once,
    in the bucket where its extent begins (lo_ms); an event that began before the window but
    reaches into it counts in the first bucket. So the counts add up to `count_in_window`.
    With by_category=False every BucketCount has category_id None.
    """
    if bucket_ms <= 0:
        raise ValueError(f"bucket_ms must be positive, not {bucket_ms}")
    if end_ms < start_ms:
        raise ValueError("end_ms lies before start_ms")
    if (end_ms - start_ms) // bucket_ms + 1 > MAX_BUCKETS:
        raise ValueError(f"more than {MAX_BUCKETS} buckets asked for; use a larger bucket_ms")
    lo, hi = time_range(start_ms, end_ms, filters)
    assert lo is not None and hi is not None
    if lo > hi:
        return []
    options = {"filters": filters, "by_category": by_category}
    if _reads_rows(filters) or (not by_category and _has_categories(filters)):
        counts = _grouped(session, start_ms, end_ms, bucket_ms, **options)
    else:
        counts = _per_bucket(session, start_ms, bucket_ms, lo, hi, **options)
    ordered = sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][1] is not None, kv[0][1] or 0))
    return [
        BucketCount(start_ms + i * bucket_ms, start_ms + (i + 1) * bucket_ms, lane, n)
        for (i, lane), n in ordered
    ]


def count_in_window(
    session: Session, start_ms: int, end_ms: int, *, filters: EventFilter | None = None
) -> int:
    """How many events `events_in_window` would return (without a limit).

    Filtered by category only, this is the per-lane index count of one big bucket (10x
    faster than a COUNT that looks up every row's category); otherwise a plain COUNT.
    """
    if _has_categories(filters) and not _reads_rows(filters) and end_ms >= start_ms:
        one = end_ms - start_ms + 1
        return sum(b.count for b in bucket_counts(session, start_ms, end_ms, one, filters=filters))
    conditions = where_clauses(session, start_ms, end_ms, filters)
    if conditions is None:
        return 0
    return int(session.scalar(select(func.count()).select_from(EVENTS).where(*conditions)) or 0)
