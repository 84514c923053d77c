"""Saved views: named filters stored in the file, so a team member opening it sees them too."""

from __future__ import annotations

import json
from dataclasses import fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from timeline_app.core.models import SavedView
from timeline_app.core.records import EventFilter
from timeline_app.core.store_mutations import now_ms

_SETS = {"category_ids", "category_names", "actor_ids", "tag_ids", "statuses"}


def filter_to_json(filters: EventFilter) -> str:
    """An EventFilter as JSON (sets become sorted lists; empty fields are left out)."""
    data = {}
    for field in fields(EventFilter):
        value = getattr(filters, field.name)
        if value in (None, "", frozenset()):
            continue
        data[field.name] = sorted(value) if field.name in _SETS else value
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def filter_from_json(text: str) -> EventFilter:
    """The EventFilter stored by `filter_to_json`; unknown keys (from newer apps) are ignored."""
    data = json.loads(text or "{}")
    known = {field.name for field in fields(EventFilter)}
    kwargs = {
        key: frozenset(value) if key in _SETS else value
        for key, value in data.items()
        if key in known
    }
    return EventFilter(**kwargs)


def save_view(session: Session, name: str, filters: EventFilter) -> int:
    """Store `filters` under `name` (replacing a view of that name); return its id."""
    name = (name or "").strip()
    if not name:
        raise ValueError("a saved view needs a name")
    view = session.scalar(select(SavedView).where(SavedView.name == name))
    if view is None:
        view = SavedView(name=name, created_ms=now_ms())
        session.add(view)
    view.filter_json = filter_to_json(filters)
    session.flush()
    return view.id


def list_views(session: Session) -> list[tuple[int, str, EventFilter]]:
    """(id, name, filter) of every saved view, by name."""
    rows = session.execute(
        select(SavedView.id, SavedView.name, SavedView.filter_json).order_by(SavedView.name)
    )
    return [(view_id, name, filter_from_json(text)) for view_id, name, text in rows]


def delete_view(session: Session, view_id: int) -> bool:
    """Delete a saved view; False if it did not exist."""
    view = session.get(SavedView, view_id)
    if view is None:
        return False
    session.delete(view)
    session.flush()
    return True
