"""ManageDialog: rename, recolour, merge and delete categories, actors and tags.

Every button states what will happen to the events before doing it, then pushes one undoable
command through the document; the lists follow the document's `data_changed`, so an undo in
the main window shows up here too.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from timeline_app.core import store as st
from timeline_app.ui.manage_commands import (
    DeleteItemCommand,
    MergeItemCommand,
    RecolourItemCommand,
    RenameItemCommand,
)
from timeline_app.ui.safe_text import show_warning
from timeline_app.ui.timeline_document import TimelineDocument

TABS = (("category", "Categories"), ("actor", "Actors"), ("tag", "Tags"))
_DELETE_CONSEQUENCE = {
    "category": "Its {n} become uncategorised; the events themselves stay.",
    "actor": "It is removed from {n}; the events themselves stay.",
    "tag": "It is removed from {n}; the events themselves stay.",
}


def events_text(count: int) -> str:
    """'1 event', '12 events'."""
    return f"{count:,} event" + ("" if count == 1 else "s")


def swatch(color: str | None, size: int = 14) -> QIcon:
    """A small square of `color` (blank for none, so names stay aligned)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    if color:
        painter = QPainter(pixmap)
        painter.setPen(QColor("#606060"))
        painter.setBrush(QColor(color))
        painter.drawRect(0, 0, size - 1, size - 1)
        painter.end()
    return QIcon(pixmap)


