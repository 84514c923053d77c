"""FilterBar: narrow canvas and table together by category, actor, tag, status, grade and time.

The bar edits the document's one EventFilter (`document.set_filter`); every view follows
`filter_changed`. The search text stays in the event table's search box, but Clear and saved
views cover it too, so a view brings back exactly what was on screen. Saved views live in the
file (`store.save_view`), outside the undo history.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolButton,
    QWidget,
)

from timeline_app.core import store as st
from timeline_app.core.records import EventFilter
from timeline_app.core.time_range import TimeRangeError, parse_time_range
from timeline_app.core.timespec import from_ms
from timeline_app.core.validation import STATUSES
from timeline_app.ui.safe_text import show_warning
from timeline_app.ui.timeline_document import TimelineDocument

GRADES = "ABCDEF"
CHOICES = {"category": "Categories", "actor": "Actors", "tag": "Tags", "status": "Status"}
_ANY = {"category": "Any category", "actor": "Any actor", "tag": "Any tag", "status": "Any status"}
_FIELDS = {"category": "category_ids", "actor": "actor_ids", "tag": "tag_ids", "status": "statuses"}
_TIME_FORMAT = "%Y-%m-%d %H:%M"
MESSAGE_WIDTH = 340  # pixels; a longer message is cut (in full in its tooltip)


class _CheckMenu(QMenu):
    """A menu whose checkable entries toggle without closing it (pick several at once)."""

    def mouseReleaseEvent(self, event) -> None:
        action = self.actionAt(event.position().toPoint())
        if action is not None and action.isCheckable() and action.isEnabled():
            action.trigger()
            return
        super().mouseReleaseEvent(event)


class FilterBar(QWidget):
    """One row of filter controls bound to a TimelineDocument."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FilterBar")
        self._doc: TimelineDocument | None = None
        self._syncing = False
        self._typed: dict[str, tuple[str, int | None]] = {}  # box -> (text, ms it meant)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(QLabel("Filter:"))
        self.buttons: dict[str, QToolButton] = {}
        self.menus: dict[str, _CheckMenu] = {}
        for key, title in CHOICES.items():
            button = QToolButton()
            button.setObjectName(f"filter_{key}")
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            button.setToolTip(f"Show only events with any of the ticked {title.lower()}")
            menu = _CheckMenu(button)
            button.setMenu(menu)
            self.buttons[key], self.menus[key] = button, menu
            layout.addWidget(button)
        self.reliability = QComboBox()
        self.reliability.addItem("Sources: any grade", None)
        for index, grade in enumerate(GRADES):
            label = "A" if index == 0 else f"A–{grade}"
            self.reliability.addItem(f"Sources: {label}", grade)
        self.reliability.setToolTip(
            "Show only events cited by at least one source graded this reliable (Admiralty A-F)"
        )
        self.reliability.currentIndexChanged.connect(self._on_reliability)
        layout.addWidget(self.reliability)
        self.from_edit = self._time_edit("from date")
        self.to_edit = self._time_edit("to date")
        layout.addWidget(self.from_edit)
        layout.addWidget(QLabel("–"))
        layout.addWidget(self.to_edit)
        self.message = QLabel()
        self.message.setObjectName("filter_message")
        self.message.setStyleSheet("color: #c62828;")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setMaximumWidth(MESSAGE_WIDTH)
        layout.addWidget(self.message)
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Show every event again (also clears the search text)")
        self.clear_button.clicked.connect(self.clear)
        layout.addWidget(self.clear_button)
        layout.addStretch(1)
        self.views = QComboBox()
        self.views.setMinimumContentsLength(14)
        self.views.setToolTip("Saved views: filters stored in this file")
        self.views.activated.connect(self._on_view_chosen)
        self.save_button = QPushButton("Save View…")
        self.save_button.setToolTip("Store the current filter in the file under a name")
        self.save_button.clicked.connect(self.save_view)
        self.delete_button = QPushButton("Delete View")
        self.delete_button.setToolTip("Remove the chosen saved view from the file")
        self.delete_button.clicked.connect(self.delete_view)
        for widget in (self.views, self.save_button, self.delete_button):
            layout.addWidget(widget)
        self.set_document(None)

    def _time_edit(self, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(True)
        edit.setMinimumWidth(130)
        edit.setToolTip(
            "Any wording the event editor understands: '13 Dec 2016', 'December 2016', "
            "'2016-12-14 18:00 UTC'; times without a zone are in the file's usual zone"
        )
        edit.editingFinished.connect(self.apply_time_range)
        return edit

    # -- document --------------------------------------------------------------------------
    def set_document(self, document: TimelineDocument | None) -> None:
        if self._doc is not None:
            for signal, slot in (
                (self._doc.filter_changed, self._sync),
                (self._doc.data_changed, self._on_data_changed),
            ):
                with contextlib.suppress(RuntimeError, TypeError):
                    signal.disconnect(slot)
        self._doc = document
        self._typed.clear()
        self.message.clear()
        if document is not None:
            document.filter_changed.connect(self._sync)
            document.data_changed.connect(self._on_data_changed)
        self.setEnabled(document is not None)
        self._rebuild_menus()
        self._reload_views()
        self._sync()

    @property
    def filters(self) -> EventFilter:
        return self._doc.filters if self._doc is not None else EventFilter()

    def _apply(self, filters: EventFilter) -> None:
        if self._doc is not None and not self._syncing:
            self._doc.set_filter(filters)

    # -- choices (categories, actors, tags, status) ----------------------------------------
    def _choices(self) -> dict[str, list[tuple[object, str]]]:
        if self._doc is None:
            return {key: [] for key in CHOICES}
        with self._doc.store.read() as session:
            tags = st.list_items(session, "tag", with_usage=False)
        return {
            "category": [(c.id, c.name) for c in self._doc.categories()],
            "actor": [(actor_id, name) for actor_id, name, _ in self._doc.actors()],
            "tag": [(t.id, t.name) for t in tags],
            "status": [(status, status) for status in STATUSES],
        }

    def _rebuild_menus(self) -> None:
        for key, entries in self._choices().items():
            menu = self.menus[key]
            menu.clear()
            clear = menu.addAction(_ANY[key])
            clear.triggered.connect(lambda _=False, k=key: self.choose(k, ()))
            menu.addSeparator()
            for value, name in entries:
                action = menu.addAction(name.replace("&", "&&"))  # "&" is not a shortcut
                action.setCheckable(True)
                action.setData(value)
                action.toggled.connect(lambda _=False, k=key: self._on_toggled(k))
            if not entries:
                menu.addAction("(none in this file)").setEnabled(False)

    def _checked(self, key: str) -> frozenset:
        return frozenset(a.data() for a in self.menus[key].actions() if a.isChecked())

    def _on_toggled(self, key: str) -> None:
        if not self._syncing:
            self._apply(replace(self.filters, **{_FIELDS[key]: self._checked(key) or None}))

    def choose(self, key: str, values) -> None:
        """Show only events with any of `values` ("category" ids, "status" names, ...)."""
        self._apply(replace(self.filters, **{_FIELDS[key]: frozenset(values) or None}))

    def action(self, key: str, name: str) -> QAction:
        """The menu entry for the category, actor, tag or status called `name`."""
        for action in self.menus[key].actions():
            if action.isCheckable() and action.text().replace("&&", "&") == name:
                return action
        raise LookupError(f"no {key} called {name!r}")

    def choose_names(self, key: str, names) -> None:
        """Like `choose`, by the names shown in the menu (for keyboard macros and tests)."""
        self.choose(key, [self.action(key, name).data() for name in names])

    def _known_only(self, filters: EventFilter) -> EventFilter:
        """`filters` without categories, actors or tags that no longer exist."""
        pruned = {}
        for key in ("category", "actor", "tag"):
            chosen = getattr(filters, _FIELDS[key])
            if chosen:
                known = {a.data() for a in self.menus[key].actions() if a.isCheckable()}
                if not chosen <= known:
                    pruned[_FIELDS[key]] = (chosen & known) or None
        return replace(filters, **pruned) if pruned else filters

    def _on_data_changed(self) -> None:
        """Names may have changed; drop choices whose item was deleted or merged away."""
        self._rebuild_menus()
        filters = self._known_only(self.filters)
        if filters != self.filters:
            self._apply(filters)
        else:
            self._sync()

    # -- reliability and time --------------------------------------------------------------
    def _on_reliability(self, _index: int) -> None:
        self._apply(replace(self.filters, min_reliability=self.reliability.currentData()))

    def _zone(self) -> str:
        return self._doc.dominant_zone() if self._doc is not None else "UTC"

    def apply_time_range(self) -> bool:
        """Apply the typed range; on bad text say why next to it and change nothing."""
        if self._doc is None:
            return False
        from_text, to_text = self.from_edit.text(), self.to_edit.text()
        try:
            start, end = parse_time_range(from_text, to_text, tz=self._zone())
        except TimeRangeError as exc:
            self.show_message(str(exc))
            (self.from_edit if exc.field == "from" else self.to_edit).setFocus()
            return False
        self.message.clear()
        self.message.setToolTip("")
        self._typed = {"from": (from_text, start), "to": (to_text, end)}
        self._apply(replace(self.filters, from_ms=start, to_ms=end))
        return True

    def show_message(self, text: str) -> None:
        """Say in red, next to the time boxes, why the typed range was not applied."""
        metrics = self.message.fontMetrics()
        self.message.setText(metrics.elidedText(text, Qt.TextElideMode.ElideRight, MESSAGE_WIDTH))
        self.message.setToolTip(text)

    def _show_time(self, edit: QLineEdit, box: str, value: int | None) -> None:
        typed = self._typed.get(box)
        if typed is not None and typed[1] == value:
            return  # keep the analyst's own wording (or text still being typed)
        text = ""
        if value is not None:
            text = from_ms(value).astimezone(ZoneInfo(self._zone())).strftime(_TIME_FORMAT)
        edit.setText(text)
        self._typed[box] = (text, value)

    # -- follow the document ---------------------------------------------------------------
    def _sync(self) -> None:
        """Show the document's filter in every control (without echoing it back)."""
        filters = self.filters
        self._syncing = True
        try:
            for key, button in self.buttons.items():
                chosen = getattr(filters, _FIELDS[key]) or frozenset()
                shown = 0
                for action in self.menus[key].actions():
                    if action.isCheckable():
                        action.setChecked(action.data() in chosen)
                        shown += action.isChecked()
                button.setText(f"{CHOICES[key]} ({shown})" if shown else CHOICES[key])
            self.reliability.setCurrentIndex(
                max(0, self.reliability.findData(filters.min_reliability))
            )
            if self._doc is not None:
                self._show_time(self.from_edit, "from", filters.from_ms)
                self._show_time(self.to_edit, "to", filters.to_ms)
            self._select_matching_view(filters)
        finally:
            self._syncing = False

    def clear(self) -> None:
        """Show every event: no choices, no grade, no time range, no search text."""
        self.message.clear()
        self.from_edit.clear()
        self.to_edit.clear()
        self._typed.clear()
        self._apply(EventFilter())

    # -- saved views -----------------------------------------------------------------------
    def _reload_views(self) -> None:
        views = []
        if self._doc is not None:
            with self._doc.store.read() as session:
                views = st.list_views(session)
        self._syncing = True
        try:
            self.views.clear()
            self.views.addItem("Saved views…", None)
            for view_id, name, filters in views:
                self.views.addItem(name, (view_id, filters))
        finally:
            self._syncing = False
        writable = self._doc is not None and not self._doc.read_only
        self.save_button.setEnabled(writable)
        self.delete_button.setEnabled(writable and bool(views))
        self._select_matching_view(self.filters)

    def _select_matching_view(self, filters: EventFilter) -> None:
        index = next(
            (i for i in range(1, self.views.count()) if self.views.itemData(i)[1] == filters), 0
        )
        self.views.setCurrentIndex(index)

    def _on_view_chosen(self, index: int) -> None:
        data = self.views.itemData(index)
        if data is not None:
            self.load_view(self.views.itemText(index))

    def load_view(self, name: str) -> None:
        """Apply the saved view called `name`."""
        index = self.views.findText(name, Qt.MatchFlag.MatchExactly)
        if index < 1:
            raise LookupError(f"no saved view called {name!r}")
        self._typed.clear()
        self.message.clear()
        # A view naming a category deleted since would otherwise hide everything, invisibly.
        self._apply(self._known_only(self.views.itemData(index)[1]))
        self.views.setCurrentIndex(index)

    def save_view(self) -> None:
        """Ask for a name and store the current filter under it (replacing a view so named)."""
        if self._doc is None:
            return
        current = self.views.currentText() if self.views.currentIndex() > 0 else ""
        name, ok = QInputDialog.getText(self, "Save view", "Name of this view:", text=current)
        name = name.strip()
        if not ok or not name:
            return
        if self.views.findText(name, Qt.MatchFlag.MatchExactly) > 0:
            answer = QMessageBox.question(
                self, "Save view", f"Replace the saved view '{name}' with the current filter?"
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            with self._doc.store.write(events=False) as session:  # views: not event data
                st.save_view(session, name, self.filters)
        except (ValueError, st.StoreError) as exc:
            show_warning(self, "Cannot save view", str(exc))
            return
        self._reload_views()
        self.views.setCurrentIndex(self.views.findText(name, Qt.MatchFlag.MatchExactly))

    def delete_view(self) -> None:
        """Delete the chosen saved view after asking."""
        if self._doc is None or self.views.currentIndex() < 1:
            return
        name = self.views.currentText()
        view_id = self.views.currentData()[0]
        answer = QMessageBox.question(
            self, "Delete view", f"Delete the saved view '{name}'? Events are not affected."
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            with self._doc.store.write(events=False) as session:  # views: not event data
                st.delete_view(session, view_id)
        except st.StoreError as exc:
            show_warning(self, "Cannot delete view", str(exc))
            return
        self._reload_views()
