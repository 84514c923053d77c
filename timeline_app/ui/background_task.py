"""Long work (imports, big exports) in a worker thread while the window stays alive.

`run_in_background(owner, work, ...)` calls `work(progress, cancelled)` in a worker thread and
returns its result, or raises its exception, back on the GUI thread. Meanwhile the GUI thread
runs a local event loop, so every window keeps repainting, timers fire and the canvas' own
fetches arrive; a window-modal QProgressDialog over `owner` shows the progress (a busy bar
until the work reports a total) with a Cancel button.

Why a plain `threading.Thread` and not a QThread: the work is ordinary Python (the store's
SQLAlchemy sessions, QImage/QSvgGenerator/QPdfWriter painting) that needs no Qt event loop of
its own, and `canvas_fetch` already uses a Python thread the same way. Qt still treats it as a
thread of its own (an "adopted" thread), so a signal emitted there on a QObject that lives on
the GUI thread is queued to the GUI thread: that is the only way the worker talks to widgets.

Rules the worker keeps:
- It never touches a widget. `progress(done, total)` only stores the latest figures under a
  lock and posts one queued signal at a time, so a fast loop cannot flood the event queue.
- Cancel (the button, Escape, or closing the progress dialog) sets a `threading.Event` that
  `cancelled()` reads; the work raises its own "cancelled" exception (ImportCancelled,
  ExportCancelled...), which reaches the caller like any other exception. The dialog stays up
  ("Cancelling...") until the worker has really stopped, so the window is never usable while
  an import still holds the file's write lock.
- The store is safe here: each `store.read()`/`store.write()` session checks its own pooled
  SQLite connection out of the engine (opened with `check_same_thread=False`).

One task runs at a time in the whole application: `refuse_if_busy` says so instead of starting
a second (tasks in two windows would nest their local event loops, and the first could not
return before the second). A window that is closed while its task runs cancels the task and
waits for the worker (`cancel_and_wait`, called from `MainWindow.closeEvent`) before its file
is closed under the worker's feet. The progress dialog appears only after `SHOW_AFTER_MS`, so
quick work does not flash a dialog.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import SIGNAL, SLOT, QEventLoop, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QPushButton, QWidget

from timeline_app.ui.safe_text import show_warning

T = TypeVar("T")
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
Work = Callable[[Progress, Cancelled], T]

SHOW_AFTER_MS = 400
"""The progress dialog appears only for work that takes longer than this."""
STEPS = 1000
"""Resolution of the determinate progress bar."""

_running: list[BackgroundTask[Any]] = []  # GUI thread only


class TaskBusyError(RuntimeError):
    """A background task is already running; a second one must not start."""


class _ProgressDialog(QProgressDialog):
    """A QProgressDialog that, until the work has stopped, turns every way of closing it
    into a cancel request instead of hiding (a hidden dialog would unblock the window while
    the worker still runs)."""

    def __init__(self, owner: QWidget, title: str, text: str) -> None:
        super().__init__(text, "Cancel", 0, 0, owner)
        # (Replacing the button would add a second Escape shortcut: both would then be dead.)
        self.cancel_button = self.findChild(QPushButton)
        # QProgressDialog hides itself on cancel; we hide it when the worker has stopped.
        QObject.disconnect(self, SIGNAL("canceled()"), self, SLOT("cancel()"))
        # Our own bar: QProgressDialog.setValue() calls processEvents() when modal.
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 0)
        self.setBar(self.progress_bar)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.finished_work = False

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.finished_work:
            super().closeEvent(event)
        else:
            event.ignore()
            self.canceled.emit()

    def reject(self) -> None:
        if self.finished_work:
            super().reject()
        else:
            self.canceled.emit()


class BackgroundTask(QObject, Generic[T]):
    """One run of `work` in a worker thread, with its progress dialog (see the module doc).

    Use `run_in_background`; the object is public so that tests and `cancel_and_wait` can
    reach the dialog, the worker's thread id and the cancel flag.
    """

    _progressed = Signal()  # queued from the worker: new figures wait in `_latest`
    _stopped = Signal()  # queued from the worker: the work returned or raised

    def __init__(
        self,
        owner: QWidget,
        work: Work[T],
        *,
        title: str,
        text: str,
        show_after_ms: int = SHOW_AFTER_MS,
    ) -> None:
        super().__init__()
        self.window = owner.window()
        self._work = work
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._latest: tuple[int, int] | None = None
        self._posted = False
        self._result: T | None = None
        self._error: BaseException | None = None
        self._done = False  # set on the GUI thread when `_stopped` arrives
        self._thread = threading.Thread(target=self._run_work, name=f"timeline-{title}")
        self._loop = QEventLoop(self)
        self.worker_ident: int | None = None
        self.dialog = _ProgressDialog(owner, title, text)
        self.dialog.canceled.connect(self.cancel)
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.setInterval(show_after_ms)
        self._show_timer.timeout.connect(self._show_dialog)
        self._progressed.connect(self._show_progress)
        self._stopped.connect(self._on_stopped)

    # -- GUI thread ---------------------------------------------------------------------------
    def run(self) -> T:
        """Start the worker, keep the GUI running until it stops; its result or exception."""
        if _running:
            self._close_dialog()
            raise TaskBusyError("another import or export is still running")
        _running.append(self)
        try:
            self._thread.start()
            self._show_timer.start()
            if not self._done:
                self._loop.exec()
            if not self._done:  # the loop was ended from outside (the application quits)
                self.cancel()
            self._thread.join()
        finally:
            _running.remove(self)
            self._close_dialog()
        error, self._error = self._error, None  # no cycle through the traceback
        if error is not None:
            raise error
        return self._result  # type: ignore[return-value]

    @Slot()
    def cancel(self) -> None:
        """Ask the work to stop (thread-safe); the dialog says so until it has stopped."""
        if not self._cancel.is_set():
            self._cancel.set()
            if not self.dialog.finished_work:
                self.dialog.setLabelText("Cancelling…")
                self.dialog.cancel_button.setEnabled(False)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the worker has stopped; False if `timeout` (seconds) ran out first."""
        if self._thread.ident is not None:
            self._thread.join(timeout)
        return not self._thread.is_alive()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    @Slot()
    def _show_dialog(self) -> None:
        if not self.dialog.finished_work:
            self.dialog.show()

    @Slot()
    def _show_progress(self) -> None:
        with self._lock:
            latest, self._posted = self._latest, False
        if latest is None or self.dialog.finished_work:
            return
        done, total = latest
        bar = self.dialog.progress_bar
        if total > 0:
            bar.setRange(0, STEPS)
            bar.setValue(round(STEPS * min(max(done / total, 0.0), 1.0)))
        else:
            bar.setRange(0, 0)  # busy indicator: the work does not know how much is left

    @Slot()
    def _on_stopped(self) -> None:
        self._done = True
        self._close_dialog()
        self._loop.exit()

    def _close_dialog(self) -> None:
        self._show_timer.stop()
        if not self.dialog.finished_work:
            self.dialog.finished_work = True
            if shiboken6.isValid(self.dialog):  # gone if its window was deleted meanwhile
                self.dialog.close()
                self.dialog.deleteLater()

    # -- worker thread ------------------------------------------------------------------------
    def _report(self, done: int, total: int) -> None:
        with self._lock:
            self._latest = (int(done), int(total))
            if self._posted:
                return
            self._posted = True
        self._progressed.emit()

    def _run_work(self) -> None:
        self.worker_ident = threading.get_ident()
        try:
            self._result = self._work(self._report, self._cancel.is_set)
        except BaseException as exc:  # handed to the GUI thread, raised there by run()
            self._error = exc
        finally:
            self._stopped.emit()


