"""Adding many events at once (imports): one transaction, progress, cancel, duplicates.

Baseline implementation on top of `add_event`; the import benchmark drives its speed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from timeline_app.core.drafts import EventDraft
from timeline_app.core.models import Citation, Event, Source
from timeline_app.core.store_mutations import add_event


class BulkCancelled(Exception):
    """The caller's cancel callback asked to stop; the transaction must be rolled back."""


@dataclass(slots=True)
class BulkResult:
    added: list[int] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)  # indexes into the drafts
    """Drafts skipped because an event with the same title, start and source exists."""


def _identity(title: str, start_ms: int, source: str) -> tuple[str, int, str]:
    return (title.strip().casefold(), start_ms, source.strip().casefold())


def _first_source(draft: EventDraft) -> str:
    if not draft.citations:
        return ""
    s = draft.citations[0].source
    return s.url or s.outlet or s.title or ""


def existing_identities(session: Session) -> set[tuple[str, int, str]]:
    """(title, start, first source) of every stored event, for duplicate detection."""
    found: set[tuple[str, int, str]] = set()
    query = (
        select(Event.title, Event.start_ms, Source.url, Source.outlet, Source.title)
        .outerjoin(Citation, Citation.event_id == Event.id)
        .outerjoin(Source, Source.id == Citation.source_id)
    )
    for title, start, url, outlet, source_title in session.execute(query):
        found.add(_identity(title, start, url or outlet or source_title or ""))
        found.add(_identity(title, start, ""))
    return found


def bulk_add_events(
    session: Session,
    drafts: Sequence[EventDraft],
    *,
    skip_duplicates: bool = True,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> BulkResult:
    """Add `drafts` in the caller's transaction; duplicates are skipped when asked.

    Raises BulkCancelled when `cancelled()` turns true: the caller rolls back, so a
    cancelled import leaves the file exactly as it was.
    """
    result = BulkResult()
    seen = existing_identities(session) if skip_duplicates else set()
    total = len(drafts)
    for index, draft in enumerate(drafts):
        if index % 500 == 0:
            if cancelled is not None and cancelled():
                raise BulkCancelled()
            if progress is not None:
                progress(index, total)
        if skip_duplicates:
            key = _identity(draft.title, draft.start.best_ms, _first_source(draft))
            if key in seen:
                result.duplicates.append(index)
                continue
            seen.add(key)
        result.added.append(add_event(session, draft))
    if progress is not None:
        progress(total, total)
    return result
