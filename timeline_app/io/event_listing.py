"""Events as plain dictionaries: the documented shape of `timeline-app events --format json`."""

from __future__ import annotations

from typing import Any

from timeline_app.core import store as st
from timeline_app.core.records import EventFilter
from timeline_app.core.timespec import from_ms


def _iso(ms: int | None) -> str | None:
    return None if ms is None else from_ms(ms).isoformat().replace("+00:00", "Z")


def event_dict(event: Any) -> dict[str, Any]:
    """One stored event (ORM object from the store) as a JSON-ready dictionary."""
    return {
        "id": event.id,
        "title": event.title,
        "start": _iso(event.start_ms),
        "start_earliest": _iso(event.start_earliest_ms),
        "start_latest": _iso(event.start_latest_ms),
        "precision": event.start_precision,
        "approximate": bool(event.start_approx),
        "end": _iso(event.end_ms),
        "end_earliest": _iso(event.end_earliest_ms),
        "end_latest": _iso(event.end_latest_ms),
        "end_precision": event.end_precision,
        "tz": event.start_tz,
        "time_text": event.start_text,
        "end_text": event.end_text,
        "category": event.category.name if event.category else None,
        "status": event.status,
        "disputed": event.status == "disputed" or bool(event.contested),
        "location": event.location.name if event.location else None,
        "lat": event.location.lat if event.location else None,
        "lon": event.location.lon if event.location else None,
        "description": event.description,
        "actors": [{"name": a.actor.name, "role": a.role} for a in event.actors],
        "tags": sorted(t.tag.name for t in event.tags),
        "sources": [
            {
                "outlet": c.source.outlet,
                "title": c.source.title,
                "url": c.source.url,
                "author": c.source.author,
                "reliability": c.source.reliability,
                "credibility": c.credibility,
                "quote": c.quote,
                "stance": c.stance,
            }
            for c in event.citations
        ],
        "_start_columns": {
            "best_ms": event.start_ms,
            "earliest_ms": event.start_earliest_ms,
            "latest_ms": event.start_latest_ms,
            "precision": event.start_precision,
            "approximate": bool(event.start_approx),
            "tz": event.start_tz,
            "text": event.start_text,
        },
    }


def event_dicts(session: Any, filters: EventFilter | None = None) -> list[dict[str, Any]]:
    """Every event matching `filters`, ordered by start, as dictionaries (private keys dropped
    by the JSON writer)."""
    return [event_dict(event) for event in st.iter_events_full(session, filters=filters)]
