"""Showing user or imported text safely in Qt widgets that would otherwise guess "rich text".

QLabel, QToolTip and QMessageBox default to Qt::AutoText: a string that merely looks like HTML
(`<b>x</b><img src=file:///etc/hostname>`) is rendered as HTML, and an <img> makes Qt load a
local file. Imported text is data, so:

- labels: `label.setTextFormat(Qt.TextFormat.PlainText)` (see detail_pane.plain_label);
- tooltips: `widget.setToolTip(plain_tooltip(text))` / `QToolTip.showText(pos, plain_tooltip(t))`;
- message boxes: `show_message(parent, title, text)` instead of QMessageBox.critical(...).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtWidgets import QMessageBox, QWidget


def plain_tooltip(text: str) -> str:
    """`text` as tooltip rich text that Qt shows literally (markup escaped, lines kept)."""
    if not text:
        return ""
    return QtGuiNamespace.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


def message_box(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    icon: QMessageBox.Icon = QMessageBox.Icon.Critical,
) -> QMessageBox:
    """A QMessageBox whose text is plain text, whatever characters it contains."""
    box = QMessageBox(icon, title, "", QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    return box


def show_message(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    icon: QMessageBox.Icon = QMessageBox.Icon.Critical,
) -> None:
    """Show `text` in a modal message box as plain text (file names, error messages)."""
    message_box(parent, title, text, icon=icon).exec()


def show_warning(parent: QWidget | None, title: str, text: str) -> None:
    """A plain-text warning (something refused or not possible), like QMessageBox.warning."""
    show_message(parent, title, text, icon=QMessageBox.Icon.Warning)
