"""Write our JSON document ("conflict-timeline", version 2): every field, exactly.

Schema (version 2; `native_json` reads it back, and still reads version 1):

* top level: ``format`` ("conflict-timeline"), ``version`` (2), ``title``, ``description``,
  ``exported`` (ISO 8601 UTC, informative), ``categories``, ``sources``, ``events``.
* ``categories[]``: ``name``, ``color`` ("#rrggbb"), ``sort_order`` (lane order).
* ``sources[]``: ``key`` (what citations refer to), ``outlet``, ``title``, ``url``, ``author``,
  ``published`` and ``accessed`` (time objects with ``best`` and ``tz``, or null),
  ``reliability`` (A-F or null), ``notes``. Every source of the file is listed, cited or not
  (a filtered export lists the sources its events cite).
* ``events[]``: ``id`` (informative), ``title``, ``description``, ``status``, ``start`` and
  ``end`` (time objects; ``end`` null for a point event), ``category`` (name or null),
  ``location`` (``name``, ``lat``, ``lon``, ``precision``; or null), ``actors`` ([name, role]
  pairs), ``tags`` (names), ``citations`` (``source`` key, ``quote``, ``credibility`` 1-6 or
  null, ``stance``, ``note``), ``created`` and ``updated`` (ISO 8601, informative: an import
  stamps its own).
* a time object: ``best``, ``earliest``, ``latest`` (ISO 8601 UTC with "Z", millisecond
  precision; earliest <= best <= latest, latest exclusive), ``precision`` (second ... year),
  ``approximate``, ``tz`` (the zone it was reported in) and ``text`` (the original wording).
  Version 1 documents give times as words instead (parsed on reading).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from timeline_app.core import store as st
from timeline_app.core.records import EventFilter
from timeline_app.core.timespec import from_ms
from timeline_app.io.native_json import FORMAT_NAME, LATEST_VERSION
from timeline_app.io.output_file import replacing

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class DataExportCancelled(Exception):
    """The user cancelled a data export; no file was written."""


def iso(ms: int | None) -> str | None:
    """Epoch ms as ISO 8601 UTC with a "Z" (milliseconds only when there are some)."""
    if ms is None:
        return None
    moment = from_ms(ms)
    text = moment.isoformat(timespec="milliseconds" if moment.microsecond else "seconds")
    return text.replace("+00:00", "Z")


def time_object(event: Any, prefix: str) -> dict[str, Any] | None:
    """The start or end columns of an event as a time object (None for a missing end)."""
    best = getattr(event, f"{prefix}_ms")
    if best is None:
        return None
    return {
        "best": iso(best),
        "earliest": iso(getattr(event, f"{prefix}_earliest_ms")),
        "latest": iso(getattr(event, f"{prefix}_latest_ms")),
        "precision": getattr(event, f"{prefix}_precision"),
        "approximate": bool(getattr(event, f"{prefix}_approx")),
        "tz": getattr(event, f"{prefix}_tz") or "UTC",
        "text": getattr(event, f"{prefix}_text") or "",
    }


def source_object(source: Any, key: str) -> dict[str, Any]:
    published = None
    if source.published_ms is not None:
        published = {"best": iso(source.published_ms), "tz": source.published_tz or "UTC"}
    accessed = None if source.accessed_ms is None else {"best": iso(source.accessed_ms)}
    return {
        "key": key,
        "outlet": source.outlet or "",
        "title": source.title or "",
        "url": source.url,
        "author": source.author,
        "published": published,
        "accessed": accessed,
        "reliability": source.reliability,
        "notes": source.notes or "",
    }


def event_object(event: Any, key_of: Callable[[Any], str]) -> dict[str, Any]:
    location = None
    if event.location is not None:
        loc = event.location
        location = {"name": loc.name, "lat": loc.lat, "lon": loc.lon, "precision": loc.precision}
    return {
        "id": event.id,
        "title": event.title,
        "description": event.description or "",
        "status": event.status,
        "start": time_object(event, "start"),
        "end": time_object(event, "end"),
        "category": event.category.name if event.category else None,
        "location": location,
        "actors": [[link.actor.name, link.role or ""] for link in event.actors],
        "tags": sorted(link.tag.name for link in event.tags),
        "citations": [
            {
                "source": key_of(c.source),
                "quote": c.quote or "",
                "credibility": c.credibility,
                "stance": c.stance,
                "note": c.note or "",
            }
            for c in sorted(event.citations, key=lambda c: c.id)
        ],
        "created": iso(event.created_ms),
        "updated": iso(event.updated_ms),
    }


def document_dict(
    session: Any,
    *,
    title: str = "",
    filters: EventFilter | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    total: int = 0,
) -> dict[str, Any]:
    """The whole document (or the events matching `filters`) as a JSON-ready dictionary."""
    sources: dict[int, dict[str, Any]] = {}

    def key_of(source: Any) -> str:
        if source.id not in sources:
            sources[source.id] = source_object(source, f"s{source.id}")
        return f"s{source.id}"

    events = []
    for count, event in enumerate(st.iter_events_full(session, filters=filters), 1):
        if count % 500 == 0:
            if cancelled is not None and cancelled():
                raise DataExportCancelled("export cancelled")
            if progress is not None:
                progress(count, max(total, count))
        events.append(event_object(event, key_of))
    if filters is None or filters.is_empty():
        for source in st.list_sources(session):
            key_of(source)
    categories = [
        {"name": c.name, "color": c.color, "sort_order": c.sort_order}
        for c in st.list_categories(session)
    ]
    return {
        "format": FORMAT_NAME,
        "version": LATEST_VERSION,
        "title": title,
        "description": "",
        "exported": iso(int(datetime.now(UTC).timestamp() * 1000)),
        "categories": categories,
        "sources": [sources[k] for k in sorted(sources)],
        "events": events,
    }


def write_json(
    store: st.TimelineStore,
    path: Path | str,
    *,
    filters: EventFilter | None = None,
    title: str = "",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Write the document atomically; return the number of events written."""
    with store.read() as session:
        total = st.count_events(session, filters=filters)
        data = document_dict(
            session,
            title=title or Path(store.path).stem,
            filters=filters,
            progress=progress,
            cancelled=cancelled,
            total=total,
        )
    with replacing(path) as tmp, open(tmp, "w", encoding="utf-8") as stream:
        json.dump(data, stream, ensure_ascii=False, indent=1)
        stream.write("\n")
    if progress is not None:
        progress(total, total)
    return len(data["events"])
