"""Sources are edited once for every event citing them; a cited source cannot be deleted."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox

from tests.ui.helpers import event_id_by_title
from timeline_app.core import store as st
from timeline_app.core.drafts import SourceDraft
from timeline_app.ui.citation_editor import CitationEditor
from timeline_app.ui.sources_dialog import SourcesDialog


def select_outlet(dialog: SourcesDialog, outlet: str) -> None:
    row = next(i for i, (_, draft, _) in enumerate(dialog.rows) if draft.outlet == outlet)
    dialog.table.selectRow(row)


def test_editing_a_source_changes_every_citing_event(window, qtbot, monkeypatch):
    """Renaming AFP once renames it in every event that cites it, and undo restores it."""
    dialog = SourcesDialog(window.document, window)
    qtbot.addWidget(dialog)
    select_outlet(dialog, "AFP")

    def rename(editor):
        assert isinstance(editor, CitationEditor) and editor.rows["quote"].isHidden()
        editor.outlet.setText("Agence France-Presse")
        editor.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QDialog, "exec", rename)
    assert dialog.edit_selected()
    citing = ["Shelling of eastern Aleppo resumes", "Ceasefire broken by pro-Assad forces"]
    for title in citing:
        outlets = {
            c.outlet
            for c in window.document.detail(event_id_by_title(window.document, title)).citations
        }
        assert "Agence France-Presse" in outlets and "AFP" not in outlets
    window.document.undo_stack.undo()
    detail = window.document.detail(event_id_by_title(window.document, citing[0]))
    assert "AFP" in {c.outlet for c in detail.citations}


def test_deleting_a_cited_source_is_refused_naming_the_events(window, qtbot, monkeypatch):
    """The refusal lists the events that still cite the source, and nothing is deleted."""
    dialog = SourcesDialog(window.document, window)
    qtbot.addWidget(dialog)
    select_outlet(dialog, "Russian military")
    shown = []
    monkeypatch.setattr(
        "timeline_app.ui.sources_dialog.show_warning", lambda *a: shown.append(a[2])
    )
    assert not dialog.delete_selected()
    assert "Ceasefire broken by pro-Assad forces" in shown[0]
    with window.document.store.read() as session:
        assert any(d.outlet == "Russian military" for _, d, _ in st.source_rows(session))


def test_an_unused_source_can_be_deleted_and_restored(window, qtbot, monkeypatch):
    """A source no event cites is deleted after confirmation; undo brings it back."""
    with window.document.store.write() as session:
        st.add_source(session, SourceDraft(outlet="Unused wire", title="never cited"))
    dialog = SourcesDialog(window.document, window)
    qtbot.addWidget(dialog)
    select_outlet(dialog, "Unused wire")
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    assert dialog.delete_selected()
    assert all(d.outlet != "Unused wire" for _, d, _ in dialog.rows)
    window.document.undo_stack.undo()
    with window.document.store.read() as session:
        assert any(d.outlet == "Unused wire" for _, d, _ in st.source_rows(session))
