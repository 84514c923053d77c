"""Links open only for http(s), and only after the user has seen the full URL (issue 7, 15)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QPushButton

from tests.reliability.test_safety_text import SCHEMES, a_citation, a_detail
from timeline_app.ui import detail_pane
from timeline_app.ui.detail_pane import DetailPane, link_confirmation

TRICKY = "https://example.org/a%20b?next=https://evil.example/&x=1"


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    urls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url.toString()))
    return urls


def a_pane(qtbot, *urls: str) -> DetailPane:
    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.show_detail(a_detail(*(a_citation(n, u) for n, u in enumerate(urls, 1)), text="t"))
    return pane


def test_the_question_shows_the_full_url_as_plain_text(qtbot):
    """A button saying 'Open example.org' could lead anywhere; the user sees all of it."""
    box = link_confirmation(None, QUrl(TRICKY, QUrl.ParsingMode.StrictMode))
    qtbot.addWidget(box)
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert TRICKY in box.text()
    assert box.standardButtons() == (
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel
    )
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)


def test_a_look_alike_host_is_shown_encoded(qtbot):
    """Cyrillic 'а' in 'exаmple.org' looks like the real site; punycode shows it is not."""
    box = link_confirmation(None, QUrl("https://ex\u0430mple.org/"))
    qtbot.addWidget(box)
    assert "xn--" in box.text()


@pytest.mark.parametrize(("answer", "expected"), [("Open", 1), ("Cancel", 0)])
def test_the_browser_opens_only_when_the_user_says_open(
    qtbot, monkeypatch, opened, answer, expected
):
    """Clicking 'Open host' must ask first; Cancel (the default) opens nothing."""

    def click(box: QMessageBox) -> int:
        box.button(getattr(QMessageBox.StandardButton, answer)).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click)
    pane = a_pane(qtbot, "https://example.org/ok")
    (button,) = pane.widget().findChildren(QPushButton)
    button.click()
    assert opened == ["https://example.org/ok"] * expected


def test_other_schemes_never_reach_the_browser_even_when_confirmed(qtbot, monkeypatch, opened):
    """file:, smb:, javascript:, data: and custom schemes get no button and no question."""
    asked: list[str] = []
    monkeypatch.setattr(
        detail_pane, "confirm_open_link", lambda parent, url: asked.append(url.toString()) or True
    )
    pane = a_pane(qtbot, *SCHEMES[:-1])  # the last one is an odd but valid http URL
    assert pane.widget().findChildren(QPushButton) == []
    pane._open_link(QUrl("file:///etc/passwd"))  # even if something called it directly
    assert asked == [] and opened == []
