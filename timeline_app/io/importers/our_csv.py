"""Our own CSV (one row per event), read back into drafts: the inverse of the CSV export.

Columns (header names exactly as below, in this order when we write them; a reader matches
them case-insensitively, ignores unknown columns and tolerates missing optional ones):

``id``              the event's id in the file it came from; informative only (ignored).
``title``           required.
``start``           best estimate, ISO 8601 in UTC with a "Z" ("2016-12-13T16:00:00Z").
``start_earliest``  lower bound (inclusive), ISO 8601 UTC.
``start_latest``    upper bound (exclusive), ISO 8601 UTC.
``precision``       second | minute | hour | part_of_day | day | month | year.
``approximate``     true | false (also 1/0, yes/no; blank = false).
``end``, ``end_earliest``, ``end_latest``, ``end_precision``   the same for the end (blank:
                    a point event). The end's approximate flag is ``approximate`` too.
``tz``              the zone the time was reported in (IANA name, "UTC" or "UTC+03:00").
``time_text``       the original wording of the start ("late on Tuesday").
``end_text``        the original wording of the end.
``category``        category name (blank: none).
``status``          reported | confirmed | disputed | denied (blank = reported).
``location``        location name; ``lat``, ``lon`` decimal degrees (both or neither).
``description``     free text.
``actors``          "name (role); name (role)". The role is the text in the LAST pair of
                    parentheses; the exporter always writes them, "Rebels ()" for no role, so
                    a name that itself ends in parentheses survives. Names must not contain ";".
``tags``            "a; b".
``sources``         a JSON array in one cell, one object per citation with keys outlet, title,
                    url, author, reliability (A-F), credibility (1-6), quote, stance
                    (supports | contradicts | context); optional published (ISO 8601 or
                    words), notes (of the source) and note (of the citation). A url that is
                    not http(s) is not kept as a link but as text in the source's notes.

A cell that the exporter neutralised for spreadsheets (a leading apostrophe before "=", "+",
"-", "@", tab or line break) has the apostrophe removed. A row with start bounds uses them
as written; a hand-written row may give only ``start`` (or only ``time_text``) in any wording
parse_time understands, read in ``tz``: relative words ("Tuesday") need a date and are
skipped with parse_time's message. HTML in text cells becomes plain text.
"""

from __future__ import annotations

import functools
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from timeline_app.core.drafts import CitationDraft, EventDraft, SourceDraft
from timeline_app.core.timespec import Precision, TimeParseError, TimeSpec, exact, parse_time
from timeline_app.io.importers.common import (
    Cancelled,
    Collector,
    ImportResult,
    Progress,
    Ticker,
    bulk_allocation,
    file_error,
    http_url,
)
from timeline_app.io.importers.csv_input import CsvInput
from timeline_app.io.importers.html_text import one_line, plain

COLUMNS = (
    "id", "title", "start", "start_earliest", "start_latest", "precision", "approximate",
    "end", "end_earliest", "end_latest", "end_precision", "tz", "time_text", "end_text",
    "category", "status", "location", "lat", "lon", "description", "actors", "tags", "sources",
)  # fmt: skip
NEUTRALISED = ("'=", "'+", "'-", "'@", "'\t", "'\r", "'\n")
_TRUE, _FALSE = {"true", "1", "yes", "y"}, {"false", "0", "no", "n", ""}


class RowError(ValueError):
    """One cell of a row cannot be read; the message names the column."""


def unneutralise(value: str) -> str:
    """Undo the export's formula neutralisation: "'=SUM(A1)" -> "=SUM(A1)"."""
    return value[1:] if value.startswith(NEUTRALISED) else value


