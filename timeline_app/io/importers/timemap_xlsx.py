"""Forensic Architecture's TimeMap spreadsheet (the datasheet-server .xlsx) into drafts.

Tabs (matched case-insensitively; EXPORT_* tabs are what the server derives and are ignored):

* Events: Description, Date, Time, Location, Association 1..n, Source, Comments.
* Sources: ID, Title, Thumbnail, Description, Path 1..n, Type.
* Associations: ID, Description, Mode (FILTER / NARRATIVE / CATEGORY), Filter Path...
* Sites: Location, Lat(itude), Long(itude).   * Categories: Title, Description.

Mapping:

* title: the first sentence (at most ~80 characters) of Description; description: the whole
  Description, then Comments.
* time: Date is an Excel date, or text in the datasheet-server convention, month first
  ("10/21/2015" is 21 October); "2015-10-21" is accepted too. Time ("16:20" or an Excel
  time) gives MINUTE precision, else the day. No zone is recorded: read in `tz` (UTC).
* location: Location, with Lat/Long from the Sites row of that name (precision not stated).
* associations: FILTER -> a tag named by the last level of its filter path (else its ID);
  NARRATIVE -> tag "narrative: <description or ID>"; CATEGORY -> the event's category,
  named by the ID as the Categories tab does (first one wins). An ID that the Associations
  tab does not list becomes a tag as written.
* Source: IDs separated by commas/semicolons -> sources titled with the Title, URL = the
  first http(s) Path, notes = Type, Description and any other paths (non-http paths stay as
  text there). An ID missing from Sources becomes a source titled with the ID.

The workbook is opened read-only with values only (formulas are never evaluated by us).
Reading stops after 1,000 consecutive empty rows: sheets often claim a million rows.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from timeline_app.core.drafts import CitationDraft, EventDraft, SourceDraft
from timeline_app.core.timespec import TimeSpec
from timeline_app.io.importers.common import (
    Cancelled,
    Collector,
    ImportResult,
    Progress,
    Ticker,
    file_error,
    http_url,
    period_spec,
    short_title,
)
from timeline_app.io.importers.html_text import one_line, plain

EMPTY_RUN = 1000
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::\d{2})?")
_SENTENCE = re.compile(r"(.+?[.!?])(?=\s+[A-Z\"“(]|$)", re.S)


def _rows(sheet: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, {lower-case header: value}) for non-empty rows under the header row."""
    header: list[str] = []
    empty = 0
    for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
        if number == 1:
            header = _header(values)
            continue
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            empty += 1
            if empty >= EMPTY_RUN:
                return
            continue
        empty = 0
        yield number, {h: v for h, v in zip(header, values, strict=False) if h}


def _header(values: tuple[Any, ...]) -> list[str]:
    """Lower-case names; an unnamed column continues the one before it: the datasheet's
    "Filter Path" runs over three columns -> "filter path", "filter path 2", "filter path 3"."""
    names: list[str] = []
    last, run = "", 1
    for value in values:
        name = str(value).strip().lower() if value is not None else ""
        if name:
            last, run = name, 1
        elif last:
            run += 1
            name = f"{last} {run}"
        names.append(name)
    return names


def _cell(row: dict[str, Any], *names: str) -> str:
    for name in names:
        value = row.get(name)
        if value is not None and str(value).strip():
            return str(value).strip()
    return ""


def _when(day: Any, clock: Any, tz: str) -> TimeSpec:
    """Date (+ Time) cells as a TimeSpec; month-first text dates, as datasheet-server reads."""
    hour = minute = None
    if isinstance(day, datetime):
        if day.time() != time() and clock in (None, ""):
            hour, minute = day.hour, day.minute
        year, month, dom = day.year, day.month, day.day
    elif isinstance(day, date):
        year, month, dom = day.year, day.month, day.day
    else:
        text = str(day or "").strip()
        if m := _US_DATE.fullmatch(text):
            month, dom, year = (int(v) for v in m.groups())
        elif m := _ISO_DATE.fullmatch(text):
            year, month, dom = (int(v) for v in m.groups())
        else:
            raise ValueError(f"Date {text!r} is not a date (month/day/year, as datasheet-server)")
    if isinstance(clock, (time, datetime)):
        hour, minute = clock.hour, clock.minute
    elif isinstance(clock, (int, float)) and 0 <= clock < 1:  # an Excel time as a day fraction
        hour, minute = divmod(round(clock * 24 * 60), 60)
    elif isinstance(clock, str) and clock.strip():
        if (m := _CLOCK.fullmatch(clock.strip())) is None:
            raise ValueError(f"Time {clock!r} is not a clock time like 16:20")
        hour, minute = int(m[1]), int(m[2])
    text = f"{year:04}-{month:02}-{dom:02}"
    text += f" {hour:02}:{minute:02}" if hour is not None else ""
    try:
        return period_spec(year, month, dom, hour, minute, tz=tz, text=text)
    except ValueError as exc:
        shown = day if isinstance(day, str) else text
        raise ValueError(f"Date {shown!r}: {exc} (dates are month/day/year)") from None


