"""Child process for open_first_frame_s: open a file in the real main window, paint, report.

Run as `python bench/first_frame.py FILE`; prints "painted <seconds since this process
started its imports>" once the canvas has painted its first (fit-all) frame. The parent
times the whole process start as well, so interpreter start-up counts too.
"""

from __future__ import annotations

import os
import sys
import time

T0 = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

from PySide6.QtCore import QEvent, QObject, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


class _PaintWatch(QObject):
    """Notes when the canvas has finished a paint event (the filter sees it just before)."""

    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def main(path: str) -> None:
    app = QApplication([sys.argv[0]])
    app.setOrganizationName("timeline-bench")  # settings of its own, not the user's
    app.setApplicationName("first-frame")
    QSettings().clear()
    from timeline_app.ui.main_window import MainWindow

    window = MainWindow()
    window.resize(1920, 1080)
    window.show()
    canvas = window.view.canvas
    watch = _PaintWatch()
    canvas.installEventFilter(watch)
    if not window.open_file(Path(path)):
        raise SystemExit(f"could not open {path}")
    # The first frame counts once it shows the data: a paint made while the canvas still
    # fetches in the background (data_pending) is followed by another when the data arrives.
    while True:
        while not watch.painted:
            app.processEvents()
        app.processEvents()  # let the paint event that was seen run to its end
        if not canvas.data_pending:
            break
        watch.painted = False
    elapsed = time.perf_counter() - T0
    visible = canvas.scene.visible_count
    print(f"painted {elapsed:.4f} visible {visible}", flush=True)
    window.close()


if __name__ == "__main__":
    main(sys.argv[1])
