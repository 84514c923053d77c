"""File > Import: pick a file, preview what will be imported (ImportDialog), then store it.

The work is `io.import_into` (the same code as `timeline-app import`). Reading the file and
storing it both run in a worker thread (`background_task`), so the window keeps repainting
and a progress dialog with Cancel stays responsive even for 100k-row files; the worker uses
its own store session, and only the GUI thread touches widgets. The preview lists the count,
the first events, the rows that will be skipped with their reasons, and how to treat
duplicates; storing is one transaction, so Cancel (or an error) leaves the file exactly as
it was. After a successful store the GUI thread tells the document to refresh the views.
Imported text is shown as plain text only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from timeline_app.core.timespec import format_timespec
from timeline_app.io.import_into import (
    IMPORT_FORMATS,
    ImportCancelled,
    ImportInput,
    ImportSummary,
    read_input,
    store_import,
)
from timeline_app.io.importers.common import zone_of
from timeline_app.ui.background_task import Work, refuse_if_busy, run_in_background
from timeline_app.ui.safe_text import show_message, show_warning

if TYPE_CHECKING:
    from timeline_app.ui.main_window import MainWindow

T = TypeVar("T")
PATTERNS = {
    "native-json": "*.json",
    "acled-csv": "*.csv",
    "our-csv": "*.csv",
    "timelinejs-json": "*.json",
    "timelinejs-csv": "*.csv",
    "thetimelineproj": "*.timeline *.xml",
    "timemap-xlsx": "*.xlsx",
}
ALL_FILTER = "All supported files (*.csv *.json *.timeline *.xml *.xlsx)"
PREVIEW_ROWS = 50
DUPLICATE_CHOICES = (
    ("skip", "Skip duplicates (same title, time and source)"),
    ("merge", "Merge: add their new sources to the existing events"),
    ("keep", "Import duplicates as new events"),
)


def file_filters() -> list[str]:
    """Filters for the file picker: everything, then one per format."""
    return [ALL_FILTER] + [f"{label} ({PATTERNS[name]})" for name, label in IMPORT_FORMATS.items()]


def format_of_filter(chosen: str) -> str | None:
    """The format a chosen filter names (None for "All supported": detect it)."""
    for name, label in IMPORT_FORMATS.items():
        if chosen == f"{label} ({PATTERNS[name]})":
            return name
    return None


class ImportDialog(QDialog):
    """Preview of one import; `duplicates()` and `zone()` are the user's choices."""

    def __init__(
        self, path: Path, found: ImportInput, *, zone: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import {path.name}")
        self.resize(820, 560)
        self.path = path
        self.reread_requested = False
        self.summary_label = QLabel()
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Time", "Title", "Category", "Sources"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.skipped_view = QPlainTextEdit()
        self.skipped_view.setReadOnly(True)
        self.skipped_view.setMaximumHeight(120)
        self.duplicates_box = QComboBox()
        for key, label in DUPLICATE_CHOICES:
            self.duplicates_box.addItem(label, key)
        self.zone_edit = QLineEdit(zone)
        self.zone_edit.setToolTip("Zone in which the file's clock times are read if it names none")
        reread = QPushButton("Read again")
        reread.clicked.connect(self._reread)
        zone_row = QHBoxLayout()
        zone_row.addWidget(self.zone_edit, 1)
        zone_row.addWidget(reread)
        self.skipped_label = QLabel("Rows that will be skipped:")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Duplicates", self.duplicates_box)
        form.addRow("Times without a zone are in", zone_row)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.skipped_label)
        layout.addWidget(self.skipped_view)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.show_input(found)

    def show_input(self, found: ImportInput) -> None:
        """Fill the preview from what was read."""
        self.found = found
        result = found.result
        label = IMPORT_FORMATS.get(found.format, found.format)
        self.summary_label.setText(
            f"{len(result.events)} event(s) will be imported from {self.path.name} ({label}); "
            f"{len(result.skipped)} row(s) cannot be imported."
            + (f" Title: {result.title}." if result.title else "")
        )
        shown = result.events[:PREVIEW_ROWS]
        self.table.setRowCount(len(shown))
        for row, draft in enumerate(shown):
            sources = "; ".join(
                c.source.outlet or c.source.title or c.source.url or "" for c in draft.citations
            )
            cells = (format_timespec(draft.start), draft.title, draft.category or "", sources)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.skipped_view.setPlainText("\n".join(str(s) for s in result.skipped) or "(none)")
        self.ok_button.setEnabled(bool(result.events) or bool(found.sources))

    def duplicates(self) -> str:
        """ "skip", "merge" or "keep"."""
        return self.duplicates_box.currentData()

    def zone(self) -> str:
        return self.zone_edit.text().strip() or "UTC"

    def _reread(self) -> None:
        try:
            zone_of(self.zone())
        except ValueError as exc:
            show_warning(self, "Unknown zone", str(exc))
            return
        self.reread_requested = True
        self.done(2)


