"""Import another tool's file (or our own CSV/JSON) into an open timeline, all or nothing.

`read_input` turns a file into an ImportResult (our JSON documents go through
`native_json`, everything else through `importers.read_import`), which the import dialog
previews; `store_import` writes it in ONE write transaction; `import_file` does both. Any
error or a cancel rolls the transaction back, so the file is exactly as it was. Big
tabular files (ACLED) are read as EventRows, which the store writes without building a
draft per row; the preview builds the few drafts it shows.

Duplicates are events with the same title, best start time and first source as one already
in the file (or earlier in the same import), as `store.bulk_add_events` defines them. They
are skipped by default; with `merge_duplicates` the duplicate's citations that the existing
event lacks are added to it (same source and quote = already there); with
`skip_duplicates=False` they are stored as new events.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from timeline_app.core import store as st
from timeline_app.core.drafts import EventDraft, SourceDraft
from timeline_app.core.records import EventFilter
from timeline_app.core.store_refs import source_id
from timeline_app.core.validation import validate_event_draft
from timeline_app.io.importers import FORMATS, ImportCancelled, ImportResult, read_import
from timeline_app.io.importers import detect_format as detect_import_format
from timeline_app.io.importers.common import SkippedRow, bulk_allocation, zone_of
from timeline_app.io.native_json import read_document

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
NATIVE = "native-json"
#: Format names accepted by import (FORMATS plus our own JSON document).
IMPORT_FORMATS: dict[str, str] = {NATIVE: "Conflict Timeline JSON document", **FORMATS}
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
PERMILLE = 1000


@dataclass(slots=True)
class ImportSummary:
    """What an import did: counts, and every row that was not imported with the reason."""

    imported: int = 0
    duplicates: int = 0
    """Duplicates not stored as new events (skipped, or merged into the existing event)."""
    merged: int = 0
    """Duplicates whose new citations were added to the existing event."""
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(where, reason) of rows that could not become events."""
    format: str = ""
    title: str = ""

    def lines(self) -> list[str]:
        """The summary as shown to the user: counts first, then each skipped row."""
        head = f"{self.imported} imported, {self.duplicates} duplicate(s) "
        head += f"merged ({self.merged} with new sources)" if self.merged else "skipped"
        head += f", {len(self.skipped)} skipped"
        return [head] + [f"  {where}: {reason}" for where, reason in self.skipped]


@dataclass(slots=True)
class ImportInput:
    """A file read and ready to store (what the dialog previews)."""

    result: ImportResult
    format: str
    sources: list[SourceDraft] = field(default_factory=list)
    """Sources to create even if no event cites them (our JSON documents list them)."""


def detect_format(path: Path | str) -> str:
    """Format name of an input file: one of IMPORT_FORMATS (ImportFormatError if none)."""
    return detect_import_format(path)


def _scaled(progress: Progress | None, lo: int, hi: int) -> Progress | None:
    if progress is None:
        return None

    def report(done: int, total: int) -> None:
        fraction = done / total if total > 0 else 1.0
        progress(lo + round((hi - lo) * min(max(fraction, 0.0), 1.0)), PERMILLE)

    return report


def _from_document(path: Path) -> ImportInput:
    document = read_document(path)
    events: list[EventDraft] = []
    result = ImportResult(
        events, title=document.title or path.stem, categories=list(document.categories)
    )
    for index, draft in enumerate(document.events):
        problems = validate_event_draft(draft)
        if problems:
            where = f"events[{index}] {draft.title[:60]!r}"
            result.skipped.append(SkippedRow(where, "; ".join(str(p) for p in problems)))
        else:
            events.append(draft)
    return ImportInput(result, NATIVE, list(document.sources))


