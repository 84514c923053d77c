"""Export the current view as an image (PNG, SVG or PDF): the same scene the screen shows."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from timeline_app.render.image_export import ExportError, save_pdf, save_png, save_svg

if TYPE_CHECKING:
    from timeline_app.ui.main_window import MainWindow

FILTERS = "PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"
WRITERS = {".png": save_png, ".svg": save_svg, ".pdf": save_pdf}


def export_scene(window: MainWindow, path: Path) -> None:
    """Write the canvas's current scene to `path`; the extension picks the format."""
    suffix = path.suffix.lower()
    if suffix not in WRITERS:
        raise ExportError(f"unknown image format {suffix or '(none)'}: use .png, .svg or .pdf")
    canvas = window.view.canvas
    WRITERS[suffix](canvas.scene, canvas.render_style, path)


def export_current_view(window: MainWindow) -> None:
    """Ask where to save and write the view there, reporting failures clearly."""
    if window.document is None:
        return
    start = str(window.document.path.with_suffix(".png"))
    name, chosen = QFileDialog.getSaveFileName(window, "Export image", start, FILTERS)
    if not name:
        return
    path = Path(name)
    if not path.suffix:
        path = path.with_suffix("." + chosen.split("*.")[-1].rstrip(")"))
    try:
        export_scene(window, path)
    except (ExportError, OSError) as exc:
        QMessageBox.critical(window, "Export failed", f"{path}\n\n{exc}")
        return
    window.statusBar().showMessage(f"Exported {path}", 5000)
