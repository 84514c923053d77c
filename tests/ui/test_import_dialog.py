"""File > Import: the real ImportDialog driven offscreen, the file and the views checked.

Reading and storing run in a worker thread (see test_background_task for the mechanism).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from tests.ui.test_background_task import poll
from tests.ui.test_export_dialog import on_dialog
from timeline_app.core import store as st
from timeline_app.io.import_into import IMPORT_FORMATS
from timeline_app.ui import import_dialog
from timeline_app.ui.import_dialog import (
    ALL_FILTER,
    ImportDialog,
    file_filters,
    format_of_filter,
    import_into_window,
)

FIXTURES = Path(__file__).resolve().parents[1] / "io" / "fixtures"


@pytest.fixture
def messages(monkeypatch) -> list[tuple[str, str]]:
    """Message boxes recorded instead of shown (they would block the test)."""
    shown: list[tuple[str, str]] = []
    for kind in ("information", "critical", "warning"):
        monkeypatch.setattr(
            QMessageBox,
            kind,
            staticmethod(lambda parent, title, text, k=kind: shown.append((k, text))),
        )
    # Errors go through the plain-text helpers of ui.safe_text.
    for name, kind in (("show_message", "critical"), ("show_warning", "warning")):
        monkeypatch.setattr(
            f"timeline_app.ui.import_dialog.{name}",
            lambda parent, title, text, k=kind, **_: shown.append((k, text)),
        )
    return shown


def pick(monkeypatch, path: Path, chosen: str = ALL_FILTER) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), chosen))
    )


def event_count(window) -> int:
    with window.document.store.read() as session:
        return st.counts(session)["events"]


def test_preview_then_import_adds_the_events_and_refreshes(window, monkeypatch, messages):
    """Importing an ACLED file would not preview, not store, or leave the views stale."""
    pick(monkeypatch, FIXTURES / "acled_small.csv")
    before, generation = event_count(window), window.document.generation
    seen: dict[str, object] = {}

    def check_and_accept(dialog: ImportDialog) -> None:
        seen["summary"] = dialog.summary_label.text()
        seen["rows"] = dialog.table.rowCount()
        seen["skipped"] = dialog.skipped_view.toPlainText()
        dialog.accept()

    on_dialog(ImportDialog, check_and_accept)
    summary = import_into_window(window)
    assert summary is not None and summary.imported == 4
    assert str(seen["summary"]).startswith("4 event(s) will be imported")
    assert seen["rows"] == 4 and "row 5:" in str(seen["skipped"])
    assert event_count(window) == before + 4
    assert window.document.generation > generation
    assert messages[-1][0] == "information" and messages[-1][1].startswith("4 imported")


def test_duplicates_can_be_merged_or_skipped(window, monkeypatch, messages):
    """Importing the same file again would double the events."""
    pick(monkeypatch, FIXTURES / "acled_small.csv")
    on_dialog(ImportDialog, lambda d: d.accept())
    import_into_window(window)
    before = event_count(window)

    def merge(dialog: ImportDialog) -> None:
        dialog.duplicates_box.setCurrentIndex(1)
        dialog.accept()

    on_dialog(ImportDialog, merge)
    summary = import_into_window(window)
    assert summary is not None and (summary.imported, summary.duplicates) == (0, 4)
    assert event_count(window) == before


def test_cancelling_the_preview_changes_nothing(window, monkeypatch, messages):
    """Closing the preview with Cancel would still import the file."""
    pick(monkeypatch, FIXTURES / "timelinejs_small.json")
    before = window.document.path.read_bytes()
    count = event_count(window)
    on_dialog(ImportDialog, lambda d: d.reject())
    assert import_into_window(window) is None
    assert event_count(window) == count
    assert window.document.path.read_bytes() == before


def test_a_broken_file_is_refused_with_the_reason(window, monkeypatch, messages):
    """A damaged .timeline file would fail without saying why, or change the timeline."""
    pick(monkeypatch, FIXTURES / "broken.timeline")
    count = event_count(window)
    assert import_into_window(window) is None
    assert messages and messages[0][0] == "critical" and "broken.timeline" in messages[0][1]
    assert event_count(window) == count


def test_the_chosen_filter_fixes_the_format_and_zone_reread_works(window, monkeypatch, messages):
    """Picking "TimelineJS (JSON)" would be ignored, or the zone could not be changed."""
    label = next(f for f in file_filters() if f.startswith(IMPORT_FORMATS["timelinejs-json"]))
    assert format_of_filter(label) == "timelinejs-json" and format_of_filter(ALL_FILTER) is None
    pick(monkeypatch, FIXTURES / "timelinejs_small.json", label)
    zones: list[str] = []

    def reread_then_accept(dialog: ImportDialog) -> None:
        zones.append(dialog.zone())
        if len(zones) == 1:
            dialog.zone_edit.setText("UTC")
            dialog._reread()
            on_dialog(ImportDialog, reread_then_accept)
        else:
            dialog.accept()

    on_dialog(ImportDialog, reread_then_accept)
    summary = import_into_window(window)
    assert zones == ["Asia/Damascus", "UTC"]
    assert summary is not None and summary.format == "timelinejs-json" and summary.imported == 3


def test_reading_and_storing_run_off_the_gui_thread(window, monkeypatch, messages):
    """A big import would freeze the window: both steps ran on the GUI thread."""
    threads: dict[str, int] = {}

    def recorded(name, real):
        def call(*args, **kwargs):
            threads[name] = threading.get_ident()
            return real(*args, **kwargs)

        monkeypatch.setattr(f"timeline_app.ui.import_dialog.{name}", call)

    recorded("read_input", import_dialog.read_input)
    recorded("store_import", import_dialog.store_import)
    pick(monkeypatch, FIXTURES / "acled_small.csv")
    before = event_count(window)
    on_dialog(ImportDialog, lambda d: d.accept())
    summary = import_into_window(window)
    assert summary is not None and summary.imported == 4
    assert set(threads) == {"read_input", "store_import"}
    assert threading.get_ident() not in threads.values()
    assert event_count(window) == before + 4
    assert window.view.canvas.scene is not None


def pause_store(monkeypatch, *, fail: str | None = None) -> threading.Event:
    """Hold the store step once every row is written, its transaction still open.

    Without `fail` it then waits for the user's Cancel; with `fail` it raises that error.
    Returns the event set when the rows are written.
    """
    written = threading.Event()
    real = import_dialog.store_import

    def paused(store, found, *, progress, cancelled, **kwargs):
        def report(done: int, total: int) -> None:
            progress(done, total)
            if total and done >= total:
                written.set()
                if fail:
                    raise RuntimeError(fail)

        def held() -> bool:
            if written.is_set():
                deadline = time.monotonic() + 60
                while not cancelled() and time.monotonic() < deadline:
                    time.sleep(0.005)
            return cancelled()

        return real(store, found, progress=report, cancelled=held, **kwargs)

    monkeypatch.setattr("timeline_app.ui.import_dialog.store_import", paused)
    return written


def test_cancel_while_storing_leaves_the_file_unchanged(window, monkeypatch, messages):
    """Cancel during a big import would keep the rows written so far."""
    pick(monkeypatch, FIXTURES / "acled_small.csv")
    path, before = window.document.path, event_count(window)
    written = pause_store(monkeypatch)
    seen: dict[str, object] = {}

    def cancel_when_written(dialog: QProgressDialog) -> None:
        def check() -> bool:
            if not written.is_set() or dialog.value() != dialog.maximum():
                return False
            seen["progress"] = (dialog.value(), dialog.maximum())
            seen["count meanwhile"] = event_count(window)  # the GUI still reads the file
            dialog.cancel_button.click()
            return True

        poll(check)

    def accept(dialog: ImportDialog) -> None:
        on_dialog(QProgressDialog, cancel_when_written)
        dialog.accept()

    on_dialog(ImportDialog, accept)
    assert import_into_window(window) is None
    assert seen == {"progress": (1000, 1000), "count meanwhile": before}
    assert "cancelled" in window.statusBar().currentMessage()
    assert event_count(window) == before
    with st.TimelineStore.open(path, read_only=True) as again, again.read() as session:
        assert st.counts(session)["events"] == before


def test_an_error_while_storing_is_reported_and_changes_nothing(window, monkeypatch, messages):
    """An error in the worker would vanish, or leave half an import in the file."""
    pick(monkeypatch, FIXTURES / "acled_small.csv")
    before, generation = event_count(window), window.document.generation
    pause_store(monkeypatch, fail="disk I/O error")
    on_dialog(ImportDialog, lambda d: d.accept())
    assert import_into_window(window) is None
    kind, text = messages[-1]
    assert kind == "critical" and "Nothing was changed: disk I/O error" in text
    assert event_count(window) == before and window.document.generation == generation
