"""Start the GUI: application object, settings, which file to open first."""

from __future__ import annotations

import sys
from pathlib import Path

from platformdirs import user_data_path
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from timeline_app import APP_NAME, __version__

ORGANIZATION = "ConflictTimeline"
DATA_DIR_NAME = "conflict-timeline"
FIRST_RUN_NAME = "aleppo-2016.ctl"
GC_FREEZE_DELAY_MS = 3000
"""How long after start-up the long-lived objects are frozen (`gc_tuning`): after the first
frame and the in-memory index's load, so their collection does not delay either."""


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with the names QSettings files are keyed by."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resource_path("icons", "app.svg"))))
    return app


def resource_path(*parts: str) -> Path:
    """A file under the installed resources package."""
    import importlib.resources

    return Path(str(importlib.resources.files("timeline_app.resources").joinpath(*parts)))


def first_run_file(data_dir: Path | None = None) -> Path:
    """The user's own copy of the Aleppo example, created on first use.

    The bundled resource is never opened for writing: the analyst edits a copy in the
    user data directory.
    """
    from timeline_app.io.example import create_example

    folder = data_dir or user_data_path(DATA_DIR_NAME, appauthor=False)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FIRST_RUN_NAME
    if not path.exists():
        create_example(path, "aleppo")
    return path


def file_to_open(requested: Path | None, settings: QSettings) -> Path:
    """The file named on the command line, else the last one used, else the example copy."""
    if requested is not None:
        return requested
    recent = settings.value("recent_files", [], type=list) or []
    for candidate in recent:
        if Path(candidate).exists():
            return Path(candidate)
    return first_run_file()


def run_gui(path: Path | None) -> int:
    """Open the main window on `path` and run the event loop until the user quits."""
    from timeline_app.ui.gc_tuning import freeze_long_lived_objects
    from timeline_app.ui.main_window import MainWindow

    app = make_application()
    window = MainWindow()
    window.show()
    window.open_file(file_to_open(path, QSettings()))
    # The frames' p95 spikes were full garbage collections walking everything start-up made
    # (~140 ms at 1M events): freeze it once the window, its file and the index are in place.
    QTimer.singleShot(GC_FREEZE_DELAY_MS, freeze_long_lived_objects)
    return app.exec()
