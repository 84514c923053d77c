"""GUI test set-up: offscreen Qt, settings in a temporary folder, the Aleppo example on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from timeline_app.io.example import create_example
from timeline_app.ui.app import make_application


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory, qapp):
    """Each test starts with empty QSettings, so no test sees another's window state."""
    make_application()
    folder = tmp_path_factory.mktemp("settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QSettings().clear()
    yield folder
    QSettings().clear()


@pytest.fixture
def aleppo_file(tmp_path) -> Path:
    return create_example(tmp_path / "aleppo-2016.ctl")


@pytest.fixture
def window(qtbot, aleppo_file):
    """The main window showing the Aleppo example at a typical desktop size."""
    from timeline_app.ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1600, 900)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_file(aleppo_file)
    win.view.canvas.fit_all()
    yield win
    win.close()


@pytest.fixture
def window_empty(qtbot, tmp_path):
    """The main window on a new, empty timeline file."""
    from timeline_app.core.store import TimelineStore
    from timeline_app.ui.main_window import MainWindow

    path = tmp_path / "case.ctl"
    TimelineStore.create(path).close()
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1400, 850)
    win.show()
    assert win.open_file(path)
    yield win, path
    win.close()
