"""Find-or-create the things events refer to: actors, tags, locations, sources.

Reuse keeps the file tidy: the same actor typed twice is one row, and the same article cited
by ten events is one source whose reliability is graded once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from timeline_app.core.drafts import CitationDraft, EventDraft, SourceDraft
from timeline_app.core.models import RELIABILITIES, STANCES, Actor, Location, Source


def named_id(session: Session, model: Any, name: str, *, create: bool = True) -> int | None:
    """Id of the `model` row called `name` (exact, else ignoring case); created if allowed."""
    name = name.strip()
    found = session.scalar(select(model.id).where(model.name == name))
    if found is None:
        found = session.scalar(
            select(model.id)
            .where(func.lower(model.name) == name.lower())
            .order_by(model.id)
            .limit(1)
        )
    if found is not None or not create:
        return found
    row = model(name=name)
    session.add(row)
    session.flush()
    return row.id


def actor_id(session: Session, name: str) -> int:
    """Id of the actor called `name`, created if new."""
    if not (name or "").strip():
        raise ValueError("an actor needs a name")
    found = named_id(session, Actor, name)
    assert found is not None
    return found


def _same(column: InstrumentedAttribute, value: object) -> ColumnElement[bool]:
    return column.is_(None) if value is None else column == value


def location_id(session: Session, draft: EventDraft) -> int | None:
    """Id of the location with the draft's name and coordinates, created if new; None if none."""
    name = (draft.location_name or "").strip()
    if not name and draft.lat is not None and draft.lon is not None:
        name = f"{draft.lat:.5f}, {draft.lon:.5f}"
    if not name:
        return None
    location = session.scalar(
        select(Location)
        .where(
            Location.name == name, _same(Location.lat, draft.lat), _same(Location.lon, draft.lon)
        )
        .order_by(Location.id)
        .limit(1)
    )
    if location is None:
        location = Location(name=name, lat=draft.lat, lon=draft.lon)
        session.add(location)
    if location.precision is None and draft.location_precision:
        location.precision = draft.location_precision
    session.flush()
    return location.id


def check_citation(citation: CitationDraft) -> None:
    """Raise ValueError for a citation that must not be stored."""
    if citation.stance not in STANCES:
        raise ValueError(f"unknown stance {citation.stance!r} (one of {', '.join(STANCES)})")
    credibility = citation.credibility
    if credibility is not None and not (isinstance(credibility, int) and 1 <= credibility <= 6):
        raise ValueError(f"credibility must be 1-6, not {credibility!r}")
    source = citation.source
    if not any((value or "").strip() for value in (source.url, source.outlet, source.title)):
        raise ValueError("a cited source needs an outlet, a title or a URL")
    reliability = source.reliability
    if reliability is not None and reliability.strip().upper() not in RELIABILITIES:
        raise ValueError(f"reliability must be one of A-F, not {reliability!r}")


def _agree(stored: str, given: str) -> bool:
    return not stored or not given or stored == given


def _find_source(session: Session, url: str | None, outlet: str, title: str) -> Source | None:
    if url:  # one page may quote several sources: a different outlet or title is another one
        for found in session.scalars(select(Source).where(Source.url == url).order_by(Source.id)):
            if _agree(found.outlet, outlet) and _agree(found.title, title):
                return found
    if not (outlet or title):
        return None
    query = select(Source).where(Source.outlet == outlet, Source.title == title)
    if url:  # an article with another URL is another article; one without a URL may be this
        query = query.where(Source.url.is_(None))
    return session.scalar(query.order_by(Source.id).limit(1))


def source_id(session: Session, draft: SourceDraft) -> int:
    """Id of the source with the draft's URL, else its outlet+title; created if new.

    A URL match counts only if outlet and title do not contradict the draft (a web page
    quoting a ministry and a witness holds two sources). A reused source only gains what it
    lacked (outlet, title, URL, author, dates, grade, notes): grading a source is an edit of
    the source, not a side effect of citing it again.
    """
    url = (draft.url or "").strip() or None
    outlet, title = (draft.outlet or "").strip(), (draft.title or "").strip()
    reliability = draft.reliability.strip().upper() if draft.reliability else None
    values: dict[str, object] = {
        "outlet": outlet,
        "title": title,
        "url": url,
        "author": draft.author or None,
        "published_ms": draft.published.best_ms if draft.published else None,
        "published_tz": draft.published.tz if draft.published else None,
        "accessed_ms": draft.accessed.best_ms if draft.accessed else None,
        "reliability": reliability,
        "notes": draft.notes or "",
    }
    source = _find_source(session, url, outlet, title)
    if source is None:
        source = Source(**values)
        session.add(source)
    else:
        for name, value in values.items():
            if value and not getattr(source, name):
                setattr(source, name, value)
    session.flush()
    return source.id
