"""Reference lookups of bulk imports: each distinct name, place, source or time resolved once.

Split from `store_bulk_write` (which queues and writes the rows). Every lookup gives what
the single-event path (`store_refs`, `add_event`) gives; places, actors and tags use plain
SQL against dicts of the stored ones, because an ORM object per place made every later
flush slower and an ORM round trip per new name cost more than the rows citing it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from timeline_app.core.drafts import CitationDraft, SourceDraft
from timeline_app.core.models import Actor, Location, Source, Tag
from timeline_app.core.store_mutations import get_or_create_category
from timeline_app.core.store_refs import check_citation, source_id
from timeline_app.core.timespec import TimeSpec

_LOCATIONS = Location.__table__
_SOURCES = Source.__table__
_SOURCE_COLUMNS = ("outlet", "title", "url", "author", "published_ms", "published_tz",
                   "accessed_ms", "reliability", "notes")  # fmt: skip


def compiled_insert(statement: Any, connection: Any, columns: Sequence[str]) -> str:
    """An INSERT compiled for the connection's dialect, taking `columns` positionally."""
    compiled = statement.compile(dialect=connection.dialect, column_keys=list(columns))
    assert compiled.positional and list(compiled.positiontup or ()) == list(columns)
    return str(compiled)


NO_GRADE = 0
"""Credibility as bound for none (grades are 1-6); the INSERT turns it back into NULL.
Python's sqlite3 binds None (and bool) through its adapter lookup, ~0.5 us a value, ten
times an int; constant NULLs (a point's end) are written into the statement instead."""
CitationValues = tuple[int, str, int, str, str]
"""(source id, quote, credibility or NO_GRADE, stance, note) of a stored citation."""
TimeColumns = tuple[int, int, int, str, int, str, str]
"""best, earliest, latest (epoch ms), precision, approximate (0/1: an int binds faster than
a bool and is what SQLite stores for either), zone, text."""


