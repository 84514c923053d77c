"""Imported text is shown as text and links open only for http(s) (issue 7, point 15)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QLabel, QPushButton

from timeline_app.core.details import CitationDetail, EventDetail
from timeline_app.core.timespec import Precision, TimeSpec
from timeline_app.ui import detail_pane
from timeline_app.ui.detail_pane import DetailPane
from timeline_app.ui.safe_text import message_box, plain_tooltip

HOSTILE = "<b>x</b><img src=file:///etc/hostname>"
SCHEMES = [
    "file:///etc/passwd",
    "smb://attacker.example/share/x.exe",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "x-custom-app://run?cmd=calc",
    "ftp://example.org/a",
    "HTTP://example.org/../../",  # odd but http: allowed
]


def a_citation(n: int, url: str | None, text: str = "quote") -> CitationDetail:
    return CitationDetail(
        citation_id=n, source_id=n, outlet=text, source_title=text, author=text, url=url,
        published=None, reliability="B", credibility=2, stance="supports", quote=text, note=text,
    )  # fmt: skip


def a_detail(*citations: CitationDetail, text: str = HOSTILE) -> EventDetail:
    moment = datetime(2016, 12, 14, 7, tzinfo=UTC)
    spec = TimeSpec(moment, moment, moment, Precision.MINUTE, tz="UTC", text=text)
    return EventDetail(
        id=1, title=text, description=text, status="reported", contested=False, start=spec,
        end=None, category=text, category_color=None, location=text, lat=None, lon=None,
        actors=((text, text),), tags=(text,), citations=citations,
    )  # fmt: skip


def test_markup_anywhere_in_an_event_is_shown_literally(qtbot):
    """A title like <b>x</b><img src=file:...> would render bold and load a local file."""
    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.show_detail(a_detail(a_citation(1, "https://example.org/a", HOSTILE)))
    labels = pane.widget().findChildren(QLabel)
    assert labels and all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
    assert pane.texts()[0] == HOSTILE
    assert sum(HOSTILE in t for t in pane.texts()) >= 8  # title, quote, note, actors, ...
    for button in pane.widget().findChildren(QPushButton):
        assert not GuiQt.mightBeRichText(button.toolTip()) or "&lt;" in button.toolTip()


def test_only_http_and_https_links_ever_reach_the_browser(qtbot, monkeypatch):
    """A crafted source URL would open a local file, a share or a custom-protocol handler."""
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    asked: list[str] = []  # the user confirms every URL they are shown
    monkeypatch.setattr(
        detail_pane, "confirm_open_link", lambda parent, url: asked.append(url.toString()) or True
    )
    pane = DetailPane()  # connects link_requested to the (patched) openUrl
    qtbot.addWidget(pane)
    urls = ["https://example.org/ok", "http://example.org/ok2", *SCHEMES]
    pane.show_detail(a_detail(*(a_citation(n, u) for n, u in enumerate(urls, 1)), text="t"))
    buttons = pane.widget().findChildren(QPushButton)
    for button in buttons:
        assert button.toolTip().startswith(("http://", "https://"))  # the full URL, first
        button.click()
    assert all(QUrl(u).scheme() in ("http", "https") for u in opened), opened
    assert {"https://example.org/ok", "http://example.org/ok2"} <= set(opened)
    assert opened == asked  # nothing opened without being shown and confirmed first
    for bad in SCHEMES[:-1]:
        assert bad not in opened
        assert any(bad in t and "not opened" in t for t in pane.texts()), bad


@pytest.mark.parametrize("text", [HOSTILE, "a < b & c > d", "line 1\nline 2"])
def test_plain_tooltips_show_markup_as_characters(qapp, text):
    """A hover tooltip would render an imported title as HTML (Qt guesses rich text)."""
    tip = plain_tooltip(text)
    assert "<b>" not in tip and "<img" not in tip
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(tip)
    assert doc.toPlainText().replace("\u2028", "\n") == text
    assert plain_tooltip("") == ""


def test_message_boxes_show_file_names_and_errors_as_plain_text(qtbot):
    """An error naming a file called <img src=...> would render it as HTML."""
    box = message_box(None, "Cannot open file", f"/tmp/{HOSTILE}.ctl\n\nnot a timeline")
    qtbot.addWidget(box)
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert HOSTILE in box.text()
