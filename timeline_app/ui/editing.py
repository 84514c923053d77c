"""Editing actions of the main window: new, edit and delete events through undoable commands.

Kept apart from MainWindow so the window only wires menus to these functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QMessageBox

from timeline_app.core import store as st
from timeline_app.core.timespec import from_ms
from timeline_app.ui.commands import AddEventCommand, DeleteEventCommand, EditEventCommand
from timeline_app.ui.event_editor import EventEditor
from timeline_app.ui.safe_text import show_message

if TYPE_CHECKING:
    from timeline_app.ui.main_window import MainWindow


def _editor(window: MainWindow, **kwargs) -> EventEditor:
    document = window.document
    assert document is not None
    with document.store.read() as session:
        sources = st.source_choices(session)
    return EventEditor(
        window,
        categories=[c.name for c in document.categories()],
        actors=[name for _, name, _ in document.actors()],
        sources=sources,
        tz=window.view.canvas.display_zone(),
        **kwargs,
    )


def _push(window: MainWindow, command) -> bool:
    try:
        window.document.push(command)
    except Exception as exc:
        show_message(window, "Change not saved", str(exc))
        return False
    return True


def new_event(window: MainWindow, *, at_ms: float | None = None) -> int | None:
    """Open the editor for a new event (at `at_ms` when given); return the new id if saved."""
    if window.document is None:
        return None
    start_text = ""
    if at_ms is not None:
        local = from_ms(int(at_ms)).astimezone(window.view.canvas.display_tzinfo())
        start_text = local.strftime("%Y-%m-%d %H:%M")
    editor = _editor(window, start_text=start_text, title="New event")
    if editor.exec() != QDialog.DialogCode.Accepted or editor.draft is None:
        return None
    command = AddEventCommand(window.document, editor.draft)
    if not _push(window, command):
        return None
    window.document.select(command.event_id)
    return command.event_id


def edit_event(window: MainWindow, event_id: int | None = None) -> bool:
    """Open the editor on an event (default: the selected one); save the change if accepted."""
    document = window.document
    event_id = event_id if event_id is not None else (document.selected_id if document else None)
    if document is None or event_id is None:
        return False
    with document.store.read() as session:
        snapshot = st.event_draft(session, event_id)
    if snapshot is None:
        return False
    old = snapshot[0]
    editor = _editor(window, draft=old, title="Edit event")
    if editor.exec() != QDialog.DialogCode.Accepted or editor.draft is None:
        return False
    return _push(window, EditEventCommand(document, event_id, old, editor.draft))


def delete_event(window: MainWindow, event_id: int | None = None, *, confirm: bool = True) -> bool:
    """Delete an event; ask first when sources only it cites would be left behind."""
    document = window.document
    event_id = event_id if event_id is not None else (document.selected_id if document else None)
    if document is None or event_id is None:
        return False
    with document.store.read() as session:
        orphans = st.sources_only_cited_by(session, event_id)
        snapshot = st.event_draft(session, event_id)
    if snapshot is None:
        return False
    drop = False
    if confirm:
        text = f"Delete the event '{snapshot[0].title}'?"
        if orphans:
            text += (
                f"\n\n{len(orphans)} source(s) are cited by no other event and will be "
                "deleted with it. Undo (Ctrl+Z) brings everything back."
            )
        answer = QMessageBox.question(window, "Delete event", text)
        if answer != QMessageBox.StandardButton.Yes:
            return False
    drop = bool(orphans)
    if not _push(window, DeleteEventCommand(document, event_id, drop_orphan_sources=drop)):
        return False
    document.select(None)
    return True
