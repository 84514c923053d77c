"""Read our own JSON document format ("conflict-timeline", versions 1 and 2) into drafts.

Version 1 (the bundled examples) keeps times as the words of the report ("late on
Tuesday"); they are parsed against the reference date of the citing source's publication
(else the document's), so the file stays faithful to what was written and the parse is
reproducible. Version 2 (what `json_export` writes; schema documented there) gives each time
as an object with its exact best/earliest/latest instants, precision, zone and wording, so an
export read back is the same data; a time given as words is still accepted.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from timeline_app.core.drafts import CitationDraft, EventDraft, SourceDraft
from timeline_app.core.timespec import Precision, TimeParseError, TimeSpec, parse_time

FORMAT_NAME = "conflict-timeline"
FORMAT_VERSION = 1
LATEST_VERSION = 2
VERSIONS = (1, 2)


class DocumentError(ValueError):
    """The document is not a valid conflict-timeline JSON file; the message says where."""


@dataclass(slots=True)
class Document:
    title: str
    description: str
    categories: list[tuple[str, str | None]]
    events: list[EventDraft]
    sources: list[SourceDraft] = field(default_factory=list)
    """Every source of the document, cited or not (cited ones are also in the events)."""


def _reference_of(value: str | None, *, fallback: date | None, tz: str) -> date | None:
    if not value:
        return fallback
    return date.fromisoformat(value)


def _instant(value: Any, where: str) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise DocumentError(f"{where}: {value!r} is not an ISO 8601 time") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _exact_spec(obj: Mapping[str, Any], *, where: str, tz: str) -> TimeSpec:
    """A version 2 time object; without bounds it is the instant `best`."""
    if "best" not in obj:
        raise DocumentError(f"{where}: a time object needs 'best'")
    best = _instant(obj["best"], f"{where}.best")
    earliest = _instant(obj["earliest"], f"{where}.earliest") if obj.get("earliest") else best
    latest = _instant(obj["latest"], f"{where}.latest") if obj.get("latest") else best
    try:
        precision = Precision(obj.get("precision") or "second")
    except ValueError:
        raise DocumentError(f"{where}.precision: {obj.get('precision')!r} is unknown") from None
    if not earliest <= best <= latest:
        raise DocumentError(f"{where}: best lies outside earliest..latest")
    return TimeSpec(
        best, earliest, latest, precision, bool(obj.get("approximate")),
        str(obj.get("tz") or tz), str(obj.get("text") or ""),
    )  # fmt: skip


def _spec(text: Any, *, where: str, reference: Any, tz: str) -> TimeSpec | None:
    if text is None or text == "":
        return None
    if isinstance(text, Mapping):
        return _exact_spec(text, where=where, tz=tz)
    try:
        return parse_time(str(text), reference=reference, tz=tz)
    except TimeParseError as exc:
        raise DocumentError(f"{where}: {exc}") from None


def _sources(raw: list[Mapping[str, Any]], *, reference: date | None, tz: str) -> dict:
    sources: dict[str, SourceDraft] = {}
    for index, item in enumerate(raw):
        key = item.get("key") or str(index)
        where = f"sources[{index}]"
        sources[key] = SourceDraft(
            outlet=item.get("outlet", ""),
            title=item.get("title", ""),
            url=item.get("url"),
            author=item.get("author"),
            published=_spec(
                item.get("published"), where=f"{where}.published", reference=reference, tz=tz
            ),
            accessed=_spec(
                item.get("accessed"), where=f"{where}.accessed", reference=reference, tz=tz
            ),
            reliability=item.get("reliability"),
            notes=item.get("notes", ""),
        )
    return sources


def _event(
    item: Mapping[str, Any], index: int, *, sources: dict, reference: date | None, tz: str
) -> EventDraft:
    where = f"events[{index}]"
    zone = item.get("tz", tz)
    citations = []
    for c_index, c in enumerate(item.get("citations", [])):
        key = c.get("source")
        if key not in sources:
            raise DocumentError(f"{where}.citations[{c_index}]: unknown source {key!r}")
        citations.append(
            CitationDraft(
                source=sources[key],
                quote=c.get("quote", ""),
                credibility=c.get("credibility"),
                stance=c.get("stance", "supports"),
                note=c.get("note", ""),
            )
        )
    # Relative words resolve against the citing report's publication, as an analyst reads them.
    event_ref: Any = _reference_of(item.get("reference"), fallback=reference, tz=zone)
    if citations and citations[0].source.published is not None:
        event_ref = citations[0].source.published.best
    start = _spec(item.get("start"), where=f"{where}.start", reference=event_ref, tz=zone)
    if start is None:
        raise DocumentError(f"{where}: no start time")
    location = item.get("location") or {}
    return EventDraft(
        title=item.get("title", ""),
        start=start,
        end=_spec(item.get("end"), where=f"{where}.end", reference=event_ref, tz=zone),
        description=item.get("description", ""),
        category=item.get("category"),
        status=item.get("status", "reported"),
        location_name=location.get("name"),
        lat=location.get("lat"),
        lon=location.get("lon"),
        location_precision=location.get("precision"),
        actors=[(str(a[0]), str(a[1]) if len(a) > 1 else "") for a in item.get("actors", [])],
        tags=[str(t) for t in item.get("tags", [])],
        citations=citations,
    )


def parse_document(data: Mapping[str, Any]) -> Document:
    """Turn a decoded JSON document into drafts, or raise DocumentError naming the bad field."""
    if data.get("format") != FORMAT_NAME:
        raise DocumentError(f"not a {FORMAT_NAME} document (format is {data.get('format')!r})")
    if data.get("version") not in VERSIONS:
        raise DocumentError(
            f"unsupported version {data.get('version')!r} (this app reads versions 1 and 2; "
            "a newer app wrote this file)"
        )
    tz = data.get("tz", "UTC")
    reference = _reference_of(data.get("reference"), fallback=None, tz=tz)
    sources = _sources(data.get("sources", []), reference=reference, tz=tz)
    events = [
        _event(item, i, sources=sources, reference=reference, tz=tz)
        for i, item in enumerate(data.get("events", []))
    ]
    categories = [(c["name"], c.get("color")) for c in data.get("categories", [])]
    return Document(
        title=data.get("title", ""),
        description=data.get("description", ""),
        categories=categories,
        events=events,
        sources=list(sources.values()),
    )


def read_document(path: Path) -> Document:
    """Read and parse a document file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DocumentError(f"{path}: cannot read JSON: {exc}") from None
    except RecursionError:
        raise DocumentError(f"{path}: cannot read JSON: nested too deeply") from None
    if not isinstance(data, Mapping):
        raise DocumentError(f"{path}: not a {FORMAT_NAME} document (not a JSON object)")
    try:
        return parse_document(data)
    except (AttributeError, TypeError, KeyError, IndexError, ValueError) as exc:
        if isinstance(exc, DocumentError):
            raise
        # A field of the wrong JSON type (a list where an object belongs, ...).
        raise DocumentError(f"{path}: malformed document ({type(exc).__name__}: {exc})") from None
