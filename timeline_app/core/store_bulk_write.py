"""The machinery of bulk imports: set-up, duplicate rule, values per part, multi-row writer.

Shared by the two inputs of `store_bulk.bulk_add_events`: EventDrafts (resolved one draft
at a time) and EventRows (`store_bulk_rows`, whose shared parts are resolved once). Both
store exactly what `add_event` stores: `actor_links`, `tag_links`, `cited` and
`time_block` turn a draft's parts into the values of its rows with add_event's rules, and
`RowWriter` inserts them many rows a statement. `bulk_import` sets an import up in the
caller's transaction (duplicate identities, reference caches, ids, SQLite set-up for big
imports) and finishes it (the `max_extent_ms` hint, recomputed once).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, literal_column, null, select
from sqlalchemy.orm import Session

from timeline_app.core.drafts import CitationDraft
from timeline_app.core.models import (
    Citation,
    Event,
    EventActor,
    EventTag,
    Source,
)
from timeline_app.core.store_bulk_refs import NO_GRADE, BulkRefs, CitationValues, TimeColumns
from timeline_app.core.store_mutations import (
    now_ms,
    recompute_max_extent,
)
from timeline_app.core.store_sqlite_bulk import bound_parameter_limit, bulk_write_setup

CHUNK = 500
"""Events between two progress reports / cancel checks."""

ROWS_PER_INSERT = 100
"""Rows per INSERT statement (fewer if the driver takes fewer parameters)."""

WRITE_EVERY = 5_000
"""Events queued before their rows are written. All of them are written each time (the
rest of a table that does not fill a statement goes in one row a statement), so a link is
never written before its event."""

REINDEX_MIN_ROWS = 20_000
"""Imports at least this big get SQLite's big-write set-up (a bigger page cache), and
rebuild the indexes once if they are also at least as big as the file."""

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


Identity = tuple[str, int, str]


def name_key(text: str) -> str:
    """A title or source as `identity` compares it: trimmed, ignoring case."""
    return text.strip().casefold()


def identity(title: str, start_ms: int, source: str) -> Identity:
    """What makes two events duplicates: title and first source ignoring case, best start."""
    return (name_key(title), start_ms, name_key(source))


def first_source(citations: Sequence[CitationDraft]) -> str:
    """The first cited source's URL, outlet or title: the source part of `identity`."""
    if not citations:
        return ""
    s = citations[0].source
    return s.url or s.outlet or s.title or ""


def existing_identities(session: Session) -> set[Identity]:
    """(title, start, first source) of every stored event, for duplicate detection."""
    found: set[Identity] = set()
    query = (
        select(Event.title, Event.start_ms, Source.url, Source.outlet, Source.title)
        .outerjoin(Citation, Citation.event_id == Event.id)
        .outerjoin(Source, Source.id == Citation.source_id)
    )
    for title, start, url, outlet, source_title in session.execute(query):
        found.add(identity(title, start, url or outlet or source_title or ""))
        found.add(identity(title, start, ""))
    return found


# -- the values of one part, as the writer binds them -------------------------------------

Cited = tuple[tuple[CitationValues, ...], int, int]
"""The values of an event's citations, its source count and whether they disagree (0/1)."""


def actor_links(refs: BulkRefs, pairs: Sequence[tuple[str, str]]) -> tuple[tuple[int, str], ...]:
    """(actor id, role) of an event's actors: blank names skipped, repeats stored once."""
    named = ((refs.actor(n), (r or "").strip()) for n, r in pairs if (n or "").strip())
    return tuple(dict.fromkeys(named))


def tag_links(refs: BulkRefs, names: Sequence[str]) -> tuple[int, ...]:
    """Tag ids of an event's tags: blank ones skipped, repeats stored once."""
    return tuple(dict.fromkeys(refs.tag(t) for t in names if (t or "").strip()))


def cited(refs: BulkRefs, citations: Sequence[CitationDraft]) -> Cited:
    """An event's citations (checked; one per source and quote), its source count and
    whether they disagree, as `add_event` stores them."""
    unique: dict[tuple[int, str], CitationValues] = {}
    for citation in citations:
        values = refs.citation(citation)
        unique.setdefault(values[:2], values)
    rows = tuple(unique.values())
    stances = {row[3] for row in rows}
    contested = "supports" in stances and "contradicts" in stances
    return rows, len({row[0] for row in rows}), int(contested)