def read_input(
    path: Path | str,
    *,
    format: str | None = None,
    tz: str = "UTC",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportInput:
    """Read `path` into drafts (nothing is stored); `progress` gets (done, total) of reading."""
    path = Path(path)
    zone_of(tz)
    name = format or detect_format(path)
    if name not in IMPORT_FORMATS:
        raise ValueError(f"unknown import format {name!r} (known: {', '.join(IMPORT_FORMATS)})")
    if name == NATIVE:
        if cancelled is not None and cancelled():
            raise ImportCancelled("import cancelled")
        found = _from_document(path)
        if progress is not None:
            progress(1, 1)
        return found
    result = read_import(path, format=name, progress=progress, cancelled=cancelled, tz=tz)
    return ImportInput(result, name)


def _source_key(source: SourceDraft) -> str:
    return ((source.url or "").strip() or source.outlet.strip() or source.title.strip()).casefold()


def _existing_event(session, draft: EventDraft) -> int | None:
    """Id of the stored event that `draft` duplicates (same title and best start)."""
    ms = draft.start.best_ms
    title = draft.title.strip()
    rows = st.events_in_window(session, ms, ms, filters=EventFilter(text=title))
    for row in rows:
        if row.start_ms == ms and row.title.strip().casefold() == title.casefold():
            return row.id
    return None


def _merge(session, draft: EventDraft) -> bool:
    """Add the draft's citations that the existing event lacks; True if any was added."""
    event_id = _existing_event(session, draft)
    if event_id is None:
        return False
    event = st.get_event(session, event_id)
    assert event is not None
    have = {
        (_source_key(SourceDraft(c.source.outlet, c.source.title, c.source.url)), c.quote or "")
        for c in event.citations
    }
    added = False
    for citation in draft.citations:
        key = (_source_key(citation.source), citation.quote or "")
        if key in have:
            continue
        st.add_citation(session, event_id, citation)
        have.add(key)
        added = True
    return added


def _create_categories(session, categories: list[tuple[str, str | None]]) -> None:
    for name, color in categories:
        if name and name.strip():
            valid = color if color and _COLOR.match(color) else None
            st.get_or_create_category(session, name, color=valid)


def store_import(
    store: st.TimelineStore,
    found: ImportInput,
    *,
    skip_duplicates: bool = True,
    merge_duplicates: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportSummary:
    """Store what `read_input` found, in one transaction (rolled back on error or cancel).

    Raises ImportCancelled when `cancelled()` turns true; the file is then unchanged.
    """
    result = found.result
    summary = ImportSummary(
        skipped=[(row.where, row.reason) for row in result.skipped],
        format=found.format,
        title=result.title,
    )
    try:
        with bulk_allocation(), store.write() as session:
            _create_categories(session, result.categories)
            bulk = st.bulk_add_events(
                session,
                result.events,
                skip_duplicates=skip_duplicates or merge_duplicates,
                progress=progress,
                cancelled=cancelled,
            )
            if merge_duplicates:
                for index in bulk.duplicates:
                    if cancelled is not None and index % 100 == 0 and cancelled():
                        raise ImportCancelled("import cancelled")
                    summary.merged += _merge(session, result.events[index])
            for source in found.sources:
                if _source_key(source):
                    source_id(session, source)
            if cancelled is not None and cancelled():
                raise ImportCancelled("import cancelled")
    except st.BulkCancelled:
        raise ImportCancelled("import cancelled") from None
    summary.imported = len(bulk.added)
    summary.duplicates = len(bulk.duplicates)
    return summary


def import_file(
    store: st.TimelineStore,
    path: Path | str,
    *,
    format: str | None = None,
    tz: str = "UTC",
    skip_duplicates: bool = True,
    merge_duplicates: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportSummary:
    """Read `path` and store its events in one transaction; return the summary.

    `progress(done, 1000)`: reading is the first half, storing the second. Raises
    ImportFormatError / DocumentError (unreadable file), ImportCancelled, or ValueError; in
    every such case the timeline file is unchanged.
    """
    found = read_input(
        path, format=format, tz=tz, progress=_scaled(progress, 0, 500), cancelled=cancelled
    )
    return store_import(
        store,
        found,
        skip_duplicates=skip_duplicates,
        merge_duplicates=merge_duplicates,
        progress=_scaled(progress, 500, 1000),
        cancelled=cancelled,
    )


__all__ = [
    "IMPORT_FORMATS",
    "ImportCancelled",
    "ImportInput",
    "ImportSummary",
    "import_file",
    "read_input",
    "store_import",
]
