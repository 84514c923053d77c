"""Render tests paint offscreen with a QGuiApplication: no widgets, no display."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtGui import QGuiApplication

from tests.layout.builders import LANES, a_viewport, an_event
from timeline_app.layout.scene import layout_timeline
from timeline_app.layout.shapes import Scene
from timeline_app.render.measure import style_text_measurer
from timeline_app.render.style import LIGHT


@pytest.fixture(scope="session")
def gui_app(request: pytest.FixtureRequest) -> QGuiApplication:
    """The one Qt application of the session, for fonts and painting.

    Qt allows one application object per process and widget tests need a QApplication. When
    the session also runs widget tests (they use pytest-qt's qtbot/qapp), let pytest-qt create
    its QApplication (a QGuiApplication subclass) rather than making one that widgets can't use.
    """
    existing = QGuiApplication.instance()
    if existing is not None:
        return existing
    if any(
        {"qtbot", "qapp"} & set(getattr(item, "fixturenames", ())) for item in request.session.items
    ):
        return request.getfixturevalue("qapp")
    return QGuiApplication([])


@pytest.fixture
def aleppo_scene(gui_app: QGuiApplication) -> Scene:
    """A small scene like the mock-up: exact, uncertain, unsourced, disputed events, one span."""
    events = [
        an_event("13 Dec 2016 21:00", title="Ceasefire agreement announced", event_id=1,
                 earliest="13 Dec 2016 18:00", latest="14 Dec 2016 00:00", sources=2),
        an_event("14 Dec 2016 08:00", title="Shelling resumes", event_id=2, category=2,
                 earliest="14 Dec 2016 06:00", latest="14 Dec 2016 12:00", disputed=True),
        an_event("15 Dec 2016 04:00", title="New front opened", event_id=3, category=2,
                 sources=0),
        an_event("14 Dec 2016 05:00", title="Evacuation due", event_id=4, category=3,
                 end="15 Dec 2016 00:00", end_earliest="15 Dec 2016 00:00",
                 end_latest="15 Dec 2016 18:00"),
        an_event("14 Dec 2016 20:00", title="قصف على الأحياء الشرقية", event_id=5),
    ]  # fmt: skip
    return layout_timeline(
        events,
        LANES,
        a_viewport(width=900, height=420),
        measure_text=style_text_measurer(LIGHT),
        zone="Asia/Damascus",
    )