class _ItemsTab(QWidget):
    """The list of one kind of item with its four buttons."""

    def __init__(self, dialog: ManageDialog, kind: str) -> None:
        super().__init__(dialog)
        self.dialog, self.kind = dialog, kind
        self.items: list[st.ManagedItem] = []
        self.tree = QTreeWidget()
        self.tree.setObjectName(f"{kind}List")
        self.tree.setHeaderLabels(["Name", "Used by"])
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnWidth(0, 320)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda *_: self.rename())
        self.buttons: dict[str, QPushButton] = {}
        column = QVBoxLayout()
        for key, text, slot, tip in (
            ("rename", "&Rename…", self.rename, f"Give the {kind} another name"),
            ("colour", "&Colour…", self.recolour, f"Choose the {kind}'s colour"),
            ("merge", "&Merge into…", self.merge, f"Move its events to another {kind}"),
            ("delete", "&Delete…", self.delete, f"Delete the {kind}; its events stay"),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            self.buttons[key] = button
            column.addWidget(button)
        column.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addLayout(column)

    @property
    def document(self) -> TimelineDocument:
        return self.dialog.document

    def reload(self) -> None:
        keep = self.current()
        with self.document.store.read() as session:
            self.items = st.list_items(session, self.kind)
        self.tree.clear()
        for item in self.items:
            row = QTreeWidgetItem(
                [item.name, events_text(item.events) if item.events else "unused"]
            )
            row.setIcon(0, swatch(item.color))
            row.setData(0, Qt.ItemDataRole.UserRole, item.id)
            row.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.tree.addTopLevelItem(row)
            if keep is not None and item.id == keep.id:
                self.tree.setCurrentItem(row)
        self._update_buttons()

    def current(self) -> st.ManagedItem | None:
        row = self.tree.currentItem()
        if row is None or not row.isSelected():
            return None
        item_id = row.data(0, Qt.ItemDataRole.UserRole)
        return next((item for item in self.items if item.id == item_id), None)

    def select(self, name: str) -> None:
        """Make the item called `name` current (for keyboard users and tests)."""
        rows = self.tree.findItems(name, Qt.MatchFlag.MatchExactly, 0)
        if not rows:
            raise LookupError(f"no {self.kind} called {name!r}")
        self.tree.setCurrentItem(rows[0])

    def _update_buttons(self) -> None:
        chosen = self.current() is not None and not self.document.read_only
        for key, button in self.buttons.items():
            button.setEnabled(chosen and (key != "merge" or len(self.items) > 1))

    # -- actions ---------------------------------------------------------------------------
    def rename(self) -> None:
        item = self.current()
        if item is None:
            return
        name, ok = QInputDialog.getText(
            self, f"Rename {self.kind}", f"New name for '{item.name}':", text=item.name
        )
        if not ok or name.strip() == item.name:
            return
        command = RenameItemCommand(self.document, self.kind, item.id, item.name, name)
        try:
            self.document.push(command)
        except st.NameTakenError as exc:
            self._offer_merge(item, exc)
        except (ValueError, LookupError, st.StoreError, PermissionError) as exc:
            self.dialog.show_error(f"Cannot rename {self.kind}", exc)

    def _offer_merge(self, item: st.ManagedItem, exc: st.NameTakenError) -> None:
        target = next((i for i in self.items if i.id == exc.existing_id), None)
        if target is None:
            self.dialog.show_error(f"Cannot rename {self.kind}", exc)
            return
        answer = QMessageBox.question(
            self,
            f"Rename {self.kind}",
            f"There is already a {self.kind} called '{target.name}'.\n\n"
            f"Merge '{item.name}' into '{target.name}' instead? "
            f"{self._merge_consequence(item, target)}",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._push_merge(item, target)

    def recolour(self) -> None:
        item = self.current()
        if item is None:
            return
        initial = QColor(item.color) if item.color else QColor("#607d8b")
        color = QColorDialog.getColor(initial, self, f"Colour of {self.kind} '{item.name}'")
        if not color.isValid() or color.name() == (item.color or "").lower():
            return
        command = RecolourItemCommand(self.document, self.kind, item.id, item.name, color.name())
        try:
            self.document.push(command)
        except (ValueError, LookupError, st.StoreError, PermissionError) as exc:
            self.dialog.show_error("Cannot change the colour", exc)

    def _merge_consequence(self, item: st.ManagedItem, target: st.ManagedItem) -> str:
        return (
            f"Its {events_text(item.events)} will use '{target.name}', "
            f"and '{item.name}' is deleted."
        )

    def merge(self) -> None:
        item = self.current()
        if item is None:
            return
        others = [i for i in self.items if i.id != item.id]
        names = [i.name for i in others]
        name, ok = QInputDialog.getItem(
            self, f"Merge {self.kind}", f"Merge '{item.name}' into:", names, 0, False
        )
        target = next((i for i in others if i.name == name), None)
        if not ok or target is None:
            return
        answer = QMessageBox.question(
            self,
            f"Merge {self.kind}",
            f"Merge {self.kind} '{item.name}' into '{target.name}'? "
            f"{self._merge_consequence(item, target)}",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._push_merge(item, target)

    def _push_merge(self, item: st.ManagedItem, target: st.ManagedItem) -> None:
        command = MergeItemCommand(
            self.document,
            self.kind,
            item.id,
            target.id,
            source_name=item.name,
            into_name=target.name,
        )
        try:
            self.document.push(command)
        except (ValueError, LookupError, st.StoreError, PermissionError) as exc:
            self.dialog.show_error(f"Cannot merge {self.kind}", exc)

    def delete(self) -> None:
        item = self.current()
        if item is None:
            return
        consequence = (
            _DELETE_CONSEQUENCE[self.kind].format(n=events_text(item.events))
            if item.events
            else "No event uses it."
        )
        answer = QMessageBox.question(
            self, f"Delete {self.kind}", f"Delete {self.kind} '{item.name}'? {consequence}"
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.document.push(DeleteItemCommand(self.document, self.kind, item.id, item.name))
        except (ValueError, LookupError, st.StoreError, PermissionError) as exc:
            self.dialog.show_error(f"Cannot delete {self.kind}", exc)


class ManageDialog(QDialog):
    """Three tabs (categories, actors, tags) over the open document."""

    def __init__(self, document: TimelineDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ManageDialog")
        self.setWindowTitle("Categories, Actors and Tags")
        self.document = document
        self.tabs = QTabWidget()
        self.pages: dict[str, _ItemsTab] = {}
        for kind, title in TABS:
            page = _ItemsTab(self, kind)
            self.pages[kind] = page
            self.tabs.addTab(page, title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        for action, shortcut in (
            (document.undo_stack.undo, QKeySequence.StandardKey.Undo),
            (document.undo_stack.redo, QKeySequence.StandardKey.Redo),
        ):
            act = QAction(self)
            act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(action)
            self.addAction(act)
        document.data_changed.connect(self.reload)
        self.resize(620, 420)
        self.reload()

    def page(self, kind: str) -> _ItemsTab:
        """The tab for "category", "actor" or "tag", made current."""
        self.tabs.setCurrentWidget(self.pages[kind])
        return self.pages[kind]

    def reload(self) -> None:
        for page in self.pages.values():
            page.reload()

    def show_error(self, title: str, exc: BaseException) -> None:
        show_warning(self, title, str(exc))


def open_manage_dialog(window) -> ManageDialog | None:
    """Show the management dialog for `window.document` (one at a time, not modal)."""
    document = getattr(window, "document", None)
    if document is None:
        return None
    dialog = getattr(window, "_manage_dialog", None)
    if dialog is None or dialog.document is not document:
        if dialog is not None:
            dialog.close()
        dialog = ManageDialog(document, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: setattr(window, "_manage_dialog", None))
        window._manage_dialog = dialog
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