class _Book:
    """The lookup tabs, read once: sources, associations, sites."""

    def __init__(self, sheets: dict[str, Any]) -> None:
        self.sources: dict[str, SourceDraft] = {}
        self.associations: dict[str, tuple[str, str]] = {}  # id -> (mode, label)
        self.sites: dict[str, tuple[float, float]] = {}
        self.categories: list[str] = []
        if "sources" in sheets:
            for _, row in _rows(sheets["sources"]):
                if key := _cell(row, "id"):
                    self.sources[key] = _source(row, key)
        if "associations" in sheets:
            for _, row in _rows(sheets["associations"]):
                if key := _cell(row, "id"):
                    self.associations[key] = _association(row, key)
        if "sites" in sheets:
            for _, row in _rows(sheets["sites"]):
                name = one_line(_cell(row, "location", "name"))
                try:
                    lat = float(_cell(row, "lat", "latitude"))
                    lon = float(_cell(row, "long", "lon", "longitude"))
                except ValueError:
                    continue  # a site without usable coordinates adds nothing
                self.sites.setdefault(name, (lat, lon))
        if "categories" in sheets:
            self.categories = [
                t for _, r in _rows(sheets["categories"]) if (t := _cell(r, "title"))
            ]


def _source(row: dict[str, Any], key: str) -> SourceDraft:
    paths = [
        p for name, v in row.items() if name.startswith("path") and (p := str(v or "").strip())
    ]
    url = next((p for p in paths if http_url(p)), None)
    notes = [f"Type: {t}" for t in [one_line(_cell(row, "type"))] if t]
    notes += [plain(_cell(row, "description"))]
    notes += [f"Path: {p}" for p in paths if p != url]
    title = one_line(_cell(row, "title")) or key
    return SourceDraft(title=title, url=url, notes="\n".join(n for n in notes if n))


def _association(row: dict[str, Any], key: str) -> tuple[str, str]:
    mode = _cell(row, "mode").upper()
    levels = [str(v).strip() for name, v in row.items() if name.startswith("filter") and v]
    if mode == "NARRATIVE":
        return mode, f"narrative: {one_line(_cell(row, 'description')) or key}"
    if mode == "CATEGORY":
        return mode, key  # the Categories tab names categories by this ID
    return mode, one_line(levels[-1]) if levels else key


def _event(row: dict[str, Any], book: _Book, tz: str) -> EventDraft:
    text = plain(_cell(row, "description"))
    m = _SENTENCE.match(text)
    title = short_title(m[1] if m else text)
    comments = plain(_cell(row, "comments"))
    location = one_line(_cell(row, "location")) or None
    lat, lon = book.sites.get(location or "", (None, None))
    tags: list[str] = []
    category = None
    for name in sorted(k for k in row if k.startswith("association")):
        for key in re.split(r"[,;]", str(row[name] or "")):
            if not (key := key.strip()):
                continue
            mode, label = book.associations.get(key, ("", key))
            if mode == "CATEGORY":
                category = category or label
            else:
                tags.append(label)
    citations = []
    for key in re.split(r"[,;]", _cell(row, "source")):
        if key := key.strip():
            source = book.sources.get(key) or SourceDraft(title=key, notes="not in the Sources tab")
            citations.append(CitationDraft(source))
    return EventDraft(
        title=title,
        start=_when(row.get("date"), row.get("time"), tz),
        description="\n\n".join(p for p in (text, comments) if p),
        category=category,
        location_name=location,
        lat=lat,
        lon=lon,
        tags=list(dict.fromkeys(tags)),
        citations=citations,
    )


def read_timemap_xlsx(
    path: Path | str,
    *,
    tz: str = "UTC",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportResult:
    """Read a TimeMap / datasheet-server workbook."""
    path = Path(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise file_error(path, f"not a readable .xlsx workbook ({exc})") from None
    try:
        sheets = {
            ws.title.strip().lower(): ws
            for ws in workbook.worksheets
            if not ws.title.upper().startswith("EXPORT_")
        }
        if "events" not in sheets:
            names = ", ".join(ws.title for ws in workbook.worksheets)
            raise file_error(path, f"no Events tab (tabs: {names})")
        book = _Book(sheets)
        out = Collector(title=path.stem)
        for name in book.categories:
            out.category(name, None)
        events = sheets["events"]
        ticker = Ticker(progress, cancelled, max(1, (events.max_row or 1) - 1))
        for number, row in _rows(events):
            ticker.tick(number)
            try:
                draft = _event(row, book, tz)
            except ValueError as exc:
                out.skip(f"Events row {number}", str(exc))
                continue
            out.add(draft, f"Events row {number}")
        ticker.end()
        return out.finish()
    finally:
        workbook.close()
