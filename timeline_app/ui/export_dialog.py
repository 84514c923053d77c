"""File > Export: the ExportDialog (format, range, size, decorations) and the run with progress.

The dialog only reads and writes an `ExportRequest`; the work is `io.export_image` /
`io.data_export` (the same code as `timeline-app export`). The GUI thread turns the request
into plain options (range, filters, sizes: nothing that refers to a widget); a worker thread
(`background_task`) then fetches from the store with its own session, lays out, paints on a
QImage / QSvgGenerator / QPdfWriter (allowed outside the GUI thread) and writes the file,
while the window keeps repainting under a progress dialog whose Cancel stops it. Files are
written to a temporary name and renamed into place, so a failed or cancelled export never
leaves a broken file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from timeline_app.core.records import EventFilter
from timeline_app.core.timespec import TimeParseError, parse_time
from timeline_app.io.data_export import DataExportCancelled, export_data
from timeline_app.io.export_image import PAGE_SIZES, export_image, options_from
from timeline_app.io.export_scene import ExportCancelled
from timeline_app.ui.background_task import Cancelled, Progress, refuse_if_busy, run_in_background
from timeline_app.ui.safe_text import show_message

if TYPE_CHECKING:
    from timeline_app.core.store import TimelineStore
    from timeline_app.ui.main_window import MainWindow

#: format name -> (label, file extension)
FORMATS: dict[str, tuple[str, str]] = {
    "png": ("PNG image", ".png"),
    "svg": ("SVG drawing (labels as text)", ".svg"),
    "pdf": ("PDF document (vector)", ".pdf"),
    "csv": ("CSV table (one row per event)", ".csv"),
    "json": ("Conflict Timeline JSON (every field)", ".json"),
    "timelinejs": ("TimelineJS JSON (for the web)", ".json"),
}
IMAGE = ("png", "svg", "pdf")
RANGES = ("view", "all", "custom")


@dataclass(slots=True)
class ExportRequest:
    """Everything the dialog asks; plain data, validated by `checked()`."""

    path: str = ""
    format: str = "png"
    range: str = "view"  # view | all | custom
    from_text: str = ""
    to_text: str = ""
    view: tuple[float, float] = (0.0, 0.0)
    filters: EventFilter = field(default_factory=EventFilter)
    zone: str = "UTC"
    width: int = 1600
    height: int = 900
    dpi: int = 96
    page: str = "A4"
    landscape: bool = True
    title: str = ""
    subtitle: str = ""
    legend: bool = True
    zone_note: bool = True
    sources_footnote: bool = True
    style: str = "light"

    def time_range(self) -> tuple[float | None, float | None]:
        """(start, end) in epoch ms; ValueError naming the field that cannot be read."""
        if self.range == "view":
            return self.view
        if self.range == "all":
            return None, None
        try:
            start = parse_time(self.from_text, tz=self.zone) if self.from_text.strip() else None
        except TimeParseError as exc:
            raise ValueError(f"From: {exc}") from None
        try:
            end = parse_time(self.to_text, tz=self.zone) if self.to_text.strip() else None
        except TimeParseError as exc:
            raise ValueError(f"To: {exc}") from None
        lo = start.earliest_ms if start else None
        hi = end.latest_ms if end else None
        if lo is not None and hi is not None and hi <= lo:
            raise ValueError("To lies before From")
        return lo, hi

    def output_path(self) -> Path:
        if not self.path.strip():
            raise ValueError("choose a file to export to")
        path = Path(self.path.strip()).expanduser()
        return path if path.suffix else path.with_suffix(FORMATS[self.format][1])


class ExportDialog(QDialog):
    """Ask what to export and how; `request()` returns the answers."""

    def __init__(self, request: ExportRequest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self._request = request
        self.format_box = QComboBox()
        for name, (label, _) in FORMATS.items():
            self.format_box.addItem(label, name)
        self.path_edit = QLineEdit(request.path)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)

        self.range_buttons = QButtonGroup(self)
        self.range_view = QRadioButton("Current view")
        self.range_all = QRadioButton("Whole timeline")
        self.range_custom = QRadioButton("From")
        for i, button in enumerate((self.range_view, self.range_all, self.range_custom)):
            self.range_buttons.addButton(button, i)
        self.from_edit = QLineEdit(request.from_text)
        self.from_edit.setPlaceholderText("13 Dec 2016")
        self.to_edit = QLineEdit(request.to_text)
        self.to_edit.setPlaceholderText("15 Dec 2016 18:00")
        custom = QHBoxLayout()
        custom.addWidget(self.range_custom)
        custom.addWidget(self.from_edit, 1)
        custom.addWidget(QLabel("to"))
        custom.addWidget(self.to_edit, 1)
        range_box = QGroupBox("Range (the table's filters apply)")
        range_layout = QVBoxLayout(range_box)
        range_layout.addWidget(self.range_view)
        range_layout.addWidget(self.range_all)
        range_layout.addLayout(custom)

        self.width_spin = _spin(1, 32_000, request.width, " px")
        self.height_spin = _spin(1, 32_000, request.height, " px")
        self.dpi_spin = _spin(24, 2400, request.dpi, " dpi")
        self.page_box = QComboBox()
        self.page_box.addItems(list(PAGE_SIZES))
        self.orientation_box = QComboBox()
        self.orientation_box.addItems(["Landscape", "Portrait"])
        self.title_edit = QLineEdit(request.title)
        self.subtitle_edit = QLineEdit(request.subtitle)
        self.zone_edit = QLineEdit(request.zone)
        self.style_box = QComboBox()
        self.style_box.addItem("Light (as on screen)", "light")
        self.style_box.addItem("Print (white paper, black text)", "print")
        self.legend_check = QCheckBox("Legend of categories")
        self.zone_check = QCheckBox("Say which time zone is shown")
        self.footnote_check = QCheckBox("Footnote listing the outlets cited")

        form = QFormLayout()
        form.addRow("Format", self.format_box)
        form.addRow("File", path_row)
        form.addRow(range_box)
        form.addRow("Width × height", _pair(self.width_spin, self.height_spin))
        form.addRow("Resolution (PNG)", self.dpi_spin)
        form.addRow("Page (PDF)", _pair(self.page_box, self.orientation_box))
        form.addRow("Title", self.title_edit)
        form.addRow("Subtitle", self.subtitle_edit)
        form.addRow("Time zone", self.zone_edit)
        form.addRow("Style", self.style_box)
        form.addRow(self.legend_check)
        form.addRow(self.zone_check)
        form.addRow(self.footnote_check)
        self.error_label = QLabel()
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setStyleSheet("color: #b00020")
        self.error_label.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self._load(request)
        self.format_box.currentIndexChanged.connect(self._sync)
        self.range_buttons.idToggled.connect(lambda *_: self._sync())
        self._sync()

    def _load(self, request: ExportRequest) -> None:
        self.format_box.setCurrentIndex(list(FORMATS).index(request.format))
        (self.range_view, self.range_all, self.range_custom)[
            RANGES.index(request.range)
        ].setChecked(True)
        self.page_box.setCurrentText(request.page)
        self.orientation_box.setCurrentIndex(0 if request.landscape else 1)
        self.style_box.setCurrentIndex(0 if request.style == "light" else 1)
        self.legend_check.setChecked(request.legend)
        self.zone_check.setChecked(request.zone_note)
        self.footnote_check.setChecked(request.sources_footnote)

    def _sync(self) -> None:
        """Enable only the options that apply to the chosen format and range."""
        fmt = self.format_box.currentData()
        image = fmt in IMAGE
        for widget in (self.title_edit, self.subtitle_edit, self.style_box, self.legend_check,
                       self.zone_check, self.footnote_check):  # fmt: skip
            widget.setEnabled(image)
        self.title_edit.setEnabled(image or fmt in ("json", "timelinejs"))
        self.width_spin.setEnabled(fmt in ("png", "svg"))
        self.height_spin.setEnabled(fmt in ("png", "svg"))
        self.dpi_spin.setEnabled(fmt == "png")
        self.page_box.setEnabled(fmt == "pdf")
        self.orientation_box.setEnabled(fmt == "pdf")
        custom = self.range_custom.isChecked()
        self.from_edit.setEnabled(custom)
        self.to_edit.setEnabled(custom)
        path = self.path_edit.text().strip()
        if path:
            suffix = FORMATS[fmt][1]
            stem = path[: -len(Path(path).suffix)] if Path(path).suffix else path
            self.path_edit.setText(stem + suffix)

    def browse(self) -> None:
        fmt = self.format_box.currentData()
        label, suffix = FORMATS[fmt]
        name, _ = QFileDialog.getSaveFileName(
            self, "Export to", self.path_edit.text(), f"{label} (*{suffix})"
        )
        if name:
            self.path_edit.setText(name)

    def request(self) -> ExportRequest:
        """The answers as a plain ExportRequest."""
        r = self._request
        r.format = self.format_box.currentData()
        r.path = self.path_edit.text()
        r.range = RANGES[max(0, self.range_buttons.checkedId())]
        r.from_text, r.to_text = self.from_edit.text(), self.to_edit.text()
        r.width, r.height, r.dpi = (
            self.width_spin.value(), self.height_spin.value(), self.dpi_spin.value()
        )  # fmt: skip
        r.page = self.page_box.currentText()
        r.landscape = self.orientation_box.currentIndex() == 0
        r.title, r.subtitle = self.title_edit.text(), self.subtitle_edit.text()
        r.zone = self.zone_edit.text().strip() or "UTC"
        r.style = self.style_box.currentData()
        r.legend = self.legend_check.isChecked()
        r.zone_note = self.zone_check.isChecked()
        r.sources_footnote = self.footnote_check.isChecked()
        return r

    def accept(self) -> None:
        """Refuse to close while the range or the file name cannot be used."""
        request = self.request()
        try:
            request.time_range()
            request.output_path()
            if request.format in IMAGE:
                from timeline_app.io.importers.common import zone_of

                zone_of(request.zone)
        except ValueError as exc:
            self.error_label.setText(str(exc))
            return
        super().accept()


def _spin(lo: int, hi: int, value: int, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(lo, hi)
    spin.setValue(value)
    spin.setSuffix(suffix)
    return spin


def _pair(a: QWidget, b: QWidget) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(a)
    row.addWidget(b)
    return box


def export_work(
    store: TimelineStore, filters: EventFilter, request: ExportRequest, path: Path
) -> Callable[[Progress, Cancelled], object]:
    """The export as `work(progress, cancelled)` for a worker thread.

    Everything taken from the request is turned into plain options here, on the GUI thread
    (ValueError if the range cannot be read), so the worker sees only the store and data.
    """
    start, end = request.time_range()
    fmt = request.format
    if fmt in IMAGE:
        options, image = options_from(request, start_ms=start, end_ms=end, filters=filters)
        return lambda progress, cancelled: export_image(
            store, path, format=fmt, options=options, image=image,
            progress=progress, cancelled=cancelled,
        )  # fmt: skip
    if start is not None or end is not None:
        filters = _within(filters, start, end)
    title, zone = request.title, (request.zone if fmt == "timelinejs" else None)
    return lambda progress, cancelled: export_data(
        store, path, fmt, filters=filters, title=title, zone=zone,
        progress=progress, cancelled=cancelled,
    )  # fmt: skip


def run_export(window: MainWindow, request: ExportRequest) -> Path | None:
    """Write the export in the background; the path written, or None (cancel/failure)."""
    document = window.document
    assert document is not None
    if refuse_if_busy(window, "Export"):
        return None
    path = request.output_path()
    try:
        work = export_work(document.store, document.filters, request, path)
        run_in_background(window, work, title="Export", text=f"Exporting {path.name}…")
    except (ExportCancelled, DataExportCancelled):
        window.statusBar().showMessage("Export cancelled; nothing was written", 5000)
        return None
    except (OSError, ValueError) as exc:
        show_message(window, "Export failed", f"{path}\n\n{exc}")
        return None
    window.statusBar().showMessage(f"Exported {path}", 5000)
    return path


def _within(filters: EventFilter, start: float | None, end: float | None) -> EventFilter:
    from dataclasses import replace

    lo = None if start is None else int(start)
    hi = None if end is None else int(end)
    if filters.from_ms is not None and lo is not None:
        lo = max(lo, filters.from_ms)
    if filters.to_ms is not None and hi is not None:
        hi = min(hi, filters.to_ms)
    return replace(
        filters,
        from_ms=lo if lo is not None else filters.from_ms,
        to_ms=hi if hi is not None else filters.to_ms,
    )


def initial_request(window: MainWindow) -> ExportRequest:
    """Defaults from the window: the view's range, zone, size and style."""
    document = window.document
    assert document is not None
    canvas = window.view.canvas
    viewport = canvas.viewport
    return ExportRequest(
        path=str(document.path.with_suffix(".png")),
        view=(viewport.start_ms, viewport.end_ms),
        filters=document.filters,
        zone=canvas.display_zone(),
        width=max(400, canvas.width()),
        height=max(300, canvas.height()),
        style=getattr(canvas.render_style, "name", "light"),
        title=document.path.stem,
    )


def export_current_view(window: MainWindow) -> None:
    """File > Export: ask with the ExportDialog, then export with progress and cancel."""
    if window.document is None or refuse_if_busy(window, "Export"):
        return
    dialog = ExportDialog(initial_request(window), window)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        request = dialog.request()
    finally:
        dialog.deleteLater()
    run_export(window, request)
