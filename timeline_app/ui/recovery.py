"""Dialogs for when a file cannot be used as it is: damaged (offer the backup), or busy.

Logic lives in `core.recovery` (finding the backup, restoring a copy); these only ask.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from timeline_app.core.recovery import damaged_message, newest_backup, restore_copy
from timeline_app.core.store_errors import StoreError


def backup_box(
    parent: QWidget | None, error: Exception, path: Path, backup: Path | None
) -> QMessageBox:
    """The "file is damaged" box: names the backup on offer and the underlying error."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Damaged timeline file")
    box.setTextFormat(Qt.TextFormat.PlainText)
    text = damaged_message(path, backup) + f"\n\n{error}"
    if backup is not None:
        text += (
            "\n\nOpen a copy of the backup? The backup itself is kept as it is; the copy is "
            "saved next to it and opened for editing."
        )
        box.open_button = box.addButton(  # type: ignore[attr-defined]
            "Open a copy of the backup", QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton(QMessageBox.StandardButton.Cancel)
    else:
        box.open_button = None  # type: ignore[attr-defined]
        box.addButton(QMessageBox.StandardButton.Ok)
    box.setText(text)
    return box


def offer_backup(parent: QWidget | None, error: Exception, path: Path | str) -> Path | None:
    """Tell the user `path` is damaged; if they accept, return a restored copy of its backup.

    Returns the path of the new copy to open (made with `core.recovery.restore_copy`), or None
    when there is no backup or the user declined. The damaged file is never touched.
    """
    path = Path(path)
    backup = newest_backup(path)
    box = backup_box(parent, error, path, backup)
    box.exec()
    if backup is None or box.clickedButton() is not box.open_button:  # type: ignore[attr-defined]
        return None
    try:
        return restore_copy(backup)
    except (StoreError, OSError) as exc:
        failed = QMessageBox(parent)
        failed.setIcon(QMessageBox.Icon.Critical)
        failed.setWindowTitle("Cannot restore the backup")
        failed.setTextFormat(Qt.TextFormat.PlainText)
        failed.setText(f"{backup}\n\n{exc}")
        failed.exec()
        return None


def ask_retry(parent: QWidget | None, error: Exception) -> bool:
    """After StoreBusyError: "another window is saving" with Retry / Cancel; True = retry."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("File busy")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(f"{error}\n\nYour change is kept: retry when the other window has finished.")
    box.setStandardButtons(QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Retry)
    return box.exec() == QMessageBox.StandardButton.Retry
