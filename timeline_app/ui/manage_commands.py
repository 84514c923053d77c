"""Undoable changes to categories, actors and tags (rename, recolour, merge, delete).

Each command names the item by kind and id and calls `core.store_manage` only; the
snapshots taken while applying hold everything undo needs to put the rows back exactly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from timeline_app.core import store as st
from timeline_app.ui.commands import Session, StoreCommand, _short

if TYPE_CHECKING:
    from timeline_app.ui.timeline_document import TimelineDocument


class RenameItemCommand(StoreCommand):
    def __init__(
        self, document: TimelineDocument, kind: str, item_id: int, old: str, new: str
    ) -> None:
        super().__init__(document, f"Rename {kind} '{_short(old)}' to '{_short(new)}'")
        self.kind, self.item_id, self.old, self.new = kind, item_id, old, new

    def apply(self, session: Session) -> None:
        self.old = st.rename_item(session, self.kind, self.item_id, self.new)

    def revert(self, session: Session) -> None:
        st.rename_item(session, self.kind, self.item_id, self.old)


class RecolourItemCommand(StoreCommand):
    def __init__(
        self, document: TimelineDocument, kind: str, item_id: int, name: str, color: str | None
    ) -> None:
        super().__init__(document, f"Change colour of {kind} '{_short(name)}'")
        self.kind, self.item_id, self.color = kind, item_id, color
        self.old: str | None = None

    def apply(self, session: Session) -> None:
        self.old = st.recolour_item(session, self.kind, self.item_id, self.color)

    def revert(self, session: Session) -> None:
        st.recolour_item(session, self.kind, self.item_id, self.old)


class MergeItemCommand(StoreCommand):
    """Move every event of one item to another and delete the first."""

    def __init__(
        self,
        document: TimelineDocument,
        kind: str,
        source_id: int,
        into_id: int,
        *,
        source_name: str,
        into_name: str,
    ) -> None:
        super().__init__(
            document, f"Merge {kind} '{_short(source_name)}' into '{_short(into_name)}'"
        )
        self.kind, self.source_id, self.into_id = kind, source_id, into_id
        self.result: st.MergeResult | None = None

    def apply(self, session: Session) -> None:
        self.result = st.merge_item(session, self.kind, self.source_id, self.into_id)

    def revert(self, session: Session) -> None:
        if self.result is not None:
            st.unmerge_item(session, self.result)


class DeleteItemCommand(StoreCommand):
    """Delete an item; its events stay (a category's become uncategorised)."""

    def __init__(self, document: TimelineDocument, kind: str, item_id: int, name: str) -> None:
        super().__init__(document, f"Delete {kind} '{_short(name)}'")
        self.kind, self.item_id = kind, item_id
        self.snapshot: st.ItemSnapshot | None = None

    def apply(self, session: Session) -> None:
        self.snapshot = st.delete_item(session, self.kind, self.item_id)

    def revert(self, session: Session) -> None:
        if self.snapshot is not None:
            st.restore_item(session, self.snapshot)
