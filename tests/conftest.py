"""Test-wide set-up: Qt runs offscreen, no display needed."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(autouse=True, scope="session")
def _one_qapplication(qapp):
    """The widget-capable QApplication exists before any test runs.

    Headless code (the command line's image export) makes a QGuiApplication if there is
    none; a later widget test in the same process would then abort. So every test runs
    under the QApplication pytest-qt makes, whatever order the tests are chosen in.
    """
    return qapp
