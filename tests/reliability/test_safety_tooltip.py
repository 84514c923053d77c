"""The timeline's hover tooltip shows an imported title as text (issue 7, point 15)."""

from __future__ import annotations

import dataclasses

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QToolTip

from tests.ui.helpers import marker_point
from timeline_app.core import store as st

HOSTILE = "<b>x</b><img src=file:///etc/hostname>"


def test_hover_tooltip_does_not_render_a_title_as_html(window, qtbot, monkeypatch):
    """Hovering an event titled <b>x</b><img src=file:...> shows those characters literally."""
    canvas = window.view.canvas
    with window.document.store.read() as session:
        event_id = st.events_in_window(session, 0, 2**53)[0].id
        draft = st.event_draft(session, event_id)[0]
    with window.document.store.write() as session:
        st.update_event(session, event_id, dataclasses.replace(draft, title=HOSTILE))
    window.document.notify_changed()
    canvas.fit_all()
    shown: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda _pos, text, *_: shown.append(text))
    canvas.hover(marker_point(canvas, event_id).toPointF())
    assert shown
    rendered = QTextDocument()
    rendered.setHtml(shown[-1])
    assert HOSTILE in rendered.toPlainText()  # what the reader sees is the literal markup