class BulkRefs:
    """Ids of the things drafts refer to, looked up (or created) once per distinct value.

    Each lookup gives what the function `add_event` uses gives, so reuse rules
    (case-insensitive names, sources matched by URL or outlet+title and completed with what
    they lacked) are the same; a repeated value is answered from the cache. Sources and
    categories go through those very functions; places, actors and tags through dicts of
    the stored rows (`_location_id`, `_StoredNames`), whose rules tests/core compare.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.categories: dict[tuple[str, str | None], int] = {}
        self.locations: dict[tuple, int | None] = {}
        # (name, lat, lon) -> [id, precision] of every stored location, loaded on first use
        self.stored_locations: dict[tuple[str, float | None, float | None], list] | None = None
        self.location_sql: str | None = None
        self.checked: dict[tuple[int, str, int | None], SourceDraft] = {}
        self.actors: dict[str, int] = {}
        self.tags: dict[str, int] = {}
        self.stored_actors: _StoredNames | None = None  # read on first use
        self.stored_tags: _StoredNames | None = None
        self.sources: dict[tuple, int] = {}
        self.stored_outlets: dict[str, int] | None = None  # outlet -> id, see _outlet_source
        self.source_sql: str | None = None
        self.source_objects: dict[int, tuple[SourceDraft, int]] = {}  # id(draft) -> draft, id
        self.citations: dict[int, tuple[CitationDraft, CitationValues]] = {}  # by id(draft)
        self.times: dict[int, tuple[TimeSpec, TimeColumns]] = {}  # id(spec) -> spec, columns

    def category(self, name: str | None, color: str | None = None) -> int | None:
        """Id of the category called `name` (None for no name), created if new."""
        if not name or not name.strip():
            return None
        key = (name, color)
        found = self.categories.get(key)
        if found is None:
            found = self.categories[key] = get_or_create_category(self.session, name, color=color)
        return found

    def location(
        self, name: str | None, lat: float | None, lon: float | None, precision: str | None
    ) -> int | None:
        """Id of the place (as `store_refs.location_id` finds or creates it), None if none."""
        if not name and lat is None:
            return None
        key = (name, lat, lon, precision)
        try:
            return self.locations[key]
        except KeyError:
            found = self.locations[key] = self._location_id(name, lat, lon, precision)
            return found

    def _location_id(
        self, name: str | None, lat: float | None, lon: float | None, precision: str | None
    ) -> int | None:
        """What `store_refs.location_id` returns, with plain SQL and no ORM objects.

        An ORM object per place made every later flush of the import slower (the session
        walks its identity map): 2,000 places cost ~8 s. Here the stored places are read
        once into a dict (the first one of each name and coordinates wins, as in the ORM
        lookup's ORDER BY id) and new ones inserted one row each.
        """
        name = (name or "").strip()
        if not name and lat is not None and lon is not None:
            name = f"{lat:.5f}, {lon:.5f}"
        if not name:
            return None
        stored = self.stored_locations
        if stored is None:
            stored = self.stored_locations = {}
            columns = _LOCATIONS.c
            query = select(columns.id, columns.name, columns.lat, columns.lon, columns.precision)
            for row_id, *row_place, row_precision in self.session.execute(
                query.order_by(columns.id)
            ):
                stored.setdefault(tuple(row_place), [row_id, row_precision])
        place = (name, lat, lon)
        hit = stored.get(place)
        connection = self.session.connection()
        if hit is None:
            if self.location_sql is None:
                columns = ("name", "lat", "lon", "precision")
                self.location_sql = compiled_insert(insert(_LOCATIONS), connection, columns)
            result = connection.exec_driver_sql(self.location_sql, (name, lat, lon, precision))
            hit = stored[place] = [result.lastrowid, precision]
        elif hit[1] is None and precision:
            self.session.execute(
                update(_LOCATIONS).where(_LOCATIONS.c.id == hit[0]).values(precision=precision)
            )
            hit[1] = precision
        return int(hit[0])

    def actor(self, name: str) -> int:
        found = self.actors.get(name)
        if found is None:
            if self.stored_actors is None:
                self.stored_actors = _StoredNames(self.session, Actor)
            found = self.actors[name] = self.stored_actors.id(name)
        return found

    def tag(self, name: str) -> int:
        found = self.tags.get(name)
        if found is None:
            if self.stored_tags is None:
                self.stored_tags = _StoredNames(self.session, Tag)
            found = self.tags[name] = self.stored_tags.id(name)
        return found

    def source(self, draft: SourceDraft) -> int:
        hit = self.source_objects.get(id(draft))
        if hit is not None and hit[0] is draft:
            return hit[1]
        key = _source_key(draft)
        found = self.sources.get(key)
        if found is None:
            found = self._outlet_source(draft)
            if found is None:
                found = source_id(self.session, draft)
            self.sources[key] = found
        self.source_objects[id(draft)] = (draft, found)
        return found

    def _outlet_source(self, draft: SourceDraft) -> int | None:
        """What `source_id` returns for a source named by its outlet alone (big exports
        such as ACLED's cite outlets only), None for any other draft.

        For such a draft `source_id` takes the first stored source (by id) with that outlet
        and no title, whatever its URL, and changes nothing on it (it lacks nothing the
        draft has); else it adds one. Here the stored ones are read into a dict once and a
        new one is inserted with plain SQL: one ORM round trip per outlet cost ~1 ms.
        """
        outlet = (draft.outlet or "").strip()
        others = (draft.url or "").strip(), (draft.title or "").strip(), draft.author
        later = draft.published, draft.accessed, draft.reliability, draft.notes
        if not outlet or any(others) or any(later):
            return None
        if self.stored_outlets is None:
            columns = _SOURCES.c
            query = select(columns.id, columns.outlet).where(columns.title == "")
            self.stored_outlets = {}
            for row_id, name in self.session.execute(query.order_by(columns.id)):
                self.stored_outlets.setdefault(name, row_id)
        found = self.stored_outlets.get(outlet)
        if found is None:
            connection = self.session.connection()
            if self.source_sql is None:
                self.source_sql = compiled_insert(insert(_SOURCES), connection, _SOURCE_COLUMNS)
            values = (outlet, "", None, None, None, None, None, None, "")
            found = int(connection.exec_driver_sql(self.source_sql, values).lastrowid)
            self.stored_outlets[outlet] = found
        return found

    def citation(self, citation: CitationDraft) -> CitationValues:
        """A citation's values as stored (source id, quote, credibility, stance, note),
        after `check_citation`; once per citation object (importers share them between
        rows), and the check once per distinct (source object, stance, credibility).
        Objects are kept so their ids stay unique."""
        hit = self.citations.get(id(citation))
        if hit is not None and hit[0] is citation:
            return hit[1]
        key = (id(citation.source), citation.stance, citation.credibility)
        checked = self.checked.get(key)
        if checked is None or checked is not citation.source:
            check_citation(citation)
            self.checked[key] = citation.source
        values = (
            self.source(citation.source),
            citation.quote or "",
            citation.credibility or NO_GRADE,
            citation.stance,
            citation.note or "",
        )
        self.citations[id(citation)] = (citation, values)
        return values

    def time(self, spec: TimeSpec) -> TimeColumns:
        hit = self.times.get(id(spec))
        if hit is not None and hit[0] is spec:
            return hit[1]
        columns = (
            spec.best_ms,
            spec.earliest_ms,
            spec.latest_ms,
            str(spec.precision),
            int(bool(spec.approximate)),
            spec.tz,
            spec.text,
        )
        self.times[id(spec)] = (spec, columns)
        return columns


class _StoredNames:
    """What `store_refs.named_id` returns for one table of names (the row called exactly
    `name`, else the first by id called so ignoring case, else a new row), answered from
    two dicts of the stored names read once, new rows inserted with plain SQL: as for
    places, an ORM round trip per new name (~1 ms) cost more than the rows citing it."""

    def __init__(self, session: Session, model: Any) -> None:
        table = model.__table__
        self.connection = session.connection()
        self.exact: dict[str, int] = {}
        self.folded: dict[str, int] = {}  # lower() as the file's lower() SQL function
        for row_id, name in session.execute(select(table.c.id, table.c.name).order_by(table.c.id)):
            self.exact[name] = row_id
            self.folded.setdefault(name.lower(), row_id)
        self.sql = compiled_insert(insert(table), self.connection, ("name",))

    def id(self, name: str) -> int:
        name = name.strip()
        found = self.exact.get(name)
        if found is None:
            found = self.folded.get(name.lower())
        if found is None:
            found = int(self.connection.exec_driver_sql(self.sql, (name,)).lastrowid)
            self.exact[name] = found
            self.folded.setdefault(name.lower(), found)
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