def time_block(status: str, start: TimeColumns, end: TimeColumns | None) -> tuple:
    """The event's columns from kind to hi_ms (see RowWriter.event): kind, status, start,
    end (spans only) and the extent lo..hi."""
    if end is None:
        return ("point", status, *start, start[1], start[2])
    return ("span", status, *start, *end, start[1], max(start[2], end[2]))


# -- the writer ---------------------------------------------------------------------------

_TIME = ("ms", "earliest_ms", "latest_ms", "precision", "approx", "tz", "text")
_START = tuple(f"start_{c}" for c in _TIME)
_END = tuple(f"end_{c}" for c in _TIME)
_TAIL = ("source_count", "contested", "category_id", "location_id", "created_ms", "updated_ms")
_POINT_COLUMNS = ("id", "title", "description", "kind", "status", *_START, "lo_ms", "hi_ms", *_TAIL)
_SPAN_COLUMNS = ("id", "title", "description", "kind", "status", *_START, *_END, "lo_ms", "hi_ms",
                 *_TAIL)  # fmt: skip
_CITATION_COLUMNS = ("event_id", "source_id", "quote", "credibility", "stance", "note")


class _Table:
    """Rows queued for one table as one flat list of values in `columns` order, written
    with INSERTs of many rows each (one statement per row costs several times more)."""

    def __init__(
        self,
        table: Any,
        columns: Sequence[str],
        *,
        nulls: Sequence[str] = (),
        zero_is_null: Sequence[str] = (),
    ) -> None:
        self.table, self.columns, self.width = table, tuple(columns), len(columns)
        self.nulls, self.zero_is_null = tuple(nulls), frozenset(zero_is_null)
        self.values: list[Any] = []
        self.sql: dict[int, tuple[str, list[str] | None]] = {}  # rows -> SQL, names if named

    def _statement(self, connection: Connection, rows: int) -> tuple[str, list[str] | None]:
        """INSERT of `rows` rows (compiled once per size) and, for drivers that take named
        parameters, the names in the order of the flat values."""
        found = self.sql.get(rows)
        if found is not None:
            return found
        values = []
        for row in range(rows):
            given: dict[str, Any] = {}
            for column in self.columns:
                param = bindparam(f"{column}_{row}")
                zero = column in self.zero_is_null
                given[column] = func.nullif(param, literal_column(str(NO_GRADE))) if zero else param
            given.update((column, null()) for column in self.nulls)
            values.append(given)
        compiled = insert(self.table).values(values).compile(dialect=connection.dialect)
        order = [f"{column}_{row}" for row in range(rows) for column in self.columns]
        if compiled.positional:
            # Columns render in the table's order: `columns` must list them in that order.
            assert list(compiled.positiontup or ()) == order, "columns not in table order"
            found = (str(compiled), None)
        else:
            found = (str(compiled), order)
        self.sql[rows] = found
        return found

    def write(self, connection: Connection, per: int) -> None:
        """Insert the queued rows: `per` rows a statement, the rest one row a statement."""
        values, width = self.values, self.width
        step = per * width
        full = len(values) - len(values) % step
        if full:
            sql, names = self._statement(connection, per)
            groups = [values[i : i + step] for i in range(0, full, step)]
            connection.exec_driver_sql(sql, _params(groups, names))
        if full < len(values):
            sql, names = self._statement(connection, 1)
            rest = [values[i : i + width] for i in range(full, len(values), width)]
            connection.exec_driver_sql(sql, _params(rest, names))
        values.clear()


def _params(groups: list[list[Any]], names: list[str] | None) -> list:
    if names is None:
        return [tuple(group) for group in groups]
    return [dict(zip(names, group, strict=True)) for group in groups]


