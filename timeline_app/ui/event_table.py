"""EventTable: the sortable event list with its search box, kept in step with the canvas."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from timeline_app.ui.event_table_model import EventTableModel
from timeline_app.ui.timeline_document import TimelineDocument

SEARCH_DELAY_MS = 250


class EventTable(QWidget):
    """Search box over a table view of the document's (filtered) events."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("EventTable")
        self._doc: TimelineDocument | None = None
        self._syncing = False
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search title, description, place, actor, source…")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip("Filter the timeline and the table (Ctrl+F)")
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self.model = EventTableModel(self)
        # Why rows are missing (a damaged file), in words, rather than an unexplained gap.
        self.problem = QLabel()
        self.problem.setObjectName("EventTableProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.hide()
        # Queued: the model finds a damaged page inside data(), while the view paints; the
        # label is shown (changing the layout) after that paint, not in the middle of it.
        self.model.problem_found.connect(self._show_problem, Qt.ConnectionType.QueuedConnection)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(22)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((300, 420, 160, 110, 160)):
            self.view.setColumnWidth(column, width)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.search)
        layout.addWidget(self.problem)
        layout.addWidget(self.view)

    def set_document(self, document: TimelineDocument | None) -> None:
        self._doc = document
        self.model.set_document(document)
        if document is not None:
            document.data_changed.connect(self.model.reload)
            document.filter_changed.connect(self.model.reload)
            document.filter_changed.connect(self._follow_filter)
            document.selection_changed.connect(self._follow_selection)

    def _show_problem(self, _signalled: str = "") -> None:
        """Say why events are missing from the table; hide the note once they are readable.

        Reads the model's current problem rather than the queued signal's, which may be stale.
        """
        problem = self.model.problem or ""
        self.problem.setText(f"Some events cannot be shown: {problem}" if problem else "")
        self.problem.setVisible(bool(problem))

    def _follow_filter(self) -> None:
        """Show the filter's text when Clear or a saved view changed it."""
        if self._doc is None or self._search_timer.isActive():
            return  # a search being typed wins
        text = self._doc.filters.text or ""
        if text != self.search.text().strip():
            self.search.blockSignals(True)
            self.search.setText(text)
            self.search.blockSignals(False)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _apply_search(self) -> None:
        if self._doc is not None:
            text = self.search.text().strip() or None
            self._doc.set_filter(replace(self._doc.filters, text=text))

    def _on_current_row(self, current, _previous) -> None:
        if self._syncing or self._doc is None or not current.isValid():
            return
        event_id = self.model.data(current, Qt.ItemDataRole.UserRole)
        self._syncing = True
        try:
            self._doc.select(event_id)
        finally:
            self._syncing = False

    def _follow_selection(self, event_id: int | None) -> None:
        """Show the canvas's selection in the table (without echoing it back)."""
        if self._syncing:
            return
        self._syncing = True
        try:
            position = self.model.position_of(event_id) if event_id is not None else None
            selection = self.view.selectionModel()
            if position is None:
                selection.clearSelection()
                return
            index = self.model.index(position, 0)
            selection.setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        finally:
            self._syncing = False

    def selected_id(self) -> int | None:
        index = self.view.selectionModel().currentIndex()
        return self.model.data(index, Qt.ItemDataRole.UserRole) if index.isValid() else None
