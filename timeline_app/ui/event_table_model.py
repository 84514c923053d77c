"""EventTableModel: the events matching the filter, paged in from the store as they scroll by.

A file can hold a million events, so the model never loads them all: it knows the count and
fetches pages of rows on demand, sorted by the store (SQL ORDER BY), and caches a few pages.

Pages are read from inside Qt's `data()`, where an exception is only printed, so a damaged
file (a big one opens before its background check has read every page) must not raise
there: the model reads through `guarded_read`, shows no rows when it cannot even count
them, shows `UNREADABLE` in the rows of a page it cannot read, and reports the reason once
through `problem_found` for the view to show.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from timeline_app.core import store as st
from timeline_app.core.records import TABLE_ORDERS, TableRow
from timeline_app.core.store_errors import StoreError
from timeline_app.core.store_reads import guarded_read
from timeline_app.core.timespec import format_timespec, timespec_from_columns
from timeline_app.ui.timeline_document import TimelineDocument

COLUMNS = ("Time", "Title", "Category", "Status", "Location", "Sources")
PAGE = 256
MAX_PAGES = 64
Index = QModelIndex | QPersistentModelIndex
UNREADABLE = "(unreadable: the file is damaged here)"


class EventTableModel(QAbstractTableModel):
    """Read-only table of events; sorting and filtering happen in the store."""

    problem_found = Signal(str)  # why rows cannot be shown (a damaged file); "" once cleared

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._doc: TimelineDocument | None = None
        self._count = 0
        self._pages: OrderedDict[int, list[TableRow]] = OrderedDict()
        self._order = "time"
        self._descending = False
        self._zone: str | None = None
        self._problem: str | None = None

    @property
    def problem(self) -> str | None:
        """Why some or all rows cannot be read (e.g. the file is damaged), else None."""
        return self._problem

    def _set_problem(self, problem: str) -> None:
        """Remember the first reason rows are missing and tell the view, once per reload."""
        if self._problem is None:
            self._problem = problem
            self.problem_found.emit(problem)

    def set_document(self, document: TimelineDocument | None) -> None:
        self._doc = document
        self.reload()

    def set_display_zone(self, zone: str | None) -> None:
        self._zone = zone
        if self._count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, 0))

    def reload(self) -> None:
        """Re-count and drop cached pages (after a data or filter change)."""
        self.beginResetModel()
        self._pages.clear()
        self._count = 0
        before, self._problem = self._problem, None
        if self._doc is not None:
            try:
                with guarded_read(self._doc.store) as session:
                    filters = self._doc.filters
                    self._count = (
                        self._doc.total_events(session)
                        if filters.is_empty()
                        else st.count_events(session, filters=filters)
                    )
            except StoreError as exc:  # no rows rather than a traceback from every view call
                self._problem = str(exc)
        self.endResetModel()
        if self._problem != before:
            self.problem_found.emit(self._problem or "")

    # -- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        column = index.column()
        if row is None:
            unreadable = self._problem is not None and column == 1
            return UNREADABLE if unreadable and role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return f'as written: "{row.time_text}"' if row.time_text else None
            return self._display(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and row.disputed and column in (1, 3):
            return QColor("#c62828")
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self._order = TABLE_ORDERS[column]
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    # -- rows ------------------------------------------------------------------------------
    def _display(self, row: TableRow, column: int) -> str:
        if column == 0:
            spec = timespec_from_columns(
                best_ms=row.start_ms,
                earliest_ms=row.start_earliest_ms,
                latest_ms=row.start_latest_ms,
                precision=row.precision,
                approximate=row.approximate,
                tz=row.tz,
                text=row.time_text,
            )
            return format_timespec(spec, zone=self._zone)
        if column == 3 and row.disputed and row.status != "disputed":
            return f"{row.status} (sources disagree)"
        return [None, row.title, row.category or "", row.status, row.location or "", row.sources][
            column
        ]

    def row_at(self, position: int) -> TableRow | None:
        """The row at `position`, fetching its page if needed."""
        if self._doc is None or not 0 <= position < self._count:
            return None
        page_no = position // PAGE
        page = self._pages.get(page_no)
        if page is None:
            try:
                with guarded_read(self._doc.store) as session:
                    page = st.event_page(
                        session,
                        filters=self._doc.filters,
                        order=self._order,
                        descending=self._descending,
                        offset=page_no * PAGE,
                        limit=PAGE,
                    )
            except StoreError as exc:
                # Called from data() while painting: an exception would only be printed.
                # The empty page is cached so each repaint does not read the damage again.
                page = []
                self._set_problem(str(exc))
            self._pages[page_no] = page
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        offset = position - page_no * PAGE
        return page[offset] if offset < len(page) else None

    def position_of(self, event_id: int) -> int | None:
        """Row number of an event under the current sort, or None if it is filtered out.

        None too when the table shows no rows (its count could not be read): a position
        past the end would select nothing and scroll nowhere.
        """
        if self._doc is None or self._count == 0:
            return None
        for page_no, page in self._pages.items():
            for offset, row in enumerate(page):
                if row.id == event_id:
                    return page_no * PAGE + offset
        try:
            with guarded_read(self._doc.store) as session:
                return st.event_position(
                    session,
                    event_id,
                    filters=self._doc.filters,
                    order=self._order,
                    descending=self._descending,
                )
        except StoreError as exc:  # a damaged file: the event is simply not shown selected
            self._set_problem(str(exc))
            return None