def run_in_background(
    owner: QWidget,
    work: Work[T],
    *,
    title: str,
    text: str,
    show_after_ms: int = SHOW_AFTER_MS,
) -> T:
    """Run `work(progress, cancelled)` in a worker thread under a progress dialog over `owner`.

    Returns what `work` returned or raises what it raised, on the GUI thread; TaskBusyError
    if another task is running (callers check `refuse_if_busy` first).
    """
    task = BackgroundTask(owner, work, title=title, text=text, show_after_ms=show_after_ms)
    try:
        return task.run()
    finally:
        task.deleteLater()


def active_task(owner: QWidget | None = None) -> BackgroundTask[Any] | None:
    """The running task (of `owner`'s window, if given), or None."""
    for task in _running:
        if owner is None or task.window is owner.window():
            return task
    return None


def refuse_if_busy(owner: QWidget, title: str) -> bool:
    """True, after saying why, if an import or export is running (then start nothing)."""
    if active_task() is None:
        return False
    show_warning(
        owner, title, "Another import or export is still running. Wait for it or cancel it."
    )
    return True


def cancel_and_wait(owner: QWidget) -> None:
    """Cancel the task of `owner`'s window and wait for its worker (before its file closes)."""
    task = active_task(owner)
    if task is not None:
        task.cancel()
        task.wait()
