"""Data exports: our CSV, our JSON document and TimelineJS JSON; `export_data` picks one.

* CSV: one row per event in exactly the columns `importers.our_csv` documents (so an export
  imports back), sources as a JSON array in one cell; every text cell a spreadsheet would run
  as a formula ("=", "+", "-", "@", tab, line break first) gets a leading apostrophe, which
  our importer removes again.
* JSON: see `json_export` (every field, round-trip exact).
* TimelineJS: a file TimelineJS can publish: ``start_date``/``end_date`` objects with the
  parts the precision knows (a day-precise time has year, month, day), read on the wall clock
  of `zone` (default: each event's own zone; TimelineJS has none) with ``display_date`` the
  original wording; ``text.headline`` and ``text.text`` are HTML-escaped plain text (line
  breaks as <br>); ``group`` the category; ``media`` the first source with an http(s) link
  (url, caption = its title, credit = its outlet). Other sources are listed at the end of the
  text, escaped, so nothing cited is lost.

Every writer writes a temporary file and renames it into place (no half-written files).
"""

from __future__ import annotations

import csv
import html
import json
from collections.abc import Callable
from datetime import UTC, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from timeline_app.core import store as st
from timeline_app.core.records import EventFilter
from timeline_app.core.timespec import from_ms
from timeline_app.io.csv_safety import neutralise
from timeline_app.io.importers.our_csv import COLUMNS
from timeline_app.io.json_export import DataExportCancelled, iso, write_json
from timeline_app.io.output_file import replacing

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
DATA_FORMATS = ("csv", "json", "timelinejs")
_PARTS = {
    "year": 1, "month": 2, "day": 3, "part_of_day": 3, "hour": 4, "minute": 5, "second": 6,
}  # fmt: skip
_DATE_KEYS = ("year", "month", "day", "hour", "minute", "second")


def _events(
    session: Any,
    filters: EventFilter | None,
    progress: Progress | None,
    cancelled: Cancelled | None,
):
    total = st.count_events(session, filters=filters)
    for count, event in enumerate(st.iter_events_full(session, filters=filters), 1):
        if count % 500 == 0:
            if cancelled is not None and cancelled():
                raise DataExportCancelled("export cancelled")
            if progress is not None:
                progress(count, total)
        yield event
    if progress is not None:
        progress(total, total)


# -- CSV ------------------------------------------------------------------------------------
def _citation_cell(citation: Any) -> dict[str, Any]:
    source = citation.source
    item = {
        "outlet": source.outlet or "",
        "title": source.title or "",
        "url": source.url or "",
        "author": source.author or "",
        "reliability": source.reliability or "",
        "credibility": citation.credibility,
        "quote": citation.quote or "",
        "stance": citation.stance,
    }
    if source.published_ms is not None:
        item["published"] = iso(source.published_ms)
    if source.notes:
        item["notes"] = source.notes
    if citation.note:
        item["note"] = citation.note
    return item


def csv_row(event: Any) -> list[Any]:
    """One event in the CSV columns (before neutralising)."""
    location = event.location
    values = {
        "id": event.id,
        "title": event.title,
        "start": iso(event.start_ms),
        "start_earliest": iso(event.start_earliest_ms),
        "start_latest": iso(event.start_latest_ms),
        "precision": event.start_precision,
        "approximate": "true" if event.start_approx else "false",
        "end": iso(event.end_ms) or "",
        "end_earliest": iso(event.end_earliest_ms) or "",
        "end_latest": iso(event.end_latest_ms) or "",
        "end_precision": event.end_precision or "",
        "tz": event.start_tz or "UTC",
        "time_text": event.start_text or "",
        "end_text": event.end_text or "",
        "category": event.category.name if event.category else "",
        "status": event.status,
        "location": location.name if location else "",
        "lat": "" if location is None or location.lat is None else location.lat,
        "lon": "" if location is None or location.lon is None else location.lon,
        "description": event.description or "",
        "actors": "; ".join(f"{a.actor.name} ({a.role or ''})" for a in event.actors),
        "tags": "; ".join(sorted(t.tag.name for t in event.tags)),
        "sources": json.dumps(
            [_citation_cell(c) for c in sorted(event.citations, key=lambda c: c.id)],
            ensure_ascii=False,
        )
        if event.citations
        else "",
    }
    return [values[name] for name in COLUMNS]


