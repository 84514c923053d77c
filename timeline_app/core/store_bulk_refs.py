"""Reference lookups of bulk imports: each distinct name, place, source or time resolved once.

Split from `store_bulk` (which queues and writes the rows). Every lookup gives what the
single-event path (`store_refs`, `add_event`) gives; only places use plain SQL against a
dict of the stored ones, because an ORM object per place made every later flush slower.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from timeline_app.core.drafts import CitationDraft, EventDraft, SourceDraft
from timeline_app.core.models import Actor, Location, Tag
from timeline_app.core.store_mutations import get_or_create_category
from timeline_app.core.store_refs import check_citation, named_id, source_id
from timeline_app.core.timespec import TimeSpec

_LOCATIONS = Location.__table__


def compiled_insert(statement: Any, connection: Any, columns: Sequence[str]) -> str:
    """An INSERT compiled for the connection's dialect, taking `columns` positionally."""
    compiled = statement.compile(dialect=connection.dialect, column_keys=list(columns))
    assert compiled.positional and list(compiled.positiontup or ()) == list(columns)
    return str(compiled)


TimeColumns = tuple[int, int, int, str, bool, str, str]


class BulkRefs:
    """Ids of the things drafts refer to, looked up (or created) once per distinct value.

    Each lookup is the very function `add_event` uses, so reuse rules (case-insensitive
    names, sources matched by URL or outlet+title and completed with what they lacked) are
    the same; a repeated value is answered from the cache.
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
        self.sources: dict[tuple, int] = {}
        self.source_objects: dict[int, tuple[SourceDraft, int]] = {}  # id(draft) -> draft, id
        self.times: dict[int, tuple[TimeSpec, TimeColumns]] = {}  # id(spec) -> spec, columns

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
            found = self.locations[key] = self._location_id(draft)
            return found

    def _location_id(self, draft: EventDraft) -> int | None:
        """What `store_refs.location_id` returns, with plain SQL and no ORM objects.

        An ORM object per place made every later flush of the import slower (the session
        walks its identity map): 2,000 places cost ~8 s. Here the stored places are read
        once into a dict (the first one of each name and coordinates wins, as in the ORM
        lookup's ORDER BY id) and new ones inserted one row each.
        """
        name = (draft.location_name or "").strip()
        if not name and draft.lat is not None and draft.lon is not None:
            name = f"{draft.lat:.5f}, {draft.lon:.5f}"
        if not name:
            return None
        stored = self.stored_locations
        if stored is None:
            stored = self.stored_locations = {}
            columns = _LOCATIONS.c
            query = select(columns.id, columns.name, columns.lat, columns.lon, columns.precision)
            for row_id, row_name, lat, lon, precision in self.session.execute(
                query.order_by(columns.id)
            ):
                stored.setdefault((row_name, lat, lon), [row_id, precision])
        place = (name, draft.lat, draft.lon)
        hit = stored.get(place)
        connection = self.session.connection()
        if hit is None:
            if self.location_sql is None:
                columns = ("name", "lat", "lon", "precision")
                self.location_sql = compiled_insert(insert(_LOCATIONS), connection, columns)
            result = connection.exec_driver_sql(
                self.location_sql, (name, draft.lat, draft.lon, draft.location_precision)
            )
            hit = stored[place] = [result.lastrowid, draft.location_precision]
        elif hit[1] is None and draft.location_precision:
            self.session.execute(
                update(_LOCATIONS)
                .where(_LOCATIONS.c.id == hit[0])
                .values(precision=draft.location_precision)
            )
            hit[1] = draft.location_precision
        return int(hit[0])

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

    def check_citation(self, citation: CitationDraft) -> None:
        """`check_citation`, once per distinct (source object, stance, credibility).

        Importers share one SourceDraft per outlet across thousands of citations; checking
        each again cost ~5 us a citation. The source object is kept so its id stays unique.
        """
        key = (id(citation.source), citation.stance, citation.credibility)
        hit = self.checked.get(key)
        if hit is None or hit is not citation.source:
            check_citation(citation)
            self.checked[key] = citation.source

    def time(self, spec: TimeSpec) -> TimeColumns:
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
