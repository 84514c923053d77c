"""File > Export: the real ExportDialog driven offscreen, files checked on disk.

The export runs in a worker thread (see test_background_task for the mechanism).
"""

from __future__ import annotations

import csv
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog

from timeline_app.ui import export_dialog
from timeline_app.ui.export_dialog import (
    FORMATS,
    ExportDialog,
    export_current_view,
    initial_request,
    run_export,
)


def on_dialog(cls, action) -> None:
    """Run `action(dialog)` as soon as a modal `cls` is open (exec() blocks the test)."""

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, cls):
            action(widget)
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)


def choose(dialog: ExportDialog, fmt: str, path: Path) -> None:
    dialog.format_box.setCurrentIndex(list(FORMATS).index(fmt))
    dialog.path_edit.setText(str(path))


def test_export_png_of_the_whole_timeline_with_a_title(window, tmp_path, qtbot):
    """Exporting a PNG from the menu would write nothing, or ignore the size asked for."""
    out = tmp_path / "whole.png"

    def fill(dialog: ExportDialog) -> None:
        choose(dialog, "png", out)
        dialog.range_all.setChecked(True)
        dialog.width_spin.setValue(900)
        dialog.height_spin.setValue(450)
        dialog.title_edit.setText("Aleppo, December 2016")
        dialog.accept()

    on_dialog(ExportDialog, fill)
    export_current_view(window)
    image = QImage(str(out))
    assert (image.width(), image.height()) == (900, 450)
    assert "Exported" in window.statusBar().currentMessage()


def test_export_svg_of_the_current_view_uses_the_browse_button(window, tmp_path, monkeypatch):
    """The Browse… button would not set the file, or the view's events would be missing."""
    out = tmp_path / "view.svg"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), ""))
    )

    def fill(dialog: ExportDialog) -> None:
        dialog.format_box.setCurrentIndex(list(FORMATS).index("svg"))
        dialog.browse()
        dialog.style_box.setCurrentIndex(1)
        dialog.accept()

    on_dialog(ExportDialog, fill)
    export_current_view(window)
    text = out.read_text(encoding="utf-8")
    assert "Evacuation of east Aleppo delayed" in text
    assert "Sources:" in text and "Middle East Eye" in text


def test_export_pdf_on_a_letter_page(window, tmp_path):
    """Choosing Letter portrait would still give an A4 landscape PDF."""
    out = tmp_path / "brief.pdf"

    def fill(dialog: ExportDialog) -> None:
        choose(dialog, "pdf", out)
        dialog.page_box.setCurrentText("Letter")
        dialog.orientation_box.setCurrentIndex(1)
        dialog.accept()

    on_dialog(ExportDialog, fill)
    export_current_view(window)
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and b"/MediaBox [0 0 612" in data


def test_export_csv_of_a_typed_range(window, tmp_path):
    """A From/To range typed in words would be ignored and every event exported."""
    out = tmp_path / "part.csv"

    def fill(dialog: ExportDialog) -> None:
        choose(dialog, "csv", out)
        dialog.range_custom.setChecked(True)
        dialog.zone_edit.setText("Asia/Damascus")
        dialog.from_edit.setText("15 Dec 2016 00:00")
        dialog.to_edit.setText("15 Dec 2016 23:00")
        dialog.accept()

    on_dialog(ExportDialog, fill)
    export_current_view(window)
    with open(out, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert 0 < len(rows) < 8


def test_an_unreadable_range_keeps_the_dialog_open_with_the_reason(window, qtbot):
    """A typo in the range would close the dialog and export something unexpected."""
    dialog = ExportDialog(initial_request(window), window)
    qtbot.addWidget(dialog)
    dialog.range_custom.setChecked(True)
    dialog.from_edit.setText("blursday")
    dialog.accept()
    assert dialog.result() != ExportDialog.DialogCode.Accepted
    assert dialog.error_label.text().startswith("From:")
    assert not dialog.dpi_spin.isEnabled() or dialog.format_box.currentData() == "png"


def test_cancel_writes_nothing_and_says_so(window, tmp_path, monkeypatch):
    """Pressing Cancel during a long export would still leave a file behind."""
    from tests.ui.test_background_task import poll

    painted = threading.Event()
    real = export_dialog.export_image

    def paused(store, path, *, progress, cancelled, **kwargs):
        def report(done: int, total: int) -> None:
            progress(done, total)
            if done >= 90:  # painted into a temporary file, not yet renamed into place
                painted.set()
                deadline = time.monotonic() + 60
                while not cancelled() and time.monotonic() < deadline:
                    time.sleep(0.005)

        return real(store, path, progress=report, cancelled=cancelled, **kwargs)

    monkeypatch.setattr("timeline_app.ui.export_dialog.export_image", paused)
    folder = tmp_path / "exports"
    folder.mkdir()
    request = initial_request(window)
    request.path = str(folder / "never.png")

    def cancel_when_painted(dialog: QProgressDialog) -> None:
        poll(lambda: painted.is_set() and (dialog.cancel_button.click() or True))

    on_dialog(QProgressDialog, cancel_when_painted)
    assert run_export(window, request) is None
    assert list(folder.iterdir()) == []  # neither the file nor a temporary one
    assert "cancelled" in window.statusBar().currentMessage()


@pytest.mark.parametrize("fmt", ["png", "csv"])
def test_exports_run_off_the_gui_thread(window, tmp_path, monkeypatch, fmt):
    """A big export would freeze the window while it fetched, painted and wrote."""
    threads: list[int] = []
    name = "export_image" if fmt == "png" else "export_data"
    real = getattr(export_dialog, name)

    def recorded(*args, **kwargs):
        threads.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(f"timeline_app.ui.export_dialog.{name}", recorded)
    out = tmp_path / f"view.{fmt}"

    def fill(dialog: ExportDialog) -> None:
        choose(dialog, fmt, out)
        dialog.range_all.setChecked(True)
        dialog.width_spin.setValue(800)
        dialog.height_spin.setValue(400)
        dialog.accept()

    on_dialog(ExportDialog, fill)
    export_current_view(window)
    assert threads and threads[0] != threading.get_ident()
    if fmt == "png":
        assert QImage(str(out)).size().toTuple() == (800, 400)
    else:
        assert "Evacuation of east Aleppo delayed" in out.read_text(encoding="utf-8-sig")


def test_a_failed_write_is_reported_clearly(window, tmp_path, monkeypatch):
    """Exporting into a missing folder would fail silently."""
    shown: list[str] = []
    monkeypatch.setattr(
        "timeline_app.ui.export_dialog.show_message",
        lambda parent, title, text, **kwargs: shown.append(text),
    )
    request = initial_request(window)
    request.path = str(tmp_path / "no" / "such" / "x.png")
    assert run_export(window, request) is None
    assert shown and "no such folder" in shown[0]
