"""Adding EventRows (big tabular imports) in bulk: each shared part resolved once.

Stores exactly what `bulk_add_events` stores for the same rows as drafts (the drafts
EventRows builds on demand), with the same duplicate rule, progress, cancel and transaction
handling (`store_bulk_write.bulk_import`). The difference is the work per row: a title, a
start, a place or a list of sources shared by many rows is turned into ids and column
values once, and a row is then a few list lookups and one queued INSERT row per table.
References are still resolved on first use, in row order, so new names get the ids they get
one draft at a time, and nothing is created for rows skipped as duplicates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from timeline_app.core.drafts import EventDraft
from timeline_app.core.event_rows import EventRows
from timeline_app.core.store_bulk_refs import BulkRefs
from timeline_app.core.store_bulk_write import (
    BulkResult,
    actor_links,
    bulk_import,
    cited,
    first_source,
    name_key,
    tag_links,
    time_block,
)
from timeline_app.core.store_mutations import check_draft

_UNSET: Any = object()
"""A part not resolved yet (None is a resolved "no category" or "no place")."""


class _Parts:
    """What the rows' parts become: column values worked out for every part, ids resolved
    on a row's first use of the part (`_UNSET` until then)."""

    def __init__(self, rows: EventRows, refs: BulkRefs) -> None:
        starts = []
        for spec in rows.times:
            check_draft(EventDraft("-", spec))  # the store's own check of a start
            starts.append(refs.time(spec))
        self.blocks = [time_block("reported", start, None) for start in starts]
        self.titles = [title.strip() for title in rows.titles]
        # A row's identity() is (title key, best start, first source key).
        self.title_keys = list(map(name_key, rows.titles))
        self.best = [start[0] for start in starts]
        self.source_keys = [name_key(first_source(c)) for c in rows.citation_sets]
        self.categories = [_UNSET] * len(rows.categories)
        self.places = [_UNSET] * len(rows.places)
        self.actor_sets = [_UNSET] * len(rows.actor_sets)
        self.tag_sets = [_UNSET] * len(rows.tag_sets)
        self.citation_sets = [_UNSET] * len(rows.citation_sets)


def bulk_add_rows(
    session: Session,
    rows: EventRows,
    *,
    skip_duplicates: bool = True,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> BulkResult:
    """Add `rows` in the caller's transaction, as `bulk_add_events` would store them as drafts.

    Raises BulkCancelled when `cancelled()` turns true, ValueError for a time the store
    refuses; the caller rolls back either way. EventRows holds validated rows only, so
    titles and descriptions are not checked again here.
    """
    total = len(rows)
    with bulk_import(session, total, skip_duplicates=skip_duplicates, progress=progress) as bulk:
        refs, writer, now = bulk.refs, bulk.writer, bulk.now
        parts = _Parts(rows, refs)
        titles, blocks, title_keys, best = parts.titles, parts.blocks, parts.title_keys, parts.best
        source_keys = parts.source_keys
        categories, places, actor_sets = parts.categories, parts.places, parts.actor_sets
        tag_sets, citation_sets = parts.tag_sets, parts.citation_sets
        duplicate, added = bulk.duplicate, bulk.result.added
        for chunk in bulk.chunks(total, progress, cancelled):
            for index, row in zip(chunk, rows.rows[chunk.start : chunk.stop], strict=True):
                title, description, time, category, place, actors, tags, sources = row
                if duplicate(index, (title_keys[title], best[time], source_keys[sources])):
                    continue
                # Resolved on first use, in add_event's order of lookups.
                category_id = categories[category]
                if category_id is _UNSET:
                    category_id = categories[category] = refs.category(rows.categories[category])
                location_id = places[place]
                if location_id is _UNSET:
                    location_id = places[place] = refs.location(*rows.places[place])
                actor_ids = actor_sets[actors]
                if actor_ids is _UNSET:
                    actor_ids = actor_sets[actors] = actor_links(refs, rows.actor_sets[actors])
                tag_ids = tag_sets[tags]
                if tag_ids is _UNSET:
                    tag_ids = tag_sets[tags] = tag_links(refs, rows.tag_sets[tags])
                citations = citation_sets[sources]
                if citations is _UNSET:
                    citations = citation_sets[sources] = cited(refs, rows.citation_sets[sources])
                event_id = bulk.next_id
                bulk.next_id = event_id + 1
                writer.event(event_id, titles[title], description, blocks[time], citations,
                             category_id, location_id, actor_ids, tag_ids, now)  # fmt: skip
                added.append(event_id)
    return bulk.result
