"""Long work off the GUI thread: the real window keeps painting, progress and Cancel work.

No test measures time. A worker that needs the GUI to do something (fire a timer, repaint,
show a value) waits for it on a threading.Event; WAIT_S is only a fail-safe, so a GUI thread
that never gets to run fails the test instead of hanging it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog

from tests.ui.test_export_dialog import on_dialog
from timeline_app.core import store as st
from timeline_app.ui.background_task import (
    TaskBusyError,
    active_task,
    refuse_if_busy,
    run_in_background,
)
from timeline_app.ui.export_dialog import export_current_view
from timeline_app.ui.import_dialog import import_into_window

WAIT_S = 60.0


class Stopped(Exception):
    """What a fake task raises when it sees the cancel flag."""


def wait_for_cancel(cancelled: Callable[[], bool]) -> None:
    """Spin until the user cancels (fail-safe: give up after WAIT_S)."""
    deadline = time.monotonic() + WAIT_S
    while not cancelled():
        if time.monotonic() > deadline:
            raise AssertionError("the cancel flag never reached the worker")
        time.sleep(0.005)


def poll(check: Callable[[], bool]) -> None:
    """Call `check()` on the GUI thread every few ms until it returns True."""

    def again() -> None:
        if not check():
            QTimer.singleShot(5, again)

    QTimer.singleShot(0, again)


class PaintSpy(QObject):
    """Sets `painted` whenever the watched widget paints."""

    def __init__(self) -> None:
        super().__init__()
        self.painted = threading.Event()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted.set()
        return False


def test_the_work_runs_in_a_worker_while_the_window_repaints(window):
    """Importing would freeze the window: no repaint, no timer, until the work is done."""
    canvas = window.view.canvas
    spy = PaintSpy()
    canvas.installEventFilter(spy)
    timer_fired = threading.Event()

    def gui_side() -> None:  # runs only if the GUI thread's event loop runs meanwhile
        timer_fired.set()
        spy.painted.clear()
        canvas.update()

    def work(progress, cancelled) -> int:
        assert timer_fired.wait(WAIT_S), "no timer fired on the GUI thread"
        assert spy.painted.wait(WAIT_S), "the canvas did not repaint"
        return threading.get_ident()

    QTimer.singleShot(0, gui_side)
    try:
        worker = run_in_background(window, work, title="Test", text="Working…")
    finally:
        canvas.removeEventFilter(spy)
    assert worker != threading.get_ident()
    assert active_task() is None


def test_progress_reaches_the_dialog_busy_until_a_total_is_known(window):
    """The progress dialog would stay empty, or show a bar that never moves."""
    busy_seen, value_seen = threading.Event(), threading.Event()
    seen: dict[str, object] = {}

    def watch() -> bool:
        task = active_task()
        if task is None or not task.dialog.isVisible():
            return False
        dialog = task.dialog
        if not busy_seen.is_set() and dialog.maximum() == 0:
            seen["modal"] = QApplication.activeModalWidget() is dialog
            seen["title"] = dialog.windowTitle()
            busy_seen.set()
        if (dialog.value(), dialog.maximum()) == (300, 1000):
            value_seen.set()
            return True
        return False

    def work(progress, cancelled) -> str:
        assert busy_seen.wait(WAIT_S), "no busy progress dialog"
        for done in range(4):  # fast reports are merged; the dialog shows the latest
            progress(done, 10)
        assert value_seen.wait(WAIT_S), "the dialog never showed 3 of 10"
        return "done"

    poll(watch)
    assert run_in_background(window, work, title="Reading", text="Reading x.csv…") == "done"
    assert seen == {"modal": True, "title": "Reading"}


@pytest.mark.parametrize("how", ["button", "escape", "close"])
def test_cancel_stops_the_work_and_the_dialog_stays_until_it_has(window, how):
    """Cancel would be ignored by the worker, or unblock the window while it still writes."""
    release = threading.Event()
    state: dict[str, object] = {}

    def press(dialog: QProgressDialog) -> None:
        if how == "button":
            dialog.cancel_button.click()
        elif how == "escape":
            dialog.activateWindow()
            QTest.keyClick(dialog, Qt.Key.Key_Escape)
        else:
            dialog.close()

        def after() -> bool:
            task = active_task()
            if task is None or not task.cancel_requested:
                return False
            state["up"] = dialog.isVisible() and QApplication.activeModalWidget() is dialog
            state["label"] = dialog.labelText()
            state["button"] = dialog.cancel_button.isEnabled()
            release.set()
            return True

        poll(after)

    def work(progress, cancelled) -> None:
        wait_for_cancel(cancelled)
        assert release.wait(WAIT_S)
        raise Stopped

    on_dialog(QProgressDialog, press)
    with pytest.raises(Stopped):
        run_in_background(window, work, title="Import", text="Importing…")
    assert state == {"up": True, "label": "Cancelling…", "button": False}
    assert not [d for d in window.findChildren(QProgressDialog) if d.isVisible()]


def test_an_exception_in_the_worker_reaches_the_caller_on_the_gui_thread(window):
    """An error in the worker would be lost (a dialog spinning forever) or crash the app."""
    where: list[int] = []

    def work(progress, cancelled) -> None:
        where.append(threading.get_ident())
        raise ValueError("row 7: no such zone 'Mars/Olympus'")

    with pytest.raises(ValueError, match="Mars/Olympus"):
        run_in_background(window, work, title="Import", text="Reading…")
    assert where and where[0] != threading.get_ident()
    assert active_task() is None


def test_a_second_import_or_export_is_refused_while_one_runs(window, monkeypatch):
    """A second import started meanwhile would nest event loops or fight for the file."""
    warnings: list[str] = []
    monkeypatch.setattr(
        "timeline_app.ui.background_task.show_warning",
        lambda parent, title, text: warnings.append(text),
    )
    asked: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: asked.append("x") or ("", ""))
    )
    release = threading.Event()
    outcome: dict[str, object] = {}

    def second() -> None:
        outcome["import"] = import_into_window(window)
        export_current_view(window)
        try:
            run_in_background(window, lambda p, c: "second", title="Export", text="…")
        except TaskBusyError:
            outcome["busy"] = True
        release.set()

    def first(progress, cancelled) -> str:
        assert release.wait(WAIT_S)
        return "first"

    QTimer.singleShot(0, second)
    assert run_in_background(window, first, title="Import", text="Importing…") == "first"
    assert outcome == {"import": None, "busy": True}
    assert asked == [] and len(warnings) == 2 and "still running" in warnings[0]
    assert refuse_if_busy(window, "Import") is False


def test_closing_the_window_cancels_the_task_and_waits_for_it(window):
    """Closing the window mid-import would close the file under the worker's feet."""
    store = window.document.store
    state: dict[str, object] = {}

    def work(progress, cancelled) -> None:
        while not cancelled():  # keep using the store until told to stop
            with store.read() as session:
                st.counts(session)
        raise Stopped

    def close_window() -> bool:
        task = active_task()
        if task is None:
            return False
        window.close()
        state["worker stopped before the file closed"] = task.wait(0)
        state["document"] = window.document
        return True

    poll(close_window)
    with pytest.raises(Stopped):  # not a StoreError from a closed file
        run_in_background(window, work, title="Import", text="Importing…")
    assert state == {"worker stopped before the file closed": True, "document": None}
