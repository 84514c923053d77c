"""SourcesDialog: every source in the file, edited once for all the events citing it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from timeline_app.core import store as st
from timeline_app.core.drafts import CitationDraft
from timeline_app.ui.citation_editor import CitationEditor
from timeline_app.ui.commands import DeleteSourceCommand, EditSourceCommand
from timeline_app.ui.safe_text import show_message, show_warning

if TYPE_CHECKING:
    from timeline_app.ui.timeline_document import TimelineDocument

COLUMNS = ("Outlet", "Title", "Link", "Reliability", "Cited by")


class SourcesDialog(QDialog):
    """List, edit and delete sources; each change is one undoable command."""

    def __init__(self, document: TimelineDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sources")
        self.resize(900, 480)
        self.document = document
        self.rows: list = []
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _: self.edit_selected())
        edit = QPushButton("Edit…")
        edit.setToolTip("Change this source for every event that cites it")
        edit.clicked.connect(self.edit_selected)
        delete = QPushButton("Delete")
        delete.setToolTip("Delete a source no event cites")
        delete.clicked.connect(self.delete_selected)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(edit)
        buttons.addWidget(delete)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        with self.document.store.read() as session:
            self.rows = st.source_rows(session)
        self.table.setRowCount(len(self.rows))
        for row, (_id, draft, used) in enumerate(self.rows):
            values = (
                draft.outlet,
                draft.title,
                draft.url or "",
                draft.reliability or "",
                f"{used} event(s)",
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()

    def _selected(self):
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def edit_selected(self) -> bool:
        chosen = self._selected()
        if chosen is None:
            return False
        source_id, old, used = chosen
        editor = CitationEditor(self, draft=CitationDraft(source=old), source_only=True)
        editor.setWindowTitle(f"Edit source (cited by {used} event(s))")
        if editor.exec() != QDialog.DialogCode.Accepted or editor.result_draft is None:
            return False
        return self._push(
            EditSourceCommand(self.document, source_id, old, editor.result_draft.source)
        )

    def delete_selected(self) -> bool:
        chosen = self._selected()
        if chosen is None:
            return False
        source_id, draft, _used = chosen
        with self.document.store.read() as session:
            users = st.citing_events(session, source_id)
        if users:
            names = "\n".join(f"• {title}" for _, title in users[:10])
            show_warning(
                self,
                "Source in use",
                f"'{draft.outlet or draft.title}' is cited by {len(users)} "
                f"event(s) and cannot be deleted:\n\n{names}\n\n"
                "Remove those citations first.",
            )
            return False
        answer = QMessageBox.question(
            self, "Delete source", f"Delete the source '{draft.outlet or draft.title}'?"
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return self._push(DeleteSourceCommand(self.document, source_id, draft))

    def _push(self, command) -> bool:
        try:
            self.document.push(command)
        except Exception as exc:
            show_message(self, "Change not saved", str(exc))
            return False
        self.reload()
        return True


def open_sources_dialog(window) -> None:
    if window.document is not None:
        SourcesDialog(window.document, window).exec()