def write_csv(
    store: st.TimelineStore,
    path: Path | str,
    *,
    filters: EventFilter | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Write one row per event (UTF-8 with a BOM, so spreadsheets read the accents)."""
    with (
        replacing(path) as tmp,
        open(tmp, "w", encoding="utf-8-sig", newline="") as stream,
        store.read() as session,
    ):
        return write_csv_rows(stream, _events(session, filters, progress, cancelled))


def write_csv_rows(stream: Any, events: Any) -> int:
    """The header and one neutralised row per stored event; the count of events written.

    Shared by the file export and `timeline-app events --format csv`, so both print the
    columns our CSV importer reads back.
    """
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    count = 0
    for event in events:
        writer.writerow([neutralise(value) for value in csv_row(event)])
        count += 1
    return count


# -- TimelineJS -----------------------------------------------------------------------------
def _tzinfo(label: str | None) -> tzinfo:
    """tzinfo for "UTC", "UTC+03:00" or an IANA name (unknown: UTC)."""
    label = (label or "UTC").strip()
    if label.upper() in ("UTC", "Z", "GMT"):
        return UTC
    if label.upper().startswith("UTC") and len(label) > 3:
        sign = -1 if label[3] == "-" else 1
        hh, _, mm = label[4:].partition(":")
        try:
            return timezone(sign * timedelta(hours=int(hh), minutes=int(mm or 0)))
        except ValueError:
            return UTC
    try:
        return ZoneInfo(label)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def date_object(ms: int, precision: str, tz: str | None, text: str) -> dict[str, Any]:
    """A TimelineJS date object with the parts `precision` knows, on the wall clock of `tz`."""
    local = from_ms(ms).astimezone(_tzinfo(tz))
    values = (local.year, local.month, local.day, local.hour, local.minute, local.second)
    obj: dict[str, Any] = dict(zip(_DATE_KEYS, values[: _PARTS.get(precision, 6)], strict=False))
    if text:
        obj["display_date"] = html.escape(text)
    return obj


def _escaped(text: str) -> str:
    return html.escape(text or "").replace("\r\n", "\n").replace("\n", "<br>")


def slide(event: Any, zone: str | None) -> dict[str, Any]:
    """One event as a TimelineJS slide."""
    citations = sorted(event.citations, key=lambda c: c.id)
    media_source = next((c.source for c in citations if c.source.url), None)
    body = event.description or ""
    others = [c.source for c in citations if c.source is not media_source]
    if others:
        listed = "\n".join(" — ".join(p for p in (s.outlet, s.title, s.url) if p) for s in others)
        body = f"{body}\n\nSources:\n{listed}" if body else f"Sources:\n{listed}"
    out: dict[str, Any] = {
        "start_date": date_object(
            event.start_ms, event.start_precision, zone or event.start_tz, event.start_text or ""
        ),
        "text": {"headline": html.escape(event.title), "text": _escaped(body)},
        "unique_id": f"event-{event.id}",
    }
    if event.end_ms is not None:
        out["end_date"] = date_object(
            event.end_ms,
            event.end_precision or "second",
            zone or event.end_tz or event.start_tz,
            event.end_text or "",
        )
    if event.category is not None:
        out["group"] = event.category.name
    if media_source is not None:
        out["media"] = {
            "url": media_source.url,
            "caption": html.escape(media_source.title or ""),
            "credit": html.escape(media_source.outlet or ""),
        }
    return out


def write_timelinejs(
    store: st.TimelineStore,
    path: Path | str,
    *,
    filters: EventFilter | None = None,
    title: str = "",
    zone: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Write a TimelineJS JSON file; return the number of events (slides) written."""
    with store.read() as session:
        slides = [slide(event, zone) for event in _events(session, filters, progress, cancelled)]
    data: dict[str, Any] = {"events": slides}
    data["title"] = {"text": {"headline": html.escape(title or Path(store.path).stem), "text": ""}}
    with replacing(path) as tmp, open(tmp, "w", encoding="utf-8") as stream:
        json.dump(data, stream, ensure_ascii=False, indent=1)
        stream.write("\n")
    return len(slides)


# -- entry point ----------------------------------------------------------------------------
def data_format(path: Path | str, given: str | None = None) -> str | None:
    """ "csv", "json" or "timelinejs" if asked or implied by the name; None for images."""
    if given:
        return given.lower() if given.lower() in DATA_FORMATS else None
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if suffix in ("csv", "json") else None


def export_data(
    store: st.TimelineStore,
    path: Path | str,
    format: str,
    *,
    filters: EventFilter | None = None,
    title: str = "",
    zone: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Write `format` ("csv", "json", "timelinejs"); return the number of events written."""
    options = {"filters": filters, "progress": progress, "cancelled": cancelled}
    if format == "csv":
        return write_csv(store, path, **options)
    if format == "json":
        return write_json(store, path, title=title, **options)
    if format == "timelinejs":
        return write_timelinejs(store, path, title=title, zone=zone, **options)
    raise ValueError(f"unknown data format {format!r} (csv, json or timelinejs)")


__all__ = [
    "DATA_FORMATS",
    "DataExportCancelled",
    "data_format",
    "export_data",
    "write_csv",
    "write_json",
    "write_timelinejs",
]
