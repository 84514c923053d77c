"""Undoable changes: each command keeps old and new values and calls store functions only.

Every do and undo is one write transaction; afterwards the document tells the views to
refresh. A command is applied once *before* it goes on the undo stack (`TimelineDocument.push`),
so a refused change (validation, a locked file) raises to the caller and never reaches the
stack; later redo/undo failures are reported through `TimelineDocument.error`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from timeline_app.core import store as st
from timeline_app.core.drafts import EventDraft, SourceDraft

if TYPE_CHECKING:
    from timeline_app.ui.timeline_document import TimelineDocument

Session = Any


class StoreCommand(QUndoCommand):
    """Base: subclasses implement `apply(session)` and `revert(session)`."""

    def __init__(self, document: TimelineDocument, text: str) -> None:
        super().__init__(text)
        self.document = document
        self._skip_next_redo = False

    def apply(self, session: Session) -> None:
        raise NotImplementedError

    def revert(self, session: Session) -> None:
        raise NotImplementedError

    def changed_events(self) -> frozenset[int] | None:
        """Ids of the only events whose time or lane this command changes (None: unknown).

        Lets the canvas update its in-memory index of a big file in place rather than
        reload it (see `ViewportFetcher.invalidate`). The default is the safe answer.
        """
        return None

    def run_first(self) -> None:
        """Apply now; raise on failure (the command is then not pushed)."""
        self._transaction(self.apply)
        self._skip_next_redo = True

    def redo(self) -> None:
        if self._skip_next_redo:
            self._skip_next_redo = False
            return
        self._guarded(self.apply)

    def undo(self) -> None:
        self._guarded(self.revert)

    def _transaction(self, step: Callable[[Session], None]) -> None:
        with self.document.store.write() as session:
            step(session)
        self.document.notify_changed(self.changed_events())

    def _guarded(self, step: Callable[[Session], None]) -> None:
        # Qt calls redo/undo from C++: an exception escaping here would abort the process.
        try:
            self._transaction(step)
        except Exception as exc:
            self.setObsolete(True)
            self.document.error.emit(f"Could not {self.text().lower()}: {exc}")


class AddEventCommand(StoreCommand):
    def __init__(self, document: TimelineDocument, draft: EventDraft) -> None:
        super().__init__(document, f"Add event '{_short(draft.title)}'")
        self.draft = draft
        self.event_id: int | None = None
        self.created_ms: int | None = None

    def apply(self, session: Session) -> None:
        self.event_id = st.add_event(
            session, self.draft, event_id=self.event_id, created_ms=self.created_ms
        )
        if self.created_ms is None:
            snapshot = st.event_draft(session, self.event_id)
            self.created_ms = snapshot[1] if snapshot else None

    def revert(self, session: Session) -> None:
        if self.event_id is not None:
            st.delete_event(session, self.event_id)

    def changed_events(self) -> frozenset[int] | None:
        return None if self.event_id is None else frozenset({self.event_id})


class EditEventCommand(StoreCommand):
    """Replace an event's contents (edits in the editor, drags in time or across lanes)."""

    def __init__(
        self,
        document: TimelineDocument,
        event_id: int,
        old: EventDraft,
        new: EventDraft,
        *,
        text: str | None = None,
    ) -> None:
        super().__init__(document, text or f"Edit event '{_short(new.title)}'")
        self.event_id, self.old, self.new = event_id, old, new

    def apply(self, session: Session) -> None:
        st.update_event(session, self.event_id, self.new)

    def revert(self, session: Session) -> None:
        st.update_event(session, self.event_id, self.old)

    def changed_events(self) -> frozenset[int]:
        return frozenset({self.event_id})


class DeleteEventCommand(StoreCommand):
    """Delete an event (and, if asked, the sources only it cited); undo restores both."""

    def __init__(
        self, document: TimelineDocument, event_id: int, *, drop_orphan_sources: bool = False
    ) -> None:
        with document.store.read() as session:
            snapshot = st.event_draft(session, event_id)
        if snapshot is None:
            raise LookupError(f"event {event_id} no longer exists")
        self.draft, self.created_ms = snapshot
        super().__init__(document, f"Delete event '{_short(self.draft.title)}'")
        self.event_id = event_id
        self.drop_orphan_sources = drop_orphan_sources

    def apply(self, session: Session) -> None:
        orphans = st.sources_only_cited_by(session, self.event_id)
        st.delete_event(session, self.event_id)
        if self.drop_orphan_sources:
            for source_id in orphans:
                st.delete_source(session, source_id)

    def revert(self, session: Session) -> None:
        st.add_event(session, self.draft, event_id=self.event_id, created_ms=self.created_ms)

    def changed_events(self) -> frozenset[int]:
        return frozenset({self.event_id})


class EditSourceCommand(StoreCommand):
    """Change a source once for every event that cites it."""

    def __init__(
        self, document: TimelineDocument, source_id: int, old: SourceDraft, new: SourceDraft
    ) -> None:
        super().__init__(document, f"Edit source '{_short(new.outlet or new.title)}'")
        self.source_id, self.old, self.new = source_id, old, new

    def apply(self, session: Session) -> None:
        st.update_source(session, self.source_id, self.new)

    def revert(self, session: Session) -> None:
        st.update_source(session, self.source_id, self.old)

    def changed_events(self) -> frozenset[int]:
        return frozenset()  # citing events change their sources, never their time or lane


def _short(text: str, limit: int = 40) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class DeleteSourceCommand(StoreCommand):
    """Delete a source no event cites (the store refuses otherwise, naming the events)."""

    def __init__(self, document: TimelineDocument, source_id: int, draft: SourceDraft) -> None:
        super().__init__(document, f"Delete source '{_short(draft.outlet or draft.title)}'")
        self.source_id, self.draft = source_id, draft

    def apply(self, session: Session) -> None:
        st.delete_source(session, self.source_id)

    def revert(self, session: Session) -> None:
        st.add_source(session, self.draft, source_id=self.source_id)

    def changed_events(self) -> frozenset[int]:
        return frozenset()  # only sources no event cites
