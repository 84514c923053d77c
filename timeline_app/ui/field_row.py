"""A form row whose error message sits right under its field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


class FieldRow(QWidget):
    """The field, an optional preview line, and an error line (hidden while valid)."""

    def __init__(
        self, field: QWidget, *, preview: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.field = field
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(field)
        self.preview = QLabel()
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setWordWrap(True)
        self.preview.setStyleSheet("color: #2e5d8a;")
        self.preview.setVisible(preview)
        layout.addWidget(self.preview)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()
        layout.addWidget(self.error)

    def set_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))

    def set_preview(self, text: str) -> None:
        self.preview.setText(text)
        self.preview.setVisible(bool(text))


def ok_cancel_buttons(dialog: QDialog) -> QDialogButtonBox:
    """OK/Cancel wired to the dialog; editors disable OK while their form is invalid."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
