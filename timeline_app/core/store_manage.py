"""Manage categories, actors and tags: rename, recolour, merge, delete, and undo them exactly.

One code path for the three kinds (`kind` is "category", "actor" or "tag"); they differ only
in how events point at them: an event has one category (`events.category_id`), but links to
actors (with a role) and tags through link tables. Every change returns what it did, so the
UI can state consequences ("12 events become uncategorised") and undo can restore the rows
with their ids and links. Events' `updated_ms` is left alone: renaming a category does not
edit its events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from timeline_app.core.models import Actor, Category, Event, EventActor, EventTag, Tag

MANAGED_KINDS = ("category", "actor", "tag")
_MODELS: dict[str, Any] = {"category": Category, "actor": Actor, "tag": Tag}
_LINKS: dict[str, Any] = {"actor": EventActor, "tag": EventTag}
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
_CHUNK = 500  # ids per IN (...) list, well under SQLite's variable limit

Link = tuple[int, str]  # (event id, role); the role is "" for categories and tags


@dataclass(frozen=True, slots=True)
class ManagedItem:
    """One category, actor or tag as the management dialog lists it."""

    id: int
    name: str
    color: str | None
    events: int  # how many events use it


@dataclass(frozen=True, slots=True)
class ItemSnapshot:
    """Everything needed to re-create a deleted item as it was, with its event links."""

    kind: str
    id: int
    name: str
    color: str | None
    sort_order: int
    links: tuple[Link, ...]

    @property
    def events(self) -> int:
        """How many distinct events used the item."""
        return len({event_id for event_id, _ in self.links})


@dataclass(frozen=True, slots=True)
class MergeResult:
    """What `merge_item` did: the source as it was, and the links the target gained."""

    source: ItemSnapshot
    into_id: int
    added: tuple[Link, ...]

    @property
    def events(self) -> int:
        return self.source.events


class NameTakenError(ValueError):
    """Another item of the same kind already has this name (ignoring case)."""

    def __init__(self, kind: str, name: str, existing_id: int) -> None:
        super().__init__(
            f"there is already a {kind} called '{name}'; "
            f"use Merge to combine the two into one {kind}"
        )
        self.kind, self.name, self.existing_id = kind, name, existing_id


def _model(kind: str) -> Any:
    if kind not in _MODELS:
        raise ValueError(f"unknown kind {kind!r} (one of {', '.join(MANAGED_KINDS)})")
    return _MODELS[kind]


def _row(session: Session, kind: str, item_id: int) -> Any:
    row = session.get(_model(kind), item_id)
    if row is None:
        raise LookupError(f"{kind} {item_id} does not exist (deleted meanwhile?)")
    return row


def _chunks(values: list[int]) -> list[list[int]]:
    return [values[i : i + _CHUNK] for i in range(0, len(values), _CHUNK)]


def check_name(session: Session, kind: str, name: str, *, item_id: int | None = None) -> str:
    """The stripped name, or ValueError (empty, too long, NameTakenError if in use)."""
    model = _model(kind)
    name = " ".join((name or "").split())
    if not name:
        raise ValueError(f"a {kind} needs a name")
    limit = model.__table__.c.name.type.length
    if len(name) > limit:
        raise ValueError(f"a {kind} name may be at most {limit} characters")
    query = select(model.id).where(func.lower(model.name) == name.lower())
    if item_id is not None:
        query = query.where(model.id != item_id)
    existing = session.scalar(query.order_by(model.id).limit(1))
    if existing is not None:
        raise NameTakenError(kind, name, existing)
    return name


def check_color(kind: str, color: str | None) -> str | None:
    """The colour as stored (#rrggbb or #rrggbbaa); None only for actors and tags."""
    if color is None and kind != "category":
        return None
    if color is None or not _COLOR.match(color):
        raise ValueError(f"a {kind} colour must look like #rrggbb, not {color!r}")
    return color.lower()


# -- reading ---------------------------------------------------------------------------------
def usage_counts(session: Session, kind: str) -> dict[int, int]:
    """Number of distinct events using each item (items no event uses are left out)."""
    _model(kind)
    if kind == "category":
        query = (
            select(Event.category_id, func.count())
            .where(Event.category_id.is_not(None))
            .group_by(Event.category_id)
        )
    else:
        link = _LINKS[kind]
        key = link.actor_id if kind == "actor" else link.tag_id
        query = select(key, func.count(func.distinct(link.event_id))).group_by(key)
    return {item_id: int(count) for item_id, count in session.execute(query)}


def list_items(session: Session, kind: str, *, with_usage: bool = True) -> list[ManagedItem]:
    """Every item of `kind` (categories in lane order, others by name).

    `with_usage=False` skips counting events (`events` is then 0): enough for pickers.
    """
    model = _model(kind)
    order = (model.sort_order, model.name) if kind == "category" else (model.name, model.id)
    usage = usage_counts(session, kind) if with_usage else {}
    rows = session.execute(select(model.id, model.name, model.color).order_by(*order))
    return [ManagedItem(i, name, color, usage.get(i, 0)) for i, name, color in rows]


def _links(session: Session, kind: str, item_id: int) -> tuple[Link, ...]:
    if kind == "category":
        query = select(Event.id).where(Event.category_id == item_id).order_by(Event.id)
        return tuple((event_id, "") for event_id in session.scalars(query))
    if kind == "actor":
        rows = session.execute(
            select(EventActor.event_id, EventActor.role)
            .where(EventActor.actor_id == item_id)
            .order_by(EventActor.event_id, EventActor.role)
        )
        return tuple((event_id, role) for event_id, role in rows)
    query = select(EventTag.event_id).where(EventTag.tag_id == item_id).order_by(EventTag.event_id)
    return tuple((event_id, "") for event_id in session.scalars(query))


def snapshot_item(session: Session, kind: str, item_id: int) -> ItemSnapshot:
    """The item and every event link it has, as plain data (for undo)."""
    row = _row(session, kind, item_id)
    return ItemSnapshot(
        kind=kind,
        id=row.id,
        name=row.name,
        color=row.color,
        sort_order=getattr(row, "sort_order", 0),
        links=_links(session, kind, item_id),
    )


# -- links -----------------------------------------------------------------------------------
def _add_links(session: Session, kind: str, item_id: int, links: tuple[Link, ...]) -> None:
    """Point the events of `links` at the item; events deleted meanwhile are skipped."""
    wanted = sorted({event_id for event_id, _ in links})
    alive: set[int] = set()
    for chunk in _chunks(wanted):
        alive.update(session.scalars(select(Event.id).where(Event.id.in_(chunk))))
    if kind == "category":
        for chunk in _chunks(sorted(alive)):
            session.execute(
                update(Event).where(Event.id.in_(chunk)).values(category_id=item_id),
                execution_options={"synchronize_session": False},
            )
    else:
        rows = [
            {"event_id": e, "actor_id": item_id, "role": r}
            if kind == "actor"
            else {"event_id": e, "tag_id": item_id}
            for e, r in links
            if e in alive
        ]
        if rows:
            session.execute(insert(_LINKS[kind]), rows)
    session.expire_all()


def _drop_links(session: Session, kind: str, item_id: int) -> None:
    if kind == "category":
        session.execute(
            update(Event).where(Event.category_id == item_id).values(category_id=None),
            execution_options={"synchronize_session": False},
        )
    elif kind == "actor":
        session.execute(delete(EventActor).where(EventActor.actor_id == item_id))
    else:
        session.execute(delete(EventTag).where(EventTag.tag_id == item_id))
    session.expire_all()


# -- changes ---------------------------------------------------------------------------------
def rename_item(session: Session, kind: str, item_id: int, name: str) -> str:
    """Rename an item; return its old name. NameTakenError if another item has the name."""
    row = _row(session, kind, item_id)
    new = check_name(session, kind, name, item_id=item_id)
    old = row.name
    row.name = new
    session.flush()
    return old


def recolour_item(session: Session, kind: str, item_id: int, color: str | None) -> str | None:
    """Give an item a new colour (None clears an actor's or tag's); return the old one."""
    row = _row(session, kind, item_id)
    old = row.color
    row.color = check_color(kind, color)
    session.flush()
    return old


def delete_item(session: Session, kind: str, item_id: int) -> ItemSnapshot:
    """Delete an item; its events lose it (a category's become uncategorised).

    Returns the snapshot `restore_item` needs; `.events` is how many events were affected.
    """
    snapshot = snapshot_item(session, kind, item_id)
    _drop_links(session, kind, item_id)
    session.execute(delete(_model(kind)).where(_model(kind).id == item_id))
    session.expire_all()
    return snapshot


def restore_item(session: Session, snapshot: ItemSnapshot) -> None:
    """Re-create a deleted item with its id, name, colour and event links (undo of delete)."""
    kind, model = snapshot.kind, _model(snapshot.kind)
    if session.get(model, snapshot.id) is not None:
        raise ValueError(f"{kind} {snapshot.id} already exists")
    check_name(session, kind, snapshot.name)
    values: dict[str, Any] = {"id": snapshot.id, "name": snapshot.name, "color": snapshot.color}
    if kind == "category":
        values["sort_order"] = snapshot.sort_order
    session.execute(insert(model).values(**values))
    _add_links(session, kind, snapshot.id, snapshot.links)
    session.flush()


def merge_item(session: Session, kind: str, source_id: int, into_id: int) -> MergeResult:
    """Move every event of `source_id` to `into_id` (no duplicate links), then delete the source.

    An actor keeps its role on each event; a link the target already had is not doubled.
    """
    if source_id == into_id:
        raise ValueError(f"cannot merge a {kind} into itself")
    _row(session, kind, into_id)
    source = snapshot_item(session, kind, source_id)
    if kind == "category":
        added = source.links  # every event of the source changes category
    else:
        present = set(_links(session, kind, into_id))
        added = tuple(link for link in dict.fromkeys(source.links) if link not in present)
    delete_item(session, kind, source_id)
    _add_links(session, kind, into_id, added)
    session.flush()
    return MergeResult(source=source, into_id=into_id, added=added)


def unmerge_item(session: Session, result: MergeResult) -> None:
    """Undo `merge_item`: take back the links the target gained and restore the source."""
    kind = result.source.kind
    if kind in _LINKS and result.added:
        table = _LINKS[kind].__table__
        key = table.c.actor_id if kind == "actor" else table.c.tag_id
        query = table.delete().where(key == result.into_id, table.c.event_id == bindparam("e"))
        if kind == "actor":
            query = query.where(table.c.role == bindparam("r"))
        session.execute(query, [{"e": event_id, "r": role} for event_id, role in result.added])
    session.expire_all()
    restore_item(session, result.source)  # a category's events point back at the source
