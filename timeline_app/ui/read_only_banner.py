"""The strip above the timeline that says a file is open read-only, and why.

Shown when the file is already open for editing in another window (its edit lock is held) or
no lock could be made; hidden otherwise. Plain text only: the reason names a file.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

STYLE = "#ReadOnlyBanner { background: #fff3cd; border-bottom: 1px solid #e0c060; }"


class ReadOnlyBanner(QFrame):
    """Hidden until `show_reason()`; `clear()` hides it again."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReadOnlyBanner")
        self.setStyleSheet(STYLE)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 10, 4)
        self.label = QLabel(self)
        self.label.setObjectName("ReadOnlyBannerText")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setStyleSheet("color: #5c4400;")
        row.addWidget(self.label, 1)
        self.hide()

    def text(self) -> str:
        return self.label.text()

    def show_reason(self, reason: str) -> None:
        """Show "Read-only: <reason> Changes cannot be saved in this window."."""
        self.label.setText(
            f"Read-only: {reason.rstrip('.')}. Changes cannot be saved in this window; "
            "close the other window and open the file again to edit it."
        )
        self.show()

    def clear(self) -> None:
        self.label.setText("")
        self.hide()
