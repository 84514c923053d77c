"""Child process for open_first_frame_s: open a file in the real main window, paint, report.

Run as `python bench/first_frame.py FILE`; prints "painted <seconds since this process
started its imports>" once the canvas has painted its first (fit-all) frame of the file,
then "ready <seconds>" once the file is open in the window (its store loaded, so the window
answers input) and the canvas has painted the store's own frame. The first frame may be the
quick look drawn from the file's start summary before the store loads
(`TimelineCanvas.show_quick_look`). The parent times the lines' arrival from the process
start, so interpreter start-up counts too.
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
    """Notes when the canvas first finished a paint that showed the file's data.

    The filter runs the paint itself (then stops the event), so it can look at the canvas
    right after the frame was drawn: a frame counts if it shows events and is not a stand-in
    painted while the canvas still fetches (`data_pending`).
    """

    def __init__(self) -> None:
        super().__init__()
        self.first_frame: float | None = None
        self.ready: float | None = None
        self.visible = 0

    def eventFilter(self, obj, event) -> bool:
        if event.type() != QEvent.Type.Paint:
            return False
        obj.removeEventFilter(self)
        try:
            obj.event(event)
        finally:
            obj.installEventFilter(self)
        visible = obj.shown_scene.visible_count
        if visible > 0 and not obj.data_pending:
            now = time.perf_counter() - T0
            if self.first_frame is None:
                self.first_frame = now
                self.visible = visible
                print(f"painted {now:.4f} visible {visible}", flush=True)
            if self.ready is None and obj.document is not None:
                self.ready = now
        return True


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
    canvas.update()  # the store's own frame (a quick look, if any, was painted before)
    while watch.ready is None:
        app.processEvents()
    print(f"ready {watch.ready:.4f}", flush=True)
    window.close()


if __name__ == "__main__":
    main(sys.argv[1])
