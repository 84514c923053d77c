"""Adding many events at once (imports): one transaction, progress, cancel, duplicates.

Stores exactly what `add_event` would for each draft, but in bulk: drafts are checked and
their references (categories, locations, actors, tags, sources) resolved through per-import
caches, so each distinct name costs one lookup; then events, citations and links go in with
multi-row INSERTs (`store_bulk_write`). EventRows (big tabular imports) take a faster route
to the same result, `store_bulk_rows`, which resolves each part they share once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy.orm import Session

from timeline_app.core.drafts import EventDraft
from timeline_app.core.event_rows import EventRows
from timeline_app.core.store_bulk_rows import bulk_add_rows
from timeline_app.core.store_bulk_write import (
    BulkCancelled,
    BulkResult,
    actor_links,
    bulk_import,
    cited,
    first_source,
    identity,
    tag_links,
    time_block,
)
from timeline_app.core.store_mutations import check_draft

__all__ = ["BulkCancelled", "BulkResult", "bulk_add_events"]


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
    cancelled import leaves the file exactly as it was. A draft that must not be stored
    raises ValueError (as `add_event` does), and the caller rolls back too. EventRows are
    stored by `bulk_add_rows`, with the same result.
    """
    if isinstance(drafts, EventRows):
        return bulk_add_rows(
            session, drafts, skip_duplicates=skip_duplicates, progress=progress, cancelled=cancelled
        )
    total = len(drafts)
    with bulk_import(session, total, skip_duplicates=skip_duplicates, progress=progress) as bulk:
        refs, writer, added = bulk.refs, bulk.writer, bulk.result.added
        for chunk in bulk.chunks(total, progress, cancelled):
            for index in chunk:
                draft = drafts[index]
                key = identity(draft.title, draft.start.best_ms, first_source(draft.citations))
                if bulk.duplicate(index, key):
                    continue
                check_draft(draft, citations=False)
                end = refs.time(draft.end) if draft.end is not None else None
                block = time_block(draft.status, refs.time(draft.start), end)
                # The order of the lookups is add_event's: new names get the same ids.
                category = refs.category(draft.category, draft.category_color)
                location = refs.location(
                    draft.location_name, draft.lat, draft.lon, draft.location_precision
                )
                actors = actor_links(refs, draft.actors)
                tags = tag_links(refs, draft.tags)
                sources = cited(refs, draft.citations)
                event_id = bulk.next_id
                bulk.next_id += 1
                writer.event(event_id, draft.title.strip(), draft.description or "", block,
                             sources, category, location, actors, tags, bulk.now)  # fmt: skip
                added.append(event_id)
    return bulk.result
