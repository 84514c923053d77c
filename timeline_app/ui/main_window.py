"""MainWindow: menus, toolbar, status bar and docks around the timeline view."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QEventLoop, QSettings, Qt, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QToolBar,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from timeline_app import APP_NAME, __version__
from timeline_app.core import store as st
from timeline_app.core.quick_look import quick_look
from timeline_app.core.timespec import from_ms
from timeline_app.ui.detail_pane import DetailPane
from timeline_app.ui.event_table import EventTable
from timeline_app.ui.file_check import FileCheckWatcher, damage_message
from timeline_app.ui.filter_bar import FilterBar
from timeline_app.ui.read_only_banner import ReadOnlyBanner
from timeline_app.ui.safe_text import show_message
from timeline_app.ui.timeline_document import TimelineDocument
from timeline_app.ui.timeline_view import TimelineView

FILE_FILTER = "Conflict Timeline files (*.ctl);;All files (*)"
MAX_RECENT = 10
ZONES = ("Event zone", "UTC", "Asia/Damascus", "Europe/London", "America/New_York")


class MainWindow(QMainWindow):
    """The application window; owns the open document."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.setWindowTitle(APP_NAME)
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None and screen.width() > 0:
            self.resize(
                min(1600, int(screen.width() * 0.95)), min(1000, int(screen.height() * 0.92))
            )
        else:
            self.resize(1500, 900)
        self.document: TimelineDocument | None = None
        self._file_check = FileCheckWatcher(self)  # big files are checked in the background
        self._file_check.damaged.connect(self._on_file_damaged)
        self.view = TimelineView(self)
        self.read_only_banner = ReadOnlyBanner(self)
        central = QWidget(self)
        box = QVBoxLayout(central)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.read_only_banner)
        box.addWidget(self.view, 1)
        self.setCentralWidget(central)
        self.table = EventTable(self)
        self.detail = DetailPane(self)
        self.table_dock = self._dock(
            "Events", "EventsDock", self.table, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.undo_group = QUndoGroup(self)
        self.history = QUndoView(self.undo_group)
        self.history.setEmptyLabel("<file opened>")
        self.history_dock = self._dock(
            "Undo History", "HistoryDock", self.history, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.history_dock.hide()
        self.detail_dock = self._dock(
            "Sources", "SourcesDock", self.detail, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self._make_actions()
        self._make_menus()
        self._make_toolbar()
        self._range_label = QLabel()
        self._count_label = QLabel()
        self._file_label = QLabel()
        for label in (self._range_label, self._count_label, self._file_label):
            self.statusBar().addPermanentWidget(label)
        self.view.visible_range_changed.connect(self._on_visible_range)
        self.view.event_activated.connect(self._on_event_activated)
        self.resizeDocks([self.detail_dock], [460], Qt.Orientation.Horizontal)
        self.resizeDocks([self.table_dock], [240], Qt.Orientation.Vertical)
        self._default_state = self.saveState()
        self._restore_settings()

    # -- construction ----------------------------------------------------------------------
    def _dock(self, title: str, name: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(f"{tip} ({action.shortcut().toString()})" if shortcut else tip)
        action.triggered.connect(slot)
        return action

    def _make_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.act_new = self._action(
            "&New Timeline…", self.new_file, "Ctrl+Shift+N", "Create an empty timeline file"
        )
        self.act_open = self._action("&Open…", self.choose_file, K.Open, "Open a timeline file")
        self.act_copy = self._action(
            "Save a &Copy As…",
            self.save_copy,
            K.SaveAs,
            "Write a consistent copy of this file elsewhere",
        )
        self.act_export = self._action(
            "&Export…",
            self.export_image,
            "Ctrl+E",
            "Export as PNG, SVG, PDF, CSV, JSON or TimelineJS",
        )
        self.act_import = self._action(
            "&Import…",
            self.import_data,
            "Ctrl+I",
            "Import events from ACLED, TimelineJS, The Timeline Project, TimeMap, or our CSV/JSON",
        )
        self.act_quit = self._action("&Quit", self.close, K.Quit, "Quit Conflict Timeline")
        self.act_undo = self.undo_group.createUndoAction(self, "&Undo")
        self.act_undo.setShortcut(K.Undo)
        self.act_redo = self.undo_group.createRedoAction(self, "&Redo")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence(K.Redo)])
        self.act_new_event = self._action(
            "&New Event…",
            self.new_event,
            "Ctrl+N",
            "Add an event at the time under the mouse pointer",
        )
        self.act_edit_event = self._action(
            "&Edit Event…",
            self.edit_event,
            "Ctrl+Return",
            "Edit the selected event and its sources",
        )
        self.act_delete_event = self._action(
            "&Delete Event", self.delete_event, K.Delete, "Delete the selected event (undoable)"
        )
        self.act_sources = self._action(
            "&Sources…",
            self.show_sources,
            "Ctrl+Shift+O",
            "Edit or delete the sources of this timeline",
        )
        self.act_manage = self._action(
            "&Manage Categories, Actors and Tags…",
            self.manage_items,
            None,
            "Rename, recolour, merge or delete categories, actors and tags",
        )
        self.act_find = self._action(
            "&Find…", self.table.focus_search, K.Find, "Search titles, places, actors and sources"
        )
        self.act_copy_detail = self._action(
            "Copy Event &Details",
            self.copy_detail,
            K.Copy,
            "Copy the selected event and its sources as text",
        )
        self.act_zoom_in = self._action(
            "Zoom &In", self.view.canvas.zoom_in, K.ZoomIn, "Zoom in around the centre"
        )
        self.act_zoom_in.setShortcuts(
            [QKeySequence(K.ZoomIn), QKeySequence("+"), QKeySequence("=")]
        )
        self.act_zoom_out = self._action(
            "Zoom &Out", self.view.canvas.zoom_out, K.ZoomOut, "Zoom out around the centre"
        )
        self.act_zoom_out.setShortcuts([QKeySequence(K.ZoomOut), QKeySequence("-")])
        self.act_fit = self._action(
            "&Fit All", self.view.canvas.fit_all, "Home", "Show every event"
        )
        self.act_zoom_sel = self._action(
            "Zoom to &Selection",
            self.view.canvas.zoom_to_selection,
            "Ctrl+J",
            "Centre and zoom on the selected event",
        )
        self.act_reset_layout = self._action(
            "&Reset Window Layout", self.reset_layout, None, "Put the docks back where they started"
        )
        self.act_about = self._action("&About", self.about, None, "About Conflict Timeline")
        self.act_keys = self._action(
            "&Keyboard and Mouse", self.show_keys, "F1", "How to move around the timeline"
        )
        self.lane_group = QActionGroup(self)
        self.act_lanes = {}
        for mode, text in (("category", "Lanes by &Category"), ("actor", "Lanes by &Actor")):
            action = QAction(text, self, checkable=True)
            action.setData(mode)
            action.triggered.connect(lambda _=False, m=mode: self.set_lane_mode(m))
            self.lane_group.addAction(action)
            self.act_lanes[mode] = action
        self.act_lanes["category"].setChecked(True)

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.act_new, self.act_open])
        self.recent_menu = file_menu.addMenu("Open &Recent")
        file_menu.addSeparator()
        file_menu.addActions([self.act_copy, self.act_import, self.act_export])
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.act_undo, self.act_redo])
        edit_menu.addSeparator()
        edit_menu.addActions([self.act_new_event, self.act_edit_event, self.act_delete_event])
        edit_menu.addAction(self.act_sources)
        edit_menu.addAction(self.act_manage)
        edit_menu.addSeparator()
        edit_menu.addActions([self.act_copy_detail, self.act_find])
        view_menu = bar.addMenu("&View")
        view_menu.addActions([self.act_zoom_in, self.act_zoom_out, self.act_fit, self.act_zoom_sel])
        view_menu.addSeparator()
        view_menu.addActions(list(self.act_lanes.values()))
        view_menu.addSeparator()
        view_menu.addAction(self.table_dock.toggleViewAction())
        view_menu.addAction(self.detail_dock.toggleViewAction())
        view_menu.addAction(self.history_dock.toggleViewAction())
        self.view_menu = view_menu
        view_menu.addAction(self.act_reset_layout)
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.act_keys, self.act_about])
        self._rebuild_recent_menu()

    def _make_toolbar(self) -> None:
        bar = QToolBar("Main", self)
        bar.setObjectName("MainToolbar")
        self.addToolBar(bar)
        bar.addActions([self.act_new_event, self.act_undo, self.act_redo])
        bar.addSeparator()
        bar.addActions([self.act_zoom_out, self.act_zoom_in, self.act_fit, self.act_zoom_sel])
        bar.addSeparator()
        bar.addWidget(QLabel(" Lanes: "))
        self.lane_combo = QComboBox()
        self.lane_combo.addItem("Category", "category")
        self.lane_combo.addItem("Actor", "actor")
        self.lane_combo.setToolTip("Group the timeline's rows by category or by actor")
        self.lane_combo.currentIndexChanged.connect(
            lambda _: self.set_lane_mode(self.lane_combo.currentData())
        )
        bar.addWidget(self.lane_combo)
        bar.addWidget(QLabel(" Zone: "))
        self.zone_combo = QComboBox()
        self.zone_combo.setEditable(True)
        self.zone_combo.addItems(ZONES)
        self.zone_combo.setToolTip(
            "Time zone of the axis: the events' own zone, UTC or any "
            "IANA zone (type a name such as Europe/Paris)"
        )
        self.zone_combo.currentTextChanged.connect(self.set_zone)
        bar.addWidget(self.zone_combo)
        bar.addSeparator()
        bar.addAction(self.act_export)
        self.addToolBarBreak()
        self.filter_toolbar = QToolBar("Filter", self)
        self.filter_toolbar.setObjectName("FilterToolbar")
        self.filter_bar = FilterBar(self.filter_toolbar)
        self.filter_toolbar.addWidget(self.filter_bar)
        self.addToolBar(self.filter_toolbar)
        self.view_menu.addAction(self.filter_toolbar.toggleViewAction())

    # -- settings --------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        mode = settings.value("view/lanes", "category")
        self.set_lane_mode(mode if mode in self.act_lanes else "category")
        zone = settings.value("view/zone", "Event zone")
        self.zone_combo.setCurrentText(str(zone))

    def _save_settings(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("view/lanes", self.view.canvas.lane_mode)
        settings.setValue("view/zone", self.zone_combo.currentText())

    def recent_files(self) -> list[str]:
        return [str(p) for p in (QSettings().value("recent_files", [], type=list) or [])]

    def _remember(self, path: Path) -> None:
        recent = [p for p in self.recent_files() if p != str(path)]
        QSettings().setValue("recent_files", [str(path), *recent][:MAX_RECENT])
        self._rebuild_recent_menu()

    def _rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_files()
        for index, name in enumerate(recent):
            action = self.recent_menu.addAction(f"&{index + 1} {Path(name).name}")
            action.setToolTip(name)
            action.setStatusTip(name)
            action.triggered.connect(lambda _=False, p=name: self.open_file(Path(p)))
        self.recent_menu.setEnabled(bool(recent))

    def closeEvent(self, event) -> None:
        from timeline_app.ui.background_task import cancel_and_wait

        cancel_and_wait(self)  # an import/export must stop before its file is closed
        self._save_settings()
        self.view.set_document(None)
        self.filter_bar.set_document(None)
        if self.document is not None:
            self.document.close()
            self.document = None
        super().closeEvent(event)

    # -- files -----------------------------------------------------------------------------
    def open_file(self, path: Path) -> bool:
        """Open `path` for editing; read-only with a banner when another window edits it.

        On failure say why and keep the current file; a damaged file offers its newest backup.
        """
        path = Path(path)
        if self.document is None:
            self._quick_look(path)
        try:
            return self._open_store(path)
        finally:
            self._drop_quick_look()  # no-op once the file is open

    def _quick_look(self, path: Path) -> None:
        """Paint the file's fit-all frame before its store loads (see `show_quick_look`)."""
        look = quick_look(path)
        if look is None:
            return
        # A window shown just now (the app's start) is laid out and exposed by its pending
        # events: let them run, so the frame is painted at the canvas's real size.
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        if self.view.canvas.show_quick_look(look):
            self._file_label.setText(path.name)
            # and the status bar's new texts laid out and shown, before the store loads
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    def _drop_quick_look(self) -> None:
        """Take a quick look down (before saying why its file did not open)."""
        if self.document is None:
            self.view.canvas.clear_quick_look()
            self._file_label.setText("")
            self._file_label.setToolTip("")

    def _open_store(self, path: Path) -> bool:
        in_use: st.StoreError | None = None
        try:
            try:
                store = st.TimelineStore.open(path, edit_lock=True)
            except (st.FileInUseError, st.LockUnavailableError) as exc:
                in_use = exc
                store = st.TimelineStore.open(path, read_only=True)
        except st.CorruptFileError as exc:
            from timeline_app.ui.recovery import offer_backup  # rarely needed: loaded then

            self._drop_quick_look()
            restored = offer_backup(self, exc, path)
            return self.open_file(restored) if restored is not None else False
        except (st.StoreError, OSError) as exc:
            self._drop_quick_look()
            show_message(self, "Cannot open file", f"{path}\n\n{exc}")
            return False
        self._set_document(TimelineDocument(store, self))
        self._file_check.watch(store)
        if in_use is not None:
            self.read_only_banner.show_reason(str(in_use))
        self._remember(path)
        return True

    def _set_document(self, document: TimelineDocument) -> None:
        self.read_only_banner.clear()
        old = self.document
        self.document = document
        self.view.set_document(document)
        self.table.set_document(document)
        self.filter_bar.set_document(document)
        dialog = getattr(self, "_manage_dialog", None)
        if dialog is not None:
            dialog.close()  # it belongs to the old document
        document.selection_changed.connect(self._on_selection)
        document.data_changed.connect(self._refresh_detail)
        document.error.connect(lambda message: show_message(self, "Change failed", message))
        self.undo_group.addStack(document.undo_stack)
        self.undo_group.setActiveStack(document.undo_stack)
        for action in (self.act_new_event, self.act_edit_event, self.act_delete_event):
            action.setEnabled(not document.read_only)
        self.detail.show_detail(None)
        if old is not None:
            self.undo_group.removeStack(old.undo_stack)
            old.close()
        suffix = " [read-only]" if document.read_only else ""
        self.setWindowTitle(f"{document.path.name}{suffix} - {APP_NAME}")
        self._file_label.setText(document.path.name)
        self._file_label.setToolTip(str(document.path))

    def _on_file_damaged(self, verification: st.FileVerification) -> None:
        if self.document is not None and self.document.store.verification is verification:
            show_message(self, "The file is damaged", damage_message(verification))

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open timeline", self._start_dir(), FILE_FILTER)
        if name:
            self.open_file(Path(name))

    def new_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "New timeline", self._start_dir(), FILE_FILTER)
        if not name:
            return
        path = Path(name if name.endswith(".ctl") else f"{name}.ctl")
        try:
            st.TimelineStore.create(path, overwrite=path.exists()).close()
        except (st.StoreError, OSError) as exc:
            show_message(self, "Cannot create file", f"{path}\n\n{exc}")
            return
        self.open_file(path)

    def save_copy(self) -> None:
        if self.document is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, "Save a copy as", self._start_dir(), FILE_FILTER
        )
        if not name:
            return
        try:
            self.document.store.backup_to(Path(name))
        except (st.StoreError, OSError) as exc:
            show_message(self, "Cannot save a copy", f"{name}\n\n{exc}")
            return
        self.statusBar().showMessage(f"Copy saved to {name}", 5000)

    def import_data(self) -> None:
        from timeline_app.ui.import_dialog import import_into_window

        import_into_window(self)

    def export_image(self) -> None:
        from timeline_app.ui.export_dialog import export_current_view

        export_current_view(self)

    def _start_dir(self) -> str:
        return str(self.document.path.parent) if self.document else str(Path.home())

    # -- view ------------------------------------------------------------------------------
    @Slot(str)
    def set_lane_mode(self, mode: str) -> None:
        self.act_lanes[mode].setChecked(True)
        index = self.lane_combo.findData(mode)
        if index != self.lane_combo.currentIndex():
            self.lane_combo.setCurrentIndex(index)
        self.view.canvas.set_lane_mode(mode)

    @Slot(str)
    def set_zone(self, text: str) -> None:
        zone = None if text in ("", "Event zone") else text
        if not self.view.canvas.set_display_zone(zone):
            self.statusBar().showMessage(f"Unknown time zone {text!r}", 5000)

    def reset_layout(self) -> None:
        self.restoreState(self._default_state)
        self.table_dock.show()
        self.detail_dock.show()

    def _on_visible_range(self, start_ms: float, end_ms: float, visible: int, total: int) -> None:
        zone = self.view.canvas.zone_label()
        fmt = "%a %d %b %Y %H:%M"
        start = from_ms(int(start_ms)).astimezone(self.view.canvas.display_tzinfo())
        end = from_ms(int(end_ms)).astimezone(self.view.canvas.display_tzinfo())
        self._range_label.setText(f"Visible: {start.strftime(fmt)} – {end.strftime(fmt)} ({zone})")
        in_file = self.document.total_events() if self.document is not None else total
        self._count_label.setText(f"{total:,} of {in_file:,} events · {visible:,} in view")
        self._count_label.setToolTip(
            "events matching the filter, of all events in the file; events in the visible range"
        )

    def _on_selection(self, event_id: int | None) -> None:
        detail = self.document.detail(event_id) if (self.document and event_id) else None
        self.detail.show_detail(detail)

    def _on_event_activated(self, event_id: int) -> None:
        self.detail_dock.show()
        self.detail_dock.raise_()
        if self.document is not None and not self.document.read_only:
            _editing().edit_event(self, event_id)

    def _refresh_detail(self) -> None:
        if self.document is not None:
            self._on_selection(self.document.selected_id)

    def new_event(self) -> None:
        _editing().new_event(self, at_ms=self.view.canvas.time_under_pointer())

    def edit_event(self) -> None:
        _editing().edit_event(self)

    def delete_event(self) -> None:
        _editing().delete_event(self)

    def manage_items(self) -> None:
        from timeline_app.ui.manage_dialog import open_manage_dialog

        open_manage_dialog(self)

    def show_sources(self) -> None:
        from timeline_app.ui.sources_dialog import open_sources_dialog

        open_sources_dialog(self)

    def copy_detail(self) -> None:
        from PySide6.QtWidgets import QApplication

        texts = self.detail.texts()
        if self.detail.detail is not None and texts:
            QApplication.clipboard().setText("\n".join(texts))

    def about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"{APP_NAME} {__version__}\n\nReconstruct what happened, when, and according to whom.",
        )

    def show_keys(self) -> None:
        QMessageBox.information(self, "Keyboard and mouse", KEYS_HELP)


KEYS_HELP = """Mouse wheel: zoom around the pointer (Shift+wheel: pan)
Drag on the timeline: pan
Drag on the time axis: zoom to that range
Click an event: select it; double click or Ctrl+Enter: edit it
Drag a selected event: move it in time (snaps to the axis ticks) or to another lane
Drag the box in the overview strip: move through time

+ / -: zoom in / out      Left / Right: pan
Home: fit all events      Ctrl+J: zoom to the selected event
Ctrl+N: new event at the pointer   Delete: delete the selected event
Ctrl+Z / Ctrl+Shift+Z: undo / redo
Ctrl+F: search            Ctrl+E: export image"""


def _editing():
    """The editing module, loaded on first use: the event editor and its dialogs are not
    needed to show a file, and importing them made every start-up slower."""
    from timeline_app.ui import editing

    return editing