def _instant(value: str, column: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        raise RowError(f"{column}: {value!r} is not an ISO 8601 time") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _flag(value: str, column: str) -> bool:
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise RowError(f"{column}: {value!r} is not true or false")


@functools.cache
def _zone_label(tz: str) -> str:
    """Canonical spelling of a zone column ("asia/damascus" -> "Asia/Damascus")."""
    try:
        return exact(datetime(2000, 1, 1, tzinfo=UTC), tz).tz
    except (TimeParseError, ValueError) as exc:
        raise RowError(f"tz: {exc}") from None


def _spec(cell: dict[str, str], prefix: str, text_column: str) -> TimeSpec | None:
    """Start or end: exact columns if the bounds are there, else parse the wording."""
    best, lo, hi = (cell[f"{prefix}{k}"] for k in ("", "_earliest", "_latest"))
    text, tz = cell[text_column], _zone_label(cell["tz"] or "UTC")
    approximate = _flag(cell["approximate"], "approximate")
    if best and lo and hi:
        column = "precision" if prefix == "start" else "end_precision"
        try:
            precision = Precision(cell[column].lower() or "second")
        except ValueError:
            raise RowError(f"{column}: {cell[column]!r} is not a precision") from None
        best_t = _instant(best, prefix)
        lo_t, hi_t = _instant(lo, f"{prefix}_earliest"), _instant(hi, f"{prefix}_latest")
        if not lo_t <= best_t <= hi_t:
            raise RowError(f"{prefix}: {best} is not within {prefix}_earliest..{prefix}_latest")
        return TimeSpec(best_t, lo_t, hi_t, precision, approximate, tz, text)
    wording = best or text
    if not wording:
        return None
    try:
        spec = parse_time(wording, tz=tz)
    except TimeParseError as exc:
        raise RowError(f"{prefix if best else text_column}: {exc}") from None
    return replace(spec, text=text or spec.text, approximate=spec.approximate or approximate)


def _actors(value: str) -> list[tuple[str, str]]:
    actors = []
    for item in value.split(";"):
        item = item.strip()
        role = ""
        if item.endswith(")") and "(" in item:
            open_at = item.rindex("(")
            item, role = item[:open_at].strip(), item[open_at + 1 : -1].strip()
        if item:
            actors.append((one_line(item), one_line(role)))
    return actors


def _citations(value: str) -> list[CitationDraft]:
    if not value.strip():
        return []
    try:
        items = json.loads(value)
    except json.JSONDecodeError as exc:
        raise RowError(f"sources: not a JSON array ({exc.msg} at character {exc.pos})") from None
    except RecursionError:
        raise RowError("sources: JSON nested too deeply") from None
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise RowError("sources: must be a JSON array of objects")
    return [_citation(item, index) for index, item in enumerate(items)]


def _citation(item: dict[str, Any], index: int) -> CitationDraft:
    def text(key: str) -> str:
        value = item.get(key)
        return "" if value is None else plain(value)

    published = None
    if item.get("published"):
        try:
            published = parse_time(str(item["published"]))
        except TimeParseError as exc:
            raise RowError(f"sources[{index}].published: {exc}") from None
    credibility = item.get("credibility")
    if credibility in (None, ""):
        credibility = None
    else:
        try:
            credibility = int(credibility)
        except (TypeError, ValueError):
            raise RowError(f"sources[{index}].credibility: {credibility!r} is not 1-6") from None
    link = str(item.get("url") or "").strip()
    url = http_url(link)
    notes = [
        text("notes"),
        f"Link (not http/https, kept as text): {link}" if link and not url else "",
    ]
    source = SourceDraft(
        outlet=one_line(text("outlet")),
        title=one_line(text("title")),
        url=url,
        author=one_line(text("author")) or None,
        published=published,
        reliability=(text("reliability").upper() or None),
        notes="\n".join(n for n in notes if n),
    )
    return CitationDraft(
        source,
        quote=text("quote"),
        credibility=credibility,
        stance=text("stance").lower() or "supports",
        note=text("note"),
    )


def _draft(cell: dict[str, str]) -> EventDraft:
    start = _spec(cell, "start", "time_text")
    if start is None:
        raise RowError("no start time (start, or time_text)")
    lat, lon = cell["lat"], cell["lon"]
    try:
        latitude, longitude = (float(lat) if lat else None), (float(lon) if lon else None)
    except ValueError:
        raise RowError(f"lat/lon: {lat!r}, {lon!r} are not numbers") from None
    return EventDraft(
        title=one_line(cell["title"]),
        start=start,
        end=_spec(cell, "end", "end_text"),
        description=plain(cell["description"]),
        category=one_line(cell["category"]) or None,
        status=cell["status"].lower() or "reported",
        location_name=one_line(cell["location"]) or None,
        lat=latitude,
        lon=longitude,
        actors=_actors(cell["actors"]),
        tags=[one_line(t) for t in cell["tags"].split(";") if t.strip()],
        citations=_citations(cell["sources"]),
    )


def read_our_csv(
    path: Path | str,
    *,
    tz: str = "UTC",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportResult:
    """Read a CSV written by our exporter (or by hand in its shape).

    `tz` is only used for rows that leave the tz column blank.
    """
    with CsvInput(path) as csv_in:
        if csv_in.column("title") is None or csv_in.column("start", "time_text") is None:
            found = ", ".join(csv_in.header[:8])
            raise file_error(csv_in.path, f"no title and start columns (row 1 has: {found})")
        pick = csv_in.picker(COLUMNS)
        out = Collector(title=csv_in.path.stem)
        ticker = Ticker(progress, cancelled, csv_in.total)
        with bulk_allocation():
            for number, cells in csv_in.rows():
                if number % 500 == 0:
                    ticker.poll(csv_in.position())
                cell = {name: unneutralise(value) for name, value in pick(cells).items()}
                cell["tz"] = cell["tz"] or tz
                try:
                    draft = _draft(cell)
                except RowError as exc:
                    out.skip(f"row {number}", str(exc))
                    continue
                out.add(draft, f"row {number}")
        ticker.end()
        return out.finish()
