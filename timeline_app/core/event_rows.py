"""Many imported events as rows of shared parts: the payload of big tabular imports (ACLED).

An export of a million rows repeats a few thousand places, actor sets, outlet lists, dates
and titles. EventRows keeps each distinct part once, in a list, and per row only the row's
own text (its description) and the numbers of its parts. Reading then builds no EventDraft
per row, validation runs once per distinct part (with the rules of core.validation, so
there is one definition of them), and the store resolves each part to ids once
(`store.bulk_add_events` hands EventRows to `store_bulk_rows`). EventRows is also a
read-only sequence of EventDrafts built on demand, so a preview, a merge or a test reads it
like any other importer's drafts.

Rows are point events with the default status and categories without a colour: what
tabular exports hold. Other shapes go through drafts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import overload

from timeline_app.core.drafts import CitationDraft, EventDraft
from timeline_app.core.timespec import Precision, TimeSpec
from timeline_app.core.validation import (
    FieldError,
    description_problems,
    title_problems,
    validate_event_draft,
)

Place = tuple[str | None, float | None, float | None, str | None]
"""(name, lat, lon, precision) of an event's location, as EventDraft holds them."""
Row = tuple[int, str, int, int, int, int, int, int]
"""(title, description, time, category, place, actors, tags, citations): the description
itself, the numbers of the other parts."""

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: The start of the drafts that validate one part alone (validation never reads a start
#: unless there is an end).
_ANY_START = TimeSpec(_EPOCH, _EPOCH, _EPOCH, Precision.DAY)


def _has_problems(**part: object) -> bool:
    """Whether validate_event_draft finds a problem in the fields given (the rest valid)."""
    draft = EventDraft(title="-", start=_ANY_START, **part)  # type: ignore[arg-type]
    return bool(validate_event_draft(draft))


def _number(registered: int) -> int:
    """The part's number from what its registration returned (~number if it has problems)."""
    return registered if registered >= 0 else ~registered


class EventRows(Sequence[EventDraft]):
    """Validated rows of point events, their parts stored once (see the module docstring).

    Parts are registered with `title`, `time`, `category`, `place`, `actors`, `tags` and
    `citations`, each returning the part's number; a part that has a problem gets a
    negative number (~number), so `add` sees with one comparison that a row needs the full
    validation. The same value registered twice may get two numbers (titles excepted):
    callers cache what they register. Lists (actors, tags, citations) are validated item
    by item, each distinct item once.
    """

    def __init__(self) -> None:
        self.titles: list[str] = []
        self.times: list[TimeSpec] = []
        self.categories: list[str | None] = []
        self.places: list[Place] = []
        self.actor_sets: list[tuple[tuple[str, str], ...]] = []
        self.tag_sets: list[tuple[str, ...]] = []
        self.citation_sets: list[tuple[CitationDraft, ...]] = []
        self.rows: list[Row] = []
        self._title_numbers: dict[str, int] = {}
        self._bad_items: dict[object, bool] = {}
        # id(citation) -> (citation, whether it has problems); the object keeps its id unique
        self._bad_citations: dict[int, tuple[CitationDraft, bool]] = {}

    @staticmethod
    def _register(parts: list, value: object, bad: bool) -> int:
        parts.append(value)
        return ~(len(parts) - 1) if bad else len(parts) - 1

    def _bad_item(self, kind: str, item: object) -> bool:
        """Whether one actor (name, role) or tag has a problem, each checked once."""
        key = (kind, item)
        bad = self._bad_items.get(key)
        if bad is None:
            bad = self._bad_items[key] = _has_problems(**{kind: [item]})
        return bad

    def time(self, spec: TimeSpec) -> int:
        """Number of a start time (validation has nothing to say about a start alone)."""
        return self._register(self.times, spec, False)

    def category(self, name: str | None) -> int:
        """Number of a category name (None: no category)."""
        return self._register(self.categories, name, _has_problems(category=name))

    def place(
        self, name: str | None, lat: float | None, lon: float | None, precision: str | None
    ) -> int:
        """Number of a location (all None: no location)."""
        bad = _has_problems(location_name=name, lat=lat, lon=lon, location_precision=precision)
        return self._register(self.places, (name, lat, lon, precision), bad)

    def actors(self, pairs: Iterable[tuple[str, str]]) -> int:
        """Number of a list of (name, role)."""
        pairs = tuple(pairs)
        bad = any([self._bad_item("actors", pair) for pair in pairs])
        return self._register(self.actor_sets, pairs, bad)

    def tags(self, names: Iterable[str]) -> int:
        """Number of a list of tag names."""
        names = tuple(names)
        return self._register(self.tag_sets, names, any([self._bad_item("tags", n) for n in names]))

    def citations(self, drafts: Iterable[CitationDraft]) -> int:
        """Number of a list of citations. Rows get copies of them (their sources shared);
        pass the same CitationDraft object for a citation that repeats, so it is checked once.
        """
        drafts = tuple(drafts)
        bad = False
        for draft in drafts:
            hit = self._bad_citations.get(id(draft))
            if hit is None or hit[0] is not draft:
                hit = self._bad_citations[id(draft)] = (draft, _has_problems(citations=[draft]))
            bad = bad or hit[1]
        return self._register(self.citation_sets, drafts, bad)

    def title(self, title: str) -> int:
        """Number of a title; the same text gets the same number (titles repeat a lot)."""
        number = self._title_numbers.get(title)
        if number is None:
            bad = bool(title_problems(title))
            number = self._title_numbers[title] = self._register(self.titles, title, bad)
        return number

    def add(
        self,
        title: int,
        description: str,
        time: int,
        category: int,
        place: int,
        actors: int,
        tags: int,
        citations: int,
    ) -> list[FieldError]:
        """Keep the row if it is valid, else return its problems (as validate_event_draft
        lists them for the whole draft) and keep nothing. `title` and the parts are the
        numbers their registration returned; the description is the row's own."""
        if (title | category | place | actors | tags | citations) >= 0:
            problems = description_problems(description)
            if not problems:
                self.rows.append(
                    (title, description, time, category, place, actors, tags, citations)
                )
                return problems
        parts = (title, category, place, actors, tags, citations)
        title, category, place, actors, tags, citations = map(_number, parts)
        row: Row = (title, description, time, category, place, actors, tags, citations)
        problems = validate_event_draft(self._draft(row))
        if not problems:
            self.rows.append(row)
        return problems

    def category_names(self) -> list[str]:
        """The categories of the kept rows, in the order of their first use."""
        used = dict.fromkeys(row[3] for row in self.rows)
        return list(dict.fromkeys(name for n in used if (name := self.categories[n])))

    def _draft(self, row: Row) -> EventDraft:
        """The EventDraft of a row: new lists and citations, the sources shared."""
        title, description, time, category, place, actors, tags, citations = row
        name, lat, lon, precision = self.places[place]
        return EventDraft(
            title=self.titles[title],
            start=self.times[time],
            description=description,
            category=self.categories[category],
            location_name=name,
            lat=lat,
            lon=lon,
            location_precision=precision,
            actors=list(self.actor_sets[actors]),
            tags=list(self.tag_sets[tags]),
            citations=[
                CitationDraft(c.source, c.quote, c.credibility, c.stance, c.note)
                for c in self.citation_sets[citations]
            ],
        )

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> EventDraft: ...

    @overload
    def __getitem__(self, index: slice) -> list[EventDraft]: ...

    def __getitem__(self, index: int | slice) -> EventDraft | list[EventDraft]:
        """The row(s) as new EventDrafts, equal to what the importer would have built."""
        if isinstance(index, slice):
            return [self._draft(row) for row in self.rows[index]]
        return self._draft(self.rows[index])

    def __iter__(self) -> Iterator[EventDraft]:
        return map(self._draft, self.rows)
