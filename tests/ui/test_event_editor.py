"""Each validation rule of the editor: message next to the field, OK disabled, nothing saved."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from timeline_app.core import store as st
from timeline_app.ui.citation_editor import CitationEditor
from timeline_app.ui.event_editor import EventEditor

GOOD = {"title": "Convoy leaves", "start": "2016-12-15 05:00", "zone": "Asia/Damascus"}


def an_editor(qtbot, **fields) -> EventEditor:
    editor = EventEditor()
    qtbot.addWidget(editor)
    values = {**GOOD, **fields}
    editor.title_edit.setText(values["title"])
    editor.zone.setCurrentText(values["zone"])
    editor.start.setText(values["start"])
    editor.end.setText(values.get("end", ""))
    editor.lat.setText(values.get("lat", ""))
    editor.lon.setText(values.get("lon", ""))
    editor.description.setPlainText(values.get("description", ""))
    return editor


def ok_enabled(dialog) -> bool:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_a_valid_event_can_be_saved(qtbot):
    """With a title and a time the editor lets the analyst press OK."""
    editor = an_editor(qtbot)
    assert ok_enabled(editor) and editor.draft is not None
    assert all(not row.error.isVisible() for row in editor.rows.values())


@pytest.mark.parametrize(
    ("fields", "row", "message"),
    [
        ({"title": "   "}, "title", "empty"),
        ({"start": "sometime soonish"}, "start", "sometime soonish"),
        ({"start": "03/04/2016"}, "start", "ambiguous"),
        ({"start": "Wednesday morning"}, "start", "reference"),
        ({"end": "2016-12-01"}, "end", "before the start"),
        ({"zone": "Mars/Olympus"}, "tz", "Mars/Olympus"),
        ({"lat": "95", "lon": "10"}, "lat", "latitude"),
        ({"lat": "10", "lon": "-200"}, "lat", "longitude"),
        ({"lat": "north"}, "lat", "number"),
        ({"title": "x" * 501}, "title", "longer than 500"),
        ({"description": "y" * 20_001}, "description", "longer than 20,000"),
    ],
)
def test_each_rule_rejects_its_bad_input(qtbot, fields, row, message):
    """A bad field shows its own message beside it and OK stays disabled."""
    editor = an_editor(qtbot, **fields)
    assert not ok_enabled(editor)
    assert editor.draft is None
    assert message in editor.rows[row].error.text()
    assert not editor.rows[row].error.isHidden()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("https://exa mple.org/", "spaces"),
        ("https://", "host"),
    ],
)
def test_citation_rejects_bad_links(qtbot, url, message):
    """A source link that is not a proper http(s) URL is refused with a reason."""
    dialog = CitationEditor()
    qtbot.addWidget(dialog)
    dialog.outlet.setText("Someone")
    dialog.url.setText(url)
    assert not ok_enabled(dialog)
    assert message in dialog.rows["url"].error.text()


def test_rejected_input_never_reaches_the_file(window, qtbot, monkeypatch):
    """Cancelling a dialog left invalid leaves the database exactly as it was."""
    from PySide6.QtWidgets import QDialog

    from timeline_app.ui import editing

    with window.document.store.read() as session:
        before = st.counts(session)

    def fill_badly(dialog):
        dialog.title_edit.setText("Bad")
        dialog.start.setText("2016-12-14")
        dialog.end.setText("2016-12-01")
        assert not ok_enabled(dialog)
        dialog.accept()  # pressing Enter on an invalid form does nothing
        assert dialog.result() != QDialog.DialogCode.Accepted
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QDialog, "exec", fill_badly)
    assert editing.new_event(window) is None
    with window.document.store.read() as session:
        assert st.counts(session) == before
