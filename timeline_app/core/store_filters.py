"""EventFilter -> SQL conditions on the events table: the ONE place every query narrows events.

Portable SQLAlchemy Core only (EXISTS subqueries, LIKE with an escape character), so the
table, the canvas, the CLI and exports all agree on what "matches" means.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, or_, select, true

from timeline_app.core.models import (
    RELIABILITIES,
    STATUSES,
    Actor,
    Category,
    Citation,
    Event,
    EventActor,
    EventTag,
    Location,
    Source,
)
from timeline_app.core.records import EventFilter

EVENTS = Event.__table__
_EVENT_ID = EVENTS.c.id
LIKE_ESCAPE = "\\"


def like_pattern(text: str) -> str:
    """`%text%` with LIKE's wildcards escaped, so "100%" or "al_bab" match literally."""
    escaped = text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", r"\%").replace("_", r"\_")
    return f"%{escaped}%"


def _text_condition(text: str) -> ColumnElement[bool]:
    pattern = like_pattern(text)

    def matches(column: object) -> ColumnElement[bool]:
        return column.ilike(pattern, escape=LIKE_ESCAPE)  # type: ignore[attr-defined]

    return or_(
        matches(EVENTS.c.title),
        matches(EVENTS.c.description),
        exists().where(Location.id == EVENTS.c.location_id, matches(Location.name)),
        exists().where(
            EventActor.event_id == _EVENT_ID,
            Actor.id == EventActor.actor_id,
            matches(Actor.name),
        ),
        exists().where(
            Citation.event_id == _EVENT_ID,
            Source.id == Citation.source_id,
            or_(matches(Source.outlet), matches(Source.title)),
        ),
    )


def _given(values: frozenset | None) -> bool:
    return bool(values)


def reliable_grades(min_reliability: str) -> tuple[str, ...]:
    """Grades at least as good as `min_reliability` ("C" -> A, B, C); ValueError if unknown."""
    grade = min_reliability.strip().upper()
    if grade not in RELIABILITIES:
        raise ValueError(f"reliability must be one of A-F, not {min_reliability!r}")
    return RELIABILITIES[: RELIABILITIES.index(grade) + 1]


def filter_conditions(
    filters: EventFilter | None, *, scan: bool = False
) -> list[ColumnElement[bool]]:
    """Conditions for everything in `filters` except the time range (see `time_range`).

    Semantics: fields combine with AND; the values inside one field with OR ("any of these
    actors"). A "disputed" status also matches events whose citations disagree, because that
    is how they are drawn. `scan=True` writes the category test as `category_id + 0`, so
    a query meant to read the whole table is not steered into a category index walk.
    """
    if filters is None:
        return []
    category = EVENTS.c.category_id + 0 if scan else EVENTS.c.category_id
    conditions: list[ColumnElement[bool]] = []
    if filters.text and filters.text.strip():
        conditions.append(_text_condition(filters.text.strip()))
    if _given(filters.category_ids):
        conditions.append(category.in_(sorted(filters.category_ids or ())))
    if _given(filters.category_names):
        names = sorted(filters.category_names or ())
        conditions.append(category.in_(select(Category.id).where(Category.name.in_(names))))
    if _given(filters.actor_ids):
        conditions.append(
            exists().where(
                EventActor.event_id == _EVENT_ID,
                EventActor.actor_id.in_(sorted(filters.actor_ids or ())),
            )
        )
    if _given(filters.tag_ids):
        conditions.append(
            exists().where(
                EventTag.event_id == _EVENT_ID, EventTag.tag_id.in_(sorted(filters.tag_ids or ()))
            )
        )
    if _given(filters.statuses):
        statuses = sorted(filters.statuses or ())
        unknown = set(statuses) - set(STATUSES)
        if unknown:
            raise ValueError(f"unknown status(es): {', '.join(sorted(unknown))}")
        condition = EVENTS.c.status.in_(statuses)
        if "disputed" in statuses:
            condition = or_(condition, EVENTS.c.contested == true())
        conditions.append(condition)
    if filters.min_reliability:
        conditions.append(
            exists().where(
                Citation.event_id == _EVENT_ID,
                Source.id == Citation.source_id,
                Source.reliability.in_(reliable_grades(filters.min_reliability)),
            )
        )
    return conditions


def time_range(
    start_ms: int | None, end_ms: int | None, filters: EventFilter | None
) -> tuple[int | None, int | None]:
    """Intersect a query window with the filter's from/to (None = unbounded on that side)."""
    lo, hi = start_ms, end_ms
    if filters is not None:
        if filters.from_ms is not None:
            lo = filters.from_ms if lo is None else max(lo, filters.from_ms)
        if filters.to_ms is not None:
            hi = filters.to_ms if hi is None else min(hi, filters.to_ms)
    return lo, hi