class RowWriter:
    """Queues the rows of events and their links, and writes them many rows a statement."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.points = _Table(_EVENTS, _POINT_COLUMNS, nulls=_END)
        self.spans = _Table(_EVENTS, _SPAN_COLUMNS)
        self.citations = _Table(_CITATIONS, _CITATION_COLUMNS, zero_is_null=("credibility",))
        self.actors = _Table(_ACTOR_LINKS, ("event_id", "actor_id", "role"))
        self.tags = _Table(_TAG_LINKS, ("event_id", "tag_id"))
        self.tables = (self.points, self.spans, self.citations, self.actors, self.tags)
        limit = bound_parameter_limit(connection)
        self.per = {id(t): max(1, min(ROWS_PER_INSERT, limit // t.width)) for t in self.tables}

    def event(
        self,
        event_id: int,
        title: str,
        description: str,
        block: tuple,
        cited: Cited,
        category: int | None,
        location: int | None,
        actors: tuple[tuple[int, str], ...],
        tags: tuple[int, ...],
        now: int,
    ) -> None:
        """Queue one event (`block` from `time_block`, `cited` from `cited`)."""
        rows, count, contested = cited
        table = self.points if block[0] == "point" else self.spans
        table.values += (event_id, title, description, *block, count, contested, category,
                         location, now, now)  # fmt: skip
        if rows:
            values = self.citations.values
            for row in rows:
                values += (event_id, *row)
        for actor, role in actors:
            self.actors.values += (event_id, actor, role)
        for tag in tags:
            self.tags.values += (event_id, tag)

    def write(self) -> None:
        """Insert what is queued, events first (links refer to them)."""
        for table in self.tables:
            table.write(self.connection, self.per[id(table)])


# -- one import ---------------------------------------------------------------------------


@dataclass(slots=True)
class BulkImport:
    """What one bulk import works with; made by `bulk_import`."""

    session: Session
    result: BulkResult
    seen: set[Identity] | None
    """Identities of the stored events and those added so far; None keeps duplicates."""
    refs: BulkRefs
    writer: RowWriter
    now: int
    next_id: int

    def chunks(
        self,
        total: int,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> Iterator[range]:
        """Index ranges of CHUNK events; progress and cancel are checked before each, and
        what the caller queued is written every WRITE_EVERY events and at the end."""
        written = 0
        for first in range(0, total, CHUNK):
            if cancelled is not None and cancelled():
                raise BulkCancelled()
            if progress is not None:
                progress(first, total)
            last = min(first + CHUNK, total)
            yield range(first, last)
            if last - written >= WRITE_EVERY:
                self.write()
                written = last
        self.write()

    def write(self) -> None:
        """Write what is queued (references created by the lookups first)."""
        self.session.flush()
        self.writer.write()

    def duplicate(self, index: int, key: Identity) -> bool:
        """True (and noted) if `key` is already stored or added; else it is remembered."""
        seen = self.seen
        if seen is None:
            return False
        if key in seen:
            self.result.duplicates.append(index)
            return True
        seen.add(key)
        return False


@contextlib.contextmanager
def bulk_import(
    session: Session,
    total: int,
    *,
    skip_duplicates: bool,
    progress: Callable[[int, int], None] | None,
) -> Iterator[BulkImport]:
    """Set up an import of `total` events into the caller's transaction, and finish it."""
    seen = existing_identities(session) if skip_duplicates else None
    refs = BulkRefs(session)
    session.flush()
    # Ids are given, not generated: the write transaction holds the file's write lock, so
    # nobody else inserts meanwhile (on a server database, advance the id sequence after).
    last_id = int(session.scalar(select(func.max(Event.id))) or 0)
    connection = session.connection()
    state = BulkImport(
        session, BulkResult(), seen, refs, RowWriter(connection), now_ms(), last_id + 1
    )
    with _write_setup(connection, total, last_id):
        yield state
    if state.result.added:
        recompute_max_extent(session)
    if progress is not None:
        progress(total, total)


def _write_setup(connection: Connection, adding: int, last_id: int) -> AbstractContextManager:
    """SQLite set-up for a big import (see `store_sqlite_bulk.bulk_write_setup`).

    Indexes are rebuilt only when the import is big and at least doubles the file
    (rebuilding sorts every row, old ones too); `last_id` (the highest event id) stands in
    for the count.
    """
    if connection.dialect.name != "sqlite" or adding < REINDEX_MIN_ROWS:
        return nullcontext()
    return bulk_write_setup(
        connection,
        ("events", "citations", "event_actors", "event_tags"),
        rebuild_indexes=adding >= last_id,
    )