def _in_background(window: QWidget, text: str, work: Work[T]) -> T | None:
    """Run one step of the import in the background; None if the user cancelled it."""
    try:
        return run_in_background(window, work, title="Import", text=text)
    except ImportCancelled:
        return None


def summary_text(summary: ImportSummary, limit: int = 25) -> str:
    lines = summary.lines()
    if len(lines) > limit + 1:
        lines = [*lines[: limit + 1], f"  … and {len(lines) - limit - 1} more"]
    return "\n".join(lines)


def import_into_window(window: MainWindow) -> ImportSummary | None:
    """File > Import: pick, read, preview, store in one transaction, refresh the views."""
    document = window.document
    if document is None:
        return None
    if document.read_only:
        show_warning(window, "Import", f"{document.path.name} is open read-only.")
        return None
    if refuse_if_busy(window, "Import"):
        return None
    name, chosen = QFileDialog.getOpenFileName(
        window, "Import into this timeline", str(document.path.parent), ";;".join(file_filters())
    )
    if not name:
        return None
    path, fmt, zone = Path(name), format_of_filter(chosen), document.dominant_zone()
    store = document.store  # the worker gets the store itself, never a Qt object
    while True:
        try:
            found = _in_background(
                window,
                f"Reading {path.name}…",
                lambda p, c, z=zone: read_input(path, format=fmt, tz=z, progress=p, cancelled=c),
            )
        except (OSError, ValueError) as exc:
            show_message(window, "Import failed", f"{path}\n\n{exc}")
            return None
        if found is None:
            window.statusBar().showMessage("Import cancelled; nothing was changed", 5000)
            return None
        if window.document is not document:  # the window was closed meanwhile
            return None
        preview = ImportDialog(path, found, zone=zone, parent=window)
        try:
            answer = preview.exec()
            zone, duplicates = preview.zone(), preview.duplicates()
            reread = preview.reread_requested
        finally:
            preview.deleteLater()
        if not reread:
            break
    if answer != QDialog.DialogCode.Accepted:
        return None
    try:
        summary = _in_background(
            window,
            f"Importing {len(found.result.events)} event(s)…",
            lambda p, c: store_import(
                store,
                found,
                skip_duplicates=duplicates != "keep",
                merge_duplicates=duplicates == "merge",
                progress=p,
                cancelled=c,
            ),
        )
    except Exception as exc:  # the transaction was rolled back: say so, keep the app running
        show_message(window, "Import failed", f"{path}\n\nNothing was changed: {exc}")
        return None
    if summary is None:
        window.statusBar().showMessage("Import cancelled; nothing was changed", 5000)
        return None
    if window.document is not document:  # the window was closed meanwhile
        return summary
    document.notify_changed()
    QMessageBox.information(window, "Import finished", summary_text(summary))
    window.statusBar().showMessage(f"Imported {summary.imported} event(s) from {path.name}", 5000)
    return summary
