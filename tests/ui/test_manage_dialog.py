"""The categories/actors/tags dialog: each change states its consequence, is saved and undone."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QInputDialog, QMessageBox

from timeline_app.core import store as st
from timeline_app.ui.manage_dialog import ManageDialog, open_manage_dialog

EXACT = Qt.MatchFlag.MatchExactly
YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


@pytest.fixture
def dialog(window, qtbot) -> ManageDialog:
    dlg = open_manage_dialog(window)
    assert dlg is not None
    qtbot.waitExposed(dlg)
    return dlg


@pytest.fixture
def answers(monkeypatch):
    """Scripted replies to the dialog's questions; records every question asked."""

    replies = SimpleNamespace(text=("", False), item=("", False), question=YES, asked=[], warned=[])

    def question(_parent, _title, text, *args, **kwargs):
        replies.asked.append(text)
        return replies.question

    def warning(_parent, _title, text, *args, **kwargs):
        replies.warned.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: replies.text)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: replies.item)
    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr("timeline_app.ui.manage_dialog.show_warning", warning)
    return replies


def on_disk(path, kind: str) -> dict[str, int]:
    """Name -> number of events for every item of `kind`, read from a fresh connection."""
    with st.TimelineStore.open(path, read_only=True) as reopened, reopened.read() as session:
        return {item.name: item.events for item in st.list_items(session, kind)}


def test_rename_category_and_undo(window, dialog, answers, aleppo_file):
    """Renaming a lane in the dialog would not reach the file, the lanes, or be undoable."""
    page = dialog.page("category")
    page.select("Evacuation")
    answers.text = ("Evacuation and aid", True)
    page.buttons["rename"].click()
    assert on_disk(aleppo_file, "category")["Evacuation and aid"] == 1
    assert "Evacuation and aid" in [c.name for c in window.document.categories()]
    assert page.tree.findItems("Evacuation and aid", EXACT)
    window.document.undo_stack.undo()
    assert "Evacuation" in on_disk(aleppo_file, "category")
    assert page.tree.findItems("Evacuation", EXACT)  # the list followed the undo
    assert not answers.warned


def test_rename_onto_existing_name_offers_merge(dialog, answers, aleppo_file):
    """Renaming a tag to another tag's name would silently fail or create a near-duplicate."""
    page = dialog.page("tag")
    page.select("ceasefire breach")
    answers.text = ("Ceasefire", True)
    answers.question = NO
    page.buttons["rename"].click()
    assert "There is already a tag called 'ceasefire'" in answers.asked[-1]
    assert "Its 2 events will use 'ceasefire'" in answers.asked[-1]
    assert on_disk(aleppo_file, "tag")["ceasefire breach"] == 2


def test_merge_two_actors_and_undo(window, dialog, answers, aleppo_file):
    """Merging a duplicate actor would lose its events' links or could not be taken back."""
    before = on_disk(aleppo_file, "actor")
    page = dialog.page("actor")
    page.select("Syrian government")
    answers.item = ("Syrian government forces", True)
    page.buttons["merge"].click()
    assert answers.asked[-1] == (
        "Merge actor 'Syrian government' into 'Syrian government forces'? "
        "Its 1 event will use 'Syrian government forces', and 'Syrian government' is deleted."
    )
    after = on_disk(aleppo_file, "actor")
    assert "Syrian government" not in after
    assert after["Syrian government forces"] == before["Syrian government forces"] + 1
    window.document.undo_stack.undo()
    assert on_disk(aleppo_file, "actor") == before
    window.document.undo_stack.redo()
    assert on_disk(aleppo_file, "actor") == after


def test_delete_tag_confirms_and_undo(window, dialog, answers, aleppo_file):
    """Deleting a tag would not say how many events lose it, or would remove the events too."""
    page = dialog.page("tag")
    page.select("evacuation")
    answers.question = NO
    page.buttons["delete"].click()
    assert answers.asked[-1] == (
        "Delete tag 'evacuation'? It is removed from 3 events; the events themselves stay."
    )
    assert on_disk(aleppo_file, "tag")["evacuation"] == 3  # "No" changes nothing
    answers.question = YES
    page.buttons["delete"].click()
    assert "evacuation" not in on_disk(aleppo_file, "tag")
    assert window.table.model.rowCount() == 8
    window.document.undo_stack.undo()
    assert on_disk(aleppo_file, "tag")["evacuation"] == 3


def test_delete_category_states_uncategorised_events(window, dialog, answers, aleppo_file):
    """Deleting a lane would not warn that its events become uncategorised, or drop them."""
    page = dialog.page("category")
    page.select("Military action")
    page.buttons["delete"].click()
    assert answers.asked[-1] == (
        "Delete category 'Military action'? Its 3 events become uncategorised; "
        "the events themselves stay."
    )
    assert "Military action" not in on_disk(aleppo_file, "category")
    assert window.table.model.rowCount() == 8
    window.document.undo_stack.undo()
    assert on_disk(aleppo_file, "category")["Military action"] == 3


def test_recolour_category(window, dialog, monkeypatch):
    """Choosing a new lane colour would not change the lane on the timeline."""
    monkeypatch.setattr(QColorDialog, "getColor", lambda *a, **k: QColor("#123456"))
    page = dialog.page("category")
    page.select("Statements")
    page.buttons["colour"].click()
    colours = {c.name: c.color for c in window.document.categories()}
    assert colours["Statements"] == "#123456"
    window.document.undo_stack.undo()
    assert {c.name: c.color for c in window.document.categories()}["Statements"] != "#123456"
