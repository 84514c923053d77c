"""ACLED-style event CSV (Armed Conflict Location & Event Data) into EventRows.

Columns read (case-insensitive; missing optional ones are fine, others are ignored):
event_date (required), time_precision, event_type, sub_event_type, actor1, assoc_actor_1,
actor2, assoc_actor_2, country, admin1, location, latitude, longitude, geo_precision, source,
source_scale, notes, fatalities, event_id_cnty, data_id.

Mapping, chosen so an analyst recognises the ACLED row:

* title: "<sub_event_type> in <location>" ("Armed clash in Aleppo"), falling back to
  event_type, admin1 or country; with neither, the first ~80 characters of notes.
* description: notes, then lines "Fatalities: n", "ACLED id: <event_id_cnty or data_id>".
* category: event_type; tag: sub_event_type.
* actors: actor1 -> role "actor1", actor2 -> "actor2"; assoc_actor_1 / assoc_actor_2 (";"
  separated lists in ACLED) -> "associated with actor1" / "associated with actor2", so the
  side an associate stood on is not lost.
* location: "location, admin1, country" (repeats dropped), latitude/longitude, and precision
  from geo_precision: 1 -> "town", 2 -> "region", 3 -> "country" (ACLED 3 is a province or
  wider; "country" is our coarsest grade, so the uncertainty is never understated).
* time: event_date is a local calendar day ("2016-12-14" or "14 December 2016"), read in
  `tz` (UTC unless the caller knows the country's zone). time_precision 1 -> that day;
  2 ("within about a week") -> approximate, best = that day, bounds widened 3 days either
  side; 3 ("within the month") -> precision MONTH, bounds the whole month, best = the date
  ACLED recorded. Blank time_precision counts as 1.
* sources: the source column split on ";" -> one source per outlet (the same SourceDraft
  object for every row citing that outlet); source_scale -> the citation's note.

Speed (big exports are the normal case): the events are EventRows (core.event_rows), which
build an EventDraft only when one is asked for, so the store writes a row without one. No
dateutil for ISO dates; one frozen TimeSpec per distinct (event_date, time_precision);
kinds of event, places, titles, actor sets and outlets cleaned, validated and registered
once per distinct value; the cyclic garbage collector paused while rows pile up. About
17 us a row for bench/'s ACLED files on a shared 2-core machine, 3 us of it the csv module
(bench/importing.py measures the whole import).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from operator import itemgetter
from pathlib import Path

from timeline_app.core.drafts import CitationDraft, SourceDraft
from timeline_app.core.event_rows import EventRows
from timeline_app.core.timespec import Precision, TimeParseError, TimeSpec, parse_time
from timeline_app.io.importers.common import (
    POLL_EVERY,
    Cancelled,
    ImportResult,
    Progress,
    SkippedRow,
    Ticker,
    bulk_allocation,
    file_error,
    short_title,
    zone_label,
    zone_of,
)
from timeline_app.io.importers.csv_input import CsvInput
from timeline_app.io.importers.html_text import one_line, plain

COLUMNS = (
    "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
    "actor2", "assoc_actor_2", "country", "admin1", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "event_id_cnty", "data_id",
)  # fmt: skip
GEO_PRECISION = {"1": "town", "2": "region", "3": "country"}
WEEK_MARGIN = timedelta(days=3)
_MONTH_NAMES = (
    "jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july",
    "aug august", "sep sept september", "oct october", "nov november", "dec december",
)  # fmt: skip
_MONTHS = {name: n for n, names in enumerate(_MONTH_NAMES, 1) for name in names.split()}


class _Times:
    """TimeSpec per distinct (event_date, time_precision), built once, shared (it is frozen)."""

    def __init__(self, tz: str) -> None:
        self.zone, self.label = zone_of(tz), zone_label(tz)
        self.cache: dict[tuple[str, str], TimeSpec | str] = {}

    def get(self, text: str, precision: str) -> TimeSpec | str:
        """The TimeSpec, or the reason the row must be skipped."""
        key = (text, precision)
        found = self.cache.get(key)
        if found is None:
            try:
                found = self._build(text, precision.strip())
            except (ValueError, OverflowError) as exc:
                found = f"event_date {text!r}: {exc}"
            self.cache[key] = found
        return found

    def _build(self, text: str, precision: str) -> TimeSpec:
        day = _read_date(text.strip(), self.label)
        start = self._midnight(day)
        if precision in ("", "1"):
            end = self._midnight(day + timedelta(days=1))
            return TimeSpec(start, start, end, Precision.DAY, False, self.label, text)
        if precision == "2":
            lo = self._midnight(day - WEEK_MARGIN)
            hi = self._midnight(day + timedelta(days=1) + WEEK_MARGIN)
            return TimeSpec(start, lo, hi, Precision.DAY, True, self.label, text)
        if precision == "3":
            first = self._midnight(day.replace(day=1))
            after = self._midnight(date(day.year + day.month // 12, day.month % 12 + 1, 1))
            return TimeSpec(start, first, after, Precision.MONTH, False, self.label, text)
        raise ValueError(f"time_precision must be 1, 2 or 3 (got {precision!r})")

    def _midnight(self, day: date) -> datetime:
        """The UTC instant at which `day` begins on the wall clock of the zone."""
        return datetime(day.year, day.month, day.day, tzinfo=self.zone).astimezone(UTC)


def _read_date(text: str, tz: str) -> date:
    """ISO "2016-12-14" (fast path), "14 December 2016" / "14-Dec-2016", else parse_time."""
    if not text:
        raise ValueError("empty")
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    parts = text.replace("-", " ").replace("/", " ").split()
    if len(parts) == 3 and parts[0].isdigit() and parts[2].isdigit():
        month = _MONTHS.get(parts[1].lower().rstrip("."))
        if month is not None:
            return date(int(parts[2]), month, int(parts[0]))
    try:
        spec = parse_time(text, tz=tz)
    except TimeParseError as exc:
        raise ValueError(str(exc)) from None
    if spec.precision != Precision.DAY:
        raise ValueError("not a calendar day")
    return spec.best.astimezone(zone_of(tz)).date()


def read_acled_csv(
    path: Path | str,
    *,
    tz: str = "UTC",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportResult:
    """Read an ACLED export; rows that cannot be events are skipped with the reason.

    The events are EventRows (core.event_rows): the store writes them without building a
    draft per row.
    """
    with CsvInput(path) as csv_in:
        if csv_in.column("event_date") is None:
            found = ", ".join(csv_in.header[:8])
            raise file_error(csv_in.path, f"no event_date column (row 1 has: {found})")
        return _Reader(csv_in, tz).read(Ticker(progress, cancelled, csv_in.total))


def _text(value: str) -> str:
    """Names and labels as plain one-line text; the check keeps the common case fast."""
    return one_line(value) if "<" in value or "&" in value else value.strip()


class _Reader:
    """One pass over the rows into EventRows. What repeats across rows (times, kinds of
    event, places, actor sets, outlets) is cleaned, validated and registered once per
    distinct group of cells: that is the speed."""

    def __init__(self, csv_in: CsvInput, tz: str) -> None:
        self.csv_in = csv_in
        self.specs = _Times(tz)
        self.rows = EventRows()
        self.skipped: list[SkippedRow] = []
        self.times: dict[tuple[str, str], int | str] = {}
        self.kinds: dict[tuple[str, str], tuple[str, int, int]] = {}
        self.categories: dict[str, int] = {}  # event_type -> category number
        self.tags: dict[str, int] = {}  # sub_event_type -> tags number
        self.titles: dict[tuple[str, str], int] = {}  # (what, at) -> title number
        self.places: dict[tuple[str, ...], tuple[int, str] | str] = {}
        self.people: dict[tuple[str, ...], int] = {}
        self.cited: dict[tuple[str, str], int] = {}
        self.citations: dict[tuple[str, str], CitationDraft | None] = {}  # (cell piece, scale)
        self.notes: dict[tuple[str, str], CitationDraft] = {}  # (outlet, note)
        self.outlets: dict[str, SourceDraft] = {}
        csv_in.refuse_duplicates(COLUMNS)
        # A missing column reads the empty cell appended to short rows.
        self.width = len(csv_in.header)
        self.pick = itemgetter(*(csv_in.columns.get(name, self.width) for name in COLUMNS))

    def read(self, ticker: Ticker) -> ImportResult:
        position, width, pick, row = self.csv_in.position, self.width, self.pick, self.row
        padded = width + 1 if max(self.pick(range(width + 1))) == width else width
        with bulk_allocation():
            for number, cells in self.csv_in.rows():
                if number % POLL_EVERY == 0:
                    ticker.poll(position())
                if len(cells) < padded:
                    cells = cells + [""] * (padded - len(cells))
                row(number, pick(cells))
        ticker.end()
        categories = [(name, None) for name in self.rows.category_names()]
        return ImportResult(self.rows, categories, self.skipped, self.csv_in.path.stem)

    def row(self, number: int, cells: tuple[str, ...]) -> None:
        (day, tp, etype, sub, a1, aa1, a2, aa2, country, admin1, loc, lat, lon, geo, src, scale,
         notes, fatal, eid, did) = cells  # fmt: skip
        time = self.times.get((day, tp))
        if time is None:
            time = self._time(day, tp)
        place = self.places.get((loc, admin1, country, lat, lon, geo))
        if place is None:
            place = self._place(loc, admin1, country, lat, lon, geo)
        if isinstance(time, str) or isinstance(place, str):
            reason = time if isinstance(time, str) else str(place)
            self.skipped.append(SkippedRow(f"row {number}", reason))
            return
        what, category, tags = self.kinds.get((etype, sub)) or self._kind(etype, sub)
        where, at = place
        notes = plain(notes) if "<" in notes or "&" in notes else notes.strip()
        lines = [notes] if notes else []
        if fatal:
            lines.append(f"Fatalities: {fatal.strip()}")
        if eid or did:
            lines.append(f"ACLED id: {(eid or did).strip()}")
        actors = self.people.get((a1, aa1, a2, aa2))
        if actors is None:
            actors = self._actors(a1, aa1, a2, aa2)
        cited = self.cited.get((src, scale))
        if cited is None:
            cited = self._cited(src, scale)
        title = self.titles.get((what, at))
        if title is None:
            title = self._title(what, at, notes)
        problems = self.rows.add(
            title,
            "\n".join(lines),
            time,
            category,
            where,
            actors,
            tags,
            cited,
        )
        if problems:
            self.skipped.append(SkippedRow(f"row {number}", "; ".join(map(str, problems))))

    def _title(self, what: str, at: str, notes: str) -> int:
        """The number of "<what> in <at>" (cached), or of the notes' start if neither."""
        title = f"{what} in {at}" if what and at else what
        if not title:
            return self.rows.title(short_title(notes) or "ACLED event")
        found = self.titles[(what, at)] = self.rows.title(title)
        return found

    def _time(self, day: str, tp: str) -> int | str:
        """The number of the row's start time, or why the row must be skipped."""
        spec = self.specs.get(day, tp)
        found = self.times[(day, tp)] = spec if isinstance(spec, str) else self.rows.time(spec)
        return found

    def _place(
        self, loc: str, admin1: str, country: str, lat: str, lon: str, geo: str
    ) -> tuple[int, str] | str:
        """The number of the row's place and the name its title uses, or why the row must
        be skipped."""
        key = (loc, admin1, country, lat, lon, geo)
        try:
            latitude = float(lat) if lat else None
            longitude = float(lon) if lon else None
        except ValueError:
            found: tuple[int, str] | str = f"latitude/longitude {lat!r}, {lon!r} are not numbers"
        else:
            names = [_text(loc), _text(admin1), _text(country)]
            name = ", ".join(dict.fromkeys(n for n in names if n)) or None
            precision = GEO_PRECISION.get(geo.strip()) if latitude is not None else None
            at = names[0] or names[1] or names[2]
            found = (self.rows.place(name, latitude, longitude, precision), at)
        self.places[key] = found
        return found

    def _kind(self, etype: str, sub: str) -> tuple[str, int, int]:
        """What happened (the title's start), the category and the tags of the row."""
        kind, subkind = _text(etype), _text(sub)
        category = self.categories.get(kind)
        if category is None:
            category = self.categories[kind] = self.rows.category(kind or None)
        tags = self.tags.get(subkind)
        if tags is None:
            tags = self.tags[subkind] = self.rows.tags([subkind] if subkind else [])
        found = self.kinds[(etype, sub)] = (subkind or kind, category, tags)
        return found

    def _actors(self, *key: str) -> int:
        a1, aa1, a2, aa2 = key
        actors = [(_text(a1), "actor1")] if a1.strip() else []
        if a2.strip():
            actors.append((_text(a2), "actor2"))
        for names, role in ((aa1, "associated with actor1"), (aa2, "associated with actor2")):
            actors += [(_text(n), role) for n in names.split(";") if n.strip()]
        found = self.people[key] = self.rows.actors(dict.fromkeys(actors))
        return found

    def _cited(self, src: str, scale: str) -> int:
        """One citation per distinct outlet of the cell. Cells rarely repeat (each row names
        one to three of many outlets), outlets do: one CitationDraft per (outlet cell,
        scale) and one SourceDraft per outlet, shared by every row citing them."""
        citations: dict[int, CitationDraft] = {}  # by id: the same outlet twice is one
        if src:
            for piece in src.split(";"):
                citation = self.citations.get((piece, scale))
                if citation is None:
                    citation = self._citation(piece, scale)
                if citation is not None:
                    citations.setdefault(id(citation), citation)
        found = self.cited[(src, scale)] = self.rows.citations(citations.values())
        return found

    def _citation(self, piece: str, scale: str) -> CitationDraft | None:
        """The citation of one outlet of a source cell (None for a blank one)."""
        outlet = _text(piece)
        note = f"source scale: {scale.strip()}" if scale.strip() else ""
        citation = None
        if outlet:
            citation = self.notes.get((outlet, note))
            if citation is None:
                source = self.outlets.get(outlet)
                if source is None:
                    source = self.outlets[outlet] = SourceDraft(outlet=outlet)
                citation = self.notes[(outlet, note)] = CitationDraft(source, note=note)
        self.citations[(piece, scale)] = citation
        return citation
