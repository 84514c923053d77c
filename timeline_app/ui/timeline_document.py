"""TimelineDocument: the open file, the current filter and selection, with change signals.

Widgets never talk to each other: they call the document and follow its signals, so the
canvas, the table and the detail pane stay in step (Orange-canvas style).
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from timeline_app.core import store as st
from timeline_app.core.details import EventDetail, event_detail
from timeline_app.core.records import CategoryRow, EventFilter
from timeline_app.core.store_errors import CorruptFileError, StoreError
from timeline_app.core.store_reads import guarded_read


class TimelineDocument(QObject):
    """One open timeline file."""

    data_changed = Signal()
    filter_changed = Signal()
    selection_changed = Signal(object)  # event id or None
    error = Signal(str)  # a change that could not be made, for the window to show

    def __init__(self, store: st.TimelineStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._filter = EventFilter()
        self._selected: int | None = None
        self._categories: list[CategoryRow] | None = None
        self._actors: list[tuple[int, str, str | None]] | None = None
        self._zone: str | None = None
        self._total: int | None = None
        self._generation = 0
        #: The events the last change touched, if known (`notify_changed`).
        self.changed_events: Collection[int] | None = None
        self.undo_stack = QUndoStack(self)

    @property
    def path(self) -> Path:
        return Path(self.store.path)

    @property
    def read_only(self) -> bool:
        return bool(self.store.read_only)

    @property
    def generation(self) -> int:
        """Bumped on every data or filter change; caches key on it."""
        return self._generation

    @property
    def filters(self) -> EventFilter:
        return self._filter

    def set_filter(self, filters: EventFilter) -> None:
        if filters != self._filter:
            self._filter = filters
            self._generation += 1
            self.filter_changed.emit()

    @property
    def selected_id(self) -> int | None:
        return self._selected

    def select(self, event_id: int | None) -> None:
        if event_id != self._selected:
            self._selected = event_id
            self.selection_changed.emit(event_id)

    def push(self, command) -> None:
        """Apply an undoable command now (raising if it is refused), then put it on the stack."""
        if self.read_only:
            raise PermissionError(f"{self.path.name} is open read-only")
        command.run_first()
        self.undo_stack.push(command)

    def notify_changed(self, events: Collection[int] | None = None) -> None:
        """Call after a write: drops caches and tells every view.

        `events`: the only events whose time or lane changed, if the writer knows (kept in
        `changed_events` for the views during `data_changed`); None: anything may have.
        """
        self.changed_events = events
        self._categories = None
        self._actors = None
        self._zone = None
        self._total = None
        self._generation += 1
        self.data_changed.emit()

    def categories(self) -> list[CategoryRow]:
        if self._categories is None:
            with self.store.read() as session:
                self._categories = st.list_categories(session)
        return self._categories

    def actors(self) -> list[tuple[int, str, str | None]]:
        """(id, name, colour) of every actor, for lanes by actor."""
        if self._actors is None:
            with self.store.read() as session:
                self._actors = st.list_actors(session)
        return self._actors

    def total_events(self, session: Any = None) -> int:
        """Every event in the file, whatever the filter (counted once per change).

        From the file's start summary when it is current: counting a million rows takes
        0.1-1.3 s (cold cache) on the way to the first frame; the summary holds the number.
        `session`: a read session to use (the caller's, to handle its errors), else one.
        """
        if self._total is None:
            if session is None:
                with self.store.read() as own:
                    return self.total_events(own)
            summary = st.session_start_summary(session)
            self._total = summary.total if summary is not None else st.count_events(session)
        return self._total

    def dominant_zone(self) -> str:
        """The zone most events were reported in: the natural zone for the axis.

        The canvas asks while painting, where an exception is only printed: if the file is
        too damaged to sample, the axis falls back to UTC (kept until the next change, so
        each frame does not read the damage again). A passing failure (the file busy, an
        I/O error) falls back for this frame only, so the axis is not left in UTC.
        """
        if self._zone is None:
            try:
                with guarded_read(self.store) as session:
                    self._zone = st.dominant_zone(session) or "UTC"
            except CorruptFileError:
                self._zone = "UTC"
            except StoreError:
                return "UTC"
        return self._zone

    def detail(self, event_id: int) -> EventDetail | None:
        with self.store.read() as session:
            return event_detail(session, event_id)

    def close(self) -> None:
        self.store.close()
